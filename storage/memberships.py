"""Who may join an organisation: join requests, members' names and how each membership began."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Final

from storage.connection import Connection, Row
from storage.db import Database, as_int
from storage.timestamps import from_db, to_db

_REQUEST_COLUMNS: Final = "user_id, organisation_id, name, created_at"
_MEMBER_COLUMNS: Final = (
    "telegram_id, organisation_id, member_name, username, joined_via, joined_at"
)
# The decider may decide when they are staff or, at this moment, a member of the organisation.
_MAY_DECIDE: Final = """(:staff OR EXISTS (SELECT 1 FROM users
                            WHERE telegram_id = :by AND organisation_id = :org))"""


@dataclass(frozen=True, slots=True)
class RequestRow:
    user_id: int
    organisation_id: int
    name: str
    created_at: datetime


@dataclass(frozen=True, slots=True)
class MemberRow:
    user_id: int
    organisation_id: int
    name: str | None
    username: str | None
    joined_via: str | None
    joined_at: datetime | None


async def add_request(
    db: Database, user_id: int, org_id: int, name: str, now: datetime
) -> RequestRow | None:
    """Ask to join an existing, not rejected organisation (replacing an earlier request);
    None when the organisation or the user is unknown, or the user already belongs to it."""
    sql = f"""
        INSERT INTO membership_requests ({_REQUEST_COLUMNS})
        SELECT u.telegram_id, o.id, :name, :now FROM users AS u, organisations AS o
         WHERE u.telegram_id = :user AND o.id = :org AND o.status != 'rejected'
           AND (u.organisation_id IS NULL OR u.organisation_id != o.id)
        ON CONFLICT (user_id) DO UPDATE SET organisation_id = excluded.organisation_id,
            name = excluded.name, created_at = excluded.created_at
        RETURNING {_REQUEST_COLUMNS}
    """  # noqa: S608 - constants only
    params = {"user": user_id, "org": org_id, "name": name[:128] or "?", "now": to_db(now)}
    async with db.transaction() as conn:
        rows = list(await conn.execute_fetchall(sql, params))
    return _request(rows[0]) if rows else None


async def get_request(db: Database, user_id: int) -> RequestRow | None:
    row = await db.fetch_one(
        f"SELECT {_REQUEST_COLUMNS} FROM membership_requests WHERE user_id = ?",  # noqa: S608
        (user_id,),
    )
    return None if row is None else _request(row)


async def decide_request(
    db: Database, user_id: int, by: int, accept: bool, now: datetime, *, staff: bool
) -> RequestRow | None:
    """Accept (join) or decline a person's request, if `by` may decide it now; the request
    decided, or None (nothing changed) when there is none or `by` may not decide it."""
    async with db.transaction() as conn:
        async with conn.execute(
            f"SELECT {_REQUEST_COLUMNS} FROM membership_requests WHERE user_id = ?",  # noqa: S608
            (user_id,),
        ) as cursor:
            found = await cursor.fetchone()
        if found is None:
            return None
        request = _request(found)
        params = {"staff": staff, "by": by, "org": request.organisation_id}
        async with conn.execute(f"SELECT {_MAY_DECIDE}", params) as cursor:
            allowed = await cursor.fetchone()
        if allowed is None or not allowed[0]:
            return None
        if accept:
            org = request.organisation_id
            await mark_joined(conn, user_id, org, "approved", now, request.name)
        await conn.execute("DELETE FROM membership_requests WHERE user_id = ?", (user_id,))
    return request


async def mark_joined(
    conn: Connection,
    user_id: int,
    org_id: int,
    via: str,
    now: datetime,
    name: str | None,
) -> bool:
    """Make the user a member of the organisation (leaving any other), noting how and when."""
    async with conn.execute(
        """UPDATE users SET organisation_id = :org, joined_via = :via, joined_at = :now,
                            member_name = coalesce(:name, member_name)
            WHERE telegram_id = :user""",
        {"org": org_id, "via": via, "now": to_db(now), "name": name[:128] if name else None,
         "user": user_id},
    ) as cursor:  # fmt: skip
        joined = cursor.rowcount == 1
    await conn.execute("DELETE FROM membership_requests WHERE user_id = ?", (user_id,))
    return joined


async def set_member_name(db: Database, user_id: int, name: str) -> None:
    async with db.transaction() as conn:
        await conn.execute(
            "UPDATE users SET member_name = ? WHERE telegram_id = ?", (name[:128], user_id)
        )


async def list_members(db: Database, org_id: int) -> list[MemberRow]:
    rows = await db.fetch_all(
        f"SELECT {_MEMBER_COLUMNS} FROM users WHERE organisation_id = ? "  # noqa: S608
        "ORDER BY joined_at IS NULL, joined_at, telegram_id",
        (org_id,),
    )
    return [_member(row) for row in rows]


async def get_member(db: Database, user_id: int) -> MemberRow | None:
    row = await db.fetch_one(
        f"SELECT {_MEMBER_COLUMNS} FROM users "  # noqa: S608 - constant
        "WHERE telegram_id = ? AND organisation_id IS NOT NULL",
        (user_id,),
    )
    return None if row is None else _member(row)


async def remove_member(db: Database, user_id: int, org_id: int, by: int, *, staff: bool) -> bool:
    """Remove a person from the organisation, if `by` is staff or (now) a fellow member."""
    sql = f"""
        UPDATE users SET organisation_id = NULL, joined_via = NULL, joined_at = NULL
         WHERE telegram_id = :user AND organisation_id = :org AND {_MAY_DECIDE}
    """  # noqa: S608 - constants only
    params = {"user": user_id, "org": org_id, "by": by, "staff": staff}
    async with db.transaction() as conn, conn.execute(sql, params) as cursor:
        return cursor.rowcount == 1


async def keep_membership(db: Database, user_id: int, org_id: int) -> bool:
    """Staff keep a membership made before approvals existed."""
    sql = """UPDATE users SET joined_via = 'reviewed'
              WHERE telegram_id = ? AND organisation_id = ? AND joined_via = 'before_approvals'"""
    async with db.transaction() as conn, conn.execute(sql, (user_id, org_id)) as cursor:
        return cursor.rowcount == 1


async def list_before_approvals(db: Database, limit: int) -> list[MemberRow]:
    """Memberships made before approvals existed and not yet reviewed, by organisation."""
    rows = await db.fetch_all(
        f"SELECT {_MEMBER_COLUMNS} FROM users "  # noqa: S608 - constant
        "WHERE joined_via = 'before_approvals' AND organisation_id IS NOT NULL "
        "ORDER BY organisation_id, telegram_id LIMIT ?",
        (limit,),
    )
    return [_member(row) for row in rows]


async def list_requests_for_staff(db: Database, limit: int) -> list[RequestRow]:
    """Requests to organisations that have no member to decide them, oldest first."""
    rows = await db.fetch_all(
        f"""SELECT {_REQUEST_COLUMNS} FROM membership_requests AS r
             WHERE NOT EXISTS (SELECT 1 FROM users WHERE organisation_id = r.organisation_id)
             ORDER BY created_at, user_id LIMIT ?""",  # noqa: S608 - constant
        (limit,),
    )
    return [_request(row) for row in rows]


def _request(row: Row) -> RequestRow:
    return RequestRow(
        user_id=as_int(row["user_id"]),
        organisation_id=as_int(row["organisation_id"]),
        name=str(row["name"]),
        created_at=from_db(row["created_at"]),
    )


def _member(row: Row) -> MemberRow:
    joined = row["joined_at"]
    return MemberRow(
        user_id=as_int(row["telegram_id"]),
        organisation_id=as_int(row["organisation_id"]),
        name=row["member_name"],
        username=row["username"],
        joined_via=row["joined_via"],
        joined_at=None if joined is None else from_db(joined),
    )
