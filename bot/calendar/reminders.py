"""Reminders: planned into the outbox from each announcement's date and each chat's choices.

The outbox rows are the schedule (purpose 'reminder', sent when their time comes by the same
paced engine). They are derived data: planned on publication, re-planned when staff move the
date or a chat changes its choices, and rebuilt for every dated announcement at start-up, so
a changed NGOBOT_REMINDERS_* applies after a restart. A reminder whose time passed while the
bot was down is still due and goes out late — unless its moment has passed too, which the
renderer checks at sending time (see ReminderRenderer).
"""

from __future__ import annotations

import logging
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from bot.announcements.model import Announcement, Status
from bot.announcements.service import AnnouncementService
from bot.calendar.preferences import PreferenceService, lead_kind
from bot.core.clock import Clock, utc_now
from bot.periods import Lead, QuietHours, reminder_tag
from storage import Database, reminders
from storage.preferences import PreferencesRow
from storage.reminders import Recipient

log = logging.getLogger(__name__)


def due_times(
    leads: tuple[Lead, ...],
    moment: datetime,
    published_at: datetime,
    quiet: QuietHours | None,
    zone: ZoneInfo,
) -> list[tuple[str, datetime]]:
    """(tag, due time) of each reminder: `lead` before the moment, moved out of quiet hours.

    A lead reaching back before publication gives no reminder: the announcement itself was
    the news then.
    """
    planned = []
    for lead in leads:
        due = moment - lead.delta
        if due <= published_at:
            continue
        if quiet is not None:
            due = quiet.defer(due, moment, zone)
        planned.append((reminder_tag(lead, moment), due.astimezone(UTC)))
    return planned


class ReminderService:
    """Plans (and re-plans) the reminders of published announcements."""

    def __init__(
        self,
        db: Database,
        announcements: AnnouncementService,
        preferences: PreferenceService,
        clock: Clock = utc_now,
    ) -> None:
        self._db = db
        self._announcements = announcements
        self._preferences = preferences
        self._clock = clock

    async def plan(self, announcement_id: int, chat_id: int | None = None) -> int:
        """Re-plan the announcement's pending reminders (of one chat, if given)."""
        announcement = await self._announcements.get(announcement_id)
        planned: list[tuple[int, str, datetime]] = []
        if announcement is not None and self._owes_reminders(announcement):
            recipients = await reminders.list_recipients(self._db, announcement_id, chat_id)
            planned = self._planned(announcement, recipients)
        return await reminders.replace_pending(
            self._db, announcement_id, planned, self._clock(), chat_id
        )

    async def announcement_changed(self, announcement: Announcement) -> None:
        """Published, corrected or cancelled: its reminders follow (listener of the service)."""
        await self.plan(announcement.id)

    async def plan_chat(self, chat_id: int) -> None:
        """A chat changed its choices: re-plan its reminders of everything still ahead."""
        for announcement_id in await reminders.list_received_dated(
            self._db, chat_id, self._clock()
        ):
            await self.plan(announcement_id, chat_id)

    async def rebuild(self) -> int:
        """Re-plan every dated announcement still ahead (at start-up); returns reminders queued."""
        queued = 0
        for announcement_id in await reminders.list_dated(self._db, self._clock()):
            queued += await self.plan(announcement_id)
        log.info("reminders rebuilt: %d queued", queued)
        return queued

    def _owes_reminders(self, announcement: Announcement) -> bool:
        moment = announcement.calendar_time
        return (
            announcement.status is Status.PUBLISHED
            and moment is not None
            and moment > self._clock()
            and lead_kind(announcement.kind) is not None
        )

    def _planned(
        self, announcement: Announcement, recipients: list[Recipient]
    ) -> list[tuple[int, str, datetime]]:
        moment, which = announcement.calendar_time, lead_kind(announcement.kind)
        if moment is None or which is None:
            return []
        published = announcement.published_at or self._clock()
        zone = self._announcements.zone
        # Most chats share the defaults: compute each distinct set of choices once.
        cache: dict[tuple[object, ...], list[tuple[str, datetime]]] = {}
        planned = []
        for r in recipients:
            key = (r.reminders, r.deadline_leads, r.event_leads, r.quiet_hours)
            if key not in cache:
                prefs = self._preferences.resolve(PreferencesRow(*key, digest=True))
                cache[key] = due_times(prefs.leads(which), moment, published, prefs.quiet, zone)
            planned += [(r.chat_id, tag, due) for tag, due in cache[key]]
        return planned

    async def still_wanted(self, item_id: int, announcement_id: int, chat_id: int) -> bool:
        """At sending time: the announcement reached this chat, which is still active and
        subscribed to it, and no later reminder of the same is due as well (after downtime,
        only the most recent of several overdue reminders goes out)."""
        found = await reminders.reminder_context(
            self._db, item_id, announcement_id, chat_id, self._clock()
        )
        return found is not None and found[0] and found[1] and not found[2]
