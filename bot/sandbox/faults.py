"""Fault injection: flood limits, random 5xx, lost answers, slowness, scripted failures."""

from __future__ import annotations

import math
import random
from collections import Counter, deque
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from bot.sandbox import errors

SENDING_METHODS = frozenset(
    {
        "sendMessage",
        "sendDocument",
        "sendPhoto",
        "copyMessage",
        "forwardMessage",
        "editMessageText",
        "editMessageReplyMarkup",
        "editMessageCaption",
    }
)
INTERACTIVE_METHODS = SENDING_METHODS | {"answerCallbackQuery", "deleteMessage", "sendChatAction"}


@dataclass
class Stats:
    """What the emulator did: deliveries per chat and every kind of injected failure."""

    delivered: Counter[int] = field(default_factory=Counter)
    rate_limited: int = 0
    server_errors: int = 0
    lost_answers: int = 0
    scripted_failures: int = 0

    @property
    def delivered_total(self) -> int:
        return sum(self.delivered.values())


class SlidingWindow:
    """At most `limit` events in any `period` seconds."""

    def __init__(self, limit: int, period: float) -> None:
        self.limit = limit
        self.period = period
        self._times: deque[float] = deque()

    def wait_needed(self, now: float) -> float:
        while self._times and self._times[0] <= now - self.period:
            self._times.popleft()
        if len(self._times) < self.limit:
            return 0.0
        if not self._times:  # a limit of zero refuses everything
            return self.period
        return self._times[0] + self.period - now

    def add(self, now: float) -> None:
        self._times.append(now)


@dataclass
class RateLimit:
    global_per_second: int
    per_chat_per_second: int
    per_group_per_minute: int
    retry_after: int | None
    per_chat_burst: int = 1  # seconds' worth of a chat's messages that may come at once
    global_window: SlidingWindow = field(init=False)
    chat_windows: dict[int, SlidingWindow] = field(default_factory=dict)
    group_windows: dict[int, SlidingWindow] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.global_window = SlidingWindow(self.global_per_second, 1.0)

    def windows(self, chat_id: int | None) -> list[SlidingWindow]:
        found = [self.global_window]
        if chat_id is None:
            return found
        found.append(
            self.chat_windows.setdefault(
                chat_id,
                SlidingWindow(
                    self.per_chat_per_second * self.per_chat_burst, float(self.per_chat_burst)
                ),
            )
        )
        if chat_id < 0:
            found.append(
                self.group_windows.setdefault(
                    chat_id, SlidingWindow(self.per_group_per_minute, 60.0)
                )
            )
        return found

    def check(self, chat_id: int | None, now: float) -> int | None:
        """Seconds to wait (at least 1) if this send would exceed a window, else None."""
        wait = max(window.wait_needed(now) for window in self.windows(chat_id))
        if wait <= 0:
            return None
        return self.retry_after or max(1, math.ceil(wait))

    def record(self, chat_id: int | None, now: float) -> None:
        for window in self.windows(chat_id):
            window.add(now)


@dataclass
class ScriptedFailure:
    method: str
    status: int
    description: str
    retry_after: int | None
    remaining: int


@dataclass
class RandomFault:
    rate: float
    methods: frozenset[str]
    status: int = 500


class Faults:
    """Fault configuration; every decision is drawn from the emulator's seeded generator."""

    def __init__(self, rng: Callable[[], random.Random], canonical: Callable[[str], str]) -> None:
        self._rng = rng
        self._canonical = canonical
        self.clear()

    def clear(self) -> None:
        self.limits: RateLimit | None = None
        self.errors: RandomFault | None = None
        self.lost: RandomFault | None = None
        self.delay: tuple[float, frozenset[str] | None] | None = None
        self.scripted: list[ScriptedFailure] = []
        self.stall_plan: tuple[float, int] | None = None  # (seconds, after so many sends)
        self.stalled_until = 0.0

    def rate_limit(
        self,
        global_per_second: int = 30,
        per_chat_per_second: int = 1,
        per_group_per_minute: int = 20,
        retry_after: int | None = None,
        per_chat_burst: int = 1,
    ) -> None:
        """Refuse sends past the limits with 429. `per_chat_burst` > 1 lets a chat have that
        many seconds' messages at once, as Telegram does ("we may allow short bursts"); the
        default is the strict one message in any second."""
        self.limits = RateLimit(
            global_per_second,
            per_chat_per_second,
            per_group_per_minute,
            retry_after,
            per_chat_burst,
        )

    def error_rate(
        self, rate: float, status: int = 500, methods: Iterable[str] | None = None
    ) -> None:
        self.errors = RandomFault(rate, self._method_set(methods, INTERACTIVE_METHODS), status)

    def lost_answer_rate(self, rate: float, methods: Iterable[str] | None = None) -> None:
        self.lost = RandomFault(rate, self._method_set(methods, INTERACTIVE_METHODS))

    def slow(self, seconds: float, methods: Iterable[str] | None = None) -> None:
        self.delay = (seconds, None if methods is None else self._method_set(methods, set()))

    def stall(self, seconds: float, after: int) -> None:
        """After `after` more sends, the server stops for `seconds` (as a long garbage
        collection stops a process): what arrives meanwhile is handled, and counted against
        the limits, when it ends."""
        self.stall_plan = (seconds, after)

    def stall_wait(self, method: str, now: float) -> float:
        """Seconds this request waits before it is handled; counts it towards a planned stall."""
        if method not in SENDING_METHODS:
            return 0.0
        if self.stall_plan is not None:
            seconds, after = self.stall_plan
            if after <= 0:
                self.stalled_until = now + seconds
                self.stall_plan = None
            else:
                self.stall_plan = (seconds, after - 1)
        return max(0.0, self.stalled_until - now)

    def fail_next(
        self,
        method: str,
        status: int,
        description: str | None = None,
        retry_after: int | None = None,
        count: int = 1,
    ) -> None:
        text = description or errors.DEFAULT_DESCRIPTIONS.get(status, "Error")
        self.scripted.append(
            ScriptedFailure(self._canonical(method), status, text, retry_after, count)
        )

    def _method_set(self, methods: Iterable[str] | None, default: Iterable[str]) -> frozenset[str]:
        chosen = default if methods is None else methods
        return frozenset(self._canonical(name) for name in chosen)

    def take_scripted(self, method: str) -> errors.ApiError | None:
        for failure in self.scripted:
            if failure.method == method and failure.remaining > 0:
                failure.remaining -= 1
                params = {"retry_after": failure.retry_after} if failure.retry_after else None
                return errors.ApiError(failure.status, failure.description, params)
        return None

    def random_error(self, method: str) -> errors.ApiError | None:
        fault = self.errors
        if fault is None or method not in fault.methods or self._rng().random() >= fault.rate:
            return None
        text = errors.BAD_GATEWAY if fault.status == 502 else errors.INTERNAL
        return errors.ApiError(fault.status, text)

    def answer_lost(self, method: str) -> bool:
        fault = self.lost
        return bool(fault and method in fault.methods and self._rng().random() < fault.rate)

    def delay_for(self, method: str) -> float:
        if self.delay is None or method == "getUpdates":
            return 0.0
        seconds, methods = self.delay
        return seconds if methods is None or method in methods else 0.0
