"""The weekly digest's bookkeeping: which chats get it, and queueing one week exactly once."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from storage.db import Database, as_int
from storage.timestamps import to_db


async def list_digest_chats(db: Database) -> list[tuple[int, str | None]]:
    """(chat id, own quiet hours or None) of active, unpaused chats that want the digest."""
    rows = await db.fetch_all(
        """SELECT c.chat_id, p.quiet_hours FROM chats AS c
             LEFT JOIN chat_preferences AS p ON p.chat_id = c.chat_id
            WHERE c.active = 1 AND c.paused = 0 AND coalesce(p.digest, 1) = 1
            ORDER BY c.chat_id"""
    )
    return [(as_int(r[0]), None if r[1] is None else str(r[1])) for r in rows]


async def is_queued(db: Database, week: str) -> bool:
    row = await db.fetch_one("SELECT 1 FROM digest_weeks WHERE week = ?", (week,))
    return row is not None


async def queue_week(
    db: Database, week: str, planned: Sequence[tuple[int, datetime]], now: datetime
) -> int | None:
    """Queue the week's digest items (chat id, due time) and mark the week done, in one
    transaction; None (and nothing queued) if the week was queued before."""
    stamp = to_db(now)
    async with db.transaction() as conn:
        cursor = await conn.execute(
            "INSERT OR IGNORE INTO digest_weeks (week, queued_at, chats) VALUES (?, ?, ?)",
            (week, stamp, len(planned)),
        )
        if cursor.rowcount == 0:
            return None
        rows = [(chat, week, to_db(due), stamp, stamp) for chat, due in planned]
        await conn.executemany(
            "INSERT OR IGNORE INTO outbox (announcement_id, chat_id, purpose, tag, not_before, "
            "created_at, updated_at) VALUES (NULL, ?, 'digest', ?, ?, ?, ?)",
            rows,
        )
    return len(planned)
