"""Delivery engine: progress reports, work from another process, and interactive traffic."""

from __future__ import annotations

import dataclasses
import time
from collections.abc import AsyncIterator

import pytest

from bot.delivery import OutboxService
from bot.sandbox import BotApiEmulator
from storage import Database, connect
from tests.conftest import RunningBot
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


@pytest.fixture
async def h(db: Database, emulator: BotApiEmulator) -> AsyncIterator[Harness]:
    async with harness(db, emulator) as built:
        yield built


async def queued(h: Harness, recipients: int, first: int = 700_000) -> int:
    chat_ids = add_recipients(h.emulator, recipients, first)
    await add_chats(h.db, chat_ids)
    announcement = await add_announcement(h.db)
    await h.outbox.enqueue_audience(announcement)
    return announcement


async def test_progress_is_reported_at_most_every_interval_and_once_finished(
    h: Harness,
) -> None:
    announcement = await queued(h, 60)
    engine = h.engine(dataclasses.replace(FAST, rate=60.0, progress_interval=0.25))
    began = time.monotonic()
    await engine.start()
    await wait_for(lambda: any(s.finished for _, s in h.reporter.reports), what="final report")
    await engine.stop()
    reports = [stats for a, stats in h.reporter.reports if a == announcement]
    # About one second of sending at 60/s: a few progress reports, then exactly one final.
    assert 2 <= len(reports) <= (time.monotonic() - began) / 0.25 + 1
    assert [s.finished for s in reports].count(True) == 1 and reports[-1].finished
    middle = reports[0]
    assert 0 < middle.sent < 60 and middle.total == 60 and middle.eta_seconds is not None
    assert [s.sent for s in reports] == sorted(s.sent for s in reports)


async def test_a_failing_reporter_never_stops_delivery(h: Harness) -> None:
    h.reporter.fail = True
    announcement = await queued(h, 30)
    engine = h.engine()
    await engine.start()
    await h.drained()
    await engine.stop()
    assert h.reporter.reports and await states(h.db, announcement) == {"sent": 30}


async def test_items_another_process_queues_are_picked_up_by_polling(h: Harness) -> None:
    engine = h.engine()
    await engine.start()
    chat_ids = add_recipients(h.emulator, 5)
    other = await connect(h.db.target)  # as the CLI would: its own connection, no wake()
    try:
        await add_chats(other, chat_ids)
        announcement = await add_announcement(other)
        await OutboxService(other).enqueue_audience(announcement)
    finally:
        await other.close()
    await h.drained(timeout=5)
    await engine.stop()
    assert set(deliveries(h.emulator, chat_ids, f"Announcement {announcement}").values()) == {1}


async def test_nothing_to_send_any_more_is_skipped(h: Harness) -> None:
    announcement = await queued(h, 3)
    h.renderer.skip.add(announcement)
    engine = h.engine()
    await engine.start()
    await h.drained()
    await engine.stop()
    assert await states(h.db, announcement) == {"skipped": 3}
    assert h.emulator.stats.delivered_total == 0


async def test_start_is_answered_promptly_while_a_broadcast_runs(
    h: Harness, bot: RunningBot
) -> None:
    await queued(h, 300)
    engine = h.engine(dataclasses.replace(FAST, rate=100.0))
    await engine.start()
    await wait_for(lambda: h.emulator.stats.delivered_total >= 20, what="the broadcast running")
    alice = h.emulator.user(42, "Alicja", language_code="pl")
    began = time.monotonic()
    await alice.send("/start")
    await alice.wait_for("Dzień dobry")
    answered = time.monotonic() - began
    sending = h.emulator.stats.delivered_total < 300
    await engine.stop()
    # A sanity bound only; tests/bench/broadcast.py measures the p95.
    assert sending and answered < 1.0
