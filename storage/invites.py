"""The invites table: revocable invite links to an organisation, stored as code hashes."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from storage.connection import Row
from storage.db import Database, as_int
from storage.memberships import mark_joined
from storage.timestamps import from_db, to_db

_COLUMNS = "id, organisation_id, created_by, created_at, revoked_at, uses"


@dataclass(frozen=True, slots=True)
class InviteRow:
    id: int
    organisation_id: int
    created_by: int | None
    created_at: datetime
    revoked_at: datetime | None
    uses: int


async def add_invite(
    db: Database, org_id: int, code_hash: str, user_id: int, now: datetime, *, staff: bool
) -> InviteRow | None:
    """Store an invite if allowed: the organisation exists and is not rejected, and the user is
    staff (`staff`) or its member. None when not allowed.

    The permission check is part of the INSERT, so it cannot go stale before the write.
    """
    sql = f"""
        INSERT INTO invites (code_hash, organisation_id, created_by, created_at)
        SELECT :hash, o.id, :user, :now FROM organisations AS o
        WHERE o.id = :org AND o.status != 'rejected'
          AND (:staff OR EXISTS (SELECT 1 FROM users
                                 WHERE telegram_id = :user AND organisation_id = o.id))
        RETURNING {_COLUMNS}
    """  # noqa: S608 - constant
    params = {"hash": code_hash, "user": user_id, "now": to_db(now), "org": org_id, "staff": staff}
    async with db.transaction() as conn:
        rows = list(await conn.execute_fetchall(sql, params))
    return _to_invite(rows[0]) if rows else None


async def redeem_invite(
    db: Database, code_hash: str, user_id: int, now: datetime, name: str | None = None
) -> int | None:
    """Join the user to the invite's organisation and count the use; the organisation's id.

    None (and nothing changed) for an unknown or revoked code, a rejected organisation or an
    unknown user.
    """
    find = """
        SELECT i.id, i.organisation_id FROM invites AS i
        JOIN organisations AS o ON o.id = i.organisation_id
        WHERE i.code_hash = ? AND i.revoked_at IS NULL AND o.status != 'rejected'
    """
    async with db.transaction() as conn:
        async with conn.execute(find, (code_hash,)) as cursor:
            found = await cursor.fetchone()
        if found is None:
            return None
        invite_id, org_id = as_int(found[0]), as_int(found[1])
        if not await mark_joined(conn, user_id, org_id, "invite", now, name):
            return None
        await conn.execute("UPDATE invites SET uses = uses + 1 WHERE id = ?", (invite_id,))
    return org_id


async def list_active_invites(db: Database, org_id: int) -> list[InviteRow]:
    rows = await db.fetch_all(
        f"SELECT {_COLUMNS} FROM invites "  # noqa: S608 - constant
        "WHERE organisation_id = ? AND revoked_at IS NULL ORDER BY created_at, id",
        (org_id,),
    )
    return [_to_invite(row) for row in rows]


async def list_created_by(db: Database, user_id: int) -> list[InviteRow]:
    rows = await db.fetch_all(
        f"SELECT {_COLUMNS} FROM invites WHERE created_by = ? ORDER BY id",  # noqa: S608
        (user_id,),
    )
    return [_to_invite(row) for row in rows]


async def revoke_invite(
    db: Database, invite_id: int, user_id: int, now: datetime, *, staff: bool
) -> bool:
    """Revoke an active invite if the user is staff or a member of its organisation."""
    sql = """
        UPDATE invites SET revoked_at = :now
        WHERE id = :id AND revoked_at IS NULL
          AND (:staff OR organisation_id = (SELECT organisation_id FROM users
                                             WHERE telegram_id = :user))
    """
    params = {"now": to_db(now), "id": invite_id, "staff": staff, "user": user_id}
    async with db.transaction() as conn, conn.execute(sql, params) as cursor:
        return cursor.rowcount == 1


def _to_invite(row: Row) -> InviteRow:
    revoked = row["revoked_at"]
    return InviteRow(
        id=row["id"],
        organisation_id=row["organisation_id"],
        created_by=row["created_by"],
        created_at=from_db(row["created_at"]),
        revoked_at=None if revoked is None else from_db(revoked),
        uses=row["uses"],
    )
