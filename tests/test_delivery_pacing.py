"""Pacing and the retry policy, without a network."""

from __future__ import annotations

import asyncio
import random
import time
from collections import Counter
from datetime import UTC, datetime, timedelta

import pytest

from bot.delivery import DeliverySettings, OutboxItem, Purpose, SendResult
from bot.delivery.pacing import CHAT_MARGIN, GLOBAL_MARGIN, GROUP_MARGIN, ChatPacer, GlobalPacer
from bot.delivery.policy import backoff, outcome_of

NOW = datetime(2026, 1, 1, tzinfo=UTC)
ITEM = OutboxItem(1, 1, 5, Purpose.ANNOUNCEMENT, "", 0, None)


class FakeClock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


async def test_the_global_pacer_spaces_sends_evenly_across_concurrent_senders() -> None:
    pacer = GlobalPacer(200.0)
    times: list[float] = []

    async def send() -> None:
        await pacer.acquire()
        times.append(time.monotonic())

    await asyncio.gather(*(send() for _ in range(41)))
    assert times[-1] - times[0] >= 0.2 - 0.005  # 40 intervals of 5 ms, no burst


def _stall(seconds: float) -> None:
    time.sleep(seconds)  # the event loop blocked, as by a long garbage collection


async def test_senders_woken_late_never_put_more_than_the_rate_in_one_second() -> None:
    pacer = GlobalPacer(50.0)
    times: list[float] = []

    async def send() -> None:
        await pacer.acquire()
        times.append(time.monotonic())
        if len(times) == 5:
            _stall(0.1)  # the next sends wake late, bunched together

    await asyncio.gather(*(send() for _ in range(60)))
    # Late or not, no 51 sends within less than a second less a tick (ticks are 0.02 s at
    # 1,000/s; at 50/s 0.1 s, so that sends leave ~5 at a time and 50 in any second).
    span = min(later - earlier for earlier, later in zip(times, times[50:], strict=False))
    assert span >= 1.0 + GLOBAL_MARGIN - pacer.quantum
    assert pacer.quantum == pytest.approx(0.1)


async def test_at_low_rates_sends_leave_in_small_groups_never_above_the_rate() -> None:
    pacer = GlobalPacer(25.0)
    times: list[float] = []

    async def send() -> None:
        await pacer.acquire()
        times.append(time.monotonic())

    await asyncio.gather(*(send() for _ in range(52)))
    groups = Counter(round(moment / pacer.quantum) for moment in times)
    assert max(groups.values()) <= 6 and len(groups) < 15  # ~5 per wake-up, not 1
    assert all(later - earlier >= 0.99 for earlier, later in zip(times, times[25:], strict=False))


async def test_a_pause_holds_every_later_send_until_it_ends() -> None:
    pacer = GlobalPacer(1000.0)
    await pacer.acquire()
    pacer.pause(0.15)
    began = time.monotonic()
    await pacer.acquire()
    assert time.monotonic() - began >= 0.14
    assert pacer.paused_for == 0


def test_a_chat_waits_a_second_between_messages_and_one_send_at_a_time() -> None:
    clock = FakeClock()
    chats = ChatPacer(1.0, 20, clock)
    assert chats.reserve(5) == 0
    assert chats.reserve(5) > 0  # the first is still being sent
    chats.sent(5, clock.now)
    assert chats.reserve(5) == pytest.approx(1.0 + CHAT_MARGIN)
    assert chats.reserve(6) == 0  # other chats are independent
    clock.now += 1.0 + CHAT_MARGIN
    assert chats.reserve(5) == 0
    chats.release(5)
    assert chats.reserve(5) == 0


def test_a_group_gets_at_most_its_per_minute_limit() -> None:
    clock = FakeClock()
    chats = ChatPacer(1.0, 3, clock)
    start = clock.now
    for _ in range(3):
        assert chats.reserve(-7) == 0
        chats.sent(-7, clock.now)
        clock.now += 2.0
    assert chats.reserve(-7) == pytest.approx(start + 60.0 + GROUP_MARGIN - clock.now)
    clock.now = start + 60.0 + GROUP_MARGIN
    assert chats.reserve(-7) == 0
    # A private chat has no per-minute limit.
    for _ in range(5):
        assert chats.reserve(8) == 0
        chats.sent(8, clock.now)
        clock.now += 1.1


def test_backoff_grows_exponentially_with_jitter_up_to_the_cap() -> None:
    settings = DeliverySettings(backoff_base=1.0, backoff_cap=300.0)
    rng = random.Random(1)
    assert 0.5 <= backoff(1, settings, rng) <= 1.0
    assert 4.0 <= backoff(4, settings, rng) <= 8.0
    assert 150.0 <= backoff(20, settings, rng) <= 300.0


def test_results_become_outcomes() -> None:
    settings = DeliverySettings(max_attempts=3)
    rng = random.Random(1)

    def outcome(result: SendResult, attempts: int = 0) -> tuple[str, bool]:
        item = OutboxItem(1, 1, 5, Purpose.ANNOUNCEMENT, "", attempts, None)
        found = outcome_of(item, result, settings, NOW, rng)
        return found.state, found.attempted

    assert outcome(SendResult("ok", message_id=3)) == ("sent", True)
    assert outcome(SendResult("retry_after", retry_after=5)) == ("pending", False)
    assert outcome(SendResult("migrated", new_chat_id=-100)) == ("pending", False)
    assert outcome(SendResult("blocked")) == ("blocked", True)
    assert outcome(SendResult("permanent")) == ("failed", True)
    assert outcome(SendResult("transient"), attempts=1) == ("pending", True)
    assert outcome(SendResult("transient"), attempts=2) == ("failed", True)
    paused = outcome_of(ITEM, SendResult("retry_after", retry_after=5), settings, NOW, rng)
    assert paused.not_before == NOW + timedelta(seconds=5)
