"""Pacing of the broadcast: a global rate, one message per second per chat, groups per minute,
and a global pause after a 429. Interactive replies never pass through here."""

from __future__ import annotations

import asyncio
import math
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field

# Telegram counts a message when it arrives, we when we send it; a later send can overtake an
# earlier one on the wire. Keeping this much further apart absorbs that jitter.
CHAT_MARGIN = 0.05  # seconds, per chat
# The same for the global limit, which interactive replies share: `rate` sends span 1.03 s.
# At 1,000/s without it a few sends in 10,000 arrive a millisecond too early, or meet a burst
# of replies to /start, and each 429 halts the broadcast for a whole second.
GLOBAL_MARGIN = 0.03  # seconds per `rate` sends
GROUP_MARGIN = 1.0  # seconds, on the one-minute group window
# Forget chats that have been quiet this long (longer than any window), so memory stays small.
FORGET_AFTER = 120.0
SWEEP_EVERY = 1024
# Timer granularity of the global pacer ("tick"): 20 ms, 50 wake-ups a second at most ...
QUANTUM = 0.02
# ... and longer at lower rates, so that about BUNCH sends leave together, up to 200 ms: each
# wake-up of the event loop and each commit of their results then serves several messages
# (at 25/s, one message per tick cost twice the CPU per message). A tick's sends count in
# the limit as single ones do: no second ever holds more than `rate` of them.
BUNCH = 5
MAX_QUANTUM = 0.2


def quantum_for(rate: float) -> float:
    """The pacer's tick at `rate` messages per second."""
    return min(MAX_QUANTUM, max(QUANTUM, BUNCH / rate))


class GlobalPacer:
    """Hands out send slots `(1 + GLOBAL_MARGIN) / rate` apart to waiting senders, in order.

    No bursts beyond the rate: no one-second window (Telegram's) ever holds more than `rate`
    sends, counted when they actually leave, so even senders that the event loop wakes late
    never bunch up beyond it. A slot is honoured at the next tick at or after
    it, so the senders wake in small groups, not one event-loop turn per message.
    A pause (429) moves every later slot past its end.
    """

    def __init__(self, rate: float, clock: Callable[[], float] = time.monotonic) -> None:
        if rate <= 0:
            raise ValueError(f"rate must be positive, got {rate}")
        self._interval = (1.0 + GLOBAL_MARGIN) / rate
        self.quantum = quantum_for(rate)
        # No `rate` sends leave within less than this, whatever the schedule: rounding slots up
        # to ticks takes at most a tick off the schedule's 1 + GLOBAL_MARGIN seconds.
        self._window = 1.0 + GLOBAL_MARGIN - self.quantum
        self._clock = clock
        self._next = 0.0
        self._paused_until = 0.0
        self._sent: deque[float] = deque(maxlen=max(1, math.floor(rate)))

    async def acquire(self) -> None:
        """Wait for the next free slot (and for any pause to end); take it."""
        while True:
            now = self._clock()
            slot = max(now, self._next, self._paused_until)
            self._next = slot + self._interval
            if slot > now:
                await asyncio.sleep(self._tick_at(slot) - now)
            await self._window_room()
            # A 429 that arrived while we slept moves us behind the pause.
            if self._clock() >= self._paused_until:
                self._sent.append(self._clock())
                return

    async def _window_room(self) -> None:
        """Senders woken late (a long garbage collection, a busy loop) wait here until the
        last `rate` sends span the window; on schedule they never do."""
        while len(self._sent) == self._sent.maxlen:
            now = self._clock()
            free_at = self._sent[0] + self._window
            if free_at <= now:
                return
            await asyncio.sleep(self._tick_at(free_at) - now)

    def _tick_at(self, moment: float) -> float:
        """The first tick at or after `moment`."""
        return math.ceil(moment / self.quantum) * self.quantum

    def pause(self, seconds: float) -> None:
        """Hold every broadcast send until `seconds` from now (Telegram's retry_after)."""
        until = self._clock() + seconds
        if until > self._paused_until:
            self._paused_until = until
            self._next = until

    @property
    def paused_for(self) -> float:
        return max(0.0, self._paused_until - self._clock())


@dataclass
class _ChatState:
    busy: bool = False  # a send is reserved and not yet finished
    sends: deque[float] = field(default_factory=deque)


class ChatPacer:
    """Per-chat limits: `per_chat_interval` between messages to a chat, and at most
    `group_per_minute` messages per minute to a group (negative chat id)."""

    def __init__(
        self,
        per_chat_interval: float,
        group_per_minute: int,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._interval = per_chat_interval + CHAT_MARGIN
        self._group_limit = group_per_minute
        self._clock = clock
        self._chats: dict[int, _ChatState] = {}
        self._checks = 0

    def reserve(self, chat_id: int) -> float:
        """0 and the chat is reserved for one send; otherwise the seconds to wait first."""
        self._sweep()
        now = self._clock()
        state = self._chats.setdefault(chat_id, _ChatState())
        if state.busy:
            return self._interval
        sends = state.sends
        while sends and sends[0] <= now - 60.0 - GROUP_MARGIN:
            sends.popleft()
        wait = 0.0
        if sends:
            wait = sends[-1] + self._interval - now
        if chat_id < 0 and len(sends) >= self._group_limit:
            wait = max(wait, sends[-self._group_limit] + 60.0 + GROUP_MARGIN - now)
        if wait > 0:
            return wait
        state.busy = True
        return 0.0

    def sent(self, chat_id: int, at: float) -> None:
        """The reserved send went out at `at` (monotonic): it counts in the chat's windows."""
        state = self._chats.setdefault(chat_id, _ChatState())
        state.busy = False
        state.sends.append(at)

    def release(self, chat_id: int) -> None:
        """The reserved send did not go out after all."""
        state = self._chats.get(chat_id)
        if state is not None:
            state.busy = False

    def _sweep(self) -> None:
        self._checks += 1
        if self._checks % SWEEP_EVERY:
            return
        cutoff = self._clock() - FORGET_AFTER
        quiet = [
            chat_id
            for chat_id, state in self._chats.items()
            if not state.busy and (not state.sends or state.sends[-1] < cutoff)
        ]
        for chat_id in quiet:
            del self._chats[chat_id]
