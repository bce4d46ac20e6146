"""The staff_postulate_alerts table: how each staff member hears about new postulates."""

from __future__ import annotations

from datetime import datetime

from storage.db import Database, as_int
from storage.timestamps import from_db, to_db

# Staff and admins who have written to the bot, with their choice (no row: at once).
_STAFF = """
    SELECT u.telegram_id, coalesce(a.mode, 'now') AS mode, a.last_summary_at
      FROM users AS u LEFT JOIN staff_postulate_alerts AS a ON a.user_id = u.telegram_id
     WHERE u.role IN ('staff', 'admin') AND u.first_seen IS NOT NULL
"""


async def get_mode(db: Database, user_id: int) -> str:
    value = await db.fetch_value(
        "SELECT mode FROM staff_postulate_alerts WHERE user_id = ?", (user_id,)
    )
    return str(value) if value is not None else "now"


async def set_mode(db: Database, user_id: int, mode: str, now: datetime) -> None:
    """Choose; switching to the daily summary starts it from now (nothing older is repeated)."""
    async with db.transaction() as conn:
        await conn.execute(
            """INSERT INTO staff_postulate_alerts (user_id, mode, last_summary_at)
               VALUES (?1, ?2, ?3)
               ON CONFLICT (user_id) DO UPDATE SET mode = excluded.mode,
                   last_summary_at = CASE WHEN staff_postulate_alerts.mode = 'daily'
                       THEN staff_postulate_alerts.last_summary_at
                       ELSE excluded.last_summary_at END""",
            (user_id, mode, to_db(now)),
        )


async def list_staff(db: Database, mode: str) -> list[tuple[int, datetime | None]]:
    """Staff with this choice, and when their last summary went out."""
    rows = await db.fetch_all(f"SELECT * FROM ({_STAFF}) AS staff WHERE mode = ?", (mode,))  # noqa: S608
    return [(as_int(row[0]), None if row[2] is None else from_db(row[2])) for row in rows]


async def mark_summarised(db: Database, user_id: int, now: datetime) -> None:
    async with db.transaction() as conn:
        await conn.execute(
            "UPDATE staff_postulate_alerts SET last_summary_at = ? WHERE user_id = ?",
            (to_db(now), user_id),
        )


async def list_submitted_between(
    db: Database, after: datetime, until: datetime, limit: int
) -> tuple[list[tuple[int, str]], int]:
    """(id, title) of postulates submitted in (after, until], oldest first, and their count."""
    params = (to_db(after), to_db(until))
    where = "submitted_at > ? AND submitted_at <= ?"
    count = await db.fetch_value(f"SELECT count(*) FROM postulates WHERE {where}", params)  # noqa: S608
    rows = await db.fetch_all(
        f"SELECT id, title FROM postulates WHERE {where} ORDER BY submitted_at, id LIMIT ?",  # noqa: S608
        (*params, limit),
    )
    return [(as_int(row[0]), str(row[1])) for row in rows], as_int(count or 0)
