"""The users table: who has written to the bot, their UI language and their role."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Final, Literal

from storage.connection import Row
from storage.db import Database, as_int
from storage.timestamps import from_db, to_db

# Must match the CHECK constraints in migrations/0001_users.sql.
LANGUAGES: Final = ("pl", "uk", "en")
ROLES: Final = ("member", "staff", "admin")

# Admins configured before they ever wrote get this until their first message sets a real one.
DEFAULT_ADMIN_LANGUAGE: Final = "pl"

_COLUMNS = "telegram_id, language, language_chosen, role, first_seen, last_seen, username"


@dataclass(frozen=True, slots=True)
class UserRow:
    telegram_id: int
    language: str
    language_chosen: bool
    role: str
    # None until the user first writes (an admin configured before that).
    first_seen: datetime | None
    last_seen: datetime | None
    username: str | None = None  # lowercase, without "@"


async def upsert_user(
    db: Database,
    telegram_id: int,
    telegram_language: str,
    now: datetime,
    username: str | None = None,
) -> UserRow:
    """Record that the user wrote at `now`, adding them on first contact.

    `telegram_language` must already be one of LANGUAGES (mapping Telegram's language_code is
    the caller's job). It replaces the stored language until the user picks one explicitly.
    """
    _check_language(telegram_language)
    # The later of the two: updates handled out of order must not move last_seen backwards
    # (CASE, not SQLite's max(a, b), which PostgreSQL spells greatest()).
    sql = f"""
        INSERT INTO users (telegram_id, language, first_seen, last_seen, username)
        VALUES (?, ?, ?, ?, ?)
        ON CONFLICT (telegram_id) DO UPDATE SET
            first_seen = coalesce(users.first_seen, excluded.first_seen),
            username = excluded.username,
            last_seen = CASE WHEN users.last_seen > excluded.last_seen THEN users.last_seen
                             ELSE excluded.last_seen END,
            language = CASE WHEN users.language_chosen = 1 THEN users.language
                            ELSE excluded.language END
        RETURNING {_COLUMNS}
    """  # noqa: S608 - only the constant column list is interpolated
    stamp = to_db(now)
    name = username.lower().removeprefix("@") if username else None
    async with db.transaction() as conn:
        if name:
            # The name moved to this account: whoever had it before no longer does.
            await conn.execute(
                "UPDATE users SET username = NULL WHERE username = ? AND telegram_id != ?",
                (name, telegram_id),
            )
        rows = await conn.execute_fetchall(
            sql, (telegram_id, telegram_language, stamp, stamp, name)
        )
    return _to_user(next(iter(rows)))


async def get_user(db: Database, telegram_id: int) -> UserRow | None:
    row = await db.fetch_one(
        f"SELECT {_COLUMNS} FROM users WHERE telegram_id = ?",  # noqa: S608 - constant
        (telegram_id,),
    )
    return None if row is None else _to_user(row)


async def get_user_by_username(db: Database, username: str) -> UserRow | None:
    """The user who most recently wrote with this @username (lowercase, no "@")."""
    row = await db.fetch_one(
        f"SELECT {_COLUMNS} FROM users WHERE username = ?",  # noqa: S608 - constant
        (username.lower().removeprefix("@"),),
    )
    return None if row is None else _to_user(row)


async def set_language(db: Database, telegram_id: int, language: str) -> bool:
    """Store the language the user picked; Telegram's language no longer overrides it."""
    _check_language(language)
    sql = "UPDATE users SET language = ?, language_chosen = 1 WHERE telegram_id = ?"
    return await _update_one(db, sql, (language, telegram_id))


async def set_role(db: Database, telegram_id: int, role: str) -> bool:
    return await _update_one(
        db, "UPDATE users SET role = ? WHERE telegram_id = ?", (_check_role(role), telegram_id)
    )


async def ensure_admins(db: Database, telegram_ids: Iterable[int]) -> None:
    """Make every configured admin id an admin, adding those who never wrote to the bot."""
    params = [(telegram_id, DEFAULT_ADMIN_LANGUAGE) for telegram_id in set(telegram_ids)]
    if not params:
        return
    sql = """
        INSERT INTO users (telegram_id, language, role) VALUES (?, ?, 'admin')
        ON CONFLICT (telegram_id) DO UPDATE SET role = 'admin'
    """
    async with db.transaction() as conn:
        await conn.executemany(sql, params)


async def count_users(db: Database) -> int:
    return as_int(await db.fetch_value("SELECT count(*) FROM users"))


async def list_users_by_role(db: Database, roles: Iterable[str]) -> list[UserRow]:
    """Users having any of the roles, by id."""
    wanted = [_check_role(role) for role in roles]
    marks = ",".join("?" * len(wanted))
    rows = await db.fetch_all(
        f"SELECT {_COLUMNS} FROM users WHERE role IN ({marks}) ORDER BY telegram_id",  # noqa: S608 - placeholders only
        wanted,
    )
    return [_to_user(row) for row in rows]


async def count_users_by(db: Database, column: Literal["language", "role"]) -> dict[str, int]:
    """How many users have each language or each role."""
    if column not in ("language", "role"):
        raise ValueError(f"cannot group users by {column!r}")
    rows = await db.fetch_all(
        f"SELECT {column} AS value, count(*) AS n FROM users GROUP BY {column}"  # noqa: S608 - whitelisted
    )
    return {str(row["value"]): as_int(row["n"]) for row in rows}


async def _update_one(db: Database, sql: str, params: tuple[object, ...]) -> bool:
    async with db.transaction() as conn, conn.execute(sql, params) as cursor:
        return cursor.rowcount == 1


def _check_language(language: str) -> None:
    # The CHECK constraint would catch it too, but as an IntegrityError far from the cause.
    if language not in LANGUAGES:
        raise ValueError(f"unsupported language {language!r}; expected one of {LANGUAGES}")


def _check_role(role: str) -> str:
    if role not in ROLES:
        raise ValueError(f"unknown role {role!r}; expected one of {ROLES}")
    return role


def _to_user(row: Row) -> UserRow:
    return UserRow(
        telegram_id=row["telegram_id"],
        language=row["language"],
        language_chosen=bool(row["language_chosen"]),
        role=row["role"],
        first_seen=_optional_time(row["first_seen"]),
        last_seen=_optional_time(row["last_seen"]),
        username=row["username"],
    )


def _optional_time(text: str | None) -> datetime | None:
    return None if text is None else from_db(text)
