"""The feed_items and feed_item_keys tables: every item seen, deduplicated, and its fate."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Final

from storage.connection import Connection, Row
from storage.db import Database, as_int
from storage.timestamps import from_db, to_db

_COLUMNS: Final = (
    "id, feed_id, guid, link, title, published_at, state, announcement_id, decided_by, "
    "decided_at, created_at"
)


@dataclass(frozen=True, slots=True)
class NewItem:
    """An entry as the poller found it, with the keys that identify it."""

    keys: tuple[str, ...]
    guid: str | None
    link: str | None
    title: str
    published_at: datetime | None
    announcement_id: int | None = None  # the draft made of it, if any


@dataclass(frozen=True, slots=True)
class FeedItemRow:
    id: int
    feed_id: int | None
    guid: str | None
    link: str | None
    title: str
    published_at: datetime | None
    state: str
    announcement_id: int | None
    decided_by: int | None
    decided_at: datetime | None
    created_at: datetime


async def add_new(
    db: Database, feed_id: int, items: Sequence[NewItem], state: str, now: datetime
) -> list[tuple[int, int]]:
    """Record the items none of whose keys is known yet, in `state`, in one transaction;
    returns (index in `items`, new item id) of those recorded. An item repeated within
    `items` is recorded once."""
    stamp = to_db(now)
    added: list[tuple[int, int]] = []
    keys: list[tuple[str, int]] = []
    async with db.transaction() as conn:
        known = await _known_keys(conn, [key for item in items for key in item.keys])
        for index, item in enumerate(items):
            if not item.keys or known.intersection(item.keys):
                continue
            known.update(item.keys)
            async with conn.execute(_INSERT, _values(feed_id, item, state, stamp)) as cursor:
                row = await cursor.fetchone()
            item_id = as_int(row[0] if row else None)
            keys += [(key, item_id) for key in item.keys]
            added.append((index, item_id))
        await conn.executemany(
            "INSERT OR IGNORE INTO feed_item_keys (key, item_id) VALUES (?, ?)", keys
        )
    return added


_INSERT: Final = (
    "INSERT INTO feed_items (feed_id, guid, link, title, published_at, state, announcement_id, "
    "created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id"
)


def _values(feed_id: int, item: NewItem, state: str, stamp: str) -> tuple[object, ...]:
    published = None if item.published_at is None else to_db(item.published_at)
    return (
        feed_id,
        item.guid,
        item.link,
        item.title,
        published,
        state,
        item.announcement_id,
        stamp,
    )


async def set_state(
    db: Database,
    item_id: int,
    state: str,
    now: datetime,
    *,
    from_states: Sequence[str],
    announcement_id: int | None = None,
    decided_by: int | None = None,
) -> FeedItemRow | None:
    """Move an item on, only from one of `from_states` (a second press changes nothing)."""
    marks = ",".join("?" * len(from_states))
    async with db.transaction() as conn:
        cursor = await conn.execute(
            f"""UPDATE feed_items SET state = ?,
                    announcement_id = coalesce(?, announcement_id),
                    decided_by = (SELECT telegram_id FROM users WHERE telegram_id = ?),
                    decided_at = CASE WHEN ? IS NULL THEN decided_at ELSE ? END
                WHERE id = ? AND state IN ({marks})""",  # noqa: S608 - placeholders only
            (
                state,
                announcement_id,
                decided_by,
                decided_by,
                to_db(now),
                item_id,
                *from_states,
            ),
        )
        return None if cursor.rowcount == 0 else await _load(conn, item_id)


async def unknown(db: Database, items: Sequence[NewItem]) -> list[int]:
    """Indices of the items none of whose keys is known (a cheap read before making drafts;
    add_new checks again, atomically)."""
    async with db.connection() as conn:
        known = await _known_keys(conn, [key for item in items for key in item.keys])
    return [i for i, item in enumerate(items) if item.keys and not known.intersection(item.keys)]


async def get_item(db: Database, item_id: int) -> FeedItemRow | None:
    async with db.connection() as conn:
        return await _load(conn, item_id)


async def list_in_state(db: Database, state: str, limit: int) -> list[FeedItemRow]:
    """Oldest first: 'held' for staff, 'pending' for the poller to finish after a restart."""
    rows = await db.fetch_all(
        f"SELECT {_COLUMNS} FROM feed_items WHERE state = ? "  # noqa: S608
        "ORDER BY created_at, id LIMIT ?",
        (state, limit),
    )
    return [_row(row) for row in rows]


async def count_in_state(db: Database, state: str) -> int:
    """How many items are in `state` (the number on staff's "Held items" button)."""
    sql = "SELECT count(*) FROM feed_items WHERE state = ?"
    return as_int(await db.fetch_value(sql, (state,)))


async def _known_keys(conn: Connection, keys: Sequence[str]) -> set[str]:
    """Which of `keys` are recorded, in one query per 500 (SQLite's parameter limit)."""
    found: set[str] = set()
    unique = sorted(set(keys))
    for start in range(0, len(unique), 500):
        chunk = unique[start : start + 500]
        marks = ",".join("?" * len(chunk))
        sql = f"SELECT key FROM feed_item_keys WHERE key IN ({marks})"  # noqa: S608
        async with conn.execute(sql, chunk) as cursor:
            found.update(str(row[0]) for row in await cursor.fetchall())
    return found


async def _load(conn: Connection, item_id: int) -> FeedItemRow | None:
    sql = f"SELECT {_COLUMNS} FROM feed_items WHERE id = ?"  # noqa: S608
    async with conn.execute(sql, (item_id,)) as cursor:
        row = await cursor.fetchone()
    return None if row is None else _row(row)


def _row(row: Row) -> FeedItemRow:
    return FeedItemRow(
        id=as_int(row[0]),
        feed_id=None if row[1] is None else as_int(row[1]),
        guid=None if row[2] is None else str(row[2]),
        link=None if row[3] is None else str(row[3]),
        title=str(row[4]),
        published_at=None if row[5] is None else from_db(str(row[5])),
        state=str(row[6]),
        announcement_id=None if row[7] is None else as_int(row[7]),
        decided_by=None if row[8] is None else as_int(row[8]),
        decided_at=None if row[9] is None else from_db(str(row[9])),
        created_at=from_db(str(row[10])),
    )
