"""Pieces of the broadcast benchmark: seeding, a fixed renderer, and the snapshot timing."""

from __future__ import annotations

import asyncio
import contextlib
import time
from pathlib import Path
from typing import Any

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from bot.delivery import (
    DeliveryEngine,
    DeliverySettings,
    DeliveryStats,
    OutboxItem,
    OutboxService,
    Outgoing,
    SendResult,
)
from bot.services.subscriptions import SubscriptionService
from handlers.transport import BotApiTransport
from storage import Database, connect, migrate
from tests.bench.audience import build
from tests.bench.broadcast_emulator import FIRST_USER
from tests.bench.broadcast_table import Result
from tests.constants import TOKEN

STAMP = "2026-01-01T00:00:00.000000+00:00"
# About the size of a real announcement: title, dates, place, link, topics, one button.
BODY = (
    "<b>📅 Wydarzenie</b>\n<b>Forum organizacji pozarządowych: współpraca z Miastem 2027</b>\n\n"
    "Zapraszamy przedstawicieli organizacji na coroczne forum. Porozmawiamy o programie "
    "współpracy, otwartych konkursach ofert na przyszły rok i o tym, jak zgłaszać postulaty. "
    "Będzie czas na pytania do urzędników i na rozmowy między organizacjami.\n\n"
    "🕘 czwartek, 15 stycznia 2027, 10:00–14:00\n📍 Urząd Miasta, pl. Wszystkich Świętych 3-4, "
    'sala Obrad\n🔗 <a href="https://www.krakow.pl/ngo">krakow.pl/ngo</a>\n\n'
    "Tematy: Społeczeństwo obywatelskie, Edukacja"
)
ROWS = [[("📅 Dodaj do kalendarza", "ics:1")]]
KEYBOARD = InlineKeyboardMarkup([[InlineKeyboardButton(t, callback_data=d) for t, d in ROWS[0]]])


class FixedRenderer:
    """Every item gets the same announcement, as a renderer with a warm cache would give."""

    async def render(self, item: OutboxItem) -> Outgoing | None:
        return Outgoing(BODY, rows=ROWS)


class NullReporter:
    async def report(self, announcement_id: int, stats: DeliveryStats) -> None:
        return None


class NullTransport:
    """Answers every send at once: what the engine itself costs, without HTTP."""

    async def deliver(self, chat_id: int, outgoing: Outgoing) -> SendResult:
        return SendResult("ok", message_id=1)


async def broadcast_ours(
    db: Database, subscriptions: SubscriptionService, base_url: str, rate: float, announcement: int
) -> tuple[float, float]:
    """Snapshot the audience and let a DeliveryEngine deliver it; (wall, CPU) seconds."""
    settings = DeliverySettings(rate=rate)
    transport = BotApiTransport(TOKEN, base_url, settings.concurrency)
    await transport.start()
    try:
        return await drain(db, subscriptions, transport, settings, announcement)
    finally:
        await transport.close()


class Counting:
    """Wraps the transport and counts its 'ok' answers: the benchmark polls the outbox only
    once all may be done, since its polling would count as the bot's CPU."""

    def __init__(self, transport: Any) -> None:
        self._transport = transport
        self._left = 0
        self.all_ok = asyncio.Event()

    def expect(self, answers: int) -> None:
        self._left += answers

    async def deliver(self, chat_id: int, outgoing: Outgoing) -> SendResult:
        result: SendResult = await self._transport.deliver(chat_id, outgoing)
        if result.kind == "ok":
            self._left -= 1
            if self._left <= 0:
                self.all_ok.set()
        return result


async def drain(
    db: Database,
    subscriptions: SubscriptionService,
    transport: Any,
    settings: DeliverySettings,
    announcement: int,
) -> tuple[float, float]:
    """(wall, CPU) seconds from publishing to the last result recorded. The engine runs
    before and after, as in the bot, where it starts with the bot and not per broadcast."""
    outbox = OutboxService(db)
    counting = Counting(transport)
    engine = DeliveryEngine(
        outbox, FixedRenderer(), counting, NullReporter(), subscriptions, settings
    )
    await engine.start()
    began, cpu = time.perf_counter(), time.process_time()
    counting.expect(await outbox.enqueue_audience(announcement))
    engine.wake()
    # Every 50 ms once every answer came (bounding the timing error), every 2 s before: a
    # failed or blocked recipient never answers 'ok'.
    while not (await outbox.stats(announcement)).finished:
        if counting.all_ok.is_set():
            await asyncio.sleep(0.05)
            continue
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(counting.all_ok.wait(), 2.0)
    elapsed, cpu = time.perf_counter() - began, time.process_time() - cpu
    await engine.stop()
    return elapsed, cpu


async def engine_only(folder: Path, recipients: int, rate: float) -> Result:
    db = await connect(folder / f"engine-only-{rate:.0f}.sqlite3")
    try:
        await migrate(db)
        announcement = await seed(db, recipients)
        settings = DeliverySettings(rate=rate)
        transport = NullTransport()
        elapsed, cpu = await drain(db, SubscriptionService(db), transport, settings, announcement)
    finally:
        await db.close()
    report = {
        "latencies": [],
        "unanswered": 0,
        "rate_limited": 0,
        "interactive_429s": 0,
        "missing": 0,
        "duplicates": 0,
        "emulator_cpu": 0.0,
    }
    return Result("ours, no HTTP", "-", rate, recipients, elapsed, cpu, report)


async def broadcast_gathered(bot: Any, recipients: int, limit: float) -> None:
    """The obvious alternative: every send at once, AIORateLimiter spacing them; given up
    after `limit` seconds (the table then shows what was delivered by then)."""
    sends = [
        bot.send_message(chat_id, BODY, reply_markup=KEYBOARD)
        for chat_id in range(FIRST_USER, FIRST_USER + recipients)
    ]
    try:
        results = await asyncio.wait_for(asyncio.gather(*sends, return_exceptions=True), limit)
    except TimeoutError:
        print(f"  AIORateLimiter: not finished after {limit:.0f} s; the rest was cancelled")
        return
    errors = [r for r in results if isinstance(r, Exception)]
    if errors:
        print(f"  AIORateLimiter: {len(errors)} sends raised, e.g. {errors[0]!r}")


async def seed(db: Database, recipients: int) -> int:
    """`recipients` private chats and one announcement to all of them; returns its id."""
    rows = [
        (chat_id, "private", STAMP, STAMP)
        for chat_id in range(FIRST_USER, FIRST_USER + recipients)
    ]
    async with db.transaction() as conn:
        await conn.executemany(
            "INSERT INTO chats (chat_id, type, created_at, updated_at) VALUES (?, ?, ?, ?)", rows
        )
        cursor = await conn.execute(
            "INSERT INTO announcements (kind, title, all_topics, status, source, created_at) "
            "VALUES ('event', 'Forum', 1, 'published', 'cli', ?)",
            (STAMP,),
        )
    assert cursor.lastrowid is not None
    return cursor.lastrowid


async def snapshot_timing(folder: Path, chats: int) -> list[str]:
    """Time enqueue_audience over `chats` chats built like tests/bench/audience.py."""
    db = await connect(folder / "snapshot.sqlite3")
    lines = []
    try:
        await migrate(db)
        await build(db, chats, seed=3)
        outbox = OutboxService(db)
        for label, all_topics, topics in (("topics 1,5,9", 0, (1, 5, 9)), ("all topics", 1, ())):
            announcement = await _announcement(db, all_topics, topics)
            began = time.perf_counter()
            queued = await outbox.enqueue_audience(announcement)
            took = time.perf_counter() - began
            verdict = "ok" if took <= 1.0 else "OVER TARGET"
            lines.append(
                f"snapshot ({label}) of {chats} chats: {queued} items in {took * 1000:.0f} ms "
                f"[{verdict}, target 1000 ms]"
            )
    finally:
        await db.close()
    return lines


async def _announcement(db: Database, all_topics: int, topics: tuple[int, ...]) -> int:
    async with db.transaction() as conn:
        cursor = await conn.execute(
            "INSERT INTO announcements (kind, title, all_topics, status, source, created_at) "
            "VALUES ('call', 'Konkurs', ?, 'published', 'cli', ?)",
            (all_topics, STAMP),
        )
        assert cursor.lastrowid is not None
        await conn.executemany(
            "INSERT INTO announcement_topics VALUES (?, ?)",
            [(cursor.lastrowid, topic) for topic in topics],
        )
    return cursor.lastrowid
