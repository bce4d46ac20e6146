"""The feed poller on a real database against a local HTTP server: priming, new items once,
conditional GET, failures backing off and pausing, redirects, review mode, restarts, and what
makes two items one (guids, anchors, tracking noise)."""

from __future__ import annotations

import importlib
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from bot.announcements.model import Source, Status
from bot.announcements.service import AnnouncementService
from bot.core.topics import Kind, TopicService
from bot.core.users import UserService
from bot.delivery.outbox import OutboxService
from bot.feeds import poller as poller_module
from bot.feeds.fetch import Fetcher
from bot.feeds.ingest import Ingestor, item_keys
from bot.feeds.model import Feed, Mode
from bot.feeds.parse import FeedEntry
from bot.feeds.poller import PAUSE_AFTER, FeedPoller, Intervals
from bot.feeds.service import FeedService
from bot.subscriptions.service import ChatType, SubscriptionService
from storage import Database, available_migrations, connect, feed_items, migrate
from storage.feed_items import NewItem
from tests.feeds_server import FeedServer, fixture
from tests.feeds_server import feed_server_fixture as feed_server_fixture

migrate_module = importlib.import_module("storage.migrate")
WARSAW = ZoneInfo("Europe/Warsaw")
NOW = datetime(2026, 12, 14, 12, 0, tzinfo=UTC)
MINUTE = timedelta(minutes=1)
NEW_ITEM = b"""
    <item>
      <title>Konsultacje programu wsp\xc3\xb3\xc5\x82pracy 2027</title>
      <link>https://ngo.krakow.pl/aktualnosci/281800,konsultacje.html</link>
      <guid isPermaLink="false">ngo-krakow-281800</guid>
      <pubDate>Tue, 15 Dec 2026 09:00:00 +0100</pubDate>
      <description>Uwagi mo\xc5\xbcna zg\xc5\x82asza\xc4\x87 do 20 stycznia 2027 r.</description>
    </item>
  </channel>"""


class Clock:
    def __init__(self) -> None:
        self.now = NOW

    def __call__(self) -> datetime:
        return self.now


@dataclass
class RecordingAlerts:
    held: list[int] = field(default_factory=list)
    paused: list[tuple[int, str]] = field(default_factory=list)
    floods: list[tuple[int, int]] = field(default_factory=list)

    async def item_held(self, item_id: int) -> None:
        self.held.append(item_id)

    async def feed_paused(self, feed_id: int, reason: str) -> None:
        self.paused.append((feed_id, reason))

    async def flood_held(self, feed_id: int, count: int, limit: int) -> None:
        self.floods.append((feed_id, count))


@dataclass
class World:
    db: Database
    server: FeedServer
    clock: Clock
    feeds: FeedService
    announcements: AnnouncementService
    poller: FeedPoller
    alerts: RecordingAlerts
    culture: int

    async def add(self, path: str, kind: Kind = Kind.CONSULTATION, mode: Mode = Mode.AUTO) -> Feed:
        feed = await self.feeds.add(self.server.url(path), kind, [self.culture], mode, None)
        assert isinstance(feed, Feed), feed
        return feed

    async def poll(self, feed_id: int) -> Feed:
        feed = await self.feeds.get(feed_id)
        assert feed is not None
        await self.poller.poll(feed)
        polled = await self.feeds.get(feed_id)
        assert polled is not None
        return polled

    async def published(self) -> list[tuple[str, str, str | None]]:
        rows = await self.db.fetch_all(
            "SELECT title, status, deadline FROM announcements WHERE source = 'feed' "
            "AND status = 'published' ORDER BY id"
        )
        return [(r[0], r[1], r[2]) for r in rows]


@pytest.fixture
async def world(db: Database, feed_server: FeedServer) -> World:
    clock = Clock()
    topics = TopicService(db)
    culture = await topics.find("culture")
    assert culture is not None
    await UserService(db, "pl").register(7001, "pl")
    subscriptions = SubscriptionService(db)
    await subscriptions.ensure_chat(7001, ChatType.PRIVATE)
    await subscriptions.toggle_topic(7001, culture.id)
    announcements = AnnouncementService(db, OutboxService(db, clock), WARSAW, clock)
    alerts = RecordingAlerts()
    ingestor = Ingestor(db, announcements, alerts, "Czytaj dalej", clock)
    fetcher = Fetcher(timeout=2.0)
    intervals = Intervals(default=10 * MINUTE, minimum=5 * MINUTE)
    poller = FeedPoller(db, fetcher, ingestor, alerts, intervals, clock=clock)
    yield World(db, feed_server, clock, FeedService(db, clock), announcements, poller, alerts,
                culture.id)  # fmt: skip
    await fetcher.close()


def with_new_item(name: str = "krakow_rss20.xml") -> bytes:
    return fixture(name).replace(b"  </channel>", NEW_ITEM, 1)


async def test_the_first_poll_records_items_and_sends_none(world: World) -> None:
    world.server.serve("/rss", fixture("krakow_rss20.xml"))
    feed = await world.add("/rss")
    polled = await world.poll(feed.id)
    assert polled.primed and polled.last_error is None
    assert polled.title == "Aktualności – Kraków dla NGO"
    assert await world.published() == []
    seen = await world.db.fetch_all("SELECT state FROM feed_items")
    assert [r[0] for r in seen] == ["seen", "seen", "seen"]


async def test_a_new_item_is_published_once_with_its_deadline(world: World) -> None:
    world.server.serve("/rss", fixture("krakow_rss20.xml"))
    feed = await world.add("/rss")
    await world.poll(feed.id)
    world.server.serve("/rss", with_new_item())
    await world.poll(feed.id)
    await world.poll(feed.id)  # the same item again: nothing more
    [(title, _, deadline)] = await world.published()
    assert title == "Konsultacje programu współpracy 2027"
    assert deadline is not None  # "do 20 stycznia 2027 r.", no hour: a consultation's whole day
    assert datetime.fromisoformat(deadline) == datetime(2027, 1, 20, 23, 59, tzinfo=WARSAW)
    queued = await world.db.fetch_value(
        "SELECT count(*) FROM outbox WHERE purpose = 'announcement'"
    )
    assert queued == 1  # the one culture subscriber


async def test_an_item_in_two_feeds_is_published_once(world: World) -> None:
    world.server.serve("/one", fixture("krakow_rss20.xml"))
    world.server.serve("/two", fixture("krakow_rss20.xml"))
    first, second = await world.add("/one"), await world.add("/two")
    await world.poll(first.id)
    await world.poll(second.id)
    world.server.serve("/one", with_new_item())
    world.server.serve("/two", with_new_item())
    await world.poll(first.id)
    await world.poll(second.id)
    assert len(await world.published()) == 1


async def test_a_304_costs_no_parsing(world: World, monkeypatch: pytest.MonkeyPatch) -> None:
    world.server.serve("/rss", fixture("krakow_rss20.xml"), etag='"v1"')
    feed = await world.add("/rss")
    await world.poll(feed.id)
    parsed: list[str] = []
    original = poller_module.parse_feed

    async def counting(body: bytes, url: str) -> object:
        parsed.append(url)
        return await original(body, url)

    monkeypatch.setattr(poller_module, "parse_feed", counting)
    world.clock.now += timedelta(minutes=30)
    polled = await world.poll(feed.id)
    assert parsed == []
    assert world.server.headers_seen("/rss")[-1]["If-None-Match"] == '"v1"'
    assert polled.last_success_at == world.clock.now and polled.failures == 0


async def test_failures_back_off_then_pause_with_a_staff_alert(world: World) -> None:
    world.server.serve("/broken", fixture("broken.xml"))
    feed = await world.add("/broken")
    waits = []
    for _ in range(PAUSE_AFTER):
        polled = await world.poll(feed.id)
        waits.append(polled.next_poll_at - world.clock.now)
        world.clock.now = polled.next_poll_at
    assert waits[:4] == [10 * MINUTE, 20 * MINUTE, 40 * MINUTE, 80 * MINUTE]
    assert polled.failures == PAUSE_AFTER and not polled.active
    assert polled.paused_reason is not None and "malformed" in polled.paused_reason
    assert world.alerts.paused == [(feed.id, polled.paused_reason)]
    resumed = await world.feeds.resume(feed.id)
    assert resumed is not None and resumed.active and resumed.failures == 0


@pytest.mark.parametrize(
    ("serve", "reason"),
    [
        ({"body": fixture("portal_page.html"), "content_type": "text/html"}, "not a feed"),
        ({"status": 404}, "HTTP 404"),
        ({"status": 503, "headers": {"Retry-After": "7200"}}, "HTTP 503"),
        ({"body": fixture("krakow_rss20.xml"), "delay": 5.0}, "timed out"),
    ],
)
async def test_errors_are_recorded_with_their_reason(
    world: World, serve: dict[str, object], reason: str
) -> None:
    world.server.serve("/feed", **serve)  # type: ignore[arg-type]  # Route's fields
    feed = await world.add("/feed")
    polled = await world.poll(feed.id)
    assert polled.last_error is not None and reason in polled.last_error
    assert polled.failures == 1 and polled.active and not polled.primed
    if "503" in reason:  # Retry-After of two hours beats the ten-minute backoff
        assert polled.next_poll_at - world.clock.now == timedelta(hours=2)


async def test_a_permanent_redirect_updates_the_address(world: World) -> None:
    world.server.serve("/new", fixture("krakow_rss20.xml"))
    world.server.redirect_chain(["/old"], [301], "/new")
    feed = await world.add("/old")
    polled = await world.poll(feed.id)
    assert polled.url == world.server.url("/new") and polled.primed
    world.server.redirect_chain(["/new"], [302], "/elsewhere")
    world.server.serve("/elsewhere", fixture("krakow_rss20.xml"))
    assert (await world.poll(feed.id)).url == world.server.url("/new")  # temporary: kept


async def test_review_mode_holds_items_for_staff(world: World) -> None:
    world.server.serve("/rss", fixture("krakow_rss20.xml"))
    feed = await world.add("/rss", Kind.CALL, Mode.REVIEW)
    await world.poll(feed.id)
    world.server.serve("/rss", with_new_item())
    polled = await world.poll(feed.id)
    assert await world.published() == [] and polled.held == 1
    [item_id] = world.alerts.held
    draft_id = await world.db.fetch_value(
        "SELECT announcement_id FROM feed_items WHERE id = ?", (item_id,)
    )
    draft = await world.announcements.get(int(draft_id))  # type: ignore[arg-type]  # an id
    assert draft is not None and draft.status is Status.DRAFT and draft.source is Source.FEED


async def test_an_item_left_pending_by_a_crash_is_finished_at_start(world: World) -> None:
    world.server.serve("/rss", fixture("krakow_rss20.xml"))
    feed = await world.add("/rss")
    await world.poll(feed.id)
    world.server.serve("/rss", with_new_item())
    # The process dies after recording the item, before publishing it.
    original = Ingestor.decide

    async def crash(self: Ingestor, item_id: int, mode: Mode) -> bool:
        raise SystemExit("killed")

    Ingestor.decide = crash  # type: ignore[method-assign]  # simulate the crash point
    try:
        with pytest.raises(SystemExit):
            await world.poll(feed.id)
    finally:
        Ingestor.decide = original  # type: ignore[method-assign]
    assert await world.published() == []
    await world.poller.start()
    await world.poller.stop()
    assert [title for title, _, _ in await world.published()] == [
        "Konsultacje programu współpracy 2027"
    ]


async def test_a_feeds_ttl_lengthens_its_interval(world: World) -> None:
    body = fixture("krakow_rss20.xml").replace(b"<ttl>30</ttl>", b"<ttl>90</ttl>")
    world.server.serve("/rss", body)
    feed = await world.add("/rss")
    polled = await world.poll(feed.id)
    assert polled.next_poll_at - world.clock.now == timedelta(minutes=90)
    assert polled.interval_seconds == 90 * 60


# Item identity. Several announcements often share one page: sieradz.eu/ngo-for-the-money lists
# every funding call on one page by date, and Cafe con Leche's feed gave the same link to every
# item of a day (25hoursaday.com/weblog/2004/07/24/DuplicateTitlesInRSSBandit.aspx). Readers
# treat a guid as the identity when there is one (xn--8ws00zhy3a.com/blog/2006/08/
# rss-dup-detection). The items below are our own, in the forms of BIP notice lists.
def rss(*items: str) -> bytes:
    body = "".join(f"<item>{item}</item>" for item in items)
    return (
        '<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel>'
        f"<title>BIP – ogłoszenia</title><link>https://bip.example.pl/ogloszenia</link>{body}"
        "</channel></rss>"
    ).encode()


def item(title: str, link: str | None = None, guid: str | None = None, day: int = 0) -> str:
    parts = [f"<title>{title}</title>"]
    parts += [f"<link>{link}</link>"] if link else []
    parts += [f'<guid isPermaLink="false">{guid}</guid>'] if guid else []
    parts += [f"<pubDate>{15 + day} Dec 2026 09:00:00 +0100</pubDate>"] if day >= 0 else []
    return "".join(parts)


PAGE = "https://bip.example.pl/ogloszenia.html"


async def published_after(world: World, first: bytes, then: bytes) -> list[str]:
    """Titles published when the feed, primed with `first`, is polled with `then` (twice)."""
    world.server.serve("/bip", first)
    feed = await world.add("/bip")
    await world.poll(feed.id)
    world.server.serve("/bip", then)
    await world.poll(feed.id)
    await world.poll(feed.id)
    return [title for title, _, _ in await world.published()]


async def test_announcements_anchored_on_one_page_are_each_published(world: World) -> None:
    first = item("Ogłoszenie o naborze do komisji", f"{PAGE}#ogl-1")
    # Same page, same day, and two of them with the page's generic title: three announcements.
    then = [
        item("Ogłoszenie", f"{PAGE}#ogl-2"),
        item("Ogłoszenie", f"{PAGE}#ogl-3"),
        item("Wyniki konkursu ofert „Seniorzy 2027”", f"{PAGE}#wyniki-%C5%82"),
    ]
    titles = await published_after(world, rss(first), rss(first, *then))
    assert titles == ["Ogłoszenie", "Ogłoszenie", "Wyniki konkursu ofert „Seniorzy 2027”"]


async def test_guids_tell_items_apart_when_all_link_to_the_list_page(world: World) -> None:
    first = item("Konsultacje statutu", PAGE, guid="bip-101")
    then = item("Nabór do Rady Seniorów", PAGE, guid="bip-102", day=1)
    assert await published_after(world, rss(first), rss(then, first)) == ["Nabór do Rady Seniorów"]


async def test_a_guid_every_item_shares_is_not_an_identity(world: World) -> None:
    # A CMS that writes one static guid for the whole list: the links tell the items apart.
    first = item("Konsultacje statutu", f"{PAGE}?id=1", guid="ogloszenia")
    then = item("Nabór do Rady Seniorów", f"{PAGE}?id=2", guid="ogloszenia", day=1)
    assert await published_after(world, rss(first, first), rss(then, first)) == [
        "Nabór do Rady Seniorów"
    ]


async def test_tracking_noise_and_an_empty_anchor_keep_an_item_the_same(world: World) -> None:
    seen = [
        item("Konsultacje statutu", f"{PAGE.replace('bip.', 'BIP.')}/", day=-1),
        item("Dyżur konsultanta", "https://bip.example.pl/dyzur.html#", day=-1),
        item("Szkolenie z dotacji", "https://bip.example.pl/szkolenie.html", day=-1),
    ]
    again = [
        item("Konsultacje statutu", f"{PAGE}#utm_source=rss&utm_medium=feed", day=-1),
        item("Dyżur konsultanta", "https://bip.example.pl/dyzur.html", day=-1),
        item("Szkolenie z dotacji", "https://bip.example.pl/szkolenie.html#xtor=RSS-3", day=-1),
    ]
    assert await published_after(world, rss(*seen), rss(*again)) == []


async def test_an_anchored_item_seen_before_the_upgrade_is_not_announced_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Migration 0019 gives items recorded with anchor-less keys their anchored key too."""
    db = await connect(tmp_path / "old.sqlite3")
    try:
        before = available_migrations()[:18]
        monkeypatch.setattr(migrate_module, "available_migrations", lambda: before)
        await migrate(db)
        async with db.transaction() as conn:  # as the old code recorded it: no anchor
            await conn.execute(
                "INSERT INTO feed_items (id, link, title, state, created_at) "
                "VALUES (1, ?, 'Ogł.', 'seen', '2026-12-01T09:00:00.000000+00:00')",
                (f"{PAGE}#ogl-1",),
            )
            await conn.execute(
                "INSERT INTO feed_item_keys (key, item_id) "
                "VALUES ('l://bip.example.pl/ogloszenia.html', 1)"
            )
        monkeypatch.undo()
        assert (await migrate(db)).applied == [19]
        entry = FeedEntry(None, f"{PAGE}#ogl-1", "Ogł.", None, "")
        assert await feed_items.unknown(db, [old_item(entry)]) == []
        other = FeedEntry(None, f"{PAGE}#ogl-2", "Ogł.", None, "")
        assert await feed_items.unknown(db, [old_item(entry), old_item(other)]) == [1]
    finally:
        await db.close()


def old_item(entry: FeedEntry) -> NewItem:
    return NewItem(item_keys("https://bip.example.pl/rss", entry), None, entry.link, "x", None)
