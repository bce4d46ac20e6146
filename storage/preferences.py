"""The chat_preferences table: a chat's own reminder, quiet-hours and digest choices."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Final

from storage.db import Database
from storage.timestamps import to_db

# Columns a caller may set, and the values that mean "as everyone else" (no row needed).
COLUMNS: Final = ("reminders", "deadline_leads", "event_leads", "quiet_hours", "digest")
DEFAULTS: Final[dict[str, object]] = {
    "reminders": 1,
    "deadline_leads": None,
    "event_leads": None,
    "quiet_hours": None,
    "digest": 1,
}


@dataclass(frozen=True, slots=True)
class PreferencesRow:
    """NULL text columns mean "the deployment's default"."""

    reminders: bool
    deadline_leads: str | None
    event_leads: str | None
    quiet_hours: str | None
    digest: bool


DEFAULT_ROW: Final = PreferencesRow(True, None, None, None, True)


async def get_preferences(db: Database, chat_id: int) -> PreferencesRow:
    row = await db.fetch_one(
        f"SELECT {', '.join(COLUMNS)} FROM chat_preferences WHERE chat_id = ?",  # noqa: S608
        (chat_id,),
    )
    if row is None:
        return DEFAULT_ROW
    return PreferencesRow(
        bool(row[0]),
        _text(row[1]),
        _text(row[2]),
        _text(row[3]),
        bool(row[4]),
    )


async def set_preferences(
    db: Database, chat_id: int, values: dict[str, object], now: datetime
) -> bool:
    """Change some columns of a known chat's row (created on first use); False if the chat is
    unknown. A row back at every default is deleted, so it costs nothing."""
    unknown = set(values) - set(COLUMNS)
    if unknown:
        raise ValueError(f"unknown preference columns: {sorted(unknown)}")
    names = list(values)
    assignments = ", ".join(f"{name} = :{name}" for name in names)
    params = {**values, "chat_id": chat_id, "now": to_db(now)}
    async with db.transaction() as conn:
        await conn.execute(
            "INSERT OR IGNORE INTO chat_preferences (chat_id, updated_at) "
            "SELECT chat_id, :now FROM chats WHERE chat_id = :chat_id",
            params,
        )
        await conn.execute(
            f"UPDATE chat_preferences SET {assignments}, updated_at = :now "  # noqa: S608
            "WHERE chat_id = :chat_id",
            params,
        )
        defaults = " AND ".join(f"{name} IS NOT DISTINCT FROM :d_{name}" for name in COLUMNS)
        await conn.execute(
            f"DELETE FROM chat_preferences WHERE chat_id = :chat_id AND {defaults}",  # noqa: S608
            {"chat_id": chat_id, **{f"d_{k}": v for k, v in DEFAULTS.items()}},
        )
        async with conn.execute("SELECT 1 FROM chats WHERE chat_id = ?", (chat_id,)) as found:
            known = await found.fetchone() is not None
    return known


async def reset_preferences(db: Database, chat_id: int) -> None:
    async with db.transaction() as conn:
        await conn.execute("DELETE FROM chat_preferences WHERE chat_id = ?", (chat_id,))


def _text(value: object) -> str | None:
    return None if value is None else str(value)
