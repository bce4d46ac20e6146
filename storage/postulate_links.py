"""The postulate_supports and postulate_followers tables: who backs and who follows a postulate."""

from __future__ import annotations

from datetime import datetime

from storage.db import Database, as_int
from storage.timestamps import from_db, to_db


async def add_support(
    db: Database, postulate_id: int, organisation_id: int, user_id: int, now: datetime
) -> bool | None:
    """Record the organisation's support (its member following too) while the postulate is
    open. True when added, False when the organisation already supports it, None when the
    postulate is not open (any more)."""
    stamp = to_db(now)
    async with db.transaction() as conn:
        async with conn.execute(
            "SELECT status IN ('new', 'under_review') FROM postulates WHERE id = ?",
            (postulate_id,),
        ) as cursor:
            row = await cursor.fetchone()
        if row is None or not row[0]:
            return None
        async with conn.execute(
            "INSERT OR IGNORE INTO postulate_supports "
            "(postulate_id, organisation_id, user_id, created_at) VALUES (?, ?, ?, ?)",
            (postulate_id, organisation_id, user_id, stamp),
        ) as cursor:
            added = cursor.rowcount == 1
        if added:
            await conn.execute(
                "INSERT OR IGNORE INTO postulate_followers (postulate_id, user_id, created_at) "
                "VALUES (?, ?, ?)",
                (postulate_id, user_id, stamp),
            )
        return added


async def set_follow(
    db: Database, postulate_id: int, user_id: int, on: bool, now: datetime
) -> None:
    async with db.transaction() as conn:
        if on:
            await conn.execute(
                "INSERT OR IGNORE INTO postulate_followers (postulate_id, user_id, created_at) "
                "VALUES (?, ?, ?)",
                (postulate_id, user_id, to_db(now)),
            )
        else:
            await conn.execute(
                "DELETE FROM postulate_followers WHERE postulate_id = ? AND user_id = ?",
                (postulate_id, user_id),
            )


async def is_following(db: Database, postulate_id: int, user_id: int) -> bool:
    value = await db.fetch_value(
        "SELECT 1 FROM postulate_followers WHERE postulate_id = ? AND user_id = ?",
        (postulate_id, user_id),
    )
    return value is not None


async def is_supported_by_org_of(db: Database, postulate_id: int, user_id: int) -> bool:
    """Whether the user's organisation supports the postulate."""
    value = await db.fetch_value(
        "SELECT 1 FROM postulate_supports WHERE postulate_id = ? AND organisation_id = "
        "(SELECT organisation_id FROM users WHERE telegram_id = ?)",
        (postulate_id, user_id),
    )
    return value is not None


async def list_supported(db: Database, user_id: int) -> list[tuple[int, int, datetime]]:
    """(postulate id, organisation id, when) of every support the user gave, for /mydata."""
    rows = await db.fetch_all(
        "SELECT postulate_id, organisation_id, created_at FROM postulate_supports "
        "WHERE user_id = ? ORDER BY created_at, postulate_id",
        (user_id,),
    )
    return [(as_int(r[0]), as_int(r[1]), from_db(r[2])) for r in rows]


async def list_followed(db: Database, user_id: int) -> list[tuple[int, datetime]]:
    """(postulate id, since when) of every postulate the user follows, for /mydata."""
    rows = await db.fetch_all(
        "SELECT postulate_id, created_at FROM postulate_followers "
        "WHERE user_id = ? ORDER BY created_at, postulate_id",
        (user_id,),
    )
    return [(as_int(r[0]), from_db(r[1])) for r in rows]
