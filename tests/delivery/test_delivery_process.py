"""kill -9 in mid-broadcast, then a restart: nothing lost, at most the in-flight repeated."""

from __future__ import annotations

import asyncio
import signal
import sys

from bot.delivery import OutboxService
from bot.sandbox import BotApiEmulator
from storage import Database
from tests.conftest import ROOT, child_env
from tests.delivery_support import (
    add_announcement,
    add_chats,
    add_recipients,
    deliveries,
    states,
    unfinished,
    wait_for,
)


async def start_engine(db: Database, emulator: BotApiEmulator) -> asyncio.subprocess.Process:
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "tests.delivery_process",
        str(db.target),
        emulator.base_url,
        "60",
        env=child_env({"PTB_TIMEDELTA": "true"}),
        cwd=ROOT,
        stdout=asyncio.subprocess.PIPE,
    )
    assert process.stdout is not None
    line = await asyncio.wait_for(process.stdout.readline(), 15)
    assert line == b"engine running\n"
    return process


async def test_kill_9_mid_broadcast_then_restart_repeats_at_most_the_in_flight(
    db: Database, emulator: BotApiEmulator
) -> None:
    emulator.faults.slow(0.15)  # answers take a while: sends are on the wire when it dies
    chat_ids = add_recipients(emulator, 150)
    await add_chats(db, chat_ids)
    announcement = await add_announcement(db)
    await OutboxService(db).enqueue_audience(announcement)
    first = await start_engine(db, emulator)
    try:
        await wait_for(lambda: emulator.stats.delivered_total >= 40, 15, "40 deliveries")
    finally:
        first.kill()  # SIGKILL: no stop(), no last writes
        await first.wait()
    in_flight = (await states(db, announcement)).get("sending", 0)
    assert in_flight > 0
    second = await start_engine(db, emulator)
    await wait_for(lambda: _drained(db), 20, "the outbox draining")
    second.send_signal(signal.SIGTERM)
    assert await asyncio.wait_for(second.wait(), 15) == 0
    counts = deliveries(emulator, chat_ids, f"Announcement {announcement}")
    assert min(counts.values()) == 1
    assert sum(counts.values()) - len(chat_ids) <= in_flight
    assert await states(db, announcement) == {"sent": 150}


async def _drained(db: Database) -> bool:
    return await unfinished(db) == 0
