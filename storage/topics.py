"""The topics table: the catalogue of areas a chat can subscribe to, in three languages."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Final

from storage.connection import Row
from storage.db import Database
from storage.timestamps import to_db

# Each supported language has its own name column; only these are ever interpolated into SQL.
NAME_COLUMNS: Final = {"pl": "name_pl", "uk": "name_uk", "en": "name_en"}

_COLUMNS = "id, code, name_pl, name_uk, name_en, position, retired_at"


@dataclass(frozen=True, slots=True)
class TopicRow:
    id: int
    code: str
    names: dict[str, str]
    position: int
    retired: bool


async def list_topics(db: Database, *, include_retired: bool = False) -> list[TopicRow]:
    """Topics in display order."""
    rows = await db.fetch_all(
        f"SELECT {_COLUMNS} FROM topics WHERE ? OR retired_at IS NULL "  # noqa: S608 - constant
        "ORDER BY position, id",
        (include_retired,),
    )
    return [_to_topic(row) for row in rows]


async def get_topic(db: Database, topic_id: int) -> TopicRow | None:
    row = await db.fetch_one(
        f"SELECT {_COLUMNS} FROM topics WHERE id = ?",  # noqa: S608 - constant
        (topic_id,),
    )
    return None if row is None else _to_topic(row)


async def add_topic(db: Database, code: str, names: dict[str, str]) -> TopicRow | None:
    """Append a topic after the last one; None when the code is taken."""
    sql = f"""
        INSERT INTO topics (code, name_pl, name_uk, name_en, position)
        SELECT ?, ?, ?, ?, coalesce(max(position), 0) + 1 FROM topics
        WHERE true  -- without a WHERE, SQLite parses ON CONFLICT as a join constraint
        ON CONFLICT (code) DO NOTHING
        RETURNING {_COLUMNS}
    """  # noqa: S608 - only the constant column list is interpolated
    params = (code, names["pl"], names["uk"], names["en"])
    async with db.transaction() as conn:
        rows = list(await conn.execute_fetchall(sql, params))
    return _to_topic(rows[0]) if rows else None


async def rename_topic(db: Database, topic_id: int, language: str, name: str) -> TopicRow | None:
    column = NAME_COLUMNS[language]
    sql = f"UPDATE topics SET {column} = ? WHERE id = ? RETURNING {_COLUMNS}"  # noqa: S608 - whitelisted
    async with db.transaction() as conn:
        rows = list(await conn.execute_fetchall(sql, (name, topic_id)))
    return _to_topic(rows[0]) if rows else None


async def set_retired(db: Database, topic_id: int, retired_at: datetime | None) -> TopicRow | None:
    """Retire (keeping the first retirement time) or, with None, bring a topic back."""
    sql = f"""
        UPDATE topics SET retired_at = CASE WHEN ?1 IS NULL THEN NULL
                                   ELSE coalesce(retired_at, ?1) END
        WHERE id = ?2 RETURNING {_COLUMNS}
    """  # noqa: S608 - constant
    stamp = None if retired_at is None else to_db(retired_at)
    async with db.transaction() as conn:
        rows = list(await conn.execute_fetchall(sql, (stamp, topic_id)))
    return _to_topic(rows[0]) if rows else None


def _to_topic(row: Row) -> TopicRow:
    return TopicRow(
        id=row["id"],
        code=row["code"],
        names={language: row[column] for language, column in NAME_COLUMNS.items()},
        position=row["position"],
        retired=row["retired_at"] is not None,
    )
