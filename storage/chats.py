"""The chats table: private chats and groups the bot writes to, with their on/off switches."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Final, Literal

from storage.connection import Connection
from storage.db import Database, StorageError, as_int
from storage.timestamps import to_db

# Must match the CHECK constraints in migrations/0002_organisations_subscriptions.sql.
CHAT_TYPES: Final = ("private", "group")
CHAT_LANGUAGES: Final = ("pl", "uk", "en")

_COLUMNS = "chat_id, type, title, organisation_id, language, active, paused"


@dataclass(frozen=True, slots=True)
class ChatRow:
    chat_id: int
    type: str
    title: str | None
    organisation_id: int | None
    language: str | None
    active: bool
    paused: bool
    topic_ids: frozenset[int]
    muted_kinds: frozenset[str]


async def upsert_chat(
    db: Database,
    chat_id: int,
    chat_type: str,
    now: datetime,
    *,
    title: str | None = None,
    organisation_id: int | None = None,
    language: str | None = None,
) -> ChatRow:
    """Add a chat (no topics, all kinds, active) or re-activate a known one, keeping its topics.

    Given values replace stored ones; None keeps them. An unknown organisation id is ignored
    rather than failing the whole update on a foreign key.
    """
    if chat_type not in CHAT_TYPES:
        raise ValueError(f"unknown chat type {chat_type!r}; expected one of {CHAT_TYPES}")
    if language is not None and language not in CHAT_LANGUAGES:
        raise ValueError(f"unsupported language {language!r}; expected one of {CHAT_LANGUAGES}")
    sql = """
        INSERT INTO chats (chat_id, type, title, organisation_id, language, created_at, updated_at)
        VALUES (?1, ?2, ?3, (SELECT id FROM organisations WHERE id = ?4), ?5, ?6, ?6)
        ON CONFLICT (chat_id) DO UPDATE SET
            type = excluded.type,
            title = coalesce(excluded.title, chats.title),
            organisation_id = coalesce(excluded.organisation_id, chats.organisation_id),
            language = coalesce(excluded.language, chats.language),
            active = 1,
            updated_at = excluded.updated_at
    """
    params = (chat_id, chat_type, title, organisation_id, language, to_db(now))
    async with db.transaction() as conn:
        await conn.execute(sql, params)
        row = await load_chat(conn, chat_id)
    if row is None:
        raise StorageError(f"chat {chat_id} vanished inside its own transaction")
    return row


async def get_chat(db: Database, chat_id: int) -> ChatRow | None:
    async with db.connection() as conn:
        return await load_chat(conn, chat_id)


async def set_flag(
    db: Database,
    chat_id: int,
    column: Literal["active", "paused"],
    value: bool,
    now: datetime,
) -> ChatRow | None:
    """Switch a chat's `active` or `paused` flag; None for an unknown chat."""
    if column not in ("active", "paused"):
        raise ValueError(f"not a chat flag: {column!r}")
    sql = f"UPDATE chats SET {column} = ?, updated_at = ? WHERE chat_id = ?"  # noqa: S608 - whitelisted
    return await _update_and_load(db, chat_id, sql, (int(value), to_db(now), chat_id))


async def set_organisation(
    db: Database, chat_id: int, org_id: int | None, now: datetime
) -> ChatRow | None:
    """Link a chat to an organisation (or none); None for an unknown chat or organisation."""
    sql = """
        UPDATE chats SET organisation_id = ?1, updated_at = ?2
        WHERE chat_id = ?3 AND (?1 IS NULL OR EXISTS (SELECT 1 FROM organisations WHERE id = ?1))
    """
    return await _update_and_load(db, chat_id, sql, (org_id, to_db(now), chat_id))


async def link_organisation(
    db: Database, chat_id: int, org_id: int, user_id: int, now: datetime
) -> ChatRow | None:
    """Link a group to the organisation `user_id` belongs to at this moment; None when they do
    not (any more), or for an unknown chat. One statement, so a membership removed meanwhile
    cannot slip between the check and the change."""
    sql = """
        UPDATE chats SET organisation_id = ?, updated_at = ?
        WHERE chat_id = ? AND type = 'group'
          AND EXISTS (SELECT 1 FROM users WHERE telegram_id = ? AND organisation_id = ?)
    """
    return await _update_and_load(db, chat_id, sql, (org_id, to_db(now), chat_id, user_id, org_id))


async def unlink_organisation(
    db: Database, chat_id: int, org_id: int, user_id: int, now: datetime, *, staff: bool
) -> ChatRow | None:
    """Clear a group's organisation while it is still `org_id` and `user_id` is staff or one of
    its members at this moment; None otherwise (nothing changes)."""
    sql = """
        UPDATE chats SET organisation_id = NULL, updated_at = ?
        WHERE chat_id = ? AND type = 'group' AND organisation_id = ?
          AND (? = 1 OR EXISTS (SELECT 1 FROM users WHERE telegram_id = ? AND organisation_id = ?))
    """
    params = (to_db(now), chat_id, org_id, int(staff), user_id, org_id)
    return await _update_and_load(db, chat_id, sql, params)


async def _update_and_load(
    db: Database, chat_id: int, sql: str, params: tuple[object, ...]
) -> ChatRow | None:
    async with db.transaction() as conn:
        async with conn.execute(sql, params) as cursor:
            if cursor.rowcount != 1:
                return None
        return await load_chat(conn, chat_id)


async def migrate_chat(db: Database, old_id: int, new_id: int, now: datetime) -> None:
    """Move a chat to its new id (a group that became a supergroup), with its choices.

    If the new id is already known (the supergroup wrote first), the two are merged: topics and
    muted kinds are united (a kind muted in either stays muted, so nobody is flooded), paused
    wins, and the new row's title, organisation and language win where set. The two ids are
    remembered (chat_migrations) for what the old chat is still owed.
    """
    if old_id == new_id:
        return
    async with db.transaction() as conn:
        # Remembered even when the old chat is unknown here: messages sent to it may be.
        await conn.execute(
            "INSERT INTO chat_migrations (old_chat_id, new_chat_id, migrated_at) "
            "VALUES (?, ?, ?) ON CONFLICT (old_chat_id) DO UPDATE SET "
            "new_chat_id = excluded.new_chat_id, migrated_at = excluded.migrated_at",
            (old_id, new_id, to_db(now)),
        )
        if not await _exists(conn, old_id):
            return
        if not await _exists(conn, new_id):
            # ON UPDATE CASCADE moves chat_topics and chat_muted_kinds along.
            await conn.execute(
                "UPDATE chats SET chat_id = ?, updated_at = ? WHERE chat_id = ?",
                (new_id, to_db(now), old_id),
            )
            return
        await _merge_into(conn, old_id, new_id, now)


async def _merge_into(conn: Connection, old_id: int, new_id: int, now: datetime) -> None:
    for table, column in (("chat_topics", "topic_id"), ("chat_muted_kinds", "kind")):
        await conn.execute(
            f"INSERT OR IGNORE INTO {table} (chat_id, {column}) "  # noqa: S608 - constants
            f"SELECT ?, {column} FROM {table} WHERE chat_id = ?",
            (new_id, old_id),
        )
    await conn.execute(
        """UPDATE chats SET
               title = coalesce(chats.title, old.title),
               organisation_id = coalesce(chats.organisation_id, old.organisation_id),
               language = coalesce(chats.language, old.language),
               paused = CASE WHEN old.paused = 1 THEN 1 ELSE chats.paused END,
               updated_at = ?
           FROM chats AS old WHERE chats.chat_id = ? AND old.chat_id = ?""",
        (to_db(now), new_id, old_id),
    )
    await conn.execute("DELETE FROM chats WHERE chat_id = ?", (old_id,))


async def _exists(conn: Connection, chat_id: int) -> bool:
    async with conn.execute("SELECT 1 FROM chats WHERE chat_id = ?", (chat_id,)) as cursor:
        return await cursor.fetchone() is not None


async def load_chat(conn: Connection, chat_id: int) -> ChatRow | None:
    """Read a chat with its topics and muted kinds on a connection the caller holds."""
    sql = f"SELECT {_COLUMNS} FROM chats WHERE chat_id = ?"  # noqa: S608 - constant
    async with conn.execute(sql, (chat_id,)) as cursor:
        row = await cursor.fetchone()
    if row is None:
        return None
    topics = await _column(conn, "SELECT topic_id FROM chat_topics WHERE chat_id = ?", chat_id)
    muted = await _column(conn, "SELECT kind FROM chat_muted_kinds WHERE chat_id = ?", chat_id)
    return ChatRow(
        chat_id=row["chat_id"],
        type=row["type"],
        title=row["title"],
        organisation_id=row["organisation_id"],
        language=row["language"],
        active=bool(row["active"]),
        paused=bool(row["paused"]),
        topic_ids=frozenset(as_int(value) for value in topics),
        muted_kinds=frozenset(str(value) for value in muted),
    )


async def _column(conn: Connection, sql: str, chat_id: int) -> list[object]:
    async with conn.execute(sql, (chat_id,)) as cursor:
        return [row[0] for row in await cursor.fetchall()]


def chat_language_sql(chat: str) -> str:
    """An SQL expression for the language of the chat whose id `chat` (an expression) holds:
    a private chat speaks its user's language; a group its own, if it chose one."""
    return (
        f"coalesce((SELECT language FROM users WHERE telegram_id = {chat}), "  # noqa: S608 - `chat` is a constant of ours
        f"(SELECT language FROM chats WHERE chat_id = {chat}))"
    )


async def get_chat_language(db: Database, chat_id: int) -> str | None:
    """A private chat speaks its user's language; a group its own, if it chose one."""
    row = await db.fetch_one(f"SELECT {chat_language_sql(':chat')}", {"chat": chat_id})
    return None if row is None or row[0] is None else str(row[0])
