"""The organisations table: NGOs, their review by staff, search and the public directory."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Final, Literal

from storage.connection import Connection, Row
from storage.db import Database, as_int
from storage.timestamps import from_db, to_db

# Must match the CHECK constraint in migrations/0002_organisations_subscriptions.sql.
STATUSES: Final = ("pending", "verified", "rejected")

_COLUMNS = "id, name, name_key, krs, district, email, status, created_by, created_at"


@dataclass(frozen=True, slots=True)
class OrganisationRow:
    id: int
    name: str
    name_key: str
    krs: str | None
    district: str | None
    email: str | None
    status: str
    created_by: int | None
    created_at: datetime


@dataclass(frozen=True, slots=True)
class NewOrganisation:
    """Validated fields of an organisation to add; name_key is the folded name."""

    name: str
    name_key: str
    krs: str | None
    district: str | None
    email: str | None


@dataclass(frozen=True, slots=True)
class Duplicate:
    """Why an organisation was not added: this existing one has the same name or KRS."""

    field: Literal["name", "krs"]
    existing: OrganisationRow


async def get_organisation(db: Database, org_id: int) -> OrganisationRow | None:
    row = await db.fetch_one(
        f"SELECT {_COLUMNS} FROM organisations WHERE id = ?",  # noqa: S608 - constant
        (org_id,),
    )
    return None if row is None else _to_organisation(row)


async def add_organisation(
    db: Database, new: NewOrganisation, member_id: int, now: datetime
) -> OrganisationRow | Duplicate:
    """Add a pending organisation and make `member_id` its member, or report a duplicate.

    The duplicate checks run in the same transaction as the insert, so two people registering
    the same name at once cannot both succeed, and a failure leaves nothing behind.
    """
    async with db.transaction() as conn:
        duplicate = await _find_duplicate(conn, new)
        if duplicate is not None:
            return duplicate
        rows = await conn.execute_fetchall(
            f"""INSERT INTO organisations
                    (name, name_key, krs, district, email, created_by, created_at)
                VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING {_COLUMNS}""",  # noqa: S608 - constant
            (new.name, new.name_key, new.krs, new.district, new.email, member_id, to_db(now)),
        )
        added = _to_organisation(next(iter(rows)))
        await conn.execute(
            "UPDATE users SET organisation_id = ?, joined_via = 'created', joined_at = ? "
            "WHERE telegram_id = ?",
            (added.id, to_db(now), member_id),
        )
    return added


async def _find_duplicate(conn: Connection, new: NewOrganisation) -> Duplicate | None:
    checks: list[tuple[Literal["name", "krs"], str, str | None]] = [
        ("name", "name_key", new.name_key),
        ("krs", "krs", new.krs),
    ]
    for field, column, value in checks:
        if value is None:
            continue
        sql = f"SELECT {_COLUMNS} FROM organisations WHERE {column} = ?"  # noqa: S608 - constant
        async with conn.execute(sql, (value,)) as cursor:
            row = await cursor.fetchone()
        if row is not None:
            return Duplicate(field, _to_organisation(row))
    return None


async def search_organisations(db: Database, folded: str, limit: int) -> list[OrganisationRow]:
    """Organisations whose folded name contains `folded`; verified first, then by name."""
    rows = await db.fetch_all(
        f"""SELECT {_COLUMNS} FROM organisations
            WHERE instr(name_key, ?) > 0 AND status != 'rejected'
            ORDER BY status = 'verified' DESC, name_key, id LIMIT ?""",  # noqa: S608 - constant
        (folded, limit),
    )
    return [_to_organisation(row) for row in rows]


async def list_by_status(db: Database, status: str) -> list[OrganisationRow]:
    """Organisations in one status, oldest first."""
    rows = await db.fetch_all(
        f"SELECT {_COLUMNS} FROM organisations WHERE status = ? "  # noqa: S608 - constant
        "ORDER BY created_at, id",
        (status,),
    )
    return [_to_organisation(row) for row in rows]


async def list_created_by(db: Database, user_id: int) -> list[OrganisationRow]:
    rows = await db.fetch_all(
        f"SELECT {_COLUMNS} FROM organisations WHERE created_by = ? ORDER BY id",  # noqa: S608
        (user_id,),
    )
    return [_to_organisation(row) for row in rows]


async def review_organisation(
    db: Database, org_id: int, status: str, staff_id: int, now: datetime
) -> OrganisationRow | None:
    """Verify or reject a pending organisation; None if unknown or already reviewed."""
    if status not in ("verified", "rejected"):
        raise ValueError(f"a review ends in 'verified' or 'rejected', not {status!r}")
    sql = f"""
        UPDATE organisations SET status = ?, reviewed_by = ?, reviewed_at = ?
        WHERE id = ? AND status = 'pending' RETURNING {_COLUMNS}
    """  # noqa: S608 - constant
    async with db.transaction() as conn:
        rows = list(await conn.execute_fetchall(sql, (status, staff_id, to_db(now), org_id)))
    return _to_organisation(rows[0]) if rows else None


# Verified organisations, optionally with a given area and/or in a given district.
_DIRECTORY_WHERE = """
    status = 'verified' AND (:district IS NULL OR district = :district)
    AND (:topic IS NULL OR EXISTS (SELECT 1 FROM organisation_areas AS a
                                   WHERE a.organisation_id = o.id AND a.topic_id = :topic))
"""


async def count_directory(db: Database, topic_id: int | None, district: str | None) -> int:
    """How many verified organisations have the area and are in the district (None: any)."""
    sql = f"SELECT count(*) FROM organisations AS o WHERE {_DIRECTORY_WHERE}"  # noqa: S608
    params = {"topic": topic_id, "district": district}
    return as_int(await db.fetch_value(sql, params))


async def list_directory(
    db: Database, topic_id: int | None, district: str | None, limit: int, offset: int
) -> list[OrganisationRow]:
    """One page of the directory, by name."""
    sql = f"""SELECT {_COLUMNS} FROM organisations AS o WHERE {_DIRECTORY_WHERE}
              ORDER BY name_key, id LIMIT :limit OFFSET :offset"""  # noqa: S608 - constant
    params = {"topic": topic_id, "district": district, "limit": limit, "offset": offset}
    return [_to_organisation(row) for row in await db.fetch_all(sql, params)]


async def list_areas(db: Database, org_ids: Sequence[int]) -> dict[int, list[int]]:
    """Each organisation's current (not retired) areas, in catalogue order."""
    if not org_ids:
        return {}
    marks = ",".join("?" * len(org_ids))
    rows = await db.fetch_all(
        f"""SELECT a.organisation_id, a.topic_id FROM organisation_areas AS a
            JOIN topics AS t ON t.id = a.topic_id
            WHERE a.organisation_id IN ({marks}) AND t.retired_at IS NULL
            ORDER BY t.position, t.id""",  # noqa: S608 - placeholders only
        list(org_ids),
    )
    areas: dict[int, list[int]] = {org_id: [] for org_id in org_ids}
    for row in rows:
        areas[row["organisation_id"]].append(row["topic_id"])
    return areas


def _to_organisation(row: Row) -> OrganisationRow:
    return OrganisationRow(
        id=row["id"],
        name=row["name"],
        name_key=row["name_key"],
        krs=row["krs"],
        district=row["district"],
        email=row["email"],
        status=row["status"],
        created_by=row["created_by"],
        created_at=from_db(row["created_at"]),
    )
