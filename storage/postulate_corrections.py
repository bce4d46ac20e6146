"""Correcting a published answer: the new status and position, and notes to those told."""

from __future__ import annotations

from datetime import datetime
from typing import Final

from storage.db import Database
from storage.postulates import PostulateRow, load_postulate
from storage.timestamps import to_db

_ANSWERED: Final = """status IN ('accepted', 'partly_accepted', 'rejected', 'will_make_efforts',
                                'outside_competence', 'implemented') AND answered_at IS NOT NULL"""


async def correct_answer(
    db: Database, postulate_id: int, status: str, position: str, by: int, now: datetime
) -> tuple[PostulateRow, int] | None:
    """Replace a published answer and queue a "corrected:<id>:<n>" note (n: the n-th
    correction) for every chat an earlier answer or correction note reached; the postulate
    and how many chats will be told. None when it is not (any more) an answered postulate."""
    stamp = to_db(now)
    params = {"id": postulate_id, "status": status, "position": position, "by": by, "now": stamp}
    async with db.transaction() as conn:
        async with conn.execute(
            f"""UPDATE postulates SET status = :status, answer_status = :status,
                       position = :position, answered_by = :by, updated_at = :now
                 WHERE id = :id AND {_ANSWERED}""",  # noqa: S608 - constants only
            params,
        ) as cursor:
            if cursor.rowcount != 1:
                return None
        async with conn.execute(
            """INSERT OR IGNORE INTO outbox
                   (announcement_id, postulate_id, chat_id, purpose, tag, not_before,
                    created_at, updated_at)
               SELECT DISTINCT NULL, :id, o.chat_id, 'postulate', 'corrected:' || :id || ':' ||
                      (SELECT count(DISTINCT tag) + 1 FROM outbox
                        WHERE purpose = 'postulate' AND postulate_id = :id
                          AND tag LIKE 'corrected:%'),
                      :now, :now, :now
                 FROM outbox AS o LEFT JOIN chats AS c ON c.chat_id = o.chat_id
                WHERE o.purpose = 'postulate' AND o.postulate_id = :id AND o.state = 'sent'
                  AND (o.tag = 'answer:' || :id OR o.tag LIKE 'corrected:%')
                  AND (c.chat_id IS NULL OR c.active = 1)""",
            params,
        ) as cursor:
            told = max(cursor.rowcount, 0)
        row = await load_postulate(conn, postulate_id)
    return None if row is None else (row, told)
