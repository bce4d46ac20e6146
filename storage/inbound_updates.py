"""Updates stored by the webhook: recording them once, claiming them per chat in order."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Final

from storage.db import Database, as_int
from storage.timestamps import to_db


@dataclass(frozen=True, slots=True)
class InboundUpdate:
    update_id: int
    body: str


# The first unfinished update of some chat, if nobody holds a live claim on it: a chat's
# later updates wait until the earlier ones are done, so its steps run once and in order.
# The outer conditions repeat the inner ones, so of two replicas racing for one update only
# the first UPDATE matches (PostgreSQL re-checks them on the row it waited for; SQLite runs
# one writer at a time).
_CLAIM: Final = """
    UPDATE inbound_updates SET claimed_by = :me, claimed_at = :now
     WHERE update_id = (
           SELECT u.update_id FROM inbound_updates AS u
            WHERE u.done_at IS NULL
              AND (u.claimed_at IS NULL OR u.claimed_at < :lapsed)
              AND NOT EXISTS (SELECT 1 FROM inbound_updates AS e
                               WHERE e.chat_key = u.chat_key AND e.done_at IS NULL
                                 AND e.update_id < u.update_id)
            ORDER BY u.update_id LIMIT 1)
       AND done_at IS NULL AND (claimed_at IS NULL OR claimed_at < :lapsed)
    RETURNING update_id, body
"""


async def store_update(
    db: Database, update_id: int, chat_key: int, body: str, now: datetime
) -> bool:
    """Keep an update to handle; False when it was stored before (a retried delivery)."""
    async with db.connection() as conn:
        cursor = await conn.execute(
            "INSERT OR IGNORE INTO inbound_updates (update_id, chat_key, body, received_at) "
            "VALUES (?, ?, ?, ?)",
            (update_id, chat_key, body, to_db(now)),
        )
        return cursor.rowcount == 1


async def claim_next(
    db: Database, replica: str, now: datetime, lapse: timedelta
) -> InboundUpdate | None:
    """Claim the next update some chat is waiting for, or None when none can go now."""
    params = {"me": replica, "now": to_db(now), "lapsed": to_db(now - lapse)}
    async with db.connection() as conn:
        rows = list(await conn.execute_fetchall(_CLAIM, params))
    return InboundUpdate(as_int(rows[0][0]), str(rows[0][1])) if rows else None


async def renew_claims(db: Database, replica: str, now: datetime) -> None:
    """Keep this replica's claims alive while it works on them."""
    async with db.connection() as conn:
        await conn.execute(
            "UPDATE inbound_updates SET claimed_at = ? WHERE claimed_by = ? AND done_at IS NULL",
            (to_db(now), replica),
        )


async def finish(db: Database, update_id: int, now: datetime) -> None:
    async with db.connection() as conn:
        await conn.execute(
            "UPDATE inbound_updates SET done_at = ? WHERE update_id = ?", (to_db(now), update_id)
        )


async def prune(db: Database, before: datetime) -> int:
    """Forget updates handled before `before`: they are history nobody reads."""
    async with db.connection() as conn:
        cursor = await conn.execute(
            "DELETE FROM inbound_updates WHERE done_at IS NOT NULL AND done_at < ?",
            (to_db(before),),
        )
        return max(cursor.rowcount, 0)


async def count_open(db: Database) -> int:
    return as_int(
        await db.fetch_value("SELECT count(*) FROM inbound_updates WHERE done_at IS NULL")
    )
