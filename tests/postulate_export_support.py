"""Rounds, postulates and supports written straight into the tables, for the report's tests.

New rows' ids come from `insert_id` (RETURNING id), so the same fixtures run on SQLite and on
PostgreSQL, whose cursors have no lastrowid.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from docx import Document

from storage import Database
from storage.db import insert_id
from storage.timestamps import to_db

BASE = datetime(2027, 3, 1, 9, 0, tzinfo=UTC)


async def add_organisation(db: Database, name: str, key: str) -> int:
    async with db.transaction() as conn:
        new_id = await insert_id(
            conn,
            "INSERT INTO organisations (name, name_key, created_at) VALUES (?, ?, ?)",
            (name, key, to_db(BASE)),
        )
    assert new_id is not None
    return new_id


async def add_round(
    db: Database, title: str, opens: datetime = BASE, days: int = 30, topic_id: int = 1
) -> int:
    async with db.transaction() as conn:
        new_id = await insert_id(
            conn,
            "INSERT INTO rounds (title, description, opens_at, closes_at, created_at)"
            " VALUES (?, '', ?, ?, ?)",
            (title, to_db(opens), to_db(opens + timedelta(days=days)), to_db(opens)),
        )
        assert new_id is not None
        await conn.execute(
            "INSERT INTO round_topics (round_id, topic_id) VALUES (?, ?)", (new_id, topic_id)
        )
    return new_id


@dataclass
class Entry:
    """A postulate to insert; minutes: when it was submitted, after BASE."""

    title: str
    minutes: int
    description: str = "Opis."
    beneficiaries: str = "seniorzy"
    organisation_id: int | None = None
    status: str = "new"
    position: str | None = None
    published: bool = False
    merged_into: int | None = None
    withdraw_reason: str | None = None
    topic_id: int = 1


async def add_postulate(db: Database, round_id: int | None, entry: Entry) -> int:
    submitted = BASE + timedelta(minutes=entry.minutes)
    # A drafted answer keeps the postulate's status; a published one became its status.
    answer = None if entry.position is None else entry.status if entry.published else "rejected"
    answered = to_db(submitted + timedelta(days=1)) if entry.published else None
    async with db.transaction() as conn:
        new_id = await insert_id(
            conn,
            "INSERT INTO postulates (round_id, topic_id, title, description, beneficiaries, "
            "organisation_id, status, merged_into, withdraw_reason, answer_status, position, "
            "answered_at, submitted_at, updated_at) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
            (
                round_id, entry.topic_id, entry.title, entry.description, entry.beneficiaries,
                entry.organisation_id, entry.status, entry.merged_into, entry.withdraw_reason,
                answer, entry.position, answered,
                to_db(submitted), to_db(submitted),
            ),
        )  # fmt: skip
    assert new_id is not None
    return new_id


async def add_support(db: Database, postulate_id: int, organisation_id: int) -> None:
    async with db.transaction() as conn:
        await conn.execute(
            "INSERT INTO postulate_supports (postulate_id, organisation_id, created_at)"
            " VALUES (?, ?, ?)",
            (postulate_id, organisation_id, to_db(BASE)),
        )


def docx_table(data: bytes) -> tuple[list[str], list[list[str]]]:
    """The document's paragraphs before the table, and the table's cells row by row."""
    document = Document(io.BytesIO(data))
    paragraphs = [p.text for p in document.paragraphs]
    tables = document.tables
    cells = [[cell.text for cell in row.cells] for row in tables[0].rows] if tables else []
    return paragraphs, cells
