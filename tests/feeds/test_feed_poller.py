"""The feed poller on a real database against a local HTTP server: priming, new items once,
conditional GET, failures backing off and pausing, redirects, review mode, restarts."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from bot.announcements.model import Source, Status
from bot.announcements.service import AnnouncementService
from bot.core.topics import Kind, TopicService
from bot.core.users import UserService
from bot.delivery.outbox import OutboxService
from bot.feeds import poller as poller_module
from bot.feeds.fetch import Fetcher
from bot.feeds.ingest import Ingestor
from bot.feeds.model import Feed, Mode
from bot.feeds.poller import PAUSE_AFTER, FeedPoller, Intervals
from bot.feeds.service import FeedService
from bot.subscriptions.service import ChatType, SubscriptionService
from storage import Database
from tests.feeds_server import FeedServer, fixture
from tests.feeds_server import feed_server_fixture as feed_server_fixture

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
