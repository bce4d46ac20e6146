"""The postulates table: submitting, reading, listing and changing the state of proposals."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Final

from storage.connection import Connection, Row
from storage.db import Database, StorageError, as_int, insert_id
from storage.timestamps import from_db, to_db

OPEN_STATUSES: Final = ("new", "under_review")
_OPEN_SQL: Final = "('new', 'under_review')"
_SELECT: Final = """
    SELECT p.id, p.round_id, p.topic_id, p.title, p.description, p.beneficiaries,
           p.organisation_id, o.name AS organisation_name, p.author_id, p.status,
           p.merged_into, p.withdraw_reason, p.answer_status, p.position, p.answered_at,
           p.submitted_at,
           (SELECT count(*) FROM postulate_supports AS s WHERE s.postulate_id = p.id) AS supports
      FROM postulates AS p LEFT JOIN organisations AS o ON o.id = p.organisation_id
"""


@dataclass(frozen=True, slots=True)
class PostulateRow:
    id: int
    round_id: int | None
    topic_id: int
    title: str
    description: str
    beneficiaries: str
    organisation_id: int | None
    organisation_name: str | None
    author_id: int | None
    status: str
    merged_into: int | None
    withdraw_reason: str | None
    answer_status: str | None
    position: str | None
    answered_at: datetime | None
    submitted_at: datetime
    supports: int


@dataclass(frozen=True, slots=True)
class NewPostulate:
    """The checked values of a submission."""

    author_id: int
    round_id: int | None
    topic_id: int
    title: str
    description: str
    beneficiaries: str
    organisation_id: int | None


async def add_postulate(
    db: Database, new: NewPostulate, now: datetime, since: datetime, per_day: int
) -> PostulateRow | None:
    """Store a postulate, its author following it; None when the author already submitted
    `per_day` since `since` (counted in the same transaction, so a flood cannot slip past)."""
    stamp = to_db(now)
    async with db.transaction() as conn:
        if await _count_since(conn, new.author_id, since) >= per_day:
            return None
        postulate_id = await insert_id(
            conn,
            "INSERT INTO postulates (round_id, topic_id, title, description, beneficiaries, "
            "organisation_id, author_id, submitted_at, updated_at) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (new.round_id, new.topic_id, new.title, new.description, new.beneficiaries,
             new.organisation_id, new.author_id, stamp, stamp),
        )  # fmt: skip
        if postulate_id is None:
            raise StorageError("the new postulate got no id")
        await conn.execute(
            "INSERT INTO postulate_followers (postulate_id, user_id, created_at) VALUES (?, ?, ?)",
            (postulate_id, new.author_id, stamp),
        )
        return await load_postulate(conn, postulate_id)


async def count_since(db: Database, author_id: int, since: datetime) -> int:
    async with db.connection() as conn:
        return await _count_since(conn, author_id, since)


async def _count_since(conn: Connection, author_id: int, since: datetime) -> int:
    async with conn.execute(
        "SELECT count(*) FROM postulates WHERE author_id = ? AND submitted_at > ?",
        (author_id, to_db(since)),
    ) as cursor:
        row = await cursor.fetchone()
    return 0 if row is None else as_int(row[0])


async def get_postulate(db: Database, postulate_id: int) -> PostulateRow | None:
    async with db.connection() as conn:
        return await load_postulate(conn, postulate_id)


async def load_postulate(conn: Connection, postulate_id: int) -> PostulateRow | None:
    async with conn.execute(f"{_SELECT} WHERE p.id = ?", (postulate_id,)) as cursor:
        row = await cursor.fetchone()
    return None if row is None else _to_postulate(row)


async def list_mine(db: Database, user_id: int) -> list[PostulateRow]:
    """The user's own postulates and their organisation's, newest first."""
    rows = await db.fetch_all(
        f"""{_SELECT}
         WHERE p.author_id = :user
            OR p.organisation_id = (SELECT organisation_id FROM users WHERE telegram_id = :user)
         ORDER BY p.submitted_at DESC, p.id DESC
        """,  # noqa: S608 - constant
        {"user": user_id},
    )
    return [_to_postulate(row) for row in rows]


async def list_by_author(db: Database, user_id: int) -> list[PostulateRow]:
    """The postulates the person wrote (for /mydata), oldest first."""
    rows = await db.fetch_all(
        f"{_SELECT} WHERE p.author_id = ? ORDER BY p.submitted_at, p.id",
        (user_id,),
    )
    return [_to_postulate(row) for row in rows]


async def list_page(
    db: Database, where: str, params: Sequence[object], order: str, offset: int, limit: int
) -> tuple[list[PostulateRow], int]:
    """One page of postulates matching `where` (built from constants), and the total."""
    async with db.connection() as conn:
        async with conn.execute(
            f"SELECT count(*) FROM postulates AS p WHERE {where}",  # noqa: S608 - see above
            params,
        ) as cursor:
            found = await cursor.fetchone()
        async with conn.execute(
            f"{_SELECT} WHERE {where} ORDER BY {order} LIMIT ? OFFSET ?",
            [*params, limit, offset],
        ) as cursor:
            rows = await cursor.fetchall()
    return [_to_postulate(row) for row in rows], 0 if found is None else as_int(found[0])


def browse_filter(
    round_id: int | None, topic_id: int | None, in_inbox: bool
) -> tuple[str, list[object]]:
    """The WHERE clause of /postulates: visible ones, by round or the inbox, maybe one topic."""
    clauses, params = ["p.status NOT IN ('withdrawn', 'merged')"], list[object]()
    if in_inbox:
        clauses.append("p.round_id IS NULL")
    elif round_id is not None:
        clauses.append("p.round_id = ?")
        params.append(round_id)
    if topic_id is not None:
        clauses.append("p.topic_id = ?")
        params.append(topic_id)
    return " AND ".join(clauses), params


BROWSE_ORDER: Final = "supports DESC, p.submitted_at DESC, p.id DESC"
QUEUE_FILTER: Final = f"p.status IN {_OPEN_SQL}"
QUEUE_ORDER: Final = "p.submitted_at, p.id"


async def update_open(
    db: Database, postulate_id: int, changes: Mapping[str, object], now: datetime
) -> PostulateRow | None:
    """Set columns of a postulate that is still open; None when it is not (any more)."""
    async with db.transaction() as conn:
        if not await change_open(conn, postulate_id, changes, now):
            return None
        return await load_postulate(conn, postulate_id)


async def change_open(
    conn: Connection, postulate_id: int, changes: Mapping[str, object], now: datetime
) -> bool:
    # Column names come from the services' constants, never from users.
    columns = ", ".join(f"{name} = ?" for name in changes)
    values = [to_db(v) if isinstance(v, datetime) else v for v in changes.values()]
    async with conn.execute(
        f"UPDATE postulates SET {columns}, updated_at = ? "  # noqa: S608
        f"WHERE id = ? AND status IN {_OPEN_SQL}",
        [*values, to_db(now), postulate_id],
    ) as cursor:
        return cursor.rowcount == 1


def _to_postulate(row: Row) -> PostulateRow:
    answered = row["answered_at"]
    return PostulateRow(
        id=as_int(row["id"]),
        round_id=_optional_int(row["round_id"]),
        topic_id=as_int(row["topic_id"]),
        title=str(row["title"]),
        description=str(row["description"]),
        beneficiaries=str(row["beneficiaries"]),
        organisation_id=_optional_int(row["organisation_id"]),
        organisation_name=row["organisation_name"],
        author_id=_optional_int(row["author_id"]),
        status=str(row["status"]),
        merged_into=_optional_int(row["merged_into"]),
        withdraw_reason=row["withdraw_reason"],
        answer_status=row["answer_status"],
        position=row["position"],
        answered_at=None if answered is None else from_db(answered),
        submitted_at=from_db(row["submitted_at"]),
        supports=as_int(row["supports"]),
    )


def _optional_int(value: object) -> int | None:
    return None if value is None else as_int(value)
