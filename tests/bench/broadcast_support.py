"""Pieces of the broadcast benchmark: seeding, a fixed renderer, and the snapshot timing."""

from __future__ import annotations

import asyncio
import statistics
import time
from dataclasses import dataclass
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
from handlers.transport import PtbTransport, broadcast_bot
from storage import Database, connect, migrate
from tests.bench.audience import build
from tests.bench.broadcast_emulator import FIRST_USER
from tests.constants import TOKEN

HEADER = (
    f"{'method':<16} {'rate/s':>6} {'msgs':>6} {'time s':>7} {'ach/all':>7} {'429s':>5} "
    f"{'429i':>5} {'missing':>7} {'dupes':>5} {'cpu/1k':>7} {'emu%':>5} {'p95 ms':>7} "
    f"{'p50 ms':>7} {'probes':>7}"
)


@dataclass
class Result:
    method: str
    rate: float
    recipients: int
    elapsed: float
    cpu: float
    report: dict[str, Any]

    def row(self) -> str:
        report = self.report
        latencies = sorted(report["latencies"])
        p95 = p50 = float("nan")
        if latencies:
            p95 = latencies[max(0, round(0.95 * len(latencies)) - 1)] * 1000
            p50 = statistics.median(latencies) * 1000
        achieved = (self.recipients - report["missing"]) / self.elapsed / self.rate
        cpu = self.cpu / self.recipients * 1000
        emulator = report["emulator_cpu"] / self.elapsed * 100
        probes = f"{len(latencies)}/{len(latencies) + report['unanswered']}"
        return (
            f"{self.method:<16} {self.rate:>6.0f} {self.recipients:>6} {self.elapsed:>7.1f} "
            f"{achieved:>7.3f} {report['rate_limited']:>5} {report['interactive_429s']:>5} "
            f"{report['missing']:>7} {report['duplicates']:>5} {cpu:>7.3f} {emulator:>5.0f} "
            f"{p95:>7.0f} {p50:>7.0f} {probes:>7}"
        )


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
) -> None:
    """Snapshot the audience and let a DeliveryEngine deliver it; return once all is sent."""
    settings = DeliverySettings(rate=rate)
    bot = broadcast_bot(TOKEN, base_url, settings.concurrency)
    async with bot:
        await drain(db, subscriptions, PtbTransport(bot), settings, announcement)


async def drain(
    db: Database,
    subscriptions: SubscriptionService,
    transport: Any,
    settings: DeliverySettings,
    announcement: int,
) -> None:
    outbox = OutboxService(db)
    engine = DeliveryEngine(
        outbox, FixedRenderer(), transport, NullReporter(), subscriptions, settings
    )
    await engine.start()
    await outbox.enqueue_audience(announcement)
    engine.wake()
    # Polled every 0.1 s (cheap: the outbox_progress index), which bounds the timing error.
    while not (await outbox.stats(announcement)).finished:  # noqa: ASYNC110
        await asyncio.sleep(0.1)
    await engine.stop()


async def engine_only(folder: Path, recipients: int, rate: float) -> Result:
    db = await connect(folder / f"engine-only-{rate:.0f}.sqlite3")
    try:
        await migrate(db)
        announcement = await seed(db, recipients)
        began, cpu = time.perf_counter(), time.process_time()
        settings = DeliverySettings(rate=rate)
        await drain(db, SubscriptionService(db), NullTransport(), settings, announcement)
        elapsed, cpu = time.perf_counter() - began, time.process_time() - cpu
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
    return Result("ours, no HTTP", rate, recipients, elapsed, cpu, report)


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


def print_summary(rows: list[str], snapshot: list[str]) -> None:
    print("\n" + HEADER)
    for row in rows:
        print(row)
    for line in snapshot:
        print(line)
    print(
        "ach/all: achieved / allowed rate (target >= 0.95). 429s: broadcast sends the emulator "
        "refused; 429i: /start replies refused (its 1/s per-chat limit hits the 2nd reply).\n"
        "cpu/1k: bot process CPU seconds per 1,000 messages (target <= 0.3); emu%: the "
        "emulator process's CPU use (100 = one core saturated).\n"
        "p95/p50: ms from /start to the first reply (target p95 <= 300); probes: answered/sent."
    )
