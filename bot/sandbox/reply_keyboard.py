"""Reply keyboards: Telegram keeps the last one sent under the user's text field, not in a message.

A sent message's own `reply_markup` carries only inline keyboards, as in Telegram; the reply
keyboard (or its removal) belongs to the chat until the next one replaces it.
"""

from __future__ import annotations

from typing import Any

from bot.sandbox.model import ChatRecord


def remember_reply_keyboard(chat: ChatRecord, markup: dict[str, Any] | None) -> None:
    """Note a sent message's reply keyboard, or its removal, on the chat."""
    if not markup:
        return
    if "keyboard" in markup:
        chat.reply_keyboard = markup
    elif markup.get("remove_keyboard"):
        chat.reply_keyboard = None


def reply_keyboard_labels(chat: ChatRecord | None) -> list[list[str]]:
    """The rows of button texts the user sees under the text field now ([] when none)."""
    markup = chat.reply_keyboard if chat is not None else None
    if not markup:
        return []
    return [
        [b["text"] if isinstance(b, dict) else str(b) for b in row] for row in markup["keyboard"]
    ]


def is_persistent(chat: ChatRecord | None) -> bool:
    return bool(
        chat is not None and chat.reply_keyboard and chat.reply_keyboard.get("is_persistent")
    )
