"""The dialogs table: each person's conversation in progress, kept across restarts."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from storage.connection import Row
from storage.db import Database
from storage.timestamps import from_db, to_db

_COLUMNS = "user_id, flow, step, data, updated_at"


@dataclass(frozen=True, slots=True)
class DialogRow:
    user_id: int
    flow: str
    step: str
    data: dict[str, Any]
    updated_at: datetime


async def get_dialog(db: Database, user_id: int) -> DialogRow | None:
    row = await db.fetch_one(
        f"SELECT {_COLUMNS} FROM dialogs WHERE user_id = ?",  # noqa: S608 - constant
        (user_id,),
    )
    return None if row is None else _to_dialog(row)


async def put_dialog(
    db: Database, user_id: int, flow: str, step: str, data: dict[str, Any], now: datetime
) -> DialogRow:
    """Start a dialog, replacing any in progress. The user must exist (foreign key)."""
    sql = f"""
        INSERT INTO dialogs (user_id, flow, step, data, updated_at) VALUES (?, ?, ?, ?, ?)
        ON CONFLICT (user_id) DO UPDATE SET
            flow = excluded.flow, step = excluded.step, data = excluded.data,
            updated_at = excluded.updated_at
        RETURNING {_COLUMNS}
    """  # noqa: S608 - constant
    # Encoded before the transaction: a value JSON cannot hold fails without touching the DB.
    params = (user_id, flow, step, _encode(data), to_db(now))
    async with db.transaction() as conn:
        rows = await conn.execute_fetchall(sql, params)
    return _to_dialog(next(iter(rows)))


async def advance_dialog(
    db: Database, user_id: int, step: str, data: dict[str, Any], now: datetime
) -> DialogRow | None:
    """Move the dialog to `step`, merging `data` into what it holds; None if there is none.

    Merged in Python rather than with json_patch(), whose null-deletes-the-key rule would
    silently drop values that are legitimately None.
    """
    select = "SELECT data FROM dialogs WHERE user_id = ?"
    update = f"""UPDATE dialogs SET step = ?, data = ?, updated_at = ? WHERE user_id = ?
                 RETURNING {_COLUMNS}"""  # noqa: S608 - constant
    async with db.transaction() as conn:
        async with conn.execute(select, (user_id,)) as cursor:
            row = await cursor.fetchone()
        if row is None:
            return None
        merged = {**json.loads(row["data"]), **data}
        rows = await conn.execute_fetchall(update, (step, _encode(merged), to_db(now), user_id))
    return _to_dialog(next(iter(rows)))


async def delete_dialog(db: Database, user_id: int) -> None:
    async with db.transaction() as conn:
        await conn.execute("DELETE FROM dialogs WHERE user_id = ?", (user_id,))


def _encode(data: dict[str, Any]) -> str:
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"))


def _to_dialog(row: Row) -> DialogRow:
    return DialogRow(
        user_id=row["user_id"],
        flow=row["flow"],
        step=row["step"],
        data=json.loads(row["data"]),
        updated_at=from_db(row["updated_at"]),
    )
