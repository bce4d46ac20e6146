"""Membership: the users.organisation_id column linking a person to one organisation."""

from __future__ import annotations

from storage.db import Database, as_int


async def join_organisation(db: Database, user_id: int, org_id: int) -> bool:
    """Make the user a member of an existing, not rejected organisation (leaving any other).

    One statement, so the status check and the change cannot be split by a concurrent review.
    False when the user or the organisation is unknown, or the organisation was rejected.
    """
    sql = """
        UPDATE users SET organisation_id = ?1, joined_via = 'approved'
        WHERE telegram_id = ?2
          AND EXISTS (SELECT 1 FROM organisations WHERE id = ?1 AND status != 'rejected')
    """
    async with db.transaction() as conn, conn.execute(sql, (org_id, user_id)) as cursor:
        return cursor.rowcount == 1


async def leave_organisation(db: Database, user_id: int) -> None:
    async with db.transaction() as conn:
        await conn.execute(
            "UPDATE users SET organisation_id = NULL, joined_via = NULL, joined_at = NULL "
            "WHERE telegram_id = ?",
            (user_id,),
        )


async def get_membership(db: Database, user_id: int) -> int | None:
    """The id of the user's organisation, or None."""
    value = await db.fetch_value(
        "SELECT organisation_id FROM users WHERE telegram_id = ?", (user_id,)
    )
    return None if value is None else as_int(value)


async def list_member_ids(db: Database, org_id: int) -> list[int]:
    rows = await db.fetch_all(
        "SELECT telegram_id FROM users WHERE organisation_id = ? ORDER BY telegram_id", (org_id,)
    )
    return [as_int(row[0]) for row in rows]
