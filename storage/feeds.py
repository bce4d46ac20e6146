"""The feeds and feed_topics tables: feeds staff added, their polling state and schedule."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Final

from storage.connection import Connection
from storage.db import Database, as_int, insert_id
from storage.timestamps import from_db, to_db

_COLUMNS: Final = (
    "id, url, title, kind, all_topics, mode, status, paused_reason, etag, last_modified, "
    "interval_seconds, next_poll_at, last_polled_at, last_success_at, last_error, failures, "
    "primed, created_by, created_at"
)
# Items published or waiting for staff, per feed, for the list staff see.
_COUNTS: Final = """
    (SELECT count(*) FROM feed_items AS i WHERE i.feed_id = f.id AND i.state = 'published'),
    (SELECT count(*) FROM feed_items AS i WHERE i.feed_id = f.id AND i.state = 'held')
"""


@dataclass(frozen=True, slots=True)
class FeedRow:
    id: int
    url: str
    title: str | None
    kind: str
    all_topics: bool
    mode: str
    status: str
    paused_reason: str | None
    etag: str | None
    last_modified: str | None
    interval_seconds: int | None
    next_poll_at: datetime
    last_polled_at: datetime | None
    last_success_at: datetime | None
    last_error: str | None
    failures: int
    primed: bool
    created_by: int | None
    created_at: datetime
    topic_ids: tuple[int, ...]
    published: int  # items published from it
    held: int  # items waiting for staff


@dataclass(frozen=True, slots=True)
class PollRecord:
    """What one poll changes; None keeps the stored value unless said otherwise."""

    next_poll_at: datetime
    ok: bool
    error: str | None = None  # stored as last_error (cleared by a success)
    etag: str | None = None
    last_modified: str | None = None
    interval_seconds: int | None = None  # always stored (None: back to the default)
    url: str | None = None  # a permanent redirect's target
    title: str | None = None
    pause_reason: str | None = None  # set: the feed is paused


async def add_feed(
    db: Database,
    url: str,
    kind: str,
    topic_ids: Iterable[int] | None,
    mode: str,
    created_by: int | None,
    now: datetime,
) -> FeedRow | None:
    """A new active feed, due at once; `topic_ids` None means all topics. None if the URL
    is already a feed."""
    stamp = to_db(now)
    async with db.transaction() as conn:
        feed_id = await insert_id(
            conn,
            "INSERT OR IGNORE INTO feeds (url, kind, all_topics, mode, next_poll_at, created_by, "
            "created_at) VALUES (?, ?, ?, ?, ?, (SELECT telegram_id FROM users "
            "WHERE telegram_id = ?), ?)",
            (url, kind, int(topic_ids is None), mode, stamp, created_by, stamp),
        )
        if feed_id is None:
            return None
        await _set_topics(conn, feed_id, topic_ids or ())
        return await _load(conn, feed_id)


async def get_feed(db: Database, feed_id: int) -> FeedRow | None:
    async with db.connection() as conn:
        return await _load(conn, feed_id)


async def list_feeds(db: Database) -> list[FeedRow]:
    async with db.connection() as conn:
        async with conn.execute("SELECT id FROM feeds ORDER BY id") as cursor:
            ids = [as_int(r[0]) for r in await cursor.fetchall()]
        rows = [await _load(conn, feed_id) for feed_id in ids]
    return [row for row in rows if row is not None]


async def list_due(db: Database, now: datetime, limit: int) -> list[FeedRow]:
    async with db.connection() as conn:
        async with conn.execute(
            "SELECT id FROM feeds WHERE status = 'active' AND next_poll_at <= ? "
            "ORDER BY next_poll_at, id LIMIT ?",
            (to_db(now), limit),
        ) as cursor:
            ids = [as_int(r[0]) for r in await cursor.fetchall()]
        rows = [await _load(conn, feed_id) for feed_id in ids]
    return [row for row in rows if row is not None]


async def next_due(db: Database) -> datetime | None:
    row = await db.fetch_one("SELECT min(next_poll_at) FROM feeds WHERE status = 'active'")
    return None if row is None or row[0] is None else from_db(str(row[0]))


async def set_topics(
    db: Database, feed_id: int, topic_ids: Iterable[int] | None
) -> FeedRow | None:
    async with db.transaction() as conn:
        cursor = await conn.execute(
            "UPDATE feeds SET all_topics = ? WHERE id = ?", (int(topic_ids is None), feed_id)
        )
        if cursor.rowcount == 0:
            return None
        await _set_topics(conn, feed_id, topic_ids or ())
        return await _load(conn, feed_id)


async def set_status(
    db: Database, feed_id: int, status: str, reason: str | None, now: datetime
) -> FeedRow | None:
    """Pause (with the poller's reason, or None when staff pause) or resume: due at once,
    the failure count starting afresh."""
    async with db.transaction() as conn:
        cursor = await conn.execute(
            "UPDATE feeds SET status = :status, paused_reason = :reason, "
            "failures = CASE :status WHEN 'active' THEN 0 ELSE failures END, "
            "next_poll_at = CASE :status WHEN 'active' THEN :now ELSE next_poll_at END "
            "WHERE id = :id",
            {"status": status, "reason": reason, "now": to_db(now), "id": feed_id},
        )
        return None if cursor.rowcount == 0 else await _load(conn, feed_id)


async def delete_feed(db: Database, feed_id: int) -> bool:
    async with db.transaction() as conn:
        cursor = await conn.execute("DELETE FROM feeds WHERE id = ?", (feed_id,))
        return cursor.rowcount == 1


async def record_poll(db: Database, feed_id: int, record: PollRecord, now: datetime) -> None:
    """Store one poll's outcome and when the next one is due."""
    r = record
    async with db.transaction() as conn:
        await conn.execute(
            """UPDATE feeds SET
                   next_poll_at = :next, last_polled_at = :now,
                   last_success_at = CASE WHEN :ok THEN :now ELSE last_success_at END,
                   last_error = :error,
                   failures = CASE WHEN :ok THEN 0 ELSE failures + 1 END,
                   etag = CASE WHEN :ok THEN coalesce(:etag, etag) ELSE etag END,
                   last_modified = CASE WHEN :ok THEN coalesce(:modified, last_modified)
                                   ELSE last_modified END,
                   interval_seconds = :interval,
                   url = coalesce((SELECT :url WHERE NOT EXISTS
                                     (SELECT 1 FROM feeds WHERE url = :url)), url),
                   title = coalesce(:title, title),
                   status = CASE WHEN :pause IS NULL THEN status ELSE 'paused' END,
                   paused_reason = coalesce(:pause, paused_reason)
               WHERE id = :id""",
            {
                "next": to_db(r.next_poll_at),
                "now": to_db(now),
                "ok": int(r.ok),
                "error": r.error,
                "etag": r.etag,
                "modified": r.last_modified,
                "interval": r.interval_seconds,
                "url": r.url,
                "title": r.title,
                "pause": r.pause_reason,
                "id": feed_id,
            },
        )


async def mark_primed(db: Database, feed_id: int) -> None:
    async with db.transaction() as conn:
        await conn.execute("UPDATE feeds SET primed = 1 WHERE id = ?", (feed_id,))


async def _set_topics(conn: Connection, feed_id: int, topic_ids: Iterable[int]) -> None:
    await conn.execute("DELETE FROM feed_topics WHERE feed_id = ?", (feed_id,))
    await conn.executemany(
        "INSERT OR IGNORE INTO feed_topics (feed_id, topic_id) "
        "SELECT ?, id FROM topics WHERE id = ?",
        [(feed_id, topic_id) for topic_id in set(topic_ids)],
    )


async def _load(conn: Connection, feed_id: int) -> FeedRow | None:
    sql = f"SELECT {_COLUMNS}, {_COUNTS} FROM feeds AS f WHERE id = ?"  # noqa: S608
    async with conn.execute(sql, (feed_id,)) as cursor:
        row = await cursor.fetchone()
    if row is None:
        return None
    async with conn.execute(
        "SELECT topic_id FROM feed_topics WHERE feed_id = ? ORDER BY topic_id", (feed_id,)
    ) as cursor:
        topics = tuple(as_int(r[0]) for r in await cursor.fetchall())
    values = list(row)
    return FeedRow(
        id=as_int(values[0]),
        url=str(values[1]),
        title=_text(values[2]),
        kind=str(values[3]),
        all_topics=bool(values[4]),
        mode=str(values[5]),
        status=str(values[6]),
        paused_reason=_text(values[7]),
        etag=_text(values[8]),
        last_modified=_text(values[9]),
        interval_seconds=None if values[10] is None else as_int(values[10]),
        next_poll_at=from_db(str(values[11])),
        last_polled_at=_time(values[12]),
        last_success_at=_time(values[13]),
        last_error=_text(values[14]),
        failures=as_int(values[15]),
        primed=bool(values[16]),
        created_by=None if values[17] is None else as_int(values[17]),
        created_at=from_db(str(values[18])),
        topic_ids=topics,
        published=as_int(values[19]),
        held=as_int(values[20]),
    )


def _text(value: object) -> str | None:
    return None if value is None else str(value)


def _time(value: object) -> datetime | None:
    return None if value is None else from_db(str(value))
