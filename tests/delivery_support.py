"""Test helpers for the delivery engine: recipients on both sides, an engine on the emulator."""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator, Callable, Iterable
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from bot.delivery import (
    DeliveryEngine,
    DeliverySettings,
    DeliveryStats,
    OutboxItem,
    OutboxService,
    Outgoing,
    Purpose,
)
from bot.delivery.transport import BotApiTransport
from bot.sandbox import BotApiEmulator
from bot.subscriptions.service import SubscriptionService
from storage import Database
from storage.db import insert_id
from tests.constants import TOKEN

NOW = "2026-01-01T00:00:00.000000+00:00"
FIRST_USER = 700_000
# Fast enough for tests, still paced: backoff in tens of milliseconds, frequent polls.
FAST = DeliverySettings(
    rate=200.0,
    poll_interval=0.05,
    progress_interval=0.2,
    backoff_base=0.05,
    backoff_cap=0.5,
)


class TrivialRenderer:
    """ "Announcement {id}"; a correction edits the original message (see Outgoing)."""

    def __init__(self) -> None:
        self.skip: set[int] = set()  # announcement ids with nothing to send any more

    async def render(self, item: OutboxItem) -> Outgoing | None:
        if item.announcement_id in self.skip:
            return None
        text = f"Announcement {item.announcement_id}"
        if item.purpose == Purpose.CORRECTION:
            return Outgoing(
                f"{text} (corrected {item.tag})",
                edit_message_id=item.reply_to_message_id,
                fallback_text=f"Correction of announcement {item.announcement_id}",
            )
        if item.purpose != Purpose.ANNOUNCEMENT:
            text = f"{text} ({item.purpose.value})"
        return Outgoing(text, rows=[[("Calendar", f"ics:{item.announcement_id}")]])


@dataclass
class RecordingReporter:
    reports: list[tuple[int, DeliveryStats]] = field(default_factory=list)
    fail: bool = False

    async def report(self, announcement_id: int, stats: DeliveryStats) -> None:
        self.reports.append((announcement_id, stats))
        if self.fail:
            raise RuntimeError("the reporter is broken")


async def add_announcement(db: Database, *, all_topics: bool = True, kind: str = "event") -> int:
    async with db.transaction() as conn:
        new_id = await insert_id(
            conn,
            "INSERT INTO announcements (kind, title, body_html, all_topics, status, source, "
            "created_at, published_at) VALUES (?, 'Test', 'Body', ?, 'published', 'cli', ?, ?)",
            (kind, int(all_topics), NOW, NOW),
        )
        assert new_id is not None
        return new_id


async def add_chats(db: Database, chat_ids: Iterable[int]) -> None:
    rows = [(c, "private" if c > 0 else "group", NOW, NOW) for c in chat_ids]
    async with db.transaction() as conn:
        await conn.executemany(
            "INSERT INTO chats (chat_id, type, created_at, updated_at) VALUES (?, ?, ?, ?)", rows
        )


def add_recipients(emulator: BotApiEmulator, count: int, first: int = FIRST_USER) -> list[int]:
    """Users who have started the bot (so it may write to them), without any updates."""
    ids = list(range(first, first + count))
    for user_id in ids:
        user = emulator.user(user_id, f"User {user_id}")
        emulator.state.private_chat(user.record)
    return ids


async def queue_broadcast(
    db: Database, emulator: BotApiEmulator, count: int
) -> tuple[list[int], int]:
    """(`count` recipients, an announcement queued for them), as another process would: the
    bot learns of it from the database's change notifications."""
    chat_ids = add_recipients(emulator, count)
    await add_chats(db, chat_ids)
    announcement = await add_announcement(db)
    await OutboxService(db).enqueue_audience(announcement)
    return chat_ids, announcement


def deliveries(emulator: BotApiEmulator, chat_ids: Iterable[int], text: str) -> dict[int, int]:
    """How many bot messages reading exactly `text` each chat received."""
    return {
        chat_id: sum(
            1 for entry in emulator.chat_history(chat_id) if entry.from_bot and entry.text == text
        )
        for chat_id in chat_ids
    }


async def states(db: Database, announcement_id: int) -> dict[str, int]:
    rows = await db.fetch_all(
        "SELECT state, count(*) FROM outbox WHERE announcement_id = ? GROUP BY state",
        (announcement_id,),
    )
    return {str(r[0]): int(r[1]) for r in rows}


async def wait_for(
    condition: Callable[[], Any], timeout: float = 10.0, what: str = "condition"
) -> None:
    """Poll a (sync or async) condition until it holds; fail after `timeout` seconds."""
    deadline = time.monotonic() + timeout
    while True:
        value = condition()
        if asyncio.iscoroutine(value):
            value = await value
        if value:
            return
        if time.monotonic() > deadline:
            raise AssertionError(f"{what} did not hold within {timeout} s")
        await asyncio.sleep(0.02)


async def unfinished(db: Database) -> int:
    value = await db.fetch_value(
        "SELECT count(*) FROM outbox WHERE state IN ('pending', 'sending')"
    )
    return int(str(value))


@dataclass
class Harness:
    db: Database
    emulator: BotApiEmulator
    transport: BotApiTransport
    outbox: OutboxService
    renderer: TrivialRenderer
    reporter: RecordingReporter
    subscriptions: SubscriptionService

    def engine(
        self,
        settings: DeliverySettings = FAST,
        db: Database | None = None,
        outbox: OutboxService | None = None,
    ) -> DeliveryEngine:
        """An engine on the harness's database, or on another connection to it (`db`)."""
        db = db or self.db
        return DeliveryEngine(
            outbox or OutboxService(db),
            self.renderer,
            self.transport,
            self.reporter,
            SubscriptionService(db),
            settings,
            clock=lambda: datetime.now(UTC),
        )

    async def drained(self, timeout: float = 20.0) -> None:
        await wait_for(lambda: self._done(), timeout, "the outbox draining")

    async def _done(self) -> bool:
        return await unfinished(self.db) == 0


@asynccontextmanager
async def harness(db: Database, emulator: BotApiEmulator) -> AsyncIterator[Harness]:
    transport = BotApiTransport(TOKEN, emulator.base_url, FAST.concurrency)
    await transport.start()
    try:
        yield Harness(
            db,
            emulator,
            transport,
            OutboxService(db),
            TrivialRenderer(),
            RecordingReporter(),
            SubscriptionService(db),
        )
    finally:
        await transport.close()
