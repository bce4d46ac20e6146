"""The chat_topic_threads table: which forum thread of a chat each of its topics goes to."""

from __future__ import annotations

from storage.db import Database, as_int


async def list_threads(db: Database, chat_id: int) -> dict[int, int]:
    """topic id -> thread id for one chat."""
    rows = await db.fetch_all(
        "SELECT topic_id, thread_id FROM chat_topic_threads WHERE chat_id = ?", (chat_id,)
    )
    return {as_int(row[0]): as_int(row[1]) for row in rows}


async def set_thread(db: Database, chat_id: int, topic_id: int, thread_id: int | None) -> None:
    """Route the topic to the thread (None: back to the General topic)."""
    async with db.transaction() as conn:
        if thread_id is None:
            await conn.execute(
                "DELETE FROM chat_topic_threads WHERE chat_id = ? AND topic_id = ?",
                (chat_id, topic_id),
            )
        else:
            await conn.execute(
                """INSERT INTO chat_topic_threads (chat_id, topic_id, thread_id)
                   SELECT ?, id, ? FROM topics WHERE id = ?
                   ON CONFLICT (chat_id, topic_id) DO UPDATE SET thread_id = excluded.thread_id""",
                (chat_id, thread_id, topic_id),
            )


def thread_sql(chat: str, announcement: str) -> str:
    """An SQL expression for the thread an announcement goes to in a chat (`chat` and
    `announcement` are expressions): that of its first topic (in catalogue order) the chat
    routes; for an all-topics announcement, of the chat's first routed topic; else NULL."""
    return f"""(SELECT th.thread_id
             FROM chat_topic_threads AS th
             JOIN topics AS t ON t.id = th.topic_id
             JOIN announcements AS a ON a.id = {announcement}
            WHERE th.chat_id = {chat}
              AND (a.all_topics = 1 OR EXISTS (
                    SELECT 1 FROM announcement_topics AS at
                     WHERE at.announcement_id = a.id AND at.topic_id = th.topic_id))
            ORDER BY t.position, t.id LIMIT 1)"""  # noqa: S608 - expressions of ours


async def thread_for_announcement(db: Database, chat_id: int, announcement_id: int) -> int | None:
    """The thread an announcement goes to in a chat (see thread_sql), None for none."""
    value = await db.fetch_value(
        f"SELECT {thread_sql(':chat', ':announcement')}",
        {"announcement": announcement_id, "chat": chat_id},
    )
    return None if value is None else as_int(value)
