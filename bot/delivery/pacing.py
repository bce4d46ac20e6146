"""Pacing of everything the bot sends against Telegram's global limit: the broadcast at its
rate, a global pause after a 429, and the replies to users in the headroom the rate leaves,
shared among the replicas that send them. Per-chat limits are in chat_pacing."""

from __future__ import annotations

import asyncio
import math
import time
from collections import deque
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import TypeVar

from bot.delivery.reply_share import ReplyShare

T = TypeVar("T")

# Telegram counts a message when it arrives, we when we send it; a later send can overtake an
# earlier one on the wire. For the global limit, which interactive replies share, `rate` sends
# span 1.03 s.
# At 1,000/s without it a few sends in 10,000 arrive a millisecond too early, or meet a burst
# of replies to /start, and each 429 halts the broadcast for a whole second.
GLOBAL_MARGIN = 0.03  # seconds per `rate` sends
# Telegram's limit for a bot's messages, all chats together, unless it pays for broadcasts.
FREE_LIMIT = 30
# Timer granularity of the global pacer's window: a release due at any moment waits for the
# next tick, so that those due at about the same time leave together.
TICK = 0.02
# Sends leave in groups of about BURST, a group every `period`: at 25/s a second's sends leave
# together, once a second, and share one wake-up of the event loop, one round of answers and
# one commit of their results (sent one by one, each message cost twice the CPU). Telegram
# counts messages per second, as PTB's AIORateLimiter does (a bucket of 30 that may be spent
# at once); the window below keeps every second within the rate, groups or not.
BURST = 25
# A reply past the replies' share waits at most this long for a place in the window, then goes
# anyway: a 429 (and Telegram's one-second wait) is no worse than waiting longer.
MAX_REPLY_WAIT = 1.0  # seconds
# A replica that cannot give a reply past its part a broadcast place (see ReplyShare) lets it
# wait for its part to free up, as long as this: a burst of /start across replicas is spread
# over seconds instead of meeting 429s.
MAX_SHARED_REPLY_WAIT = 10.0  # seconds
# How long a round trip's minimum is kept (below): long enough to see a quiet moment, short
# enough to follow a route that became slower for good.
RTT_MEMORY = 30.0  # seconds


@dataclass(slots=True)
class Turn:
    """One send's place in the global window: when Telegram may have counted it."""

    at: float


def period_for(rate: float) -> float:
    """Seconds between groups of sends at `rate` messages per second: a whole number of groups
    per 1 + GLOBAL_MARGIN seconds, so that no second holds a group too many."""
    return (1.0 + GLOBAL_MARGIN) / max(1, round(rate / BURST))


def bot_pacer(rate: float, clock: Callable[[], float] = time.monotonic) -> GlobalPacer:
    """The pacer of everything the bot sends: the broadcast at `rate`, and with the replies to
    users, Telegram's limit. Telegram allows every bot about FREE_LIMIT messages a second;
    a rate above that is for paid broadcasts, whose limit the rate then is. What the limit
    leaves above the rate is the replies' own (at 25/s: 5 a second)."""
    return GlobalPacer(rate, clock, limit=max(FREE_LIMIT, rate))


class GlobalPacer:
    """Releases waiting senders in order and in groups, one timer per group.

    Slots are `(1 + GLOBAL_MARGIN) / rate` apart, counted from the moment sending (re)started;
    the slots of each `period` become free together at its start. Whatever the schedule (and
    however late the event loop runs), no `limit` sends (the broadcast's and those sent
    `ahead` of it) leave within `1 + GLOBAL_MARGIN - TICK` seconds, each counted when its
    sender runs again. A pause (429) holds every release until its end.

    The part of `limit` above `rate` is reserved for the sends `ahead`: the broadcast never
    takes it, even when it catches up after a slow moment, so replies within the reserve
    never meet a full window whatever the timing. A reply beyond the reserve takes a broadcast
    send's place: at once if the window has one, else it waits for the first to free up
    (before the broadcast may take it) rather than meet a 429 and Telegram's second of wait.
    """

    def __init__(
        self,
        rate: float,
        clock: Callable[[], float] = time.monotonic,
        limit: float | None = None,
    ) -> None:
        """The broadcast at `rate` messages a second; `limit` (at least `rate`, by default
        equal) for the broadcast and the messages sent `ahead` of it together."""
        if rate <= 0:
            raise ValueError(f"rate must be positive, got {rate}")
        self._interval = (1.0 + GLOBAL_MARGIN) / rate
        self.period = period_for(rate)
        self._window = 1.0 + GLOBAL_MARGIN - TICK
        self._clock = clock
        self._origin = 0.0  # when sending last (re)started: periods count from here
        self._next = 0.0  # the next free slot
        self._paused_until = 0.0
        whole = max(1, math.floor(max(rate, limit or rate)))
        # Replies' own share of the window; the broadcast (and replies past the share) the rest.
        self._reserve = whole - max(1, math.floor(rate))
        self._share = ReplyShare(self._reserve, whole)  # of it, this replica's part
        self._limit = whole - self._reserve
        self._sent: deque[Turn] = deque(maxlen=self._limit)
        self._replies: deque[Turn] = deque()
        self._replies_waiting = 0  # replies past the reserve waiting for a broadcast place
        self._released = 0  # senders let go that have not run yet: they count as sent now
        self._waiters: deque[asyncio.Future[None]] = deque()
        self._timer: asyncio.TimerHandle | None = None
        self._rtt = RunningMinimum(RTT_MEMORY, clock)

    async def acquire(self) -> Turn:
        """Wait for the next free slot (and for any pause to end); take it. Tell `answered`
        when Telegram's answer to the send arrives."""
        now = self._clock()
        self._share.broadcast_seen(now)
        if not self._waiters and self._ready_at(now) <= now:
            self._take(now)
            return self._counted(now)
        waiter = asyncio.get_running_loop().create_future()
        self._waiters.append(waiter)
        if self._timer is None:
            self._release()
        try:
            await waiter  # cancelled while waiting: _release skips it, its slot is not taken
        finally:
            if waiter.done() and not waiter.cancelled():
                self._released -= 1
                if self._waiters and self._timer is None:
                    self._release()  # the window was full of senders that had not run yet
        return self._counted(self._clock())

    def answered(self, turn: Turn) -> None:
        """Telegram answered the send of `turn`. It counted the send at its answer less the
        way back, at the latest: the answer less the shortest round trip seen. A send that
        waited in Telegram's queue (or behind a pause of its process) thus counts when it was
        processed, and the sends `rate` places later wait for that."""
        now = self._clock()
        self._rtt.add(now - turn.at)
        turn.at = max(turn.at, now - self._rtt.value)

    async def ahead(self, send: Awaitable[T]) -> T:
        """Run `send`, a message outside the broadcast (a reply to a user, a progress edit), at
        once. Telegram counts it against the same global limit: it takes a place in the window,
        so a broadcast close to the limit yields to it instead of meeting a 429."""
        turn = await self._place_for_reply()
        result = await send
        self.answered(turn)
        return result

    def share_replies(self, replicas: int, sending: bool) -> None:
        """`replicas` processes reply to users, and this one sends the broadcast or not: each
        keeps to an equal part of the room for replies (see ReplyShare)."""
        self._share.set(replicas, sending)

    def broadcast_seen(self) -> None:
        """The sender (another replica) told that it sends: its broadcast fills the window."""
        self._share.broadcast_seen(self._clock())

    async def _place_for_reply(self) -> Turn:
        """The replies' share at once; past it, a broadcast place as soon as there is one."""
        began = time.monotonic()  # real time: the bound holds whatever clock paces
        while True:
            now = self._clock()
            turn = self._reserved(now)
            if turn is not None:
                return turn
            if self._share.waits_past_part(now):
                waited = time.monotonic() - began
                if waited >= MAX_SHARED_REPLY_WAIT:
                    return self._counted(now)
                wake = self._replies[0].at + self._window - now
                await asyncio.sleep(min(max(wake, TICK / 4), MAX_SHARED_REPLY_WAIT - waited))
                continue
            free_at = self._window_free_at(now)
            waited = time.monotonic() - began
            if self._reserve == 0 or free_at <= now or waited >= MAX_REPLY_WAIT:
                return self._counted(now)
            wake = min(free_at, self._replies[0].at + self._window) - now
            self._replies_waiting += 1
            try:
                await asyncio.sleep(min(max(wake, TICK / 4), MAX_REPLY_WAIT - waited))
            finally:
                self._replies_waiting -= 1
                if self._waiters and self._timer is None:
                    self._release()  # the broadcast held back for this reply may go on

    def _window_free_at(self, now: float) -> float:
        """When the broadcast's part of the window has a place (now, or when one ages out)."""
        earlier = len(self._sent) + self._released - self._limit
        if earlier < 0:
            return now
        if earlier >= len(self._sent):
            return now + TICK  # released senders have not run yet
        return max(now, self._sent[earlier].at + self._window)

    def _reserved(self, now: float) -> Turn | None:
        """A place in the replies' own share of the window, if one is free."""
        replies = self._replies
        while replies and replies[0].at + self._window <= now:
            replies.popleft()
        if len(replies) >= self._share.part(now):
            return None
        turn = Turn(now)
        replies.append(turn)
        return turn

    def _counted(self, now: float) -> Turn:
        turn = Turn(now)
        self._sent.append(turn)
        return turn

    def _release(self) -> None:
        """Let go every waiter the schedule and the window allow now, then sleep until the
        next one may go."""
        self._timer = None
        while self._waiters:
            if self._waiters[0].done():  # cancelled
                self._waiters.popleft()
                continue
            now = self._clock()
            ready = self._ready_at(now)
            if ready > now:
                if ready < math.inf:
                    loop = asyncio.get_running_loop()
                    self._timer = loop.call_later(ready - now, self._release)
                return
            self._take(now)
            self._released += 1
            self._waiters.popleft().set_result(None)

    def _ready_at(self, now: float) -> float:
        """When the next slot may be taken: `now` or later."""
        slot, origin = self._slot(now)
        # The start of the slot's period (a hair of slack: floating point must not push a
        # period's last slot into the next).
        periods = math.floor((slot - origin) / self.period + 1e-9)
        ready = max(now, origin + periods * self.period)
        # The send `rate` places before this one, if any, must be a window earlier; replies
        # waiting for a place go first.
        earlier = len(self._sent) + self._released + self._replies_waiting - self._limit
        if earlier >= 0:
            if earlier >= len(self._sent):
                return math.inf  # released senders have not run yet: they will wake us
            window_ends = self._sent[earlier].at + self._window
            # Rounded to a tick only when the window, not the schedule, holds the send back:
            # the answers to a group come milliseconds apart, and rounding each moment on its
            # own split the next group in two (two wake-ups, two commits) for nothing.
            if window_ends > ready:
                ready = _after(window_ends, TICK)
        return ready

    def _slot(self, now: float) -> tuple[float, float]:
        """The next free slot and the origin of its periods. The schedule goes on through the
        small delays of a busy event loop; a whole period behind, sending had stopped and
        starts again now."""
        if now - self._next < self.period:
            slot, origin = self._next, self._origin
        else:
            slot, origin = now, now
        if slot < self._paused_until:
            slot = origin = self._paused_until
        return slot, origin

    def _take(self, now: float) -> None:
        slot, self._origin = self._slot(now)
        self._next = slot + self._interval

    def pause(self, seconds: float) -> None:
        """Hold every broadcast send until `seconds` from now (Telegram's retry_after)."""
        until = self._clock() + seconds
        if until > self._paused_until:
            self._paused_until = until

    @property
    def paused_for(self) -> float:
        return max(0.0, self._paused_until - self._clock())


class RunningMinimum:
    """The smallest value added within the last `memory` to 2 × `memory` seconds."""

    def __init__(self, memory: float, clock: Callable[[], float]) -> None:
        self._memory = memory
        self._clock = clock
        self._since = clock()
        self._current = math.inf
        self._previous = math.inf

    def add(self, value: float) -> None:
        now = self._clock()
        if now - self._since >= self._memory:
            self._previous = self._current if now - self._since < 2 * self._memory else math.inf
            self._current = math.inf
            self._since = now
        self._current = min(self._current, value)

    @property
    def value(self) -> float:
        return min(self._current, self._previous)


def _after(moment: float, step: float) -> float:
    """The first multiple of `step` at or after `moment`."""
    return math.ceil(moment / step) * step
