"""The delivery engine against the emulator: exactly once, under faults, stops and crashes."""

from __future__ import annotations

import asyncio
import dataclasses
from collections.abc import AsyncIterator

import pytest

from bot.delivery import OutboxItem, OutboxService, Purpose
from bot.sandbox import BotApiEmulator
from storage import Database, connect
from storage.timestamps import from_db
from tests.delivery_support import (
    FAST,
    Harness,
    add_announcement,
    add_chats,
    add_recipients,
    deliveries,
    harness,
    states,
    wait_for,
)

TEXT = "Announcement {}"


@pytest.fixture
async def h(db: Database, emulator: BotApiEmulator) -> AsyncIterator[Harness]:
    emulator.seed(4)
    async with harness(db, emulator) as built:
        yield built


async def broadcast(h: Harness, recipients: int) -> tuple[int, list[int]]:
    """An announcement to every chat, queued for `recipients` private chats."""
    chat_ids = add_recipients(h.emulator, recipients)
    await add_chats(h.db, chat_ids)
    announcement = await add_announcement(h.db)
    assert await h.outbox.enqueue_audience(announcement) == recipients
    return announcement, chat_ids


async def test_every_recipient_gets_the_announcement_once_within_telegram_limits(
    h: Harness,
) -> None:
    h.emulator.faults.rate_limit(global_per_second=int(FAST.rate), per_chat_per_second=1)
    announcement, chat_ids = await broadcast(h, 120)
    # Three messages for one chat: the per-chat limit must space them a second apart.
    extra = chat_ids[0]
    await h.outbox.enqueue_chats(announcement, [extra], Purpose.TEST)
    await h.outbox.enqueue_chats(announcement, [extra], Purpose.REMINDER, "7d")
    engine = h.engine()
    await engine.start()
    await h.drained()
    await engine.stop()
    assert set(deliveries(h.emulator, chat_ids, TEXT.format(announcement)).values()) == {1}
    assert len(h.emulator.chat_history(extra)) == 3
    assert h.emulator.stats.rate_limited == 0
    assert await states(h.db, announcement) == {"sent": 122}
    final = [stats for a, stats in h.reporter.reports if a == announcement][-1]
    assert (final.finished, final.sent, final.total, final.eta_seconds) == (True, 120, 120, 0.0)


async def test_sends_the_server_counted_late_hold_back_the_next_group(h: Harness) -> None:
    """Telegram counts a send when it handles it. It stalls after 15 sends of a group of 20 (as
    a process stops for a garbage collection), so it counts the group's last 5 a fifth of a
    second late, at the limit itself: the next group must wait for them, not meet a 429."""
    h.emulator.faults.rate_limit(global_per_second=20, per_chat_per_second=1)
    h.emulator.faults.stall(0.2, after=15)
    announcement, chat_ids = await broadcast(h, 45)
    engine = h.engine(dataclasses.replace(FAST, rate=20.0))
    await engine.start()
    await h.drained()
    await engine.stop()
    assert h.emulator.stats.rate_limited == 0
    assert set(deliveries(h.emulator, chat_ids, TEXT.format(announcement)).values()) == {1}


async def test_the_idle_engine_sleeps_until_the_next_item_is_due(h: Harness) -> None:
    """Nothing wakes this engine and it would look on its own only after 30 s: a message put
    off by the per-chat limit, and one to retry after a 5xx, still go out when due."""
    h.emulator.faults.fail_next("sendMessage", 500)
    announcement, chat_ids = await broadcast(h, 3)
    await h.outbox.enqueue_chats(announcement, [chat_ids[0]], Purpose.TEST)
    engine = h.engine(dataclasses.replace(FAST, poll_interval=30.0))
    await engine.start()
    await h.drained(timeout=10)
    await engine.stop()
    assert set(deliveries(h.emulator, chat_ids, TEXT.format(announcement)).values()) == {1}
    assert len(h.emulator.chat_history(chat_ids[0])) == 2
    assert h.emulator.stats.scripted_failures == 1


class ClaimCounting(OutboxService):
    """How many items each claim found."""

    def __init__(self, db: Database) -> None:
        super().__init__(db)
        self.found: list[int] = []

    async def claim(self, limit: int) -> list[OutboxItem]:
        items = await super().claim(limit)
        self.found.append(len(items))
        return items


async def test_once_the_queue_is_empty_finished_sends_do_not_claim_again(h: Harness) -> None:
    """At a broadcast's end every send that finished frees a slot; the queue is empty, so
    none of them is a reason to ask the database again (each cost an empty claim)."""
    announcement, chat_ids = await broadcast(h, 60)
    outbox = ClaimCounting(h.db)
    engine = h.engine(dataclasses.replace(FAST, rate=100.0, poll_interval=30.0), outbox=outbox)
    await engine.start()
    await h.drained()
    await asyncio.sleep(0.2)  # the last answers' slots are free again
    await engine.stop()
    assert set(deliveries(h.emulator, chat_ids, TEXT.format(announcement)).values()) == {1}
    assert sum(outbox.found) == 60
    # One claim found the queue empty; the last send to finish looks once more. Before, each
    # group still on the wire then claimed again as its answers came.
    assert outbox.found.count(0) <= 2, outbox.found


async def test_group_limit_defers_the_rest_without_a_429(h: Harness) -> None:
    h.emulator.faults.rate_limit(per_chat_per_second=10, per_group_per_minute=3)
    group = h.emulator.group(-4242, "NGO group")
    await add_chats(h.db, [group.id])
    announcement = await add_announcement(h.db)
    await h.outbox.enqueue_audience(announcement)
    for tag in ("a", "b", "c"):
        await h.outbox.enqueue_chats(announcement, [group.id], Purpose.REMINDER, tag)
    engine = h.engine(dataclasses.replace(FAST, group_per_minute=3, per_chat_interval=0.1))
    await engine.start()
    await wait_for(lambda: len(group.messages()) == 3, what="three messages in the group")
    await wait_for(lambda: _one_deferred(h.db), what="the fourth deferred by a minute")
    await engine.stop()
    assert h.emulator.stats.rate_limited == 0


async def _one_deferred(db: Database) -> bool:
    rows = await db.fetch_all("SELECT not_before, updated_at FROM outbox WHERE state = 'pending'")
    return len(rows) == 1 and (from_db(rows[0][0]) - from_db(rows[0][1])).total_seconds() >= 55


async def test_a_429_storm_pauses_the_broadcast_and_loses_nothing(h: Harness) -> None:
    h.emulator.faults.rate_limit(global_per_second=15, retry_after=1)
    announcement, chat_ids = await broadcast(h, 60)
    engine = h.engine(dataclasses.replace(FAST, max_attempts=2))
    await engine.start()
    await h.drained(timeout=30)
    await engine.stop()
    assert h.emulator.stats.rate_limited > 0
    # Not a failed attempt: with max_attempts=2 the items would otherwise have failed.
    assert await states(h.db, announcement) == {"sent": 60}
    assert set(deliveries(h.emulator, chat_ids, TEXT.format(announcement)).values()) == {1}


async def test_server_errors_are_retried_until_everyone_has_it_once(h: Harness) -> None:
    h.emulator.faults.error_rate(0.1)
    announcement, chat_ids = await broadcast(h, 150)
    engine = h.engine()
    await engine.start()
    await h.drained()
    await engine.stop()
    assert h.emulator.stats.server_errors > 0
    assert await states(h.db, announcement) == {"sent": 150}
    assert set(deliveries(h.emulator, chat_ids, TEXT.format(announcement)).values()) == {1}


async def test_lost_answers_repeat_at_most_the_lost_messages(h: Harness) -> None:
    # An answer lost after delivery looks like a network error: the retry delivers again.
    # The bound: duplicates <= lost answers, and nobody is left out.
    h.emulator.faults.lost_answer_rate(0.05)
    announcement, chat_ids = await broadcast(h, 150)
    engine = h.engine()
    await engine.start()
    await h.drained()
    await engine.stop()
    counts = deliveries(h.emulator, chat_ids, TEXT.format(announcement))
    duplicates = sum(counts.values()) - len(chat_ids)
    assert min(counts.values()) == 1
    assert h.emulator.stats.lost_answers > 0
    assert duplicates <= h.emulator.stats.lost_answers
    assert await states(h.db, announcement) == {"sent": 150}


async def test_blocked_recipients_are_marked_unreachable_and_delivery_continues(
    h: Harness,
) -> None:
    announcement, chat_ids = await broadcast(h, 40)
    blocked = chat_ids[::10]
    for chat_id in blocked:
        h.emulator.user(chat_id, "").block()
    engine = h.engine()
    await engine.start()
    await h.drained()
    await engine.stop()
    assert await states(h.db, announcement) == {"sent": 36, "blocked": 4}
    for chat_id in blocked:
        settings = await h.subscriptions.settings(chat_id)
        assert settings is not None and not settings.active
    failed = await h.outbox.failed_recipients(announcement)
    assert [(f.chat_id, f.state) for f in failed] == [(c, "blocked") for c in blocked]
    reached = set(chat_ids) - set(blocked)
    assert set(deliveries(h.emulator, reached, TEXT.format(announcement)).values()) == {1}


async def test_a_group_that_became_a_supergroup_is_followed(h: Harness) -> None:
    admin = h.emulator.user(5, "Admin")
    group = h.emulator.group(-777, "NGO group", admins=[admin])
    old_id = group.id
    await add_chats(h.db, [old_id])
    announcement = await add_announcement(h.db)
    await h.outbox.enqueue_audience(announcement)
    new_id = group.migrate_to_supergroup()
    engine = h.engine()
    await engine.start()
    await h.drained()
    await engine.stop()
    assert [m["text"] for m in group.messages()] == [TEXT.format(announcement)]
    rows = await h.db.fetch_all("SELECT chat_id, state FROM outbox")
    assert [tuple(r) for r in rows] == [(new_id, "sent")]
    assert await h.subscriptions.settings(old_id) is None
    assert await h.subscriptions.settings(new_id) is not None


async def test_corrections_edit_the_message_or_send_a_note(h: Harness) -> None:
    announcement, chat_ids = await broadcast(h, 3)
    engine = h.engine()
    await engine.start()
    await h.drained()
    gone = h.emulator.chat_history(chat_ids[0])[0]
    gone.deleted = True  # the recipient deleted it: it cannot be edited any more
    assert await h.outbox.enqueue_followups(announcement, Purpose.CORRECTION, "1") == 3
    engine.wake()
    await h.drained()
    await engine.stop()
    assert h.emulator.chat_history(chat_ids[0])[-1].text == "Correction of announcement 1"
    for chat_id in chat_ids[1:]:
        (entry,) = h.emulator.chat_history(chat_id)
        assert entry.edited and entry.text == "Announcement 1 (corrected 1)"
    assert await states(h.db, announcement) == {"sent": 6}


async def test_graceful_stop_mid_broadcast_then_restart_loses_and_repeats_nothing(
    h: Harness,
) -> None:
    h.emulator.faults.slow(0.05)
    announcement, chat_ids = await broadcast(h, 80)
    settings = dataclasses.replace(FAST, rate=40.0)
    engine = h.engine(settings)
    await engine.start()
    await wait_for(lambda: h.emulator.stats.delivered_total >= 20, what="20 deliveries")
    await engine.stop()
    left = await states(h.db, announcement)
    assert "sending" not in left and 0 < left.get("pending", 0) < 80
    assert left["sent"] == h.emulator.stats.delivered_total
    restarted = h.engine(settings)
    await restarted.start()
    await h.drained()
    await restarted.stop()
    assert set(deliveries(h.emulator, chat_ids, TEXT.format(announcement)).values()) == {1}


async def test_a_crash_mid_broadcast_repeats_at_most_the_messages_in_flight(
    h: Harness,
) -> None:
    h.emulator.faults.slow(0.2)  # answers take long: several sends are on the wire at once
    announcement, chat_ids = await broadcast(h, 80)
    # The crashing "process" has its own connection, which dies with it.
    doomed = await connect(h.db.target)
    engine = h.engine(dataclasses.replace(FAST, rate=100.0), db=doomed)
    await engine.start()
    await wait_for(lambda: h.emulator.stats.delivered_total >= 20, what="20 deliveries")
    crashed = await _crash()
    await doomed.close()  # an open transaction is rolled back, as when a process dies
    in_flight = (await states(h.db, announcement)).get("sending", 0)
    assert in_flight > 0 and crashed
    restarted = h.engine()
    await restarted.start()
    await h.drained()
    await restarted.stop()
    counts = deliveries(h.emulator, chat_ids, TEXT.format(announcement))
    assert min(counts.values()) == 1
    assert sum(counts.values()) - len(chat_ids) <= in_flight


async def _crash() -> int:
    """Cancel every task of the engine at once, as kill -9 would end them: no stop(), no
    recording of what is on the wire."""
    mine = [
        task
        for task in asyncio.all_tasks()
        if task.get_name().startswith(("deliver-", "delivery-engine", "outbox-"))
    ]
    for task in mine:
        task.cancel()
    await asyncio.gather(*mine, return_exceptions=True)
    return len(mine)


async def test_messages_waiting_for_their_turn_go_back_when_the_announcement_changes(
    h: Harness,
) -> None:
    announcement, chat_ids = await broadcast(h, 30)
    engine = h.engine(dataclasses.replace(FAST, rate=10.0))  # groups of 10, a second apart
    await engine.start()
    text = TEXT.format(announcement)
    await wait_for(lambda: _delivered(h, chat_ids, text, 10), what="the first group")
    # Cancelled now: the 20 claimed and rendered ones waiting for the next groups must not go.
    h.renderer.skip.add(announcement)
    await h.outbox.cancel_pending(announcement)
    engine.requeue(announcement)
    await h.drained()
    await engine.stop()
    assert sorted(deliveries(h.emulator, chat_ids, text).values()) == [0] * 20 + [1] * 10
    assert await states(h.db, announcement) == {"sent": 10, "skipped": 20}


async def _delivered(h: Harness, chat_ids: list[int], text: str, count: int) -> bool:
    return sum(deliveries(h.emulator, chat_ids, text).values()) >= count
