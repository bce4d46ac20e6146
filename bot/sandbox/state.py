"""The emulated world: bot, users, chats and files, with Telegram's rules for reaching a chat."""

from __future__ import annotations

import copy
import random
import time
from typing import Any

from bot.sandbox import errors
from bot.sandbox.faults import Stats
from bot.sandbox.model import (
    KICKED,
    LEFT,
    MEMBER,
    PRIVATE,
    SUPERGROUP,
    CallbackRecord,
    ChatRecord,
    HistoryEntry,
    StoredFile,
    UserRecord,
)
from bot.sandbox.notify import Notifier
from bot.sandbox.updates import UpdateQueue
from bot.sandbox.webhook import WebhookPusher


class EmulatorState:
    """Everything the emulator remembers; methods and the driver both act on it."""

    def __init__(self, bot: UserRecord, strict_html: bool, privacy_mode: bool) -> None:
        self.bot = bot
        self.strict_html = strict_html
        self.privacy_mode = privacy_mode
        self.notifier = Notifier()
        self.updates = UpdateQueue(self.notifier)
        self.webhook = WebhookPusher(self.updates, self.notifier)
        self.stats = Stats()
        self.rng = random.Random(0)  # noqa: S311 - reproducible faults, not secrets
        self.users: dict[int, UserRecord] = {}
        self.chats: dict[int, ChatRecord] = {}
        self.files: dict[str, StoredFile] = {}
        self.callbacks: dict[str, CallbackRecord] = {}
        self.commands: dict[tuple[str, str], list[dict[str, str]]] = {}
        self.profile: dict[tuple[str, str], str] = {}
        self.chat_actions: list[tuple[int, str]] = []
        self.cursors: dict[int, int] = {}
        self.seq = 0
        self.clock_offset = 0.0
        self._counter = 0

    def now(self) -> float:
        """Monotonic seconds used by flood limits and callback expiry (advanceable)."""
        return time.monotonic() + self.clock_offset

    def touch(self) -> int:
        self.seq += 1
        self.notifier.notify()
        return self.seq

    def next_number(self) -> int:
        self._counter += 1
        return self._counter

    def resolve_chat(self, value: Any) -> ChatRecord:
        """The chat a chat_id parameter names, or Telegram's "chat not found"."""
        if isinstance(value, str) and value.startswith("@"):
            return self.chat_by_username(value[1:])
        try:
            chat_id = int(value)
        except (TypeError, ValueError):
            raise errors.bad_request(errors.CHAT_NOT_FOUND) from None
        chat = self.chats.get(chat_id)
        if chat is None and chat_id in self.users:
            raise errors.forbidden(errors.CANT_INITIATE)
        if chat is None:
            raise errors.bad_request(errors.CHAT_NOT_FOUND)
        return chat

    def chat_by_username(self, username: str) -> ChatRecord:
        for chat in self.chats.values():
            if chat.user and chat.user.username == username:
                return chat
        raise errors.bad_request(errors.CHAT_NOT_FOUND)

    def writable_chat(self, value: Any) -> ChatRecord:
        """A chat the bot may post to: not blocked, still a member, not migrated."""
        if value is None or value == "":
            raise errors.missing("chat_id")
        chat = self.resolve_chat(value)
        if chat.migrated_to is not None:
            raise errors.migrated(chat.migrated_to)
        if chat.type == PRIVATE and chat.bot_status == KICKED:
            raise errors.forbidden(errors.BLOCKED)
        if chat.is_group and chat.bot_status in (KICKED, LEFT):
            kicked = errors.KICKED_SUPERGROUP if chat.type == SUPERGROUP else errors.KICKED_GROUP
            raise errors.forbidden(kicked)
        return chat

    def private_chat(self, user: UserRecord) -> ChatRecord:
        chat = self.chats.get(user.id)
        if chat is None:
            chat = ChatRecord(id=user.id, type=PRIVATE, user=user, bot_status=MEMBER)
            self.chats[user.id] = chat
        return chat

    def add_message(
        self,
        chat: ChatRecord,
        sender: UserRecord,
        content: dict[str, Any],
        file: StoredFile | None = None,
    ) -> HistoryEntry:
        """Append a message to a chat's history and wake waiters."""
        message = {
            "message_id": chat.take_message_id(),
            "from": sender.to_dict(),
            "chat": chat.to_dict(),
            "date": int(time.time()),
            **copy.deepcopy(content),
        }
        entry = HistoryEntry(message, from_bot=sender.is_bot, seq=self.touch(), file=file)
        chat.history.append(entry)
        if sender.is_bot:
            self.stats.delivered[chat.id] += 1
        return entry

    def store_file(self, data: bytes, file_name: str, mime_type: str) -> StoredFile:
        number = self.next_number()
        unique = f"AgAD{number:06d}"
        stored = StoredFile(
            f"BQACAgQAAxkBAAI{number:06d}{unique}", unique, file_name, mime_type, data
        )
        self.files[stored.file_id] = stored
        return stored

    def chat_instance(self, chat_id: int) -> str:
        return str(abs(chat_id) * 7919 + 4_000_000_000_000_000)

    def new_callback_id(self) -> str:
        return str(4_300_000_000_000_000_000 + self.next_number())
