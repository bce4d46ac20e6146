"""The announcements and announcement_topics tables: drafts, schedule, publication, revisions."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Final

from storage.chats import chat_language_sql
from storage.connection import Connection, Row
from storage.db import Database, StorageError, insert_id
from storage.timestamps import from_db, to_db

# Columns a draft or a correction may change; only these names are ever put into SQL.
FIELDS: Final = frozenset(
    {
        "kind",
        "title",
        "body_html",
        "starts_at",
        "ends_at",
        "place",
        "deadline",
        "address",
        "link",
        "document_file_id",
        "document_name",
    }
)
_TIMES: Final = frozenset({"starts_at", "ends_at", "deadline"})
_COLUMNS = (
    "id, kind, title, body_html, starts_at, ends_at, place, deadline, address, link, "
    "document_file_id, document_name, organisation_id, all_topics, status, publish_at, "
    "published_at, cancelled_at, revision, source, created_by, created_at, progress_chat_id, "
    "progress_message_id"
)


@dataclass(frozen=True, slots=True)
class AnnouncementRow:
    id: int
    kind: str
    title: str
    body_html: str
    starts_at: datetime | None
    ends_at: datetime | None
    place: str | None
    deadline: datetime | None
    address: str | None
    link: str | None
    document_file_id: str | None
    document_name: str | None
    organisation_id: int | None
    all_topics: bool
    status: str
    publish_at: datetime | None
    published_at: datetime | None
    cancelled_at: datetime | None
    revision: int
    source: str
    created_by: int | None
    created_at: datetime
    progress_chat_id: int | None
    progress_message_id: int | None
    topic_ids: tuple[int, ...]


async def add_announcement(
    db: Database, kind: str, source: str, created_by: int | None, now: datetime
) -> AnnouncementRow:
    """A new draft with only its kind."""
    sql = "INSERT INTO announcements (kind, source, created_by, created_at) VALUES (?, ?, ?, ?)"
    async with db.transaction() as conn:
        new_id = await insert_id(conn, sql, (kind, source, created_by, to_db(now)))
        row = None if new_id is None else await _load(conn, new_id)
    if row is None:
        raise StorageError("the announcement just added is missing")
    return row


async def get_announcement(db: Database, announcement_id: int) -> AnnouncementRow | None:
    async with db.connection() as conn:
        return await _load(conn, announcement_id)


async def update_fields(
    db: Database,
    announcement_id: int,
    fields: Mapping[str, object],
    *,
    statuses: Iterable[str] = ("draft",),
    corrected_at: datetime | None = None,
    moved_to: str | None = None,
) -> AnnouncementRow | None:
    """Change fields of an announcement in one of `statuses`; None if there is none such.
    With `corrected_at` it is a correction of what went out: a new revision, made then; with
    `moved_to` too, one that moved its date (the tag of the "date changed" note)."""
    unknown = set(fields) - FIELDS
    if unknown:
        raise ValueError(f"not announcement fields: {sorted(unknown)}")
    values = [_db_value(name, value) for name, value in fields.items()]
    assignments = [f"{name} = ?" for name in fields]
    if corrected_at is not None:
        assignments += ["revision = revision + 1", "corrected_at = ?"]
        values.append(to_db(corrected_at))
        if moved_to is not None:
            assignments += ["moved_at = ?", "moved_to = ?"]
            values += [to_db(corrected_at), moved_to]
    wanted = tuple(statuses)
    sql = (
        f"UPDATE announcements SET {', '.join(assignments) or 'id = id'} "  # noqa: S608 - FIELDS
        f"WHERE id = ? AND status IN ({', '.join('?' * len(wanted))})"
    )
    async with db.transaction() as conn:
        cursor = await conn.execute(sql, (*values, announcement_id, *wanted))
        if cursor.rowcount != 1:
            return None
        return await _load(conn, announcement_id)


async def set_audience(
    db: Database,
    announcement_id: int,
    topic_ids: Iterable[int],
    *,
    all_topics: bool,
    organisation_id: int | None,
) -> AnnouncementRow | None:
    """Replace a draft's audience: some topics, all topics, or one organisation."""
    update = (
        "UPDATE announcements SET all_topics = ?, organisation_id = ? "
        "WHERE id = ? AND status = 'draft'"
    )
    insert = "INSERT INTO announcement_topics (announcement_id, topic_id) VALUES (?, ?)"
    async with db.transaction() as conn:
        cursor = await conn.execute(update, (all_topics, organisation_id, announcement_id))
        if cursor.rowcount != 1:
            return None
        await conn.execute(
            "DELETE FROM announcement_topics WHERE announcement_id = ?", (announcement_id,)
        )
        await conn.executemany(insert, [(announcement_id, t) for t in sorted(set(topic_ids))])
        return await _load(conn, announcement_id)


async def set_status(
    db: Database,
    announcement_id: int,
    status: str,
    now: datetime,
    *,
    from_statuses: Iterable[str],
    publish_at: datetime | None = None,
) -> AnnouncementRow | None:
    """Move to `status` from one of `from_statuses`, stamping the matching time; None if the
    announcement was not in one of them (someone else got there first)."""
    stamp = {"published": "published_at", "cancelled": "cancelled_at"}.get(status)
    assignments = ["status = ?", "publish_at = coalesce(?, publish_at)"]
    if stamp is not None:
        assignments.append(f"{stamp} = ?")
    wanted = tuple(from_statuses)
    sql = (
        f"UPDATE announcements SET {', '.join(assignments)} "  # noqa: S608 - constants
        f"WHERE id = ? AND status IN ({', '.join('?' * len(wanted))})"
    )
    params: list[object] = [status, to_db(publish_at) if publish_at else None]
    if stamp is not None:
        params.append(to_db(now))
    async with db.transaction() as conn:
        cursor = await conn.execute(sql, (*params, announcement_id, *wanted))
        if cursor.rowcount != 1:
            return None
        return await _load(conn, announcement_id)


async def set_progress_message(
    db: Database, announcement_id: int, chat_id: int, message_id: int
) -> None:
    sql = "UPDATE announcements SET progress_chat_id = ?, progress_message_id = ? WHERE id = ?"
    async with db.transaction() as conn:
        await conn.execute(sql, (chat_id, message_id, announcement_id))


async def delete_draft(db: Database, announcement_id: int) -> bool:
    sql = "DELETE FROM announcements WHERE id = ? AND status = 'draft'"
    async with db.transaction() as conn:
        cursor = await conn.execute(sql, (announcement_id,))
        return cursor.rowcount == 1


async def list_recent(db: Database, limit: int) -> list[AnnouncementRow]:
    """Announcements past the draft stage, newest first."""
    sql = (
        "SELECT id FROM announcements WHERE status != 'draft' ORDER BY created_at DESC, id DESC "
        "LIMIT ?"
    )
    async with db.connection() as conn:
        ids = [row[0] for row in await conn.execute_fetchall(sql, (limit,))]
        loaded = [await _load(conn, announcement_id) for announcement_id in ids]
    return [row for row in loaded if row is not None]


async def next_scheduled(db: Database) -> tuple[int, datetime] | None:
    """The scheduled announcement due first, with its time."""
    row = await db.fetch_one(
        "SELECT id, publish_at FROM announcements WHERE status = 'scheduled' "
        "ORDER BY publish_at, id LIMIT 1"
    )
    return None if row is None else (row["id"], from_db(row["publish_at"]))


async def get_render_state(
    db: Database, announcement_id: int, chat_id: int
) -> tuple[str, int, str | None] | None:
    """(status, revision, the chat's language) in one read, for every message rendered.

    A private chat speaks its user's language; a group its own, if it chose one.
    """
    sql = (
        f"SELECT a.status, a.revision, {chat_language_sql(':chat')} "  # noqa: S608 - constants
        "FROM announcements AS a WHERE a.id = :id"
    )
    row = await db.fetch_one(sql, {"id": announcement_id, "chat": chat_id})
    return None if row is None else (row[0], row[1], row[2])


def _db_value(name: str, value: object) -> object:
    if name in _TIMES and isinstance(value, datetime):
        return to_db(value)
    return value


async def _load(conn: Connection, announcement_id: int) -> AnnouncementRow | None:
    sql = f"SELECT {_COLUMNS} FROM announcements WHERE id = ?"  # noqa: S608 - constant
    async with conn.execute(sql, (announcement_id,)) as cursor:
        row = await cursor.fetchone()
    if row is None:
        return None
    topics_sql = (
        "SELECT topic_id FROM announcement_topics WHERE announcement_id = ? ORDER BY topic_id"
    )
    topic_rows = await conn.execute_fetchall(topics_sql, (announcement_id,))
    return _to_row(row, tuple(int(r[0]) for r in topic_rows))


def _time(value: str | None) -> datetime | None:
    return None if value is None else from_db(value)


def _to_row(row: Row, topic_ids: tuple[int, ...]) -> AnnouncementRow:
    return AnnouncementRow(
        id=row["id"],
        kind=row["kind"],
        title=row["title"],
        body_html=row["body_html"],
        starts_at=_time(row["starts_at"]),
        ends_at=_time(row["ends_at"]),
        place=row["place"],
        deadline=_time(row["deadline"]),
        address=row["address"],
        link=row["link"],
        document_file_id=row["document_file_id"],
        document_name=row["document_name"],
        organisation_id=row["organisation_id"],
        all_topics=bool(row["all_topics"]),
        status=row["status"],
        publish_at=_time(row["publish_at"]),
        published_at=_time(row["published_at"]),
        cancelled_at=_time(row["cancelled_at"]),
        revision=row["revision"],
        source=row["source"],
        created_by=row["created_by"],
        created_at=from_db(row["created_at"]),
        progress_chat_id=row["progress_chat_id"],
        progress_message_id=row["progress_message_id"],
        topic_ids=topic_ids,
    )
