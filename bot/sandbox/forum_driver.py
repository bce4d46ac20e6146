"""A simulated user writing inside a forum thread (see bot/sandbox/forum.py)."""

from __future__ import annotations

from typing import Any

from bot.sandbox.driver import SimulatedUser, text_content
from bot.sandbox.driver_group import SimulatedGroup


async def send_in_thread(
    user: SimulatedUser, group: SimulatedGroup, thread_id: int, text: str
) -> dict[str, Any]:
    """Write `text` in the group's thread, as Telegram delivers it to the bot."""
    content = {**text_content(text), "message_thread_id": thread_id, "is_topic_message": True}
    return user._post(group.chat, content, None)
