"""Pacing and the retry policy, without a network."""

from __future__ import annotations

import asyncio
import math
import random
import time
from datetime import UTC, datetime, timedelta

import pytest

from bot.delivery import DeliverySettings, OutboxItem, Purpose, SendResult
from bot.delivery.chat_pacing import CHAT_MARGIN, GROUP_MARGIN, ChatPacer
from bot.delivery.pacing import (
    FREE_LIMIT,
    GLOBAL_MARGIN,
    TICK,
    GlobalPacer,
    RunningMinimum,
    bot_pacer,
)
from bot.delivery.policy import backoff, outcome_of

NOW = datetime(2026, 1, 1, tzinfo=UTC)
ITEM = OutboxItem(1, 1, 5, Purpose.ANNOUNCEMENT, "", 0, None)


class FakeClock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


async def departures(pacer: GlobalPacer, senders: int, stall_after: int = 0) -> list[float]:
    """When each of `senders` concurrent senders got its slot; optionally the event loop is
    blocked once (as by a long garbage collection), so that the next ones wake late."""
    times: list[float] = []

    async def send() -> None:
        await pacer.acquire()
        times.append(time.monotonic())
        if len(times) == stall_after:
            time.sleep(0.1)  # noqa: ASYNC251 - the point: the whole event loop stalls

    await asyncio.gather(*(send() for _ in range(senders)))
    return times


def most_in_one_window(times: list[float], rate: float) -> float:
    """The shortest time in which `rate` + 1 sends left: above the window, the rate held."""
    n = int(rate)
    return min(later - earlier for earlier, later in zip(times, times[n:], strict=False))


def groups(times: list[float]) -> list[int]:
    """Sizes of the groups that left together: a group's sends leave in one turn of the event
    loop, far less than a tick apart."""
    sizes: list[int] = []
    last = -1.0
    for moment in times:
        if moment - last > TICK / 4:
            sizes.append(0)
        sizes[-1] += 1
        last = moment
    return sizes


async def test_at_25_per_second_a_seconds_sends_leave_together_once_a_second() -> None:
    pacer = GlobalPacer(25.0)
    times = await departures(pacer, 60)
    assert groups(times) == [25, 25, 10]
    assert most_in_one_window(times, 25) >= 1.0 + GLOBAL_MARGIN - TICK
    assert times[-1] - times[0] < 2.2  # not a tick later than the window allows


async def test_at_high_rates_sends_leave_about_25_at_a_time_within_the_rate() -> None:
    pacer = GlobalPacer(1000.0)
    times = await departures(pacer, 300)
    sizes = groups(times)
    assert max(sizes) <= 26  # a period's 25 slots (and one a late wake-up caught up)
    assert len(sizes) >= 10
    # 300 slots 1.03 ms apart, each taken up to a period early: the last no sooner than 0.26 s.
    assert times[-1] - times[0] >= 0.3 * (1 + GLOBAL_MARGIN) - 2 * pacer.period
    assert times[-1] - times[0] <= 12 * pacer.period + TICK  # the schedule does not drift


async def test_senders_woken_late_never_put_more_than_the_rate_in_one_second() -> None:
    pacer = GlobalPacer(50.0)
    times = await departures(pacer, 120, stall_after=30)
    assert most_in_one_window(times, 50) >= 1.0 + GLOBAL_MARGIN - TICK


async def test_a_sender_cancelled_while_waiting_takes_no_slot() -> None:
    pacer = GlobalPacer(25.0)
    await departures(pacer, 25)  # the first second's group
    order: list[int] = []

    async def send(number: int) -> None:
        await pacer.acquire()
        order.append(number)

    waiting = [asyncio.create_task(send(number)) for number in range(3)]
    await asyncio.sleep(0)
    waiting[1].cancel()
    await asyncio.gather(*waiting, return_exceptions=True)
    assert order == [0, 2]
    assert pacer.period == 1.0 + GLOBAL_MARGIN


async def test_a_pause_holds_every_later_send_until_it_ends() -> None:
    pacer = GlobalPacer(1000.0)
    await pacer.acquire()
    pacer.pause(0.15)
    began = time.monotonic()
    await pacer.acquire()
    assert time.monotonic() - began >= 0.14
    assert pacer.paused_for == 0


async def test_sends_answered_late_count_late_in_the_window() -> None:
    """Telegram stalled (a queue, a pause of its process) after 15 of a group of 20: their
    answers come 0.15 s late, so it counted them 0.15 s late. The next group's first 15 leave
    on schedule; its last 5 wait until a window after those answers."""
    pacer = GlobalPacer(20.0)
    departed: list[float] = []
    counted: list[float] = []

    async def send(number: int) -> None:
        turn = await pacer.acquire()
        departed.append(time.monotonic())
        await asyncio.sleep(0.15 if 15 <= number < 20 else 0.001)
        counted.append(time.monotonic())
        pacer.answered(turn)

    await asyncio.gather(*(send(number) for number in range(40)))
    first, second = departed[:20], departed[20:]
    assert groups(first) == [20]
    assert groups(second)[0] == 15
    assert max(second[:15]) - first[0] < 1.0 + GLOBAL_MARGIN + TICK
    late_answers = sorted(counted)[15:20]
    assert min(second[15:]) >= min(late_answers) - 0.002 + 1.0 + GLOBAL_MARGIN - TICK


async def test_answers_milliseconds_apart_do_not_split_the_next_group() -> None:
    """A group's answers arrive over ~17 ms (Telegram handles them one after another). Each
    still counts more than a window before the next group's start, so that group leaves whole
    on schedule: one wake-up and one commit, not two."""
    clock = FakeClock()
    clock.now = 1000.005
    pacer = GlobalPacer(25.0, clock)
    turns = [await pacer.acquire() for _ in range(25)]
    for number, turn in enumerate(turns):
        clock.now = 1000.006 + 0.0007 * number
        pacer.answered(turn)
    clock.now = 1000.005 + pacer.period + 0.001
    second = [asyncio.create_task(pacer.acquire()) for _ in range(26)]
    await asyncio.sleep(0)
    assert [task.done() for task in second] == [True] * 25 + [False]  # the 26th: next period
    second[-1].cancel()


def test_the_shortest_round_trip_is_forgotten_after_a_while() -> None:
    clock = FakeClock()
    shortest = RunningMinimum(30.0, clock)
    assert shortest.value == math.inf
    shortest.add(0.05)
    clock.now += 31.0
    shortest.add(0.08)
    assert shortest.value == 0.05  # seen within the last 30 to 60 seconds
    clock.now += 31.0
    shortest.add(0.09)
    assert shortest.value == 0.08
    clock.now += 61.0
    shortest.add(0.2)  # a long silence: nothing older is kept
    assert shortest.value == 0.2


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


async def group_after(pacer: GlobalPacer, clock: FakeClock, replies: int) -> int:
    """A group of 25 leaves; `replies` go ahead of the broadcast half a period later. How
    many of the next 25 leave at the next period's start?"""
    for _ in range(25):
        await pacer.acquire()
    clock.now += pacer.period / 2

    async def reply() -> str:
        return "sent"

    for _ in range(replies):
        assert await pacer.ahead(reply()) == "sent"  # never held back, even over the limit
    clock.now = 1000.0 + pacer.period + 0.001
    second = [asyncio.create_task(pacer.acquire()) for _ in range(25)]
    await asyncio.sleep(0)
    for task in second:
        task.cancel()
    return sum(task.done() and not task.cancelled() for task in second)


async def test_a_reply_sent_ahead_takes_a_broadcast_send_s_place_at_the_limit() -> None:
    """Telegram counts a reply against the same limit: with the broadcast at the limit, the
    next group leaves one send smaller."""
    clock = FakeClock()
    assert await group_after(GlobalPacer(25.0, clock), clock, 0) == 25
    clock = FakeClock()
    assert await group_after(GlobalPacer(25.0, clock), clock, 1) == 24


async def test_replies_within_the_room_above_the_rate_take_nothing_from_the_broadcast() -> None:
    """The bot's pacer at 25/s keeps to Telegram's 30/s: five replies fit beside a group."""
    assert FREE_LIMIT == 30
    clock = FakeClock()
    assert await group_after(bot_pacer(25.0, clock), clock, 5) == 25
    clock = FakeClock()
    assert await group_after(bot_pacer(25.0, clock), clock, 7) == 23


async def leave_now(pacer: GlobalPacer, senders: int) -> int:
    """How many of `senders` broadcast sends the pacer lets go at this moment."""
    tasks = [asyncio.create_task(pacer.acquire()) for _ in range(senders)]
    await asyncio.sleep(0)
    for task in tasks:
        task.cancel()
    return sum(task.done() and not task.cancelled() for task in tasks)


async def test_a_broadcast_catching_up_after_a_late_group_leaves_the_replies_share() -> None:
    """A group sent half a second late must not let the next one fill the window to
    Telegram's 30: the five a second above the rate stay the replies', whatever the timing."""
    clock = FakeClock()
    pacer = bot_pacer(25.0, clock)
    assert await leave_now(pacer, 25) == 25
    clock.now += pacer.period + 0.5  # the event loop was busy: the second group leaves late
    assert await leave_now(pacer, 25) == 25
    clock.now = 1000.0 + 2 * pacer.period + 0.001  # the third group's time on the schedule
    assert await leave_now(pacer, 25) == 0, "the late group's window is still open"


async def test_a_reply_past_the_replies_share_waits_for_a_place_instead_of_a_429() -> None:
    """Twenty-five broadcast sends and five replies fill Telegram's 30 for a second: the sixth
    reply waits until the burst's second is over instead of being refused and waiting a
    whole second more for Telegram's retry_after."""
    pacer = bot_pacer(25.0)
    for _ in range(25):
        await pacer.acquire()
    began = time.monotonic()

    async def reply() -> float:
        return time.monotonic() - began

    within = [await pacer.ahead(reply()) for _ in range(5)]
    sixth = await pacer.ahead(reply())
    assert max(within) < 0.05, "the replies' own share goes at once"
    assert 1.0 - 0.05 < sixth < 1.0 + GLOBAL_MARGIN + 0.1


async def test_replicas_share_the_replies_headroom_and_the_sender_yields_past_its_part() -> None:
    """Three replicas at 25/s share Telegram's five spare places a second: one each. The
    sender's second reply takes a broadcast place, as a lone bot's sixth does."""
    clock = FakeClock()
    sender = bot_pacer(25.0, clock)
    sender.share_replies(3, sending=True)
    assert await group_after(sender, clock, 1) == 25
    clock = FakeClock()
    sender = bot_pacer(25.0, clock)
    sender.share_replies(3, sending=True)
    assert await group_after(sender, clock, 2) == 24
    clock = FakeClock()
    alone = bot_pacer(25.0, clock)
    alone.share_replies(1, sending=True)
    assert await group_after(alone, clock, 5) == 25, "one replica keeps the whole headroom"


async def test_a_replica_that_does_not_send_the_broadcast_spreads_its_replies_over_windows() -> (
    None
):
    """While the sender's broadcast runs, a follower has no broadcast place to give: past its
    part of the room, a reply waits for the part to free up, instead of going over Telegram's
    limit beside the broadcast."""
    follower = bot_pacer(25.0)
    follower.share_replies(2, sending=False)  # two of the five spare places a second
    follower.broadcast_seen()  # the sender wrote to the outbox
    began = time.monotonic()

    async def reply() -> float:
        return time.monotonic() - began

    sent = [await follower.ahead(reply()) for _ in range(3)]
    assert max(sent[:2]) < 0.05, "its own part goes at once"
    assert 1.0 - 0.05 < sent[2] < 1.0 + GLOBAL_MARGIN + 0.1


async def test_without_a_broadcast_replicas_share_the_whole_limit() -> None:
    """No broadcast runs: three replicas take ten of Telegram's thirty a second each, the
    sender too (it has no broadcast place to give either)."""
    for sending in (False, True):
        pacer = bot_pacer(25.0)
        pacer.share_replies(3, sending=sending)
        began = time.monotonic()

        async def reply(start: float = began) -> float:
            return time.monotonic() - start

        sent = [await pacer.ahead(reply()) for _ in range(11)]
        assert max(sent[:10]) < 0.05, "ten go at once"
        assert sent[10] > 1.0 - 0.05, "the eleventh waits for the next window"
