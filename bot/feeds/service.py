"""FeedService: staff and operators add, list, pause, resume and remove feeds; OPML in and out."""

from __future__ import annotations

import builtins
from collections.abc import Callable, Collection

from bot.announcements.model import http_address
from bot.core.clock import Clock, utc_now
from bot.core.topics import Kind
from bot.feeds.model import Feed, FeedProblem, Mode, feed_of
from bot.feeds.opml import OpmlError, read_opml, write_opml
from storage import Database, feeds

URL_MAX = 2000


def check_url(text: str) -> str | None:
    """An http(s) feed address as given (with https:// added to a bare host), or None."""
    # Not check_link: a feed's address may be longer than an announcement's link.
    url = http_address(text)
    return url if url is not None and 10 <= len(url) <= URL_MAX else None


class FeedService:
    """Feeds as staff manage them; the poller is told when one becomes due at once."""

    def __init__(self, db: Database, clock: Clock = utc_now) -> None:
        self._db = db
        self._clock = clock
        self._wake: Callable[[], None] = lambda: None

    def wake_with(self, callback: Callable[[], None]) -> None:
        self._wake = callback

    async def add(
        self,
        url: str,
        kind: Kind,
        topic_ids: Collection[int] | None,
        mode: Mode,
        created_by: int | None,
    ) -> Feed | FeedProblem:
        """A new feed, polled at once; `topic_ids` None means all topics."""
        checked = check_url(url)
        if checked is None:
            return FeedProblem.INVALID_URL
        if topic_ids is not None and not topic_ids:
            return FeedProblem.NO_TOPICS
        row = await feeds.add_feed(
            self._db, checked, Kind(kind), topic_ids, Mode(mode), created_by, self._clock()
        )
        if row is None:
            return FeedProblem.DUPLICATE
        self._wake()
        return feed_of(row)

    async def get(self, feed_id: int) -> Feed | None:
        row = await feeds.get_feed(self._db, feed_id)
        return None if row is None else feed_of(row)

    async def list(self) -> list[Feed]:
        return [feed_of(row) for row in await feeds.list_feeds(self._db)]

    async def pause(self, feed_id: int, reason: str | None = None) -> Feed | None:
        row = await feeds.set_status(self._db, feed_id, "paused", reason, self._clock())
        return None if row is None else feed_of(row)

    async def resume(self, feed_id: int) -> Feed | None:
        row = await feeds.set_status(self._db, feed_id, "active", None, self._clock())
        if row is not None:
            self._wake()
        return None if row is None else feed_of(row)

    async def remove(self, feed_id: int) -> bool:
        """Its items stay recorded, so adding it again publishes nothing twice."""
        return await feeds.delete_feed(self._db, feed_id)

    async def set_topics(self, feed_id: int, topic_ids: Collection[int] | None) -> Feed | None:
        if topic_ids is not None and not topic_ids:
            return None
        row = await feeds.set_topics(self._db, feed_id, topic_ids)
        return None if row is None else feed_of(row)

    async def import_opml(
        self,
        body: bytes,
        kind: Kind,
        topic_ids: Collection[int] | None,
        mode: Mode,
        created_by: int | None,
    ) -> tuple[builtins.list[Feed], int] | FeedProblem:
        """Add every feed in an OPML file; (feeds added, how many were skipped: invalid or
        already there)."""
        try:
            outlines = read_opml(body)
        except OpmlError:
            return FeedProblem.UNREADABLE
        added: builtins.list[Feed] = []
        for url, _title in outlines:
            result = await self.add(url, kind, topic_ids, mode, created_by)
            if isinstance(result, Feed):
                added.append(result)
        return added, len(outlines) - len(added)

    async def export_opml(self) -> bytes:
        return write_opml([(feed.url, feed.title) for feed in await self.list()])
