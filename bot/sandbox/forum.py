"""Forum supergroups (groups with topics): threads, messages in a thread, and message_thread_id.

As in Telegram: a forum's chat object says "is_forum"; a message sent with message_thread_id
lands in that thread and carries "message_thread_id" and "is_topic_message"; an unknown thread
is refused with "message thread not found". The General topic has no thread id.
"""

from __future__ import annotations

from typing import Any

from bot.sandbox import errors
from bot.sandbox.model import ChatRecord, HistoryEntry

THREAD_NOT_FOUND = "Bad Request: message thread not found"
FIRST_THREAD_ID = 2  # Telegram numbers a forum's topics by the message that created them


def make_forum(chat: ChatRecord, names: list[str]) -> dict[str, int]:
    """Turn topics on for a supergroup and create the named topics; name -> thread id."""
    chat.forum_topics = chat.forum_topics or {}
    created: dict[str, int] = {}
    for name in names:
        thread_id = max(chat.forum_topics, default=FIRST_THREAD_ID - 1) + 1
        chat.forum_topics[thread_id] = name
        created[name] = thread_id
    return created


def thread_of(chat: ChatRecord, thread_id: int | None) -> dict[str, Any]:
    """The fields a sent message gets for `message_thread_id` (none outside forums)."""
    if thread_id is None or chat.forum_topics is None:
        return {}
    if thread_id not in chat.forum_topics:
        raise errors.bad_request(THREAD_NOT_FOUND)
    return {"message_thread_id": thread_id, "is_topic_message": True}


def in_thread(chat: ChatRecord, thread_id: int | None) -> list[HistoryEntry]:
    """The bot's messages in one thread (None: the General topic), oldest first."""
    return [
        entry
        for entry in chat.history
        if entry.from_bot
        and not entry.deleted
        and entry.message.get("message_thread_id") == thread_id
    ]
