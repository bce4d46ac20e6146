"""Turning a feed's new entries into announcements: deduplicated, published or held for staff.

Order matters for crash safety: the entry's draft announcement is made first, then the item is
recorded 'pending' with it (atomically with the duplicate check), then it is published or held.
A restart finishes 'pending' items (finish_pending); a draft orphaned by a crash before the
record is harmless, and the entry is simply seen as new again at the next poll.
"""

from __future__ import annotations

import logging
import re
from collections import Counter
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from typing import Final, Protocol
from urllib.parse import urlsplit, urlunsplit

from bot.announcements.model import (
    TITLE_MAX,
    Announcement,
    Field,
    Source,
    Status,
    check_link,
)
from bot.announcements.service import AnnouncementService
from bot.core.addresses import split_address
from bot.core.clock import Clock, utc_now
from bot.core.i18n import N_
from bot.core.topics import Kind
from bot.feeds.content import plain_text, to_telegram_html
from bot.feeds.deadlines import DeadlineKind, Reading, read_deadline
from bot.feeds.model import Feed, Mode
from bot.feeds.parse import FeedEntry
from bot.organisations.service import fold_name
from storage import Database, feed_items, feeds
from storage.feed_items import NewItem

log = logging.getLogger(__name__)
# The item's text in the announcement: room left for the heading, dates, link and topics.
BODY_LIMIT: Final = 3000
DEADLINE_KINDS: Final = (Kind.CALL, Kind.CONSULTATION)
# What a feed's deadlines close when an item's words do not say (its time of day follows).
_DEADLINE_HINTS: Final = {
    Kind.CALL: DeadlineKind.CALL,
    Kind.CONSULTATION: DeadlineKind.CONSULTATION,
}
_SPACES: Final = re.compile(r"\s+")
# Fragment parameters that only tell analytics where a click came from.
_TRACKING: Final = ("utm_", "xtor", "at_medium", "at_campaign")
# The last line of a shortened item, linking to the whole text (in the default language).
MORE_LABEL: Final = N_("Read the whole text on the source page")


class Alerts(Protocol):
    """Tells staff what needs them (implemented by the Telegram side)."""

    async def item_held(self, item_id: int) -> None: ...
    async def feed_paused(self, feed_id: int, reason: str) -> None: ...
    async def flood_held(self, feed_id: int, count: int, limit: int) -> None: ...


@dataclass(frozen=True, slots=True)
class Ingested:
    new: int  # entries not seen before
    published: int
    held: int


def item_keys(feed_url: str, entry: FeedEntry, shared: Collection[str] = ()) -> tuple[str, ...]:
    """What identifies the entry: its guid within its portal when the feed gives one; else its
    link (an anchor kept: several announcements may share one page), and title with date.

    A guid that several entries of one poll share (`shared`) identifies none of them,
    so those entries fall back to their links. With a guid the link is not a key: feeds
    that point every item at the same list page would otherwise merge them.
    """
    host = urlsplit(feed_url).netloc.lower()
    guid = (entry.guid or "").strip()
    if guid and guid not in shared:
        return (f"g:{host}:{guid}",)
    keys = []
    link = link_key(entry.link)
    if link is not None:
        keys.append(link)
    title = fold_name(entry.title)
    # An anchored item's title is often the page's generic "Ogłoszenie": not an identity.
    if title and entry.published is not None and (link is None or "#" not in link):
        keys.append(f"t:{title}|{entry.published:%Y-%m-%d}")
    elif title and not keys:
        keys.append(f"t:{title}")
    return tuple(keys)


def link_key(link: str | None) -> str | None:
    """The link as a key: host in lower case, no trailing slash, the fragment kept unless it
    is only tracking ("#utm_source=rss", "#xtor=RSS-1", a text directive) or empty."""
    if not link or (parts := split_address(link.strip())) is None:
        return None
    path = parts.path.rstrip("/") or "/"
    fragment = "" if _noise(parts.fragment) else parts.fragment
    return "l:" + urlunsplit(("", parts.netloc.lower(), path, parts.query, fragment))


def _noise(fragment: str) -> bool:
    if not fragment or fragment.startswith(":~:"):
        return True
    names = [pair.partition("=")[0].lower() for pair in fragment.split("&")]
    return all(name.startswith(_TRACKING) for name in names)


def shared_guids(entries: Sequence[FeedEntry]) -> frozenset[str]:
    """Guids that more than one entry of a feed carries (a CMS writing one static guid)."""
    counts = Counter((entry.guid or "").strip() for entry in entries)
    return frozenset(guid for guid, count in counts.items() if guid and count > 1)


class Ingestor:
    """Records new entries and makes announcements of them, in the feed's mode."""

    def __init__(
        self,
        db: Database,
        announcements: AnnouncementService,
        alerts: Alerts,
        more_label: str,
        clock: Clock = utc_now,
        max_new: int | None = None,
    ) -> None:
        self._db = db
        # More new items than this in one poll (a portal that re-issued its guids) are all
        # held with one summary to staff, never published; None: no limit.
        self._max_new = max_new
        self._announcements = announcements
        self._alerts = alerts
        self._more_label = more_label
        self._clock = clock

    def alert_with(self, alerts: Alerts) -> None:
        self._alerts = alerts

    async def ingest(self, feed: Feed, entries: Sequence[FeedEntry]) -> Ingested:
        shared = shared_guids(entries)
        items = [_new_item(feed.url, entry, shared) for entry in entries]
        if not feed.primed:
            # The first poll: what is there already is history, not news (no backlog flood).
            added = await feed_items.add_new(self._db, feed.id, items, "seen", self._clock())
            await feeds.mark_primed(self._db, feed.id)
            return Ingested(len(added), 0, 0)
        fresh = await feed_items.unknown(self._db, items)
        drafted = []
        for index in fresh:
            draft = await self._draft(feed, entries[index])
            drafted.append(_with_draft(items[index], draft.id))
        added = await feed_items.add_new(self._db, feed.id, drafted, "pending", self._clock())
        recorded = {index for index, _ in added}
        for index, item in enumerate(drafted):
            if index not in recorded and item.announcement_id is not None:
                await self._announcements.delete_draft(item.announcement_id)
        if self._max_new is not None and len(added) > self._max_new:
            for _, item_id in added:
                await self._hold(item_id)
            log.warning("feed %s brought %s new items at once: all held", feed.id, len(added))
            await self._alerts.flood_held(feed.id, len(added), self._max_new)
            return Ingested(len(added), 0, len(added))
        published = 0
        for _, item_id in added:
            published += await self.decide(item_id, feed.mode)
        return Ingested(len(added), published, len(added) - published)

    async def _hold(self, item_id: int) -> None:
        """Hold a pending item without telling staff about it one by one."""
        item = await feed_items.get_item(self._db, item_id)
        if item is not None and item.announcement_id is not None:
            await self._mark(item_id, "held", item.announcement_id)

    async def decide(self, item_id: int, mode: Mode) -> bool:
        """Publish a pending item (auto mode) or hold it for staff; True if published."""
        item = await feed_items.get_item(self._db, item_id)
        if item is None or item.announcement_id is None:
            return False
        announcement = await self._announcements.get(item.announcement_id)
        if announcement is not None and announcement.status is Status.PUBLISHED:
            await self._mark(item_id, "published", announcement.id)  # done before a crash
            return True
        if mode is Mode.AUTO and announcement is not None and self._unclear(announcement):
            log.info("feed item %s held: its deadline is unclear", item_id)
        elif mode is Mode.AUTO and announcement is not None:
            published = await self._announcements.publish(announcement.id)
            if isinstance(published, Announcement):
                await self._mark(item_id, "published", announcement.id)
                return True
            log.warning("feed item %s held: cannot publish (%s)", item_id, published.problem)
        await self._mark(item_id, "held", item.announcement_id)
        await self._alerts.item_held(item_id)
        return False

    async def finish_pending(self) -> int:
        """After a restart: publish or hold what a stopped poll left 'pending'."""
        finished = 0
        for item in await feed_items.list_in_state(self._db, "pending", 1000):
            feed = None if item.feed_id is None else await feeds.get_feed(self._db, item.feed_id)
            await self.decide(item.id, Mode(feed.mode) if feed else Mode.REVIEW)
            finished += 1
        return finished

    async def _mark(self, item_id: int, state: str, announcement_id: int) -> None:
        await feed_items.set_state(
            self._db,
            item_id,
            state,
            self._clock(),
            from_states=["pending"],
            announcement_id=announcement_id,
        )

    async def _draft(self, feed: Feed, entry: FeedEntry) -> Announcement:
        draft = await self._announcements.create_draft(feed.kind, Source.FEED, None)
        if feed.all_topics:
            await self._announcements.set_audience(draft.id, all_topics=True)
        else:
            await self._announcements.set_audience(draft.id, feed.topic_ids)
        fields = self._fields(feed, entry)
        updated = await self._announcements.update_draft(draft.id, fields)
        return updated or draft

    def _fields(self, feed: Feed, entry: FeedEntry) -> dict[Field, object]:
        title = _SPACES.sub(" ", plain_text(entry.title)).strip() or (feed.title or feed.url)
        if len(title) > TITLE_MAX:
            title = title[: TITLE_MAX - 1].rstrip() + "…"
        body = to_telegram_html(
            entry.summary_html or title,
            limit=BODY_LIMIT,
            link=entry.link,
            more_label=self._more_label,
        )
        fields: dict[Field, object] = {Field.TITLE: title, Field.TEXT: body or title}
        link = check_link(entry.link) if entry.link else None
        if isinstance(link, str):
            fields[Field.LINK] = link
        if feed.kind in DEADLINE_KINDS:
            text = f"{title}\n{plain_text(entry.summary_html)}"
            found = self._deadline(text, feed.kind).deadline
            if found is not None and found.at > self._clock():
                fields[Field.DEADLINE] = found.at
        return fields

    def _deadline(self, text: str, kind: Kind) -> Reading:
        return read_deadline(text, self._announcements.zone, self._clock(), _DEADLINE_HINTS[kind])

    def _unclear(self, announcement: Announcement) -> bool:
        """A call or consultation whose dates disagree on its deadline: staff confirm it.

        Read again from the stored draft, so that a restart ('pending' items) decides alike.
        """
        if announcement.kind not in DEADLINE_KINDS or announcement.deadline is not None:
            return False
        text = f"{announcement.title}\n{plain_text(announcement.body_html)}"
        return self._deadline(text, announcement.kind).unclear


def _new_item(feed_url: str, entry: FeedEntry, shared: Collection[str]) -> NewItem:
    return NewItem(
        keys=item_keys(feed_url, entry, shared),
        guid=entry.guid,
        link=entry.link,
        title=entry.title[:500] or "—",
        published_at=entry.published,
    )


def _with_draft(item: NewItem, announcement_id: int) -> NewItem:
    return NewItem(item.keys, item.guid, item.link, item.title, item.published_at, announcement_id)
