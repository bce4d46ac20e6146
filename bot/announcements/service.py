"""Announcements: drafts, validation, publishing now or later, cancelling and correcting."""

from __future__ import annotations

import dataclasses
import logging
from collections.abc import Awaitable, Callable, Collection, Iterable, Mapping
from datetime import datetime
from typing import Protocol
from zoneinfo import ZoneInfo

from bot.announcements.model import (
    DATE_FIELDS,
    Announcement,
    Field,
    Problem,
    Refusal,
    Source,
    Status,
    attributes,
    check_dates,
    missing_field,
)
from bot.core.clock import Clock, utc_now
from bot.core.topics import Kind
from bot.delivery.types import Purpose
from bot.periods import moment_code
from storage import Database, announcements
from storage.announcements import AnnouncementRow

log = logging.getLogger(__name__)
RECENT = 10
Listener = Callable[[Announcement], Awaitable[None]]


class Outbox(Protocol):
    """The part of the delivery engine's OutboxService that publishing uses."""

    async def enqueue_audience(self, announcement_id: int) -> int: ...
    async def enqueue_chats(
        self, announcement_id: int, chat_ids: Iterable[int], purpose: Purpose, tag: str = ""
    ) -> int: ...
    async def enqueue_followups(self, announcement_id: int, purpose: Purpose, tag: str) -> int: ...
    async def cancel_pending(self, announcement_id: int) -> int: ...
    async def audience_size(
        self, kind: str, topic_ids: Collection[int] | None, organisation_id: int | None
    ) -> tuple[int, int]: ...


class AnnouncementService:
    """Keeps announcements and hands published ones to the outbox."""

    def __init__(
        self, db: Database, outbox: Outbox, zone: ZoneInfo, clock: Clock = utc_now
    ) -> None:
        self._db = db
        self._outbox = outbox
        self.zone = zone
        self._clock = clock
        self._wakers: list[Callable[[], None]] = []
        self._listeners: list[Listener] = []

    def wake_with(self, callback: Callable[[], None]) -> None:
        """Called after work was queued or scheduled in this process (the engine's and the
        scheduler's wake())."""
        self._wakers.append(callback)

    def _wake(self) -> None:
        for wake in self._wakers:
            wake()

    def on_change(self, listener: Listener) -> None:
        """Called with the announcement after it was published, corrected or cancelled."""
        self._listeners.append(listener)

    async def _changed(self, announcement: Announcement) -> Announcement:
        for listener in self._listeners:
            await listener(announcement)
        self._wake()
        return announcement

    def now(self) -> datetime:
        return self._clock()

    async def create_draft(
        self, kind: Kind, source: Source, created_by: int | None
    ) -> Announcement:
        row = await announcements.add_announcement(
            self._db, Kind(kind), Source(source), created_by, self._clock()
        )
        return _announcement(row)

    async def get(self, announcement_id: int) -> Announcement | None:
        row = await announcements.get_announcement(self._db, announcement_id)
        return None if row is None else _announcement(row)

    async def update_draft(
        self, announcement_id: int, fields: Mapping[Field, object]
    ) -> Announcement | None:
        """Set already validated fields of a draft; None unless it is still a draft."""
        row = await announcements.update_fields(self._db, announcement_id, attributes(fields))
        return None if row is None else _announcement(row)

    async def set_audience(
        self,
        announcement_id: int,
        topic_ids: Iterable[int] = (),
        *,
        all_topics: bool = False,
        organisation_id: int | None = None,
    ) -> Announcement | None:
        row = await announcements.set_audience(
            self._db,
            announcement_id,
            topic_ids,
            all_topics=all_topics,
            organisation_id=organisation_id,
        )
        return None if row is None else _announcement(row)

    async def audience_size(self, announcement: Announcement) -> tuple[int, int]:
        """(recipient chats, organisations) the announcement would reach now."""
        # None means "not by topic": all topics, or one organisation (which takes precedence).
        by_topic = not announcement.all_topics and announcement.organisation_id is None
        topic_ids = announcement.topic_ids if by_topic else None
        return await self._outbox.audience_size(
            announcement.kind, topic_ids, announcement.organisation_id
        )

    async def delete_draft(self, announcement_id: int) -> bool:
        return await announcements.delete_draft(self._db, announcement_id)

    async def send_test(self, announcement_id: int, chat_id: int) -> bool:
        """Queue the announcement, marked as a test, for one chat (the staff member's)."""
        tag = self._clock().strftime("%Y%m%dT%H%M%S.%f")  # a new item for every test press
        queued = await self._outbox.enqueue_chats(announcement_id, [chat_id], Purpose.TEST, tag)
        self._wake()
        return queued > 0

    def check(self, announcement: Announcement, at: datetime | None = None) -> Refusal | None:
        """Why the announcement cannot go out at `at` (default now), or None when it can."""
        missing = missing_field(announcement)
        if missing is not None:
            return Refusal(Problem.MISSING, field=missing)
        now = self._clock()
        return check_dates(announcement, at or now, now)

    async def publish(
        self, announcement_id: int, at: datetime | None = None
    ) -> Announcement | Refusal:
        """Publish now (snapshot the audience into the outbox) or schedule for `at`."""
        announcement = await self.get(announcement_id)
        if announcement is None or announcement.status is not Status.DRAFT:
            return Refusal(Problem.WRONG_STATE)
        now = self._clock()
        if at is not None and at <= now:
            return Refusal(Problem.PAST, field=Field.SCHEDULE)
        refusal = self.check(announcement, at or now)
        if refusal is not None:
            return refusal
        if at is not None:
            row = await announcements.set_status(
                self._db,
                announcement_id,
                Status.SCHEDULED,
                now,
                from_statuses=["draft"],
                publish_at=at,
            )
            if row is None:
                return Refusal(Problem.WRONG_STATE)
            self._wake()  # the scheduler: this may be due before what it sleeps until
            return _announcement(row)
        published = await self._release(announcement_id, from_statuses=["draft"])
        return published or Refusal(Problem.WRONG_STATE)

    async def _release(
        self, announcement_id: int, from_statuses: list[str]
    ) -> Announcement | None:
        """Snapshot the audience, then mark the announcement published.

        In this order so that a crash in between leaves it draft or scheduled, and publishing
        again is harmless: the outbox ignores chats it already has.
        """
        queued = await self._outbox.enqueue_audience(announcement_id)
        row = await announcements.set_status(
            self._db, announcement_id, Status.PUBLISHED, self._clock(), from_statuses=from_statuses
        )
        if row is None:
            # Cancelled meanwhile: whatever was just queued must not go out.
            await self._outbox.cancel_pending(announcement_id)
            return None
        log.info("announcement %s published to %s chats", announcement_id, queued)
        return await self._changed(_announcement(row))

    async def unschedule(self, announcement_id: int) -> Announcement | None:
        """A scheduled announcement back to a draft (to be edited); None if it was not
        scheduled any more (published or cancelled meanwhile)."""
        row = await announcements.set_status(
            self._db, announcement_id, Status.DRAFT, self._clock(), from_statuses=["scheduled"]
        )
        return None if row is None else _announcement(row)

    async def next_due(self) -> datetime | None:
        """When the earliest scheduled announcement is due."""
        found = await announcements.next_scheduled(self._db)
        return None if found is None else found[1]

    async def publish_due(self) -> list[int]:
        """Publish every scheduled announcement whose time has come (also late, after a
        restart); returns their ids."""
        published = []
        while (found := await announcements.next_scheduled(self._db)) is not None:
            announcement_id, due = found
            if due > self._clock():
                break
            if await self._release(announcement_id, from_statuses=["scheduled"]) is not None:
                published.append(announcement_id)
        return published

    async def cancel(self, announcement_id: int) -> Announcement | None:
        """Cancel a scheduled announcement, or stop a published one: its pending messages are
        dropped and those who got it receive a short cancellation note."""
        before = await self.get(announcement_id)
        if before is None or before.status not in (Status.SCHEDULED, Status.PUBLISHED):
            return None
        row = await announcements.set_status(
            self._db,
            announcement_id,
            Status.CANCELLED,
            self._clock(),
            from_statuses=[before.status],
        )
        if row is None:
            return None
        await self._outbox.cancel_pending(announcement_id)
        if before.status is Status.PUBLISHED:
            await self._outbox.enqueue_followups(announcement_id, Purpose.CANCELLATION, "")
        return await self._changed(_announcement(row))

    async def correct(
        self, announcement_id: int, changes: Mapping[Field, object]
    ) -> Announcement | Refusal:
        """Change a published announcement: revision + 1, and recipients' messages edited."""
        current = await self.get(announcement_id)
        if current is None or current.status is not Status.PUBLISHED:
            return Refusal(Problem.WRONG_STATE)
        values = attributes(changes)
        changed = dataclasses.replace(current, **values)
        missing = missing_field(changed)
        if missing is not None:
            return Refusal(Problem.MISSING, field=missing)
        if DATE_FIELDS & set(changes):
            refusal = check_dates(changed, self._clock(), self._clock())
            if refusal is not None:
                return refusal
        moment, moved_to = changed.calendar_time, None
        if moment is not None and moment != current.calendar_time:
            moved_to = moment_code(moment)
        row = await announcements.update_fields(
            self._db,
            announcement_id,
            values,
            statuses=["published"],
            corrected_at=self._clock(),
            moved_to=moved_to,
        )
        if row is None:
            return Refusal(Problem.WRONG_STATE)
        corrected = _announcement(row)
        await self._outbox.enqueue_followups(
            announcement_id, Purpose.CORRECTION, str(corrected.revision)
        )
        if moved_to is not None:
            # An edited message changes silently: a moved date also gets a note that notifies.
            await self._outbox.enqueue_followups(announcement_id, Purpose.DATE_CHANGE, moved_to)
        return await self._changed(corrected)

    async def list_recent(self, limit: int = RECENT) -> list[Announcement]:
        return [_announcement(row) for row in await announcements.list_recent(self._db, limit)]

    async def set_progress_message(
        self, announcement_id: int, chat_id: int, message_id: int
    ) -> None:
        await announcements.set_progress_message(self._db, announcement_id, chat_id, message_id)

    async def render_state(
        self, announcement_id: int, chat_id: int
    ) -> tuple[Status, int, str | None] | None:
        """(status, revision, the chat's language or None) for rendering one message."""
        found = await announcements.get_render_state(self._db, announcement_id, chat_id)
        return None if found is None else (Status(found[0]), found[1], found[2])


def _announcement(row: AnnouncementRow) -> Announcement:
    values = {f.name: getattr(row, f.name) for f in dataclasses.fields(AnnouncementRow)}
    values.update(kind=Kind(row.kind), status=Status(row.status), source=Source(row.source))
    return Announcement(**values)
