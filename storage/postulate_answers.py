"""Staff changes that notify people: publishing answers and merging, with their outbox notes."""

from __future__ import annotations

import json
from collections.abc import Collection
from datetime import datetime, timedelta
from typing import Final

from storage.connection import Connection
from storage.db import Database, as_int
from storage.postulates import PostulateRow, load_postulate
from storage.timestamps import to_db

# Who hears about an answer: the author, the members of the organisation it was sent for, the
# members who gave their organisation's support, and the followers (:ids is a JSON array).
_ANSWER_AUDIENCE: Final = """
    SELECT id AS postulate_id, author_id AS user_id FROM postulates
     WHERE id IN (SELECT value FROM json_each(:ids)) AND author_id IS NOT NULL
    UNION SELECT p.id, u.telegram_id FROM postulates AS p
      JOIN users AS u ON u.organisation_id = p.organisation_id
     WHERE p.id IN (SELECT value FROM json_each(:ids))
    UNION SELECT postulate_id, user_id FROM postulate_supports
     WHERE postulate_id IN (SELECT value FROM json_each(:ids)) AND user_id IS NOT NULL
    UNION SELECT postulate_id, user_id FROM postulate_followers
     WHERE postulate_id IN (SELECT value FROM json_each(:ids))
"""
# A merge concerns the author and the followers (supporters follow when they support).
_MERGE_AUDIENCE: Final = """
    SELECT id AS postulate_id, author_id AS user_id FROM postulates
     WHERE id IN (SELECT value FROM json_each(:ids)) AND author_id IS NOT NULL
    UNION SELECT postulate_id, user_id FROM postulate_followers
     WHERE postulate_id IN (SELECT value FROM json_each(:ids))
"""
_OPEN: Final = "status IN ('new', 'under_review')"


async def publish_answers(
    db: Database,
    postulate_id: int | None,
    round_id: int | None,
    by: int | None,
    now: datetime,
    first_part: int | None = None,
) -> list[int]:
    """Publish drafted answers — of one postulate, or (postulate_id None) of every open one in
    the round (round_id None: the general inbox) — and queue their notes, in one transaction.
    Returns the ids published."""
    stamp = to_db(now)
    where = "id = :target" if postulate_id is not None else "round_id IS NOT DISTINCT FROM :target"
    target = postulate_id if postulate_id is not None else round_id
    async with db.transaction() as conn:
        async with conn.execute(
            f"""UPDATE postulates
                   SET status = answer_status, answered_at = :now, answered_by = :by,
                       updated_at = :now
                 WHERE {where} AND {_OPEN} AND answer_status IS NOT NULL
             RETURNING id""",  # noqa: S608 - constants only
            {"now": stamp, "by": by, "target": target},
        ) as cursor:
            published = sorted(as_int(row[0]) for row in await cursor.fetchall())
        await _queue_notes(conn, _ANSWER_AUDIENCE, published, "answer", stamp)
        if first_part is not None:
            await _queue_continuations(conn, published, first_part, now)
    return published


async def merge(
    db: Database, postulate_id: int, into_id: int, now: datetime
) -> PostulateRow | None:
    """Merge an open postulate into another open one: its supports and followers move there
    (duplicates dropped) and its author and followers get a note. None when either is not
    open (any more) or they are the same."""
    stamp = to_db(now)
    params = {"id": postulate_id, "into": into_id, "now": stamp}
    async with db.transaction() as conn:
        async with conn.execute(
            f"""UPDATE postulates SET status = 'merged', merged_into = :into, updated_at = :now
                 WHERE id = :id AND :id != :into AND {_OPEN}
                   AND EXISTS (SELECT 1 FROM postulates WHERE id = :into AND {_OPEN})""",  # noqa: S608
            params,
        ) as cursor:
            if cursor.rowcount != 1:
                return None
        # Notes first: the followers are about to move.
        await _queue_notes(conn, _MERGE_AUDIENCE, [postulate_id], "merged", stamp)
        # The target's own organisation cannot support it: its support is dropped.
        await conn.execute(
            """INSERT OR IGNORE INTO postulate_supports
                   (postulate_id, organisation_id, user_id, created_at)
               SELECT :into, organisation_id, user_id, created_at FROM postulate_supports
                WHERE postulate_id = :id AND organisation_id IS DISTINCT FROM
                      (SELECT organisation_id FROM postulates WHERE id = :into)""",
            params,
        )
        await conn.execute(
            """INSERT OR IGNORE INTO postulate_followers (postulate_id, user_id, created_at)
               SELECT :into, user_id, created_at FROM postulate_followers
                WHERE postulate_id = :id""",
            params,
        )
        await conn.execute("DELETE FROM postulate_supports WHERE postulate_id = :id", params)
        await conn.execute("DELETE FROM postulate_followers WHERE postulate_id = :id", params)
        return await load_postulate(conn, postulate_id)


async def _queue_continuations(
    conn: Connection, ids: Collection[int], first_part: int, now: datetime
) -> None:
    """For positions longer than the answer note carries: an "answer_more:<id>" note to
    everyone the answer goes to, a moment after it so that it follows."""
    if not ids:
        return
    await conn.execute(
        """INSERT OR IGNORE INTO outbox
                (announcement_id, postulate_id, chat_id, purpose, tag, not_before,
                 created_at, updated_at)
            SELECT NULL, o.postulate_id, o.chat_id, 'postulate', 'answer_more:' || o.postulate_id,
                   :later, :now, :now
              FROM outbox AS o JOIN postulates AS p ON p.id = o.postulate_id
             WHERE o.purpose = 'postulate' AND o.tag = 'answer:' || o.postulate_id
               AND o.postulate_id IN (SELECT value FROM json_each(:ids))
               AND length(p.position) > :first""",
        {"ids": json.dumps(sorted(ids)), "first": first_part, "now": to_db(now),
         "later": to_db(now + timedelta(seconds=2))},
    )  # fmt: skip


async def _queue_notes(
    conn: Connection, audience: str, ids: Collection[int], event: str, stamp: str
) -> None:
    """One outbox item per postulate and person who has written to the bot, whatever their
    onboarding state (their private chat may not be recorded yet), unless the bot is known to
    be blocked there; the tag "<event>:<id>" tells the renderer what to say (OR IGNORE: each
    chat once)."""
    if not ids:
        return
    await conn.execute(
        f"""INSERT OR IGNORE INTO outbox
                (announcement_id, postulate_id, chat_id, purpose, tag, not_before,
                 created_at, updated_at)
            SELECT NULL, people.postulate_id, people.user_id, 'postulate',
                   :event || ':' || people.postulate_id, :now, :now, :now
              FROM ({audience}) AS people
              JOIN users AS u ON u.telegram_id = people.user_id AND u.first_seen IS NOT NULL
              LEFT JOIN chats AS c ON c.chat_id = people.user_id
             WHERE c.chat_id IS NULL OR c.active = 1""",  # noqa: S608 - constants only
        {"ids": json.dumps(sorted(ids)), "event": event, "now": stamp},
    )
