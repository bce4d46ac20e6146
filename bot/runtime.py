"""The bot's long-lived work beside the Application: the outbox sender, the scheduler, feeds."""

from __future__ import annotations

import math

from bot.announcements.model import Announcement, Status
from bot.announcements.service import Listener
from bot.config import Settings
from bot.container import Services
from bot.delivery.engine import DeliveryEngine
from bot.delivery.pacing import GlobalPacer
from bot.delivery.types import BroadcastTransport, DeliverySettings
from bot.feeds.fetch import Fetcher
from bot.feeds.ingest import MORE_LABEL, Ingestor
from bot.feeds.poller import FeedPoller, Intervals
from bot.scheduling import Scheduler
from bot.watching import ChangeWatcher
from handlers.announce_progress import ProgressMessages
from handlers.common import flows_in
from handlers.feed_alerts import FeedAlerts
from handlers.staff_alerts import StaffAlerts, StaffSummaries
from handlers.types import App
from storage import Database

STOP_SENDING_TIMEOUT = 5.0  # seconds for sends on the wire: the whole stop fits in 10 s


def delivery_settings(settings: Settings) -> DeliverySettings:
    """Enough sends in flight to fill the rate over Telegram's round trip (~50-80 ms)."""
    concurrency = max(32, math.ceil(settings.send_rate / 10))
    return DeliverySettings(rate=settings.send_rate, concurrency=concurrency)


class Runtime:
    """Started after the Application, stopped before it; `transport` carries the broadcast."""

    def __init__(
        self,
        app: App,
        services: Services,
        settings: Settings,
        db: Database,
        transport: BroadcastTransport,
        pacer: GlobalPacer,
    ) -> None:
        delivery = delivery_settings(settings)
        self.engine = _delivery_engine(services, transport, delivery, pacer)
        self._scheduler = Scheduler(services.announcements, services.reminders, services.digests)
        services.announcements.wake_with(self._scheduler.wake)
        self._poller = _feed_poller(app, services, settings, db)
        services.postulates.on_submit(StaffAlerts(app.bot, services).postulate_submitted)
        self._summaries = StaffSummaries(app.bot, services)
        # Work queued by another process (the CLI) wakes them all; any change, the engine,
        # which must also see reminders and the like planned in this process.
        self._watcher = ChangeWatcher(db)
        self._watcher.on_any(self.engine.wake)
        self._watcher.on_other_process(self._scheduler.wake)
        self._watcher.on_other_process(self._poller.wake)

    async def start(self) -> None:
        # The watcher first: what the others queue as they start (a digest or reminders due
        # during downtime) is a change it sees.
        await self._watcher.start()
        await self.engine.start()
        await self._scheduler.start()
        await self._poller.start()
        await self._summaries.start()

    async def stop(self) -> None:
        await self._watcher.stop()
        await self._summaries.stop()
        await self._poller.stop()
        await self._scheduler.stop()
        # In-flight sends are answered and recorded first, within a bound.
        await self.engine.stop(timeout=STOP_SENDING_TIMEOUT)


def _delivery_engine(
    services: Services,
    transport: BroadcastTransport,
    delivery: DeliverySettings,
    pacer: GlobalPacer,
) -> DeliveryEngine:
    """The outbox sender, pacing by `pacer` (which the bot's replies share); publishing in this
    process wakes it at once."""
    engine = DeliveryEngine(
        services.outbox,
        services.outbox_renderer,
        transport,
        ProgressMessages(transport, services, pacer),
        services.subscriptions,
        delivery,
        pacer=pacer,
    )
    services.announcements.wake_with(engine.wake)
    services.announcements.on_change(_requeue_with(engine))
    services.postulate_review.wake_with(engine.wake)
    return engine


def _requeue_with(engine: DeliveryEngine) -> Listener:
    async def changed(announcement: Announcement) -> None:
        if announcement.status is not Status.PUBLISHED or announcement.revision > 0:
            engine.requeue(announcement.id)

    return changed


def _feed_poller(app: App, services: Services, settings: Settings, db: Database) -> FeedPoller:
    """The poller, its fetcher and the ingestor; staff hear about held items and pauses."""
    alerts = FeedAlerts(app.bot, services, flows_in(app.bot_data).held_items)
    more = services.catalogs.translator(settings.default_language).plain(MORE_LABEL)
    ingestor = Ingestor(db, services.announcements, alerts, more, max_new=settings.feed_max_new)
    intervals = Intervals(settings.feed_interval, settings.feed_min_interval)
    poller = FeedPoller(db, Fetcher(), ingestor, alerts, intervals)
    services.feeds.wake_with(poller.wake)
    return poller
