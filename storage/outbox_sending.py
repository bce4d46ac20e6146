"""The outbox's sending side: claiming due items, recording their fate, recovery, migration."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Final

from storage.chats import chat_language_sql
from storage.connection import Connection, Row
from storage.db import Database, as_int
from storage.forum_threads import thread_sql
from storage.outbox import OutboxRow, item_row
from storage.timestamps import from_db, to_db

_ITEM_COLUMNS: Final = "id, announcement_id, chat_id, purpose, tag, attempts, reply_to_message_id"
# What rendering each item needs, read by the claim itself (see ClaimedRow).
_CONTEXT_COLUMNS: Final = f"""
    (SELECT status FROM announcements WHERE id = outbox.announcement_id),
    (SELECT revision FROM announcements WHERE id = outbox.announcement_id),
    {chat_language_sql("outbox.chat_id")},
    {thread_sql("outbox.chat_id", "outbox.announcement_id")}
"""  # noqa: S608 - constants only


@dataclass(frozen=True, slots=True)
class ClaimedRow:
    """A claimed item with its announcement's status and revision, its chat's language and
    the forum thread its announcement goes to there."""

    row: OutboxRow
    status: str | None
    revision: int | None
    language: str | None
    thread_id: int | None


@dataclass(frozen=True, slots=True)
class Outcome:
    """How one claimed item ends (or goes back to pending), written by `record_outcomes`."""

    item_id: int
    state: str
    message_id: int | None = None
    not_before: datetime | None = None  # for 'pending': when to try again
    error: str | None = None
    attempted: bool = True  # False for a 429 or a deferral: not a failed attempt


# One statement, so one round trip to aiosqlite's thread and its own transaction (a writing
# statement takes the write lock before it reads, as BEGIN IMMEDIATE would): on this 2-core
# machine each round trip costs about 0.1 ms of CPU, more than the SQL itself.
_CLAIM: Final = f"""
    UPDATE outbox SET state = 'sending', updated_at = :now WHERE id IN (
        SELECT id FROM (
            SELECT 0 AS rank, not_before, id FROM (
                -- Without statistics the planner would walk every due item to find tests.
                SELECT not_before, id FROM outbox INDEXED BY outbox_due_tests
                 WHERE state = 'pending' AND not_before <= :now AND purpose = 'test'
                 LIMIT :limit)
            UNION ALL
            SELECT 1, not_before, id FROM (
                SELECT not_before, id FROM outbox
                 WHERE state = 'pending' AND not_before <= :now AND purpose <> 'test'
                 ORDER BY not_before, id LIMIT :limit)
            ORDER BY 1, 2, 3 LIMIT :limit))
    RETURNING {_ITEM_COLUMNS}, {_CONTEXT_COLUMNS}
"""  # noqa: S608 - constants only
# The CASTs type a VALUES column that holds only NULLs (PostgreSQL would call it text).
_RECORD: Final = """
    UPDATE outbox SET state = v.column1,
                      message_id = coalesce(CAST(v.column2 AS INTEGER), outbox.message_id),
                      not_before = coalesce(CAST(v.column3 AS TEXT), outbox.not_before),
                      error = CAST(v.column4 AS TEXT),
                      attempts = outbox.attempts + v.column5, updated_at = ?
      FROM (VALUES {rows}) AS v
     WHERE outbox.id = v.column6 AND outbox.state = 'sending'
"""
# The first row's casts type every column: PostgreSQL can then prepare the statement once per
# row count with typed parameters, instead of reading values written into its text each time.
_FIRST_ROW: Final = (
    "(CAST(? AS TEXT), CAST(? AS INTEGER), CAST(? AS TEXT), CAST(? AS TEXT),"
    " CAST(? AS INTEGER), CAST(? AS INTEGER))"
)
_RECORD_CHUNK: Final = 500  # rows per statement: 3,001 parameters, far below SQLite's limit


# PostgreSQL's claim: rows another sender is claiming are skipped, not waited for.
_CLAIM_POSTGRESQL: Final = f"""
    WITH tests AS (
        SELECT id, not_before FROM outbox
         WHERE state = 'pending' AND not_before <= :now AND purpose = 'test'
         ORDER BY id LIMIT :limit FOR UPDATE SKIP LOCKED),
    rest AS (
        SELECT id, not_before FROM outbox
         WHERE state = 'pending' AND not_before <= :now AND purpose <> 'test'
         ORDER BY not_before, id LIMIT :limit FOR UPDATE SKIP LOCKED),
    picked AS (
        SELECT id FROM (SELECT 0 AS rank, not_before, id FROM tests
                        UNION ALL SELECT 1, not_before, id FROM rest) AS due
         ORDER BY rank, not_before, id LIMIT :limit)
    UPDATE outbox SET state = 'sending', updated_at = :now
     WHERE id IN (SELECT id FROM picked)
    RETURNING {_ITEM_COLUMNS}, {_CONTEXT_COLUMNS}
"""  # noqa: S608 - constants only


async def claim_due(db: Database, now: datetime, limit: int) -> list[ClaimedRow]:
    """Mark up to `limit` due pending items 'sending' and return them; test sends first."""
    sql = _CLAIM_POSTGRESQL if db.dialect == "postgresql" else _CLAIM
    async with db.connection() as conn:
        rows = await conn.execute_fetchall(sql, {"now": to_db(now), "limit": limit})
    claimed = [_claimed(row) for row in rows]
    if db.dialect == "postgresql":  # its RETURNING keeps no order; SQLite's is the id order
        claimed.sort(key=lambda c: c.row.id)
    claimed.sort(key=lambda c: c.row.purpose != "test")  # stable: the rest keep their order
    return claimed


async def next_due(db: Database) -> datetime | None:
    """When the earliest pending item may be sent (maybe already), or None if none is."""
    value = await db.fetch_value("SELECT min(not_before) FROM outbox WHERE state = 'pending'")
    return None if value is None else from_db(str(value))


def _claimed(values: Row) -> ClaimedRow:
    status, revision, language, thread = values[7:11]
    return ClaimedRow(
        item_row(values),
        None if status is None else str(status),
        None if revision is None else as_int(revision),
        None if language is None else str(language),
        None if thread is None else as_int(thread),
    )


async def record_outcomes(db: Database, outcomes: Sequence[Outcome], now: datetime) -> None:
    """Write the fate of claimed items (items no longer 'sending' are left alone: a
    follow_migration may have skipped them meanwhile). The first outcome of an item wins."""
    first: dict[int, Outcome] = {}
    for outcome in outcomes:
        first.setdefault(outcome.item_id, outcome)
    values = [
        (
            o.state,
            o.message_id,
            None if o.not_before is None else to_db(o.not_before),
            o.error,
            int(o.attempted),
            o.item_id,
        )
        for o in first.values()
    ]
    if not values:
        return
    chunks = [values[i : i + _RECORD_CHUNK] for i in range(0, len(values), _RECORD_CHUNK)]
    if len(chunks) == 1:  # the usual case: one statement, its own transaction
        async with db.connection() as conn:
            await _record(conn, chunks[0], to_db(now))
        return
    async with db.transaction() as conn:
        for chunk in chunks:
            await _record(conn, chunk, to_db(now))


async def _record(conn: Connection, rows: Sequence[tuple[object, ...]], stamp: str) -> None:
    sql = _RECORD.format(rows=", ".join([_FIRST_ROW, *["(?, ?, ?, ?, ?, ?)"] * (len(rows) - 1)]))
    await conn.execute_fetchall(sql, [stamp, *(value for row in rows for value in row)])


async def reset_sending(db: Database, now: datetime) -> int:
    """After a crash: items left 'sending' may or may not have gone out; send them again."""
    stamp = to_db(now)
    async with db.transaction() as conn:
        cursor = await conn.execute(
            "UPDATE outbox SET state = 'pending', not_before = ?, updated_at = ? "
            "WHERE state = 'sending'",
            (stamp, stamp),
        )
        return max(cursor.rowcount, 0)


async def move_chat(db: Database, old_id: int, new_id: int, now: datetime) -> None:
    """Point the unsent items of a group that became a supergroup at its new id.

    An item the new id already has (same announcement, purpose and tag) is skipped instead,
    so the UNIQUE constraint holds and nobody gets the message twice. Sent items keep the old
    id: that is where their message is.
    """
    stamp = to_db(now)
    async with db.transaction() as conn:
        await conn.execute(
            """UPDATE outbox SET state = 'skipped', error = 'already queued for the new chat id',
                                 updated_at = ?
                WHERE chat_id = ? AND state IN ('pending', 'sending') AND EXISTS (
                      SELECT 1 FROM outbox AS n WHERE n.chat_id = ?
                         AND n.announcement_id IS NOT DISTINCT FROM outbox.announcement_id
                         AND n.purpose = outbox.purpose AND n.tag = outbox.tag)""",
            (stamp, old_id, new_id),
        )
        # The message a follow-up answers or edits stayed in the old chat: in the new one the
        # same number is another message, so the follow-up goes as a message of its own.
        await conn.execute(
            "UPDATE outbox SET chat_id = ?, reply_to_message_id = NULL, updated_at = ? "
            "WHERE chat_id = ? AND state IN ('pending', 'sending')",
            (new_id, stamp, old_id),
        )
