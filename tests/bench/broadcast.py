"""Benchmark of the delivery engine against the emulator: `python -m tests.bench.broadcast`.

Each run starts the real Application (every real handler) on a fresh database; while a
broadcast runs, new people send /start (every 0.5 s at 25/s, every 0.25 s at 1,000/s) and the
emulator times the first reply. The emulator runs in a child process, so time.process_time()
here is the bot's CPU alone (all its threads, aiosqlite's included). Alternative: the same
Application built with PTB's AIORateLimiter, every send gathered at once on app.bot.
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import os
import sys
import tempfile
import time
from pathlib import Path
from typing import Any
from unittest import mock

# As bot.cli does: RetryAfter.retry_after is a timedelta, without a deprecation warning.
os.environ.setdefault("PTB_TIMEDELTA", "true")

from telegram import Update
from telegram.ext import AIORateLimiter, ApplicationBuilder

from bot.app import build_application, build_services, open_database
from bot.config import load_settings
from tests.bench import broadcast_support as support
from tests.bench.broadcast_emulator import Emulator
from tests.constants import TOKEN


async def run(
    emulator: Emulator, folder: Path, method: str, rate: float, recipients: int, limit: int
) -> support.Result:
    """One broadcast to `recipients` chats with the bot serving /start meanwhile."""
    await emulator.call("limit", limit)
    env = {
        "TELEGRAM_BOT_TOKEN": TOKEN,
        "TELEGRAM_API_BASE_URL": emulator.base_url,
        "NGOBOT_DB": str(folder / f"{method}-{rate:.0f}.sqlite3"),
    }
    settings = load_settings(env)
    db = await open_database(settings)
    try:
        announcement = await support.seed(db, recipients)
        services = build_services(settings, db)
        limiter = None
        if method == "aioratelimiter":
            limiter = AIORateLimiter(overall_max_rate=rate, overall_time_period=1, max_retries=3)
        with mock.patch("bot.app.ApplicationBuilder", builder_with(limiter)):
            app = build_application(settings, services)
        async with app:
            assert app.updater is not None
            await app.updater.start_polling(timeout=10, allowed_updates=Update.ALL_TYPES)
            await app.start()
            await emulator.call("probe", 0.5 if rate < 100 else 0.25)
            began, cpu = time.perf_counter(), time.process_time()
            if method == "ours":
                await support.broadcast_ours(
                    db, services.subscriptions, emulator.base_url, rate, announcement
                )
            else:
                await support.broadcast_gathered(app.bot, recipients, 2 * recipients / rate + 30)
            elapsed, cpu = time.perf_counter() - began, time.process_time() - cpu
            report = await emulator.call("report", recipients)
            await app.updater.stop()
            await app.stop()
    finally:
        await db.close()
    return support.Result(method, rate, recipients, elapsed, cpu, report)


def builder_with(
    limiter: AIORateLimiter[Any] | None,
) -> type[ApplicationBuilder[Any, Any, Any, Any, Any, Any]]:
    """The alternative needs the limiter in the very Application that also answers /start."""

    class Builder(ApplicationBuilder):  # type: ignore[type-arg]
        def build(self) -> Any:
            if limiter is not None:
                self.rate_limiter(limiter)
            return super().build()

    return Builder


async def main(args: argparse.Namespace) -> None:
    print("command: .venv/bin/python -m tests.bench.broadcast " + " ".join(sys.argv[1:]))
    emulator = Emulator(max(args.slow_recipients, args.fast_recipients))
    rows = []
    print(support.HEADER, flush=True)
    try:
        with tempfile.TemporaryDirectory() as name:
            folder = Path(name)
            # The bot's own log (PTB's error reports included) goes to a file, not the table.
            logging.basicConfig(filename=folder / "bot.log", level=logging.WARNING)
            for rate, count in ((args.slow_rate, 500), (args.fast_rate, args.fast_recipients)):
                null = await support.engine_only(folder, count, rate)
                rows.append(null.row())
                print(rows[-1], flush=True)
            for method in args.methods:
                fast = args.fast_recipients
                if method == "aioratelimiter":
                    # 10,000 sends gathered at once never finished here (httpcore's pool scans
                    # its queue per request: quadratic); 2,000 show the same behaviour.
                    fast = min(fast, args.alternative_fast_recipients)
                for rate, count, limit in (
                    (args.slow_rate, args.slow_recipients, 30),
                    (args.fast_rate, fast, args.fast_limit),
                ):
                    if count:
                        result = await run(emulator, folder, method, rate, count, limit)
                        rows.append(result.row())
                        print(rows[-1], flush=True)
            snapshot = await support.snapshot_timing(folder, args.snapshot)
    finally:
        emulator.close()
    support.print_summary(rows, snapshot)


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--slow-rate", type=float, default=25.0)
    parser.add_argument("--slow-recipients", type=int, default=2000)
    parser.add_argument("--fast-rate", type=float, default=1000.0)
    parser.add_argument("--fast-limit", type=int, default=1000, help="the emulator's global limit")
    parser.add_argument("--fast-recipients", type=int, default=10_000)
    parser.add_argument("--alternative-fast-recipients", type=int, default=2000)
    parser.add_argument("--snapshot", type=int, default=100_000)
    parser.add_argument("--methods", nargs="+", default=["ours", "aioratelimiter"])
    asyncio.run(main(parser.parse_args()))
