"""Items held for staff: publish (after changing topics or the deadline, if need be) or discard."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from datetime import datetime

from bot.announcements.model import Announcement, Field, Problem, Refusal
from bot.announcements.service import AnnouncementService
from bot.core.clock import Clock, utc_now
from storage import Database, feed_items, feeds

HELD_PAGE = 10


@dataclass(frozen=True, slots=True)
class HeldItem:
    item_id: int
    feed_name: str  # the feed's title, or its address
    announcement: Announcement  # a draft made of the item


class HeldItemService:
    """What staff decide about held items; every action works once (a second press of an
    old button finds the item decided and changes nothing)."""

    def __init__(
        self, db: Database, announcements: AnnouncementService, clock: Clock = utc_now
    ) -> None:
        self._db = db
        self._announcements = announcements
        self._clock = clock

    async def held(self, limit: int = HELD_PAGE) -> list[HeldItem]:
        found = []
        for row in await feed_items.list_in_state(self._db, "held", limit):
            item = await self.get(row.id)
            if item is not None:
                found.append(item)
        return found

    async def count_held(self) -> int:
        return await feed_items.count_in_state(self._db, "held")

    async def decision(self, item_id: int) -> str | None:
        """The item's state ('held', 'published', 'discarded', ...), None if unknown: what an
        old card's button says when the item was decided meanwhile."""
        row = await feed_items.get_item(self._db, item_id)
        return None if row is None else row.state

    async def get(self, item_id: int) -> HeldItem | None:
        """A held item with its draft; None when it is decided or unknown."""
        row = await feed_items.get_item(self._db, item_id)
        if row is None or row.state != "held" or row.announcement_id is None:
            return None
        draft = await self._announcements.get(row.announcement_id)
        if draft is None:
            return None
        feed = None if row.feed_id is None else await feeds.get_feed(self._db, row.feed_id)
        name = "—" if feed is None else (feed.title or feed.url)
        return HeldItem(item_id, name, draft)

    async def publish(self, item_id: int, by: int) -> Announcement | Refusal:
        item = await self.get(item_id)
        if item is None:
            return Refusal(Problem.WRONG_STATE)
        published = await self._announcements.publish(item.announcement.id)
        if isinstance(published, Announcement):
            await self._decide(item_id, "published", by)
        return published

    async def discard(self, item_id: int, by: int) -> bool:
        item = await self.get(item_id)
        if item is None or await self._decide(item_id, "discarded", by) is None:
            return False
        await self._announcements.delete_draft(item.announcement.id)
        return True

    async def set_topics(
        self, item_id: int, topic_ids: Collection[int], *, all_topics: bool = False
    ) -> HeldItem | None:
        item = await self.get(item_id)
        if item is None or (not topic_ids and not all_topics):
            return None
        await self._announcements.set_audience(
            item.announcement.id, topic_ids, all_topics=all_topics
        )
        return await self.get(item_id)

    async def set_deadline(self, item_id: int, moment: datetime | None) -> HeldItem | Refusal:
        """Confirm a changed deadline (None removes it); refused if not ahead of now."""
        item = await self.get(item_id)
        if item is None:
            return Refusal(Problem.WRONG_STATE)
        if moment is not None and moment <= self._clock():
            return Refusal(Problem.PAST, Field.DEADLINE)
        await self._announcements.update_draft(item.announcement.id, {Field.DEADLINE: moment})
        return await self.get(item_id) or Refusal(Problem.WRONG_STATE)

    async def _decide(self, item_id: int, state: str, by: int) -> object:
        return await feed_items.set_state(
            self._db, item_id, state, self._clock(), from_states=["held"], decided_by=by
        )
