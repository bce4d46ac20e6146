"""How many chats the outbox holds notes for about given postulates (the reach of an answer)."""

from __future__ import annotations

import json
from collections.abc import Collection

from storage.db import Database, as_int


async def count_note_chats(db: Database, postulate_ids: Collection[int], event: str) -> int:
    """Distinct chats with an "<event>:<id>" note queued (or sent) for any of the postulates."""
    if not postulate_ids:
        return 0
    value = await db.fetch_value(
        """SELECT count(DISTINCT chat_id) FROM outbox
            WHERE purpose = 'postulate'
              AND postulate_id IN (SELECT value FROM json_each(:ids))
              AND tag = :event || ':' || postulate_id""",
        {"ids": json.dumps(sorted(postulate_ids)), "event": event},
    )
    return as_int(value or 0)
