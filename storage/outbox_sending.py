"""The outbox's sending side: claiming due items, recording their fate, recovery, migration."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Final

from storage.db import Database
from storage.outbox import OutboxRow, item_row
from storage.timestamps import to_db

_ITEM_COLUMNS: Final = "id, announcement_id, chat_id, purpose, tag, attempts, reply_to_message_id"


@dataclass(frozen=True, slots=True)
class Outcome:
    """How one claimed item ends (or goes back to pending), written by `record_outcomes`."""

    item_id: int
    state: str
    message_id: int | None = None
    not_before: datetime | None = None  # for 'pending': when to try again
    error: str | None = None
    attempted: bool = True  # False for a 429 or a deferral: not a failed attempt


async def claim_due(db: Database, now: datetime, limit: int) -> list[OutboxRow]:
    """Mark up to `limit` due pending items 'sending' and return them; test sends first."""
    stamp = to_db(now)
    claim = f"""
        UPDATE outbox SET state = 'sending', updated_at = ? WHERE id IN (
            SELECT id FROM outbox WHERE state = 'pending' AND not_before <= ? {{extra}} LIMIT ?)
        RETURNING {_ITEM_COLUMNS}
    """  # noqa: S608 - constants only
    claimed: list[OutboxRow] = []
    async with db.transaction() as conn:
        for extra in ("AND purpose = 'test'", "ORDER BY not_before, id"):
            if len(claimed) >= limit:
                break
            async with conn.execute(
                claim.format(extra=extra), (stamp, stamp, limit - len(claimed))
            ) as cursor:
                claimed += [item_row(r) for r in await cursor.fetchall()]
    return claimed


async def record_outcomes(db: Database, outcomes: Sequence[Outcome], now: datetime) -> None:
    """Write the fate of claimed items in one transaction (items no longer 'sending' are left
    alone: a follow_migration may have skipped them meanwhile)."""
    stamp = to_db(now)
    rows = [
        (
            o.state,
            o.message_id,
            None if o.not_before is None else to_db(o.not_before),
            o.error,
            int(o.attempted),
            stamp,
            o.item_id,
        )
        for o in outcomes
    ]
    async with db.transaction() as conn:
        await conn.executemany(
            "UPDATE outbox SET state = ?, message_id = coalesce(?, message_id), "
            "not_before = coalesce(?, not_before), error = ?, attempts = attempts + ?, "
            "updated_at = ? WHERE id = ? AND state = 'sending'",
            rows,
        )


async def reset_sending(db: Database, now: datetime) -> int:
    """After a crash: items left 'sending' may or may not have gone out; send them again."""
    stamp = to_db(now)
    async with db.transaction() as conn:
        cursor = await conn.execute(
            "UPDATE outbox SET state = 'pending', not_before = ?, updated_at = ? "
            "WHERE state = 'sending'",
            (stamp, stamp),
        )
        return max(cursor.rowcount, 0)


async def move_chat(db: Database, old_id: int, new_id: int, now: datetime) -> None:
    """Point the unsent items of a group that became a supergroup at its new id.

    An item the new id already has (same announcement, purpose and tag) is skipped instead,
    so the UNIQUE constraint holds and nobody gets the message twice. Sent items keep the old
    id: that is where their message is.
    """
    stamp = to_db(now)
    async with db.transaction() as conn:
        await conn.execute(
            """UPDATE outbox SET state = 'skipped', error = 'already queued for the new chat id',
                                 updated_at = ?
                WHERE chat_id = ? AND state IN ('pending', 'sending') AND EXISTS (
                      SELECT 1 FROM outbox AS n WHERE n.chat_id = ?
                         AND n.announcement_id IS outbox.announcement_id
                         AND n.purpose = outbox.purpose AND n.tag = outbox.tag)""",
            (stamp, old_id, new_id),
        )
        await conn.execute(
            "UPDATE outbox SET chat_id = ?, updated_at = ? "
            "WHERE chat_id = ? AND state IN ('pending', 'sending')",
            (new_id, stamp, old_id),
        )
