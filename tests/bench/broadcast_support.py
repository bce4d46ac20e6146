"""Pieces of the broadcast benchmark: seeding, running the bot's own sender, timing CPU."""

from __future__ import annotations

import asyncio
import contextlib
import time
from pathlib import Path
from typing import Any

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from bot.app import freeze_startup_heap
from bot.config import Settings, load_settings
from bot.container import Services
from bot.delivery import DeliveryEngine, DeliveryStats, OutboxService, Outgoing, SendResult
from bot.delivery.pacing import GlobalPacer
from bot.delivery.transport import BotApiTransport
from bot.runtime import Runtime, delivery_settings
from bot.wiring import build_services
from handlers.types import App
from storage import Database, connect, migrate
from storage.db import insert_id
from tests.bench.audience import build
from tests.bench.broadcast_emulator import FIRST_USER
from tests.bench.broadcast_table import Result, Timing
from tests.bench.databases import DATABASES
from tests.constants import TOKEN

STAMP = "2026-01-01T00:00:00.000000+00:00"
STAFF_CHAT = 900_000_000  # whose progress message the sender edits every 2 s
# An announcement as staff would write it; rendered by the bot it reads like BODY.
EVENT = (
    "Forum organizacji pozarządowych: współpraca z Miastem 2027",
    "Zapraszamy przedstawicieli organizacji na coroczne forum. Porozmawiamy o programie "
    "współpracy, otwartych konkursach ofert na przyszły rok i o tym, jak zgłaszać postulaty. "
    "Będzie czas na pytania do urzędników i na rozmowy między organizacjami.",
    "2027-01-15T09:00:00.000000+00:00",
    "2027-01-15T13:00:00.000000+00:00",
    "Urząd Miasta, pl. Wszystkich Świętych 3-4, sala Obrad",
    "https://www.krakow.pl/ngo",
)
# The alternative sends this: about the size of a real announcement (title, dates, place,
# link, topics, one button).
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


class NullReporter:
    async def report(self, announcement_id: int, stats: DeliveryStats) -> None:
        return None


class NullTransport:
    """Answers every send at once: what the engine itself costs, without HTTP."""

    async def deliver(self, chat_id: int, outgoing: Outgoing) -> SendResult:
        return SendResult("ok", message_id=1)


async def idle_cpu(seconds: float) -> float:
    """CPU seconds per second of this process while it does what it does anyway."""
    began, cpu = time.perf_counter(), time.process_time()
    await asyncio.sleep(seconds)
    return (time.process_time() - cpu) / (time.perf_counter() - began)


async def broadcast_ours(
    app: App,
    services: Services,
    settings: Settings,
    db: Database,
    pacer: GlobalPacer,
    announcement: int,
    baseline: float,
) -> Timing:
    """The bot's own Runtime (engine, renderer, progress reports, scheduler, feed poller) over
    the real transport, as bot.app runs it."""
    transport = BotApiTransport(
        TOKEN, settings.api_base_url, delivery_settings(settings).concurrency
    )
    await transport.start()
    counting = Counting(transport)
    runtime = Runtime(app, services, settings, db, counting, pacer)
    freeze_startup_heap()  # as bot.app.serve does before the runtime starts
    await runtime.start()
    try:
        return await drain(services.outbox, runtime.engine, counting, announcement, baseline)
    finally:
        await runtime.stop()
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

    async def edit_text(self, chat_id: int, message_id: int, text: str) -> SendResult:
        """The staff's progress message: not one of the broadcast's messages."""
        result: SendResult = await self._transport.edit_text(chat_id, message_id, text)
        return result


async def drain(
    outbox: OutboxService,
    engine: DeliveryEngine,
    counting: Counting,
    announcement: int,
    baseline: float,
) -> Timing:
    """Publish to the snapshot audience and wait for every result. The engine runs before and
    after, as in the bot, where it starts with the bot and not per broadcast."""
    idle = await idle_cpu(baseline)
    began, cpu = time.perf_counter(), time.process_time()
    counting.expect(await outbox.enqueue_audience(announcement))
    engine.wake()
    # Every 50 ms once every answer came (bounding the timing error), every 10 s before: a
    # failed or blocked recipient never answers 'ok'. Rarely before: these looks are the
    # benchmark's own work, yet counted in the bot's CPU.
    while not (await outbox.stats(announcement)).finished:
        if counting.all_ok.is_set():
            await asyncio.sleep(0.05)
            continue
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(counting.all_ok.wait(), 10.0)
    return Timing(time.perf_counter() - began, time.process_time() - cpu, idle)


async def engine_only(folder: Path, recipients: int, rate: float, baseline: float) -> Result:
    """The engine with the bot's renderer and a transport answering at once: no HTTP."""
    target = await DATABASES.target(folder, f"engine_only_{rate:.0f}")
    settings = bench_settings("http://127.0.0.1:9/bot", target, rate)
    db = await connect(settings.db_url)
    try:
        await migrate(db)
        announcement = await seed(db, recipients)
        services = build_services(settings, db)
        counting = Counting(NullTransport())
        engine = DeliveryEngine(
            services.outbox,
            services.outbox_renderer,
            counting,
            NullReporter(),
            services.subscriptions,
            delivery_settings(settings),
        )
        await engine.start()
        try:
            timing = await drain(services.outbox, engine, counting, announcement, baseline)
        finally:
            await engine.stop()
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
    return Result("ours, no HTTP", "-", rate, recipients, timing, report)


def bench_settings(base_url: str, path: Path | str, rate: float) -> Settings:
    """The bot's settings for a run; no weekly digest, which would add its own sends."""
    return load_settings(
        {
            "TELEGRAM_BOT_TOKEN": TOKEN,
            "TELEGRAM_API_BASE_URL": base_url,
            "NGOBOT_DB": str(path),
            "NGOBOT_SEND_RATE": f"{rate:g}",
            "NGOBOT_DIGEST": "off",
        }
    )


async def broadcast_gathered(bot: Any, recipients: int, limit: float, baseline: float) -> Timing:
    """The obvious alternative: every send at once, AIORateLimiter spacing them; given up
    after `limit` seconds (the table then shows what was delivered by then)."""
    idle = await idle_cpu(baseline)
    began, cpu = time.perf_counter(), time.process_time()
    await _gather(bot, recipients, limit)
    return Timing(time.perf_counter() - began, time.process_time() - cpu, idle)


async def _gather(bot: Any, recipients: int, limit: float) -> None:
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
        new_id = await insert_id(
            conn,
            "INSERT INTO announcements (kind, title, body_html, starts_at, ends_at, place, link, "
            "all_topics, status, source, created_at, published_at, progress_chat_id, "
            "progress_message_id) VALUES ('event', ?, ?, ?, ?, ?, ?, 1, 'published', 'chat', ?, "
            "?, ?, 1)",
            (*EVENT, STAMP, STAMP, STAFF_CHAT),
        )
    assert new_id is not None
    return new_id


async def snapshot_timing(folder: Path, chats: int) -> list[str]:
    """Time enqueue_audience over `chats` chats built like tests/bench/audience.py."""
    db = await connect(await DATABASES.target(folder, "snapshot"))
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
        new_id = await insert_id(
            conn,
            "INSERT INTO announcements (kind, title, all_topics, status, source, created_at) "
            "VALUES ('call', 'Konkurs', ?, 'published', 'cli', ?)",
            (all_topics, STAMP),
        )
        assert new_id is not None
        await conn.executemany(
            "INSERT INTO announcement_topics VALUES (?, ?)", [(new_id, topic) for topic in topics]
        )
    return new_id
