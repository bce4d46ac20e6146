"""Helpers for the /feeds tests: the real services on a database, held items made by the real
Ingestor, and OPML documents."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import UTC, datetime

from bot.container import Services
from bot.core.topics import Kind
from bot.feeds.ingest import Alerts, Ingestor
from bot.feeds.model import Feed, Mode
from bot.feeds.opml import write_opml
from bot.feeds.parse import FeedEntry
from bot.wiring import build_services
from storage import Database, connect
from tests.conftest import RunningBot

NEXT_YEAR = datetime.now(UTC).year + 1


class RecordingAlerts:
    """bot.feeds.ingest.Alerts that only remembers what it was told."""

    def __init__(self) -> None:
        self.held: list[int] = []
        self.paused: list[tuple[int, str]] = []
        self.floods: list[tuple[int, int]] = []

    async def item_held(self, item_id: int) -> None:
        self.held.append(item_id)

    async def feed_paused(self, feed_id: int, reason: str) -> None:
        self.paused.append((feed_id, reason))

    async def flood_held(self, feed_id: int, count: int, limit: int) -> None:
        self.floods.append((feed_id, count))


def call_entry(title: str, *, with_deadline: bool = True, guid: str | None = None) -> FeedEntry:
    """A call for proposals as a city portal words it, its deadline next January."""
    summary = f"<p>Konkurs dla organizacji pozarządowych: {title}.</p>"
    if with_deadline:
        summary += (
            f"<p>Termin składania ofert upływa 15 stycznia {NEXT_YEAR} r. o godz. 12:00.</p>"
        )
    return FeedEntry(
        guid=guid or f"guid-{title}",
        link=f"https://www.example.pl/konkursy/{abs(hash(title))}",
        title=title,
        published=datetime.now(UTC),
        summary_html=summary,
    )


async def review_feed(
    services: Services, url: str = "https://www.example.pl/rss", kind: Kind = Kind.CALL
) -> Feed:
    culture = await services.topics.find("culture")
    assert culture is not None
    feed = await services.feeds.add(url, kind, [culture.id], Mode.REVIEW, None)
    assert isinstance(feed, Feed), feed
    return feed


async def hold_item(
    services: Services, db: Database, feed_id: int, entry: FeedEntry, alerts: Alerts | None = None
) -> int:
    """Run the real Ingestor on `entry` (priming the feed first if need be): the held item."""
    ingestor = Ingestor(db, services.announcements, alerts or RecordingAlerts(), "more")
    feed = await services.feeds.get(feed_id)
    assert feed is not None
    if not feed.primed:
        await ingestor.ingest(feed, [])
        feed = await services.feeds.get(feed_id)
        assert feed is not None
    result = await ingestor.ingest(feed, [entry])
    assert result.held == 1, result
    items = await services.held_items.held(100)
    return items[-1].item_id


def opml_of(*urls: str) -> bytes:
    return write_opml([(url, None) for url in urls])


@asynccontextmanager
async def bot_services(bot: RunningBot) -> AsyncIterator[tuple[Services, Database]]:
    """The real services on a second connection to a running bot's database."""
    db = await connect(bot.settings.db_url)
    try:
        yield build_services(bot.settings, db), db
    finally:
        await db.close()
