"""How many people a published answer reaches: the chats its notes were queued for."""

from __future__ import annotations

from collections.abc import Collection

from storage import Database
from storage.postulate_reach import count_note_chats


class AnswerReach:
    """Counts the people notified about postulates (each chat once, however many notes)."""

    def __init__(self, db: Database) -> None:
        self._db = db

    async def people(self, postulate_ids: Collection[int], event: str = "answer") -> int:
        return await count_note_chats(self._db, postulate_ids, event)
