"""The outbox table: snapshotting audiences, claiming due items and recording their fate."""

from __future__ import annotations

from collections.abc import Collection, Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Final

from storage.connection import Connection, Row
from storage.db import Database, StorageError, as_int
from storage.timestamps import to_db

# Must match the CHECK constraints in migrations/0008_postulates.sql.
PURPOSES: Final = (
    "announcement",
    "correction",
    "cancellation",
    "test",
    "reminder",
    "date_change",
    "digest",
)
STATES: Final = ("pending", "sending", "sent", "failed", "blocked", "skipped")
_IDLE_CHATS: Final = "SELECT chat_id FROM chats WHERE active = 0 OR paused = 1"

_COLUMNS: Final = """outbox
        (announcement_id, chat_id, purpose, tag, not_before, reply_to_message_id,
         created_at, updated_at)
"""
_INSERT: Final = f"INSERT OR IGNORE INTO {_COLUMNS}"
# A first snapshot has no row to collide with (its SELECT yields each chat once): PostgreSQL
# then inserts without ON CONFLICT, whose check of every row took a quarter of the time.
_INSERT_FIRST: Final = f"INSERT INTO {_COLUMNS}"


@dataclass(frozen=True, slots=True)
class OutboxRow:
    id: int
    announcement_id: int | None  # None for a digest
    chat_id: int
    purpose: str
    tag: str
    attempts: int
    reply_to_message_id: int | None


def audience_select(
    kind: str, topic_ids: Collection[int] | None, organisation_id: int | None
) -> tuple[str, list[object]]:
    """A SELECT of the chat ids an announcement reaches now, and its parameters.

    A targeted notice reaches the organisation's members' private chats and its group chats;
    otherwise, like subscriptions.list_audience, active unpaused chats subscribed to any of
    the topics (every chat when `topic_ids` is None) and not muting `kind`.
    """
    if organisation_id is not None:
        sql = f"""
            SELECT c.chat_id FROM users AS u JOIN chats AS c ON c.chat_id = u.telegram_id
             WHERE u.organisation_id = ? AND c.type = 'private'
            UNION SELECT chat_id FROM chats WHERE organisation_id = ?
            EXCEPT {_IDLE_CHATS}
        """  # noqa: S608 - constants only
        return sql, [organisation_id, organisation_id]
    if topic_ids is None:
        sql = """
            SELECT chat_id FROM chats WHERE active = 1 AND paused = 0
            EXCEPT SELECT chat_id FROM chat_muted_kinds WHERE kind = ?
        """
        return sql, [kind]
    wanted = sorted(set(topic_ids))
    marks = ",".join("?" * len(wanted))
    # Shaped like subscriptions.list_audience (see why there): EXCEPT beats a join here.
    sql = f"""
        SELECT chat_id FROM chat_topics WHERE topic_id IN ({marks})
        EXCEPT {_IDLE_CHATS}
        EXCEPT SELECT chat_id FROM chat_muted_kinds WHERE kind = ?
    """  # noqa: S608 - placeholders only
    return sql, [*wanted, kind]


async def add_audience(db: Database, announcement_id: int, now: datetime) -> int:
    """Queue the announcement for its whole audience in one INSERT ... SELECT.

    Idempotent; returns how many ANNOUNCEMENT items the announcement has queued in all.
    """
    stamp = to_db(now)
    postgres = db.dialect == "postgresql"
    # PostgreSQL: the row lock makes a second snapshot of the announcement (another process
    # publishing it at the same moment) wait, then find the first one's items.
    lock = " FOR UPDATE" if postgres else ""
    read = f"SELECT kind, organisation_id, all_topics FROM announcements WHERE id = ?{lock}"  # noqa: S608 - constants only
    async with db.transaction() as conn:
        async with conn.execute(read, (announcement_id,)) as cursor:
            row = await cursor.fetchone()
        if row is None:
            raise StorageError(f"announcement {announcement_id} does not exist")
        organisation = None if row["organisation_id"] is None else as_int(row["organisation_id"])
        topic_ids: list[int] | None = None
        if organisation is None and not row["all_topics"]:
            async with conn.execute(
                "SELECT topic_id FROM announcement_topics WHERE announcement_id = ?",
                (announcement_id,),
            ) as cursor:
                topic_ids = [as_int(r[0]) for r in await cursor.fetchall()]
        if topic_ids != []:
            select, params = audience_select(str(row["kind"]), topic_ids, organisation)
            # Items are sent in id order, so ids follow chat ids; SQLite's EXCEPT yields them
            # sorted already, PostgreSQL's hashes them.
            order = " ORDER BY chat_id" if postgres else ""
            first = postgres and await _count(conn, announcement_id, "announcement") == 0
            await conn.execute(
                f"{_INSERT_FIRST if first else _INSERT} "  # noqa: S608
                "SELECT ?, chat_id, 'announcement', '', ?, NULL, ?, ? "
                f"FROM ({select}) AS a{order}",
                [announcement_id, stamp, stamp, stamp, *params],
            )
        return await _count(conn, announcement_id, "announcement")


async def count_audience(
    db: Database, kind: str, topic_ids: Collection[int] | None, organisation_id: int | None
) -> tuple[int, int]:
    """(recipient chats, distinct organisations among them) an announcement would reach now."""
    if topic_ids is not None and not topic_ids:
        return 0, 0
    select, params = audience_select(kind, topic_ids, organisation_id)
    # A private chat's organisation is its user's; a group's is its own.
    sql = f"""
        SELECT count(*), count(DISTINCT CASE c.type WHEN 'private' THEN u.organisation_id
                                        ELSE c.organisation_id END)
          FROM ({select}) AS a JOIN chats AS c ON c.chat_id = a.chat_id
          LEFT JOIN users AS u ON u.telegram_id = a.chat_id
    """  # noqa: S608 - built from constants
    row = await db.fetch_one(sql, params)
    return (0, 0) if row is None else (as_int(row[0]), as_int(row[1]))


async def add_chats(
    db: Database,
    announcement_id: int,
    chat_ids: Iterable[int],
    purpose: str,
    tag: str,
    now: datetime,
) -> int:
    """Queue one item per chat (skipping ones already queued); returns how many were added."""
    stamp = to_db(now)
    rows = [(announcement_id, c, purpose, tag, stamp, None, stamp, stamp) for c in set(chat_ids)]
    async with db.transaction() as conn:
        cursor = await conn.executemany(f"{_INSERT} VALUES (?, ?, ?, ?, ?, ?, ?, ?)", rows)
        return max(cursor.rowcount, 0)


async def add_followups(
    db: Database, announcement_id: int, purpose: str, tag: str, now: datetime
) -> int:
    """Queue a follow-up to every chat the announcement reached, pointing at its message; to a
    group that has since become a supergroup, at its new id, as a message of its own."""
    stamp = to_db(now)
    async with db.transaction() as conn:
        cursor = await conn.execute(
            f"""{_INSERT}
            SELECT o.announcement_id, coalesce(m.new_chat_id, o.chat_id), ?, ?, ?,
                   CASE WHEN m.new_chat_id IS NULL THEN o.message_id END, ?, ?
              FROM outbox AS o LEFT JOIN chat_migrations AS m ON m.old_chat_id = o.chat_id
             WHERE o.announcement_id = ? AND o.purpose = 'announcement' AND o.state = 'sent'
            """,  # noqa: S608 - constants only
            (purpose, tag, stamp, stamp, stamp, announcement_id),
        )
        return max(cursor.rowcount, 0)


async def skip_pending(db: Database, announcement_id: int, now: datetime) -> int:
    """Items not yet sent are skipped (the announcement was cancelled); returns how many."""
    async with db.transaction() as conn:
        cursor = await conn.execute(
            "UPDATE outbox SET state = 'skipped', updated_at = ? "
            "WHERE announcement_id = ? AND state = 'pending'",
            (to_db(now), announcement_id),
        )
        return max(cursor.rowcount, 0)


async def count_states(
    db: Database, announcement_id: int, purpose: str
) -> tuple[dict[str, int], str | None]:
    """Items per state and the time the first was queued (text as stored), for progress."""
    # One query, so one round trip to the database's thread: progress asks every 2 seconds.
    rows = await db.fetch_all(
        """SELECT state, count(*), (
                  SELECT created_at FROM outbox WHERE id = (
                         SELECT min(id) FROM outbox
                          WHERE announcement_id = :announcement AND purpose = :purpose))
             FROM outbox WHERE announcement_id = :announcement AND purpose = :purpose
            GROUP BY state""",
        {"announcement": announcement_id, "purpose": purpose},
    )
    counts = {str(row[0]): as_int(row[1]) for row in rows}
    return counts, str(rows[0][2]) if rows else None


async def list_undelivered(
    db: Database, announcement_id: int, purpose: str
) -> list[tuple[int, str, str | None, int, str | None]]:
    """(chat id, state, error, attempts, chat name) of every failed or blocked item, by chat
    id; the name is the person's @username or the group's title, when known."""
    rows = await db.fetch_all(
        "SELECT o.chat_id, o.state, o.error, o.attempts, "
        "       coalesce('@' || u.username, c.title) "
        "  FROM outbox AS o "
        "  LEFT JOIN users AS u ON u.telegram_id = o.chat_id "
        "  LEFT JOIN chats AS c ON c.chat_id = o.chat_id "
        " WHERE o.announcement_id = ? AND o.purpose = ? AND o.state IN ('failed', 'blocked') "
        " ORDER BY o.chat_id",
        (announcement_id, purpose),
    )
    return [(as_int(r[0]), str(r[1]), r[2], as_int(r[3]), r[4]) for r in rows]


async def _count(conn: Connection, announcement_id: int, purpose: str) -> int:
    async with conn.execute(
        "SELECT count(*) FROM outbox WHERE announcement_id = ? AND purpose = ?",
        (announcement_id, purpose),
    ) as cursor:
        row = await cursor.fetchone()
    return 0 if row is None else as_int(row[0])


def item_row(values: Row) -> OutboxRow:
    reply_to, announcement = values[6], values[1]
    return OutboxRow(
        id=as_int(values[0]),
        announcement_id=None if announcement is None else as_int(announcement),
        chat_id=as_int(values[2]),
        purpose=str(values[3]),
        tag=str(values[4]),
        attempts=as_int(values[5]),
        reply_to_message_id=None if reply_to is None else as_int(reply_to),
    )
