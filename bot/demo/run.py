"""Start the demo: the local Bot API, the real bot on a demo database, and the web page."""

from __future__ import annotations

import asyncio
import signal
from collections.abc import Callable
from pathlib import Path

from aiohttp import web

from bot.app import open_database, serve
from bot.config import Settings, load_settings
from bot.demo.feed import FEED_PATH, DemoFeed
from bot.demo.history import HISTORY_FILE, load_chats, save_chats
from bot.demo.people import STAFF_ID, People
from bot.demo.seed import publish_sample, seed
from bot.demo.web import DemoActions, DemoSite
from bot.feeds.service import FeedService
from bot.sandbox import BotApiEmulator
from storage import connect

# A fixed, obviously fake token: the local Bot API accepts it, Telegram never sees it.
DEMO_TOKEN = "7000000001:demo-sandbox-token-not-a-real-one"  # noqa: S105 - not a secret
DEMO_BOT = "ngobot_demo_bot"
DB_NAME = "ngobot.sqlite3"
DEMO_FILES = (
    DB_NAME,
    f"{DB_NAME}-wal",
    f"{DB_NAME}-shm",
    "people.json",
    "feed.json",
    HISTORY_FILE,
)
START_TIMEOUT = 30.0  # seconds for the bot's first poll of the local Bot API


def demo_settings(folder: Path, api_base_url: str) -> Settings:
    """The bot's settings in the demo: none read from the environment or .env on purpose."""
    return load_settings(
        {
            "TELEGRAM_BOT_TOKEN": DEMO_TOKEN,
            "TELEGRAM_API_BASE_URL": api_base_url,
            "NGOBOT_DB": str(folder / DB_NAME),
            "NGOBOT_ADMINS": str(STAFF_ID),
            # Visitors come at any hour: no announcement waits for the morning.
            "NGOBOT_QUIET_HOURS": "off",
            "NGOBOT_LOG_LEVEL": "WARNING",
        }
    )


def reset(folder: Path) -> None:
    """Remove what the demo wrote (only its own files: the folder may hold others)."""
    for name in DEMO_FILES:
        (folder / name).unlink(missing_ok=True)


def prepare(folder: Path) -> bool:
    """Make the folder; True when it holds no demo database yet (the demo data goes in)."""
    folder.mkdir(parents=True, exist_ok=True)
    return not (folder / DB_NAME).exists()


async def run_demo(folder: Path, port: int, host: str = "127.0.0.1") -> None:
    """Serve until SIGINT or SIGTERM, then stop the bot, the page and the local Bot API."""
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(signum, stop.set)
    address = f"http://{host}:{port}"
    fresh = prepare(folder)
    async with BotApiEmulator(DEMO_TOKEN, DEMO_BOT, bot_name="NGO Bot (demo)") as emulator:
        settings = demo_settings(folder, emulator.base_url)
        if not fresh:
            load_chats(emulator, folder)
        feed_url = f"{address}{FEED_PATH}"
        actions = DemoActions(
            feed_published=lambda: _poll_feed_now(settings, feed_url),
            publish_sample=lambda: _publish_sample(settings),
        )
        feed = DemoFeed(folder, f"{address}/")
        site = DemoSite(emulator, People(emulator, folder), feed, actions)
        runner = web.AppRunner(site.application(), access_log=None, shutdown_timeout=1.0)
        await runner.setup()
        try:
            # The port first: when it is taken, nothing is written to the demo folder.
            await web.TCPSite(runner, host, port).start()
            if fresh:
                await _seed(settings, feed_url)
            await _run_bot(settings, emulator, site, stop, lambda: _ready(address, folder, fresh))
        finally:
            await runner.cleanup()
            save_chats(emulator, folder)


async def _run_bot(
    settings: Settings,
    emulator: BotApiEmulator,
    site: DemoSite,
    stop: asyncio.Event,
    ready: Callable[[], None],
) -> None:
    bot = asyncio.create_task(serve(settings, stop), name="ngobot")
    try:
        await _wait_for_first_poll(emulator, bot)
        ready()
        await bot
    finally:
        stop.set()
        site.closing.set()  # ends the page's event streams, which would hold the server
        emulator.state.notifier.notify()
        await asyncio.gather(bot, return_exceptions=True)


def _ready(address: str, folder: Path, fresh: bool) -> None:
    print(f"ngobot demo: open {address} in a browser (Ctrl-C stops)", flush=True)
    if not fresh:
        print(
            f"ngobot demo: continuing the last run in {folder}; --reset starts afresh",
            flush=True,
        )


async def _seed(settings: Settings, feed_url: str) -> None:
    db = await open_database(settings)
    try:
        await seed(settings, db, feed_url)
    finally:
        await db.close()


async def _publish_sample(settings: Settings) -> str:
    # A connection of its own, as the CLI would: the bot sees the change and sends it.
    db = await connect(settings.db_path)
    try:
        return await publish_sample(settings, db)
    finally:
        await db.close()


async def _poll_feed_now(settings: Settings, feed_url: str) -> None:
    """Make the demo feed due now on a connection of our own: the bot sees the change and
    polls it (resuming an active feed only moves its next poll to now)."""
    db = await connect(settings.db_path)
    try:
        feeds = FeedService(db)
        for feed in await feeds.list():
            if feed.url == feed_url:
                await feeds.resume(feed.id)
    finally:
        await db.close()


async def _wait_for_first_poll(emulator: BotApiEmulator, bot: asyncio.Task[None]) -> None:
    loop = asyncio.get_running_loop()
    deadline = loop.time() + START_TIMEOUT
    while not emulator.calls("getUpdates"):
        if bot.done():
            await bot  # raises what stopped it
            return
        if loop.time() > deadline:
            raise RuntimeError("the bot did not start polling the local Bot API")
        await emulator.state.notifier.wait(0.05)
