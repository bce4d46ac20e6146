"""Updates beyond a person's plain message: channel posts, edits, anonymous admins, media."""

from __future__ import annotations

import copy
import time
from typing import Any

from bot.sandbox.driver import SimulatedGroup, SimulatedUser, text_content
from bot.sandbox.driver_support import reaches_bot
from bot.sandbox.model import ADMINISTRATOR, ChatRecord, UserRecord
from bot.sandbox.state import EmulatorState

CHANNEL = "channel"
# The user Telegram puts in `from` of an anonymous administrator's message.
GROUP_ANONYMOUS_BOT = UserRecord(1087968824, "Group", username="GroupAnonymousBot", is_bot=True)
# Telegram's service account: automatic forwards of a linked channel into its discussion group.
TELEGRAM_SERVICE = UserRecord(777000, "Telegram")
# What a person can send besides text, shaped as the Bot API delivers it.
MEDIA: dict[str, dict[str, Any]] = {
    "photo": {
        "photo": [
            {"file_id": "AgACph1", "file_unique_id": "ph1", "width": 90, "height": 60},
            {"file_id": "AgACph2", "file_unique_id": "ph2", "width": 1280, "height": 853},
        ]
    },
    "sticker": {
        "sticker": {
            "file_id": "CAACst1",
            "file_unique_id": "st1",
            "type": "regular",
            "width": 512,
            "height": 512,
            "is_animated": False,
            "is_video": False,
            "emoji": "👍",
        }
    },
    "location": {"location": {"latitude": 50.0614, "longitude": 19.9366}},
    "contact": {"contact": {"phone_number": "+48123456789", "first_name": "Jan"}},
    "voice": {"voice": {"file_id": "AwACvo1", "file_unique_id": "vo1", "duration": 3}},
    "venue": {
        "venue": {
            "location": {"latitude": 50.0614, "longitude": 19.9366},
            "title": "Rynek Główny",
            "address": "Rynek Główny 1, Kraków",
        }
    },
    "dice": {"dice": {"emoji": "🎲", "value": 4}},
}


class MoreKinds:
    """Makes the rarer kinds of update Telegram sends, on top of one emulator's state."""

    def __init__(self, state: EmulatorState) -> None:
        self._state = state

    def channel(self, chat_id: int, title: str) -> ChatRecord:
        """A channel with the bot as an administrator (a bot is only ever one in channels)."""
        chat = self._state.chats.get(chat_id)
        if chat is None:
            chat = ChatRecord(chat_id, CHANNEL, title=title, bot_status=ADMINISTRATOR)
            self._state.chats[chat_id] = chat
        return chat

    def post_in_channel(self, channel: ChatRecord, text: str) -> dict[str, Any]:
        """A channel post: signed by the channel (`sender_chat`), with no `from`."""
        message = self._add(channel, None, text_content(text), sender_chat=channel)
        self._state.updates.push("channel_post", message)
        return message

    def edit_channel_post(self, channel: ChatRecord, text: str) -> dict[str, Any] | None:
        posts = [e for e in channel.history if not e.from_bot and not e.deleted]
        if not posts:
            return None
        return self._edit(posts[-1].message, text, "edited_channel_post")

    def anonymous_in(self, group: SimulatedGroup, text: str) -> dict[str, Any]:
        """An anonymous administrator writes: `from` is GroupAnonymousBot, signed by the group."""
        chat = group.chat
        message = self._add(chat, GROUP_ANONYMOUS_BOT, text_content(text), sender_chat=chat)
        if reaches_bot(self._state, chat, message):
            self._state.updates.push("message", message)
        return message

    def automatic_forward_in(self, group: SimulatedGroup, channel: ChatRecord, text: str) -> None:
        """A linked channel's post copied into its discussion group by Telegram."""
        chat = group.chat
        content = {**text_content(text), "is_automatic_forward": True}
        message = self._add(chat, TELEGRAM_SERVICE, content, sender_chat=channel)
        if reaches_bot(self._state, chat, message):
            self._state.updates.push("message", message)

    def edit(self, message: dict[str, Any], text: str) -> dict[str, Any]:
        """The sender edits their message: an edited_message update (if the bot saw it)."""
        return self._edit(message, text, "edited_message")

    def media(self, user: SimulatedUser, kind: str, group: SimulatedGroup | None = None) -> None:
        """A photo, sticker, location, contact, voice, venue or dice from `user`."""
        chat = group.chat if group is not None else self._state.private_chat(user.record)
        message = self._add(chat, user.record, copy.deepcopy(MEDIA[kind]))
        if reaches_bot(self._state, chat, message):
            self._state.updates.push("message", message)

    def forward_from_channel(self, user: SimulatedUser, channel: ChatRecord, text: str) -> None:
        """A channel's post forwarded by a person into their private chat with the bot."""
        origin = {
            "type": "channel",
            "date": int(time.time()),
            "chat": channel.to_dict(),
            "message_id": 1,
        }
        chat = self._state.private_chat(user.record)
        message = self._add(chat, user.record, {**text_content(text), "forward_origin": origin})
        self._state.updates.push("message", message)

    def _add(
        self,
        chat: ChatRecord,
        sender: UserRecord | None,
        content: dict[str, Any],
        *,
        sender_chat: ChatRecord | None = None,
    ) -> dict[str, Any]:
        entry = self._state.add_message(chat, sender or TELEGRAM_SERVICE, content)
        if sender is None:
            del entry.message["from"]
        if sender_chat is not None:
            entry.message["sender_chat"] = sender_chat.to_dict()
        self._state.touch()
        return entry.snapshot()

    def _edit(self, message: dict[str, Any], text: str, kind: str) -> dict[str, Any]:
        edited = {**copy.deepcopy(message), **text_content(text), "edit_date": int(time.time())}
        chat = self._state.chats.get(edited["chat"]["id"])
        entry = chat.find(edited["message_id"]) if chat else None
        if entry is not None:
            entry.message.update(edited)
            entry.edited = True
        if chat is None or chat.type == CHANNEL or reaches_bot(self._state, chat, edited):
            self._state.updates.push(kind, edited)
        self._state.touch()
        return edited
