"""Driver helpers: matching bot messages and buttons, and which user messages reach the bot."""

from __future__ import annotations

import re
import time
from dataclasses import dataclass
from typing import Any

from bot.sandbox.model import ADMINISTRATOR, KICKED, ChatRecord, HistoryEntry, UserRecord
from bot.sandbox.state import EmulatorState

Pattern = str | re.Pattern[str]
HISTORY_SHOWN = 10


@dataclass(frozen=True)
class ReceivedDocument:
    """A document the bot sent: file name, bytes, caption and the message itself."""

    file_name: str
    data: bytes
    caption: str | None
    mime_type: str
    message: dict[str, Any]


@dataclass(frozen=True)
class CallbackAnswer:
    """The bot's answerCallbackQuery for one pressed button."""

    text: str | None
    show_alert: bool
    url: str | None
    cache_time: int


def matches(pattern: Pattern, text: str | None) -> bool:
    if text is None:
        return False
    if isinstance(pattern, re.Pattern):
        return pattern.search(text) is not None
    return re.search(pattern, text, re.S) is not None


def label_matches(label: Pattern, text: str) -> bool:
    """Button labels match exactly when given as str, by search when given a compiled regex."""
    return label.search(text) is not None if isinstance(label, re.Pattern) else label == text


def fresh_bot_entries(chat: ChatRecord, cursor: int) -> list[HistoryEntry]:
    """Bot messages sent or edited after the cursor, oldest first."""
    return [e for e in chat.history if e.from_bot and not e.deleted and e.seq > cursor]


def describe_history(chat: ChatRecord | None) -> str:
    if chat is None:
        return "  (no such chat yet)"
    lines = []
    for entry in chat.history[-HISTORY_SHOWN:]:
        who = "bot" if entry.from_bot else f"user {entry.message['from']['id']}"
        flags = "".join(
            flag for flag, on in ((" edited", entry.edited), (" deleted", entry.deleted)) if on
        )
        labels = [
            b["text"] for row in (entry.reply_markup or {}).get("inline_keyboard", []) for b in row
        ]
        buttons = f" buttons={labels}" if labels else ""
        lines.append(f"  #{entry.message_id} {who}{flags}: {entry.text!r}{buttons}")
    return "\n".join(lines) or "  (empty)"


def find_button(
    chat: ChatRecord, label: Pattern, message_id: int | None
) -> tuple[HistoryEntry, dict[str, Any]] | None:
    """The newest bot message (or the one given) with a button labelled so, and that button."""
    for entry in reversed(chat.history):
        if not entry.from_bot or entry.deleted:
            continue
        if message_id is not None and entry.message_id != message_id:
            continue
        for row in (entry.reply_markup or {}).get("inline_keyboard", []):
            for button in row:
                if label_matches(label, button["text"]):
                    return entry, button
    return None


ADMIN_RIGHTS = (
    "can_be_edited",
    "is_anonymous",
    "can_manage_chat",
    "can_delete_messages",
    "can_manage_video_chats",
    "can_restrict_members",
    "can_promote_members",
    "can_change_info",
    "can_invite_users",
    "can_post_stories",
    "can_edit_stories",
    "can_delete_stories",
)


def chat_member_update(
    chat: ChatRecord, actor: UserRecord, bot: UserRecord, old: str, new: str
) -> dict[str, Any]:
    """A my_chat_member payload: the bot's status in a chat changed from old to new."""

    def member(status: str) -> dict[str, Any]:
        data: dict[str, Any] = {"user": bot.to_dict(), "status": status}
        if status == KICKED:
            data["until_date"] = 0
        if status == ADMINISTRATOR:  # the rights Telegram lists for an administrator
            data.update(dict.fromkeys(ADMIN_RIGHTS, False), can_manage_chat=True)
        return data

    return {
        "chat": chat.to_dict(),
        "from": actor.to_dict(),
        "date": int(time.time()),
        "old_chat_member": member(old),
        "new_chat_member": member(new),
    }


def reaches_bot(state: EmulatorState, chat: ChatRecord, message: dict[str, Any]) -> bool:
    """Privacy mode: in groups the bot sees commands, replies to it and service messages."""
    if not chat.is_group:
        return True
    if chat.bot_status not in ("member", "administrator"):
        return False
    if not state.privacy_mode or chat.bot_status == "administrator":
        return True
    text = message.get("text") or message.get("caption") or ""
    replied = message.get("reply_to_message") or {}
    if replied.get("from", {}).get("id") == state.bot.id:
        return True
    if "text" not in message and "caption" not in message and "document" not in message:
        return True
    return is_command_for(text, state.bot.username or "")


def is_command_for(text: str, bot_username: str) -> bool:
    match = re.match(r"/[A-Za-z0-9_]+(?:@(\w+))?", text)
    if match is None:
        return False
    return match.group(1) is None or match.group(1).lower() == bot_username.lower()
