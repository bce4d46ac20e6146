"""The weekly digest: queued once a week for every chat that wants it, written at sending time."""

from __future__ import annotations

import logging
from datetime import datetime, timedelta
from typing import Final
from zoneinfo import ZoneInfo

from bot.announcements.model import Announcement
from bot.calendar.preferences import PreferenceService
from bot.calendar.upcoming import UpcomingService
from bot.calendar.view import entry
from bot.core.clock import Clock, utc_now
from bot.core.i18n import Catalogs, Translator
from bot.core.render import Html
from bot.delivery.outbox import item_language
from bot.delivery.types import OutboxItem, Outgoing
from bot.periods import DigestTime, QuietHours
from storage import Database, digests
from storage.preferences import PreferencesRow

log = logging.getLogger(__name__)
# After downtime a week's digest is still worth sending this long after its moment.
LATE_LIMIT: Final = timedelta(hours=24)
ITEMS_MAX: Final = 30


class DigestService:
    """Queues the week's digest (once, also after a restart on digest day)."""

    def __init__(
        self,
        db: Database,
        when: DigestTime | None,
        preferences: PreferenceService,
        zone: ZoneInfo,
        clock: Clock = utc_now,
    ) -> None:
        self._db = db
        self.when = when
        self._preferences = preferences
        self._zone = zone
        self._clock = clock
        # The week last seen queued: the scheduler asks every second, and after the digest
        # moment the database would otherwise be asked the same for a whole day.
        self._done: str | None = None

    async def queue_due(self) -> int | None:
        """Queue this week's digest if its moment has come; how many chats, or None."""
        if self.when is None:
            return None
        now = self._clock()
        week, moment = self.when.week_of(now, self._zone)
        if week == self._done or not moment <= now < moment + LATE_LIMIT:
            return None
        if await digests.is_queued(self._db, week):
            self._done = week
            return None
        planned = []
        for chat_id, quiet_code in await digests.list_digest_chats(self._db):
            quiet = self._quiet(quiet_code)
            due = moment if quiet is None else quiet.defer(moment, moment + LATE_LIMIT, self._zone)
            planned.append((chat_id, max(due, now)))
        queued = await digests.queue_week(self._db, week, planned, now)
        self._done = week
        if queued is not None:
            log.info("weekly digest %s queued for %d chats", week, queued)
        return queued

    def next_due(self) -> datetime | None:
        """When `queue_due` next has work (maybe already), or None: no digest at all."""
        if self.when is None:
            return None
        now = self._clock()
        week, moment = self.when.week_of(now, self._zone)
        if week != self._done and now < moment + LATE_LIMIT:
            return moment
        # Through the zone again: a week later is not 7 × 24 hours across a clock change.
        return self.when.week_of(moment + timedelta(days=7), self._zone)[1]

    def _quiet(self, code: str | None) -> QuietHours | None:
        return self._preferences.resolve(PreferencesRow(True, None, None, code, True)).quiet


class DigestRenderer:
    """The digest of one chat: this week's dates on its topics; None when there are none."""

    def __init__(
        self,
        db: Database,
        digest: DigestService,
        upcoming: UpcomingService,
        catalogs: Catalogs,
        zone: ZoneInfo,
    ) -> None:
        self._db = db
        self._digest = digest
        self._upcoming = upcoming
        self._catalogs = catalogs
        self._zone = zone

    async def render(self, item: OutboxItem) -> Outgoing | None:
        if self._digest.when is None:
            return None
        items = await self._upcoming.this_week(item.chat_id, self._digest.when)
        if not items:
            return None  # only when there is something to say
        t = self._catalogs.translator(await item_language(self._db, item))
        return Outgoing(digest_text(items[:ITEMS_MAX], t, self._zone))


def digest_text(items: list[Announcement], t: Translator, zone: ZoneInfo) -> Html:
    """The heading, one entry per date (as in /upcoming), and where to find the rest."""
    heading = t.ngettext(
        "📰 <b>This week</b>: {n} date for your topics.",
        "📰 <b>This week</b>: {n} dates for your topics.",
        len(items),
    )
    footer = t.gettext("All coming dates: /upcoming · calendar file: /calendar")
    return Html("\n\n".join([heading, *(entry(t, a, zone) for a in items), footer]))
