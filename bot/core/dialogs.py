"""Conversation state (which step of which flow a person is on) that survives restarts."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from bot.core.clock import Clock, utc_now
from storage import Database, dialogs


@dataclass(frozen=True, slots=True)
class Dialog:
    """A multi-step conversation in progress; `data` holds JSON values only."""

    user_id: int
    flow: str
    step: str
    data: dict[str, Any]
    updated_at: datetime


class DialogService:
    """Starts, advances and finishes each person's single dialog in progress."""

    def __init__(self, db: Database, clock: Clock = utc_now) -> None:
        self._db = db
        self._clock = clock

    async def get(self, user_id: int) -> Dialog | None:
        row = await dialogs.get_dialog(self._db, user_id)
        return None if row is None else _dialog(row)

    async def start(
        self, user_id: int, flow: str, step: str, data: dict[str, Any] | None = None
    ) -> Dialog:
        """Begin a dialog, replacing any in progress. The user must be registered."""
        row = await dialogs.put_dialog(self._db, user_id, flow, step, data or {}, self._clock())
        return _dialog(row)

    async def advance(self, user_id: int, step: str, **data: Any) -> Dialog | None:
        """Go to `step`, merging `data` into the dialog's; None if no dialog is in progress."""
        row = await dialogs.advance_dialog(self._db, user_id, step, data, self._clock())
        return None if row is None else _dialog(row)

    async def finish(self, user_id: int) -> None:
        await dialogs.delete_dialog(self._db, user_id)


def _dialog(row: dialogs.DialogRow) -> Dialog:
    return Dialog(row.user_id, row.flow, row.step, row.data, row.updated_at)
