"""The texts of reminders and "date changed" notes, decided and rendered at sending time."""

from __future__ import annotations

from datetime import datetime
from typing import Final

from bot.announcements.model import Announcement
from bot.announcements.render import AnnouncementRenderer, buttons, facts
from bot.calendar.reminders import ReminderService
from bot.core.clock import Clock, utc_now
from bot.core.i18n import N_, Translator
from bot.core.relative_time import relative_time
from bot.core.render import bold
from bot.core.topics import Kind
from bot.delivery.types import OutboxItem, Outgoing, Purpose
from bot.periods import moment_code, read_tag

HEADINGS: Final = {
    Kind.EVENT: N_("⏰ <b>Reminder</b>: it starts {relative}."),
    Kind.TRAINING: N_("⏰ <b>Reminder</b>: it starts {relative}."),
    Kind.CALL: N_("⏰ <b>Reminder</b>: the deadline for proposals is {relative}."),
    Kind.CONSULTATION: N_("⏰ <b>Reminder</b>: the consultation closes {relative}."),
}


class ReminderRenderer:
    """Renders REMINDER and DATE_CHANGE items; None (skip) when one is no longer true."""

    def __init__(
        self,
        announcements: AnnouncementRenderer,
        reminders: ReminderService,
        clock: Clock = utc_now,
    ) -> None:
        self._announcements = announcements
        self._reminders = reminders
        self._clock = clock

    async def render(self, item: OutboxItem) -> Outgoing | None:
        found = await self._announcements.current(item)
        if found is None or item.announcement_id is None:
            return None
        announcement, t = found
        moment = announcement.calendar_time
        if moment is None or moment <= self._clock():
            return None  # too late to be of use (the bot was down past the moment)
        if item.purpose is Purpose.DATE_CHANGE:
            # A later move queued its own note, which says it all.
            return None if item.tag != moment_code(moment) else self._date_changed(announcement, t)
        tag = read_tag(item.tag)
        # Tags keep whole seconds (moment_code), so the moment is compared as they keep it.
        if tag is None or tag[1] != moment.replace(microsecond=0):
            return None  # planned for a date that has been moved since
        if not await self._reminders.still_wanted(item.id, item.announcement_id, item.chat_id):
            return None
        return self._reminder(announcement, moment, t)

    def _reminder(self, a: Announcement, moment: datetime, t: Translator) -> Outgoing:
        # Babel rounds ("in a day" a second after the 1d reminder was due); the exact date and
        # time follow on the next lines.
        relative = relative_time(moment - self._clock(), t.language)
        heading = t.gettext(HEADINGS[a.kind], relative=relative)
        lines = [heading, bold(a.title), *facts(a, t, self._announcements.zone)]
        return Outgoing("\n".join(lines), [list(row) for row in buttons(a, t)])

    def _date_changed(self, a: Announcement, t: Translator) -> Outgoing:
        heading = t.gettext("🗓 <b>The date has changed</b> for “{title}”:", title=a.title)
        lines = [heading, *facts(a, t, self._announcements.zone)]
        return Outgoing("\n".join(lines), [list(row) for row in buttons(a, t)])
