"""What is coming up for one chat: dated announcements on its topics, soonest first."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Final

from bot.announcements.model import Announcement
from bot.announcements.service import AnnouncementService
from bot.core.clock import Clock, utc_now
from bot.periods import DigestTime
from storage import Database, reminders

PAGE_SIZE: Final = 5
# A calendar file of "everything coming up" stops somewhere: enough for a year of a busy city.
CALENDAR_MAX: Final = 200


@dataclass(frozen=True, slots=True)
class UpcomingPage:
    items: list[Announcement]
    page: int  # 0-based, clamped to the pages there are
    pages: int  # at least 1
    total: int


class UpcomingService:
    """Deadlines and events that concern a chat: its topics and kinds, or its organisation."""

    def __init__(
        self, db: Database, announcements: AnnouncementService, clock: Clock = utc_now
    ) -> None:
        self._db = db
        self._announcements = announcements
        self._clock = clock

    async def page(self, chat_id: int, page: int, size: int = PAGE_SIZE) -> UpcomingPage:
        """One page of what is ahead; a page past the end shows the last one."""
        total = await reminders.count_concerning(self._db, chat_id, self._clock(), None)
        pages = max(1, -(-total // size))
        page = min(max(page, 0), pages - 1)
        items = await self._list(chat_id, None, size, page * size)
        return UpcomingPage(items, page, pages, total)

    async def all(self, chat_id: int) -> list[Announcement]:
        """Everything ahead, for a calendar file (at most CALENDAR_MAX)."""
        return await self._list(chat_id, None, CALENDAR_MAX, 0)

    async def this_week(self, chat_id: int, digest: DigestTime) -> list[Announcement]:
        """From now to the end of the current digest week (the day before the next digest)."""
        now = self._clock()
        _, this_digest = digest.week_of(now, self._announcements.zone)
        return await self._list(chat_id, this_digest + timedelta(days=7), CALENDAR_MAX, 0)

    async def _list(
        self, chat_id: int, until: datetime | None, limit: int, offset: int
    ) -> list[Announcement]:
        found = await reminders.list_concerning(
            self._db, chat_id, self._clock(), until, limit, offset
        )
        items = [await self._announcements.get(announcement_id) for announcement_id, _ in found]
        return [item for item in items if item is not None]
