"""OutboxService: what is owed to whom — queueing audiences and follow-ups, and the figures."""

from __future__ import annotations

import math
import time
from collections.abc import Collection, Iterable
from datetime import datetime
from typing import Final

from bot.core.clock import Clock, utc_now
from bot.delivery.types import (
    DeliveryStats,
    FailedRecipient,
    OutboxItem,
    Purpose,
    RenderContext,
)
from storage import Database, chats, outbox, outbox_sending
from storage.outbox import OutboxRow
from storage.outbox_sending import Outcome
from storage.timestamps import from_db

_UNFINISHED = ("pending", "sending")
# What the sender tells the other replicas while it sends (they then leave its broadcast the
# room for replies, see bot/delivery/reply_share.py), at most this often.
SENDING: Final = "sending"
TELL_SENDING_EVERY: Final = 1.0  # seconds; the others remember it for 3


class OutboxService:
    """The persistent queue between publishing and the delivery engine."""

    def __init__(self, db: Database, clock: Clock = utc_now) -> None:
        self._db = db
        self._clock = clock
        self._told_at = -math.inf

    async def enqueue_audience(self, announcement_id: int) -> int:
        """Snapshot the announcement's audience now; idempotent. Returns the items queued."""
        return await outbox.add_audience(self._db, announcement_id, self._clock())

    async def audience_size(
        self, kind: str, topic_ids: Collection[int] | None, organisation_id: int | None
    ) -> tuple[int, int]:
        """(recipient chats, organisations) reached now; `topic_ids` None means all topics."""
        return await outbox.count_audience(self._db, kind, topic_ids, organisation_id)

    async def enqueue_chats(
        self, announcement_id: int, chat_ids: Iterable[int], purpose: Purpose, tag: str = ""
    ) -> int:
        return await outbox.add_chats(
            self._db, announcement_id, chat_ids, Purpose(purpose), tag, self._clock()
        )

    async def enqueue_followups(self, announcement_id: int, purpose: Purpose, tag: str) -> int:
        """A correction or cancellation for every chat the announcement reached."""
        return await outbox.add_followups(
            self._db, announcement_id, Purpose(purpose), tag, self._clock()
        )

    async def cancel_pending(self, announcement_id: int) -> int:
        return await outbox.skip_pending(self._db, announcement_id, self._clock())

    async def stats(
        self,
        announcement_id: int,
        purpose: Purpose = Purpose.ANNOUNCEMENT,
        rate: float | None = None,
    ) -> DeliveryStats:
        """Counts per outcome; the ETA needs the current `rate` (messages per second)."""
        counts, first = await outbox.count_states(self._db, announcement_id, Purpose(purpose))
        left = sum(counts.get(state, 0) for state in _UNFINISHED)
        eta = None
        if left == 0:
            eta = 0.0
        elif rate:
            eta = left / rate
        return DeliveryStats(
            total=sum(counts.values()),
            sent=counts.get("sent", 0),
            pending=left,
            failed=counts.get("failed", 0),
            blocked=counts.get("blocked", 0),
            skipped=counts.get("skipped", 0),
            started_at=None if first is None else from_db(first),
            finished=left == 0,
            eta_seconds=eta,
        )

    async def failed_recipients(
        self, announcement_id: int, purpose: Purpose = Purpose.ANNOUNCEMENT
    ) -> list[FailedRecipient]:
        rows = await outbox.list_undelivered(self._db, announcement_id, Purpose(purpose))
        return [FailedRecipient(*row) for row in rows]

    async def follow_migration(self, old_chat_id: int, new_chat_id: int) -> None:
        """A group became a supergroup: its unsent items go to the new id."""
        await outbox_sending.move_chat(self._db, old_chat_id, new_chat_id, self._clock())

    # -- for the engine ------------------------------------------------------------------

    async def claim(self, limit: int) -> list[OutboxItem]:
        """Due items, now 'sending', each with what its rendering needs."""
        claimed = await outbox_sending.claim_due(self._db, self._clock(), limit)
        if claimed and time.monotonic() - self._told_at >= TELL_SENDING_EVERY:
            self._told_at = time.monotonic()
            await self._db.tell(SENDING)
        return [
            _item(c.row, RenderContext(c.status, c.revision, c.language, c.thread_id))
            for c in claimed
        ]

    async def next_due(self) -> datetime | None:
        """When the earliest item waiting in the queue may be sent (maybe already)."""
        return await outbox_sending.next_due(self._db)

    async def record(self, outcomes: list[Outcome]) -> None:
        await outbox_sending.record_outcomes(self._db, outcomes, self._clock())

    async def recover(self) -> int:
        """Items a previous run left 'sending' go back to 'pending'; returns how many."""
        return await outbox_sending.reset_sending(self._db, self._clock())


def _item(row: OutboxRow, context: RenderContext) -> OutboxItem:
    return OutboxItem(
        id=row.id,
        announcement_id=row.announcement_id,
        chat_id=row.chat_id,
        purpose=Purpose(row.purpose),
        tag=row.tag,
        attempts=row.attempts,
        reply_to_message_id=row.reply_to_message_id,
        context=context,
    )


async def item_language(db: Database, item: OutboxItem) -> str | None:
    """The recipient chat's language: as read with the claim, else from the database."""
    if item.context is not None:
        return item.context.language
    return await chats.get_chat_language(db, item.chat_id)
