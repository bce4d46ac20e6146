"""The rounds and round_topics tables: consultation rounds and the topics each one covers."""

from __future__ import annotations

import json
from collections.abc import Collection
from dataclasses import dataclass
from datetime import datetime
from typing import Final

from storage.connection import Connection, Row
from storage.db import Database, StorageError, as_int, insert_id
from storage.timestamps import from_db, to_db

# Topic ids travel as one "1,2,3" text: a round has a handful of topics.
_SELECT: Final = """
    SELECT r.id, r.title, r.description, r.opens_at, r.closes_at, r.announcement_id,
           r.created_by, r.created_at,
           (SELECT group_concat(topic_id) FROM
               (SELECT topic_id FROM round_topics WHERE round_id = r.id ORDER BY topic_id) AS t)
               AS topic_ids
      FROM rounds AS r
"""


@dataclass(frozen=True, slots=True)
class RoundRow:
    id: int
    title: str
    description: str
    opens_at: datetime
    closes_at: datetime
    topic_ids: tuple[int, ...]
    announcement_id: int | None
    created_by: int | None
    created_at: datetime


@dataclass(frozen=True, slots=True)
class NewRound:
    """A round as staff describe it, before it is stored."""

    title: str
    description: str
    topic_ids: Collection[int]
    opens_at: datetime
    closes_at: datetime
    created_by: int | None


async def add_round(db: Database, new: NewRound, now: datetime) -> RoundRow:
    """Store a round with its topics in one transaction."""
    opens_at, closes_at = to_db(new.opens_at), to_db(new.closes_at)
    async with db.transaction() as conn:
        round_id = await insert_id(
            conn,
            "INSERT INTO rounds (title, description, opens_at, closes_at, created_by, created_at)"
            " VALUES (?, ?, ?, ?, ?, ?)",
            (new.title, new.description, opens_at, closes_at, new.created_by, to_db(now)),
        )
        if round_id is None:
            raise StorageError("the new round got no id")
        await conn.execute(
            "INSERT OR IGNORE INTO round_topics (round_id, topic_id) "
            "SELECT ?, value FROM json_each(?)",
            (round_id, json.dumps(sorted(set(new.topic_ids)))),
        )
        row = await _load(conn, round_id)
    if row is None:
        raise StorageError(f"round {round_id} vanished")
    return row


async def set_announcement(db: Database, round_id: int, announcement_id: int) -> None:
    async with db.transaction() as conn:
        await conn.execute(
            "UPDATE rounds SET announcement_id = ? WHERE id = ?", (announcement_id, round_id)
        )


async def get_round(db: Database, round_id: int) -> RoundRow | None:
    row = await db.fetch_one(f"{_SELECT} WHERE r.id = ?", (round_id,))
    return None if row is None else _to_round(row)


async def list_rounds(db: Database) -> list[RoundRow]:
    """Every round, the newest first."""
    rows = await db.fetch_all(f"{_SELECT} ORDER BY r.created_at DESC, r.id DESC")
    return [_to_round(row) for row in rows]


async def list_recent(db: Database, limit: int) -> list[RoundRow]:
    """The newest rounds first (by opening, then id), at most `limit`."""
    rows = await db.fetch_all(f"{_SELECT} ORDER BY r.opens_at DESC, r.id DESC LIMIT ?", (limit,))
    return [_to_round(row) for row in rows]


async def list_open(db: Database, now: datetime) -> list[RoundRow]:
    """Rounds open at `now`, closing soonest first."""
    stamp = to_db(now)
    rows = await db.fetch_all(
        f"{_SELECT} WHERE r.opens_at <= ? AND r.closes_at > ? ORDER BY r.closes_at, r.id",
        (stamp, stamp),
    )
    return [_to_round(row) for row in rows]


async def _load(conn: Connection, round_id: int) -> RoundRow | None:
    async with conn.execute(f"{_SELECT} WHERE r.id = ?", (round_id,)) as cursor:
        row = await cursor.fetchone()
    return None if row is None else _to_round(row)


def _to_round(row: Row) -> RoundRow:
    topics = str(row["topic_ids"] or "")
    return RoundRow(
        id=as_int(row["id"]),
        title=str(row["title"]),
        description=str(row["description"]),
        opens_at=from_db(row["opens_at"]),
        closes_at=from_db(row["closes_at"]),
        topic_ids=tuple(int(part) for part in topics.split(",") if part),
        announcement_id=_optional_int(row["announcement_id"]),
        created_by=_optional_int(row["created_by"]),
        created_at=from_db(row["created_at"]),
    )


def _optional_int(value: object) -> int | None:
    return None if value is None else as_int(value)
