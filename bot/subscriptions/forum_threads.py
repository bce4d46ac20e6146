"""Forum threads: which thread of a supergroup with topics each subscribed theme goes to.

The delivery engine asks the renderer what to send; ThreadRouting wraps it and adds the
thread of the announcement's theme, so announcements, their reminders, date changes and
corrections land in the same thread.
"""

from __future__ import annotations

from dataclasses import replace

from bot.delivery.types import OutboxItem, Outgoing, Purpose, Renderer
from storage import Database, forum_threads

# What belongs to an announcement (and so to its theme's thread); digests and postulate notes
# are about many themes or none and stay in the General topic.
ROUTED: frozenset[Purpose] = frozenset(Purpose) - {Purpose.DIGEST, Purpose.POSTULATE}


class ForumThreadService:
    """Reads and sets a chat's theme-to-thread routes."""

    def __init__(self, db: Database) -> None:
        self._db = db

    async def threads(self, chat_id: int) -> dict[int, int]:
        return await forum_threads.list_threads(self._db, chat_id)

    async def route(self, chat_id: int, topic_id: int, thread_id: int | None) -> dict[int, int]:
        """Send the topic to the thread (None: to the General topic); the routes after it."""
        await forum_threads.set_thread(self._db, chat_id, topic_id, thread_id)
        return await self.threads(chat_id)


class ThreadRouting:
    """A Renderer that puts each announcement's messages into its theme's forum thread."""

    def __init__(self, inner: Renderer, db: Database) -> None:
        self._inner = inner
        self._db = db

    async def render(self, item: OutboxItem) -> Outgoing | None:
        outgoing = await self._inner.render(item)
        if outgoing is None or item.announcement_id is None or item.purpose not in ROUTED:
            return outgoing
        if item.context is not None:  # read by the claim: no query per message
            thread = item.context.thread_id
        else:
            thread = await forum_threads.thread_for_announcement(
                self._db, item.chat_id, item.announcement_id
            )
        return outgoing if thread is None else replace(outgoing, thread_id=thread)
