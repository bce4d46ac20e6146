"""The emulated world's records: users, chats with their history, files, callback queries."""

from __future__ import annotations

import copy
from dataclasses import dataclass, field
from pathlib import PurePosixPath
from typing import Any

PRIVATE, GROUP, SUPERGROUP = "private", "group", "supergroup"
MEMBER, KICKED, LEFT, CREATOR, ADMINISTRATOR = (
    "member",
    "kicked",
    "left",
    "creator",
    "administrator",
)


@dataclass
class UserRecord:
    """A Telegram user (a simulated person, or the bot itself)."""

    id: int
    first_name: str
    username: str | None = None
    last_name: str | None = None
    language_code: str | None = None
    is_bot: bool = False

    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "id": self.id,
            "is_bot": self.is_bot,
            "first_name": self.first_name,
        }
        for key in ("last_name", "username", "language_code"):
            if getattr(self, key) is not None:
                data[key] = getattr(self, key)
        return data


@dataclass
class StoredFile:
    """A document uploaded by the bot or by a simulated user."""

    file_id: str
    file_unique_id: str
    file_name: str
    mime_type: str
    data: bytes

    @property
    def file_path(self) -> str:
        """As Telegram names it: never the sender's file name ("../x" must not become a path)."""
        suffix = PurePosixPath(self.file_name).suffix
        safe = suffix if suffix[1:].isalnum() and suffix.isascii() else ""
        return f"documents/file_{self.file_unique_id}{safe}"

    def document(self) -> dict[str, Any]:
        return {
            "file_id": self.file_id,
            "file_unique_id": self.file_unique_id,
            "file_name": self.file_name,
            "mime_type": self.mime_type,
            "file_size": len(self.data),
        }


@dataclass
class HistoryEntry:
    """One message of a chat in its current state (edits applied)."""

    message: dict[str, Any]
    from_bot: bool
    seq: int
    edited: bool = False
    deleted: bool = False
    file: StoredFile | None = None
    disable_notification: bool = False

    @property
    def message_id(self) -> int:
        return int(self.message["message_id"])

    @property
    def text(self) -> str | None:
        """The text, or for media the caption."""
        return self.message.get("text", self.message.get("caption"))

    @property
    def reply_markup(self) -> dict[str, Any] | None:
        return self.message.get("reply_markup")

    def snapshot(self) -> dict[str, Any]:
        return copy.deepcopy(self.message)


@dataclass
class ChatRecord:
    """A chat the bot knows: private chats once a user wrote, groups made by the driver."""

    id: int
    type: str
    title: str | None = None
    user: UserRecord | None = None
    bot_status: str = MEMBER
    members: dict[int, str] = field(default_factory=dict)
    history: list[HistoryEntry] = field(default_factory=list)
    next_message_id: int = 1
    migrated_to: int | None = None
    # The reply keyboard the user sees under the text field (bot/sandbox/reply_keyboard.py).
    reply_keyboard: dict[str, Any] | None = None
    # A supergroup with topics enabled: thread id -> topic name (bot/sandbox/forum.py).
    forum_topics: dict[int, str] | None = None

    @property
    def is_group(self) -> bool:
        return self.type in (GROUP, SUPERGROUP)

    def to_dict(self) -> dict[str, Any]:
        if self.user is not None:
            data = self.user.to_dict()
            data.pop("is_bot")
            data.pop("language_code", None)
            return {**data, "type": self.type}
        if self.forum_topics is not None:
            return {"id": self.id, "type": self.type, "title": self.title, "is_forum": True}
        return {"id": self.id, "type": self.type, "title": self.title}

    def take_message_id(self) -> int:
        self.next_message_id += 1
        return self.next_message_id - 1

    def find(self, message_id: int) -> HistoryEntry | None:
        for entry in self.history:
            if entry.message_id == message_id and not entry.deleted:
                return entry
        return None


@dataclass
class CallbackRecord:
    """A callback query a simulated user made, and the bot's answer once given."""

    id: str
    user_id: int
    chat_id: int
    message_id: int
    data: str
    created_at: float
    answer: dict[str, Any] | None = None
