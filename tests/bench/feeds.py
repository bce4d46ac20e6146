"""Benchmark of one polling cycle over 500 feeds: `python -m tests.bench.feeds`.

A child process serves the feeds (so its CPU is not counted) on 0.0.0.0; the feeds are spread
over 50 loopback addresses (127.0.0.2 …) so the per-host limit of two requests works as it
would across a city's portals. Three cycles on a fresh database, each timed for wall clock,
this process's CPU (all threads: feedparser's worker threads and aiosqlite's included) and the
worst event-loop lag, measured by a task that asks to wake every 5 ms:
1. first poll: every feed parsed, its items recorded (not published);
2. nothing changed: every feed answers 304;
3. one new item in every feed: 500 items parsed, deduplicated and published as announcements
   to 1,000 subscribed chats each (outbox snapshots), with deadlines extracted.
"""

from __future__ import annotations

import argparse
import asyncio
import multiprocessing
import tempfile
import time
from datetime import timedelta
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Final
from zoneinfo import ZoneInfo

from aiohttp import web

from bot.announcements.service import AnnouncementService
from bot.core.topics import Kind
from bot.delivery.outbox import OutboxService
from bot.feeds.fetch import Fetcher
from bot.feeds.ingest import Ingestor
from bot.feeds.model import Feed, Mode
from bot.feeds.poller import FeedPoller, Intervals
from bot.feeds.service import FeedService
from storage import Database, connect, migrate

LAG_TICK: Final = 0.005
LAG_TARGET_MS: Final = 50.0
HOSTS: Final = 50
ITEMS: Final = 20
CREATED: Final = "2026-01-01T00:00:00.000000+00:00"


def feed_body(feed: int, items: int, extra: bool) -> bytes:
    """A realistic RSS 2.0 feed of `items` items (plus one new one when `extra`)."""
    numbers = list(range(items)) + ([items] if extra else [])
    entries = "".join(
        f"""<item><title>Ogłoszenie {feed}-{n}: otwarty konkurs ofert w zakresie pomocy
        społecznej</title><link>https://portal{feed % HOSTS}.example.pl/a/{feed}/{n}</link>
        <guid isPermaLink="false">f{feed}-i{n}</guid><pubDate>Mon, 14 Dec 2026 09:30:00 +0100
        </pubDate><description><![CDATA[<p>Prezydent Miasta ogłasza <b>otwarty konkurs
        ofert</b>.</p><ul><li>Zadanie 1</li><li>Zadanie 2</li></ul><p>Termin składania ofert
        upływa 15 stycznia 2027 r. o godz. 15:00.</p>]]></description></item>"""
        for n in reversed(numbers)
    )
    return (
        f'<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel>'
        f"<title>Portal {feed}</title><link>https://example.pl</link>{entries}</channel></rss>"
    ).encode()


def serve(conn: Connection, feeds: int) -> None:
    """The child process: answers /feed/N with ETags; 'extra' adds one item to every feed."""
    state = {"extra": False}

    async def handle(request: web.Request) -> web.Response:
        number = int(request.match_info["n"])
        etag = f'"{number}-{int(state["extra"])}"'
        if request.headers.get("If-None-Match") == etag:
            return web.Response(status=304, headers={"ETag": etag})
        body = feed_body(number, ITEMS, state["extra"])
        return web.Response(body=body, content_type="application/rss+xml", headers={"ETag": etag})

    async def main() -> None:
        app = web.Application()
        app.router.add_get("/feed/{n}", handle)
        runner = web.AppRunner(app, access_log=None)
        await runner.setup()
        site = web.TCPSite(runner, "0.0.0.0", 0)  # noqa: S104 - loopback aliases 127.0.0.x
        await site.start()
        conn.send(runner.addresses[0][1])
        while True:
            command = await asyncio.to_thread(conn.recv)
            if command == "quit":
                break
            state["extra"] = command == "extra"
            conn.send("ok")
        await runner.cleanup()

    asyncio.run(main())


async def subscribers(db: Database, count: int) -> int:
    """`count` private chats subscribed to the first topic; returns that topic's id."""
    rows = [(10_000_000 + n, "private", CREATED, CREATED) for n in range(count)]
    async with db.transaction() as conn:
        await conn.executemany(
            "INSERT INTO chats (chat_id, type, created_at, updated_at) VALUES (?, ?, ?, ?)", rows
        )
        await conn.executemany(
            "INSERT INTO chat_topics VALUES (?, 1)", [(row[0],) for row in rows]
        )
    return 1


async def cycle(poller: FeedPoller, label: str, feeds: int) -> None:
    worst = 0.0
    stop = asyncio.Event()

    async def ticker() -> None:
        nonlocal worst
        while not stop.is_set():
            began = time.perf_counter()
            await asyncio.sleep(LAG_TICK)
            worst = max(worst, time.perf_counter() - began - LAG_TICK)

    task = asyncio.create_task(ticker())
    cpu, wall = time.process_time(), time.perf_counter()
    polled = 0
    while polled < feeds:
        polled += await poller.poll_due()
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    stop.set()
    await task
    verdict = "ok" if worst * 1000 <= LAG_TARGET_MS else "OVER TARGET"
    print(
        f"{label:<34} {polled} feeds  wall {wall:6.2f} s  CPU {cpu:6.2f} s  "
        f"worst loop lag {worst * 1000:5.1f} ms [{verdict}, target {LAG_TARGET_MS:.0f} ms]"
    )


async def run(feeds: int, chats: int, port: int, command: Connection) -> None:
    with tempfile.TemporaryDirectory() as folder:
        db = await connect(Path(folder) / "bench.sqlite3")
        await migrate(db)
        topic = await subscribers(db, chats)
        zone = ZoneInfo("Europe/Warsaw")
        announcements = AnnouncementService(db, OutboxService(db), zone)
        service = FeedService(db)
        for n in range(feeds):
            url = f"http://127.0.0.{2 + n % HOSTS}:{port}/feed/{n}"
            added = await service.add(url, Kind.CALL, [topic], Mode.AUTO, None)
            assert isinstance(added, Feed), added
        fetcher = Fetcher()
        ingestor = Ingestor(db, announcements, _NoAlerts(), "Czytaj dalej")
        intervals = Intervals(timedelta(0), timedelta(0))  # every feed due again at once
        poller = FeedPoller(db, fetcher, ingestor, _NoAlerts(), intervals)
        try:
            await cycle(poller, "1. first poll (items recorded)", feeds)
            await cycle(poller, "2. unchanged (304 Not Modified)", feeds)
            command.send("extra")
            command.recv()
            await cycle(poller, "3. one new item per feed, published", feeds)
            published = await db.fetch_value(
                "SELECT count(*) FROM announcements WHERE status = 'published'"
            )
            queued = await db.fetch_value("SELECT count(*) FROM outbox")
            print(f"published {published} announcements, {queued} outbox items queued")
        finally:
            await fetcher.close()
            await db.close()


class _NoAlerts:
    async def item_held(self, item_id: int) -> None:
        return None

    async def feed_paused(self, feed_id: int, reason: str) -> None:
        print(f"feed {feed_id} paused: {reason}")

    async def flood_held(self, feed_id: int, count: int, limit: int) -> None:
        print(f"feed {feed_id}: {count} new items held (more than {limit})")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--feeds", type=int, default=500)
    parser.add_argument("--chats", type=int, default=1000)
    args = parser.parse_args()
    context = multiprocessing.get_context("spawn")
    ours, theirs = context.Pipe()
    server = context.Process(target=serve, args=(theirs, args.feeds), daemon=True)
    server.start()
    port = ours.recv()
    try:
        asyncio.run(run(args.feeds, args.chats, port, ours))
    finally:
        ours.send("quit")
        server.join(10)


if __name__ == "__main__":
    main()
