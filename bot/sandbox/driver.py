"""Simulated users: send texts and files, press buttons, wait for what the bot answers."""

from __future__ import annotations

import mimetypes
from collections.abc import Callable, Sequence
from typing import Any, TypeVar

from bot.sandbox.driver_group import SimulatedGroup
from bot.sandbox.driver_support import (
    CallbackAnswer,
    Pattern,
    ReceivedDocument,
    chat_member_update,
    describe_history,
    find_button,
    fresh_bot_entries,
    matches,
    reaches_bot,
)
from bot.sandbox.model import KICKED, MEMBER, CallbackRecord, ChatRecord, UserRecord
from bot.sandbox.state import EmulatorState
from bot.sandbox.text import auto_entities, merge_entities

T = TypeVar("T")
Entities = Sequence[dict[str, Any]]
__all__ = ["CallbackAnswer", "ReceivedDocument", "SimulatedGroup", "SimulatedUser"]


class SimulatedUser:
    """A person talking to the bot; their private chat id is their user id."""

    def __init__(self, state: EmulatorState, record: UserRecord) -> None:
        self._state = state
        self.record = record

    @property
    def id(self) -> int:
        return self.record.id

    @property
    def chat_id(self) -> int:
        return self.record.id

    def to_dict(self) -> dict[str, Any]:
        return self.record.to_dict()

    @property
    def _cursor(self) -> int:
        return self._state.cursors.get(self.id, 0)

    def _move_cursor(self) -> None:
        self._state.cursors[self.id] = self._state.seq

    # -- sending ---------------------------------------------------------------------------

    def _private_chat(self) -> ChatRecord:
        chat = self._state.private_chat(self.record)
        if chat.bot_status == KICKED:
            self.unblock()  # a blocked bot is restarted before the user can write again
        return chat

    def _post(
        self, chat: ChatRecord, content: dict[str, Any], reply_to: int | None, file: Any = None
    ) -> dict[str, Any]:
        if reply_to is not None and (target := chat.find(reply_to)) is not None:
            content["reply_to_message"] = target.snapshot()
        entry = self._state.add_message(chat, self.record, content, file)
        if chat.is_group:
            chat.members.setdefault(self.id, MEMBER)
        self._move_cursor()
        message = entry.snapshot()
        if reaches_bot(self._state, chat, message):
            self._state.updates.push("message", message)
        return message

    async def send(
        self, text: str, *, reply_to: int | None = None, entities: Entities = ()
    ) -> dict[str, Any]:
        """Write text in the private chat ("/start payload" and "/cmd@bot" work); `entities`
        is the formatting a Telegram client would attach (bold, links...)."""
        return self._post(self._private_chat(), text_content(text, entities), reply_to)

    async def send_in(
        self,
        group: SimulatedGroup,
        text: str,
        *,
        reply_to: int | None = None,
        entities: Entities = (),
    ) -> dict[str, Any]:
        return self._post(group.chat, text_content(text, entities), reply_to)

    async def forward(
        self, original: dict[str, Any], *, hidden_sender: bool = False
    ) -> dict[str, Any]:
        """Forward another user's message into this user's private chat with the bot.

        With `hidden_sender` the sender's privacy settings hide who they are, as on Telegram.
        """
        sender = original["from"]
        origin: dict[str, Any] = (
            {
                "type": "hidden_user",
                "date": original["date"],
                "sender_user_name": sender["first_name"],
            }
            if hidden_sender
            else {"type": "user", "date": original["date"], "sender_user": sender}
        )
        content = {**text_content(original.get("text") or ""), "forward_origin": origin}
        return self._post(self._private_chat(), content, None)

    async def send_document(
        self,
        data: bytes,
        file_name: str,
        *,
        caption: str | None = None,
        mime_type: str | None = None,
        chat: SimulatedGroup | None = None,
    ) -> dict[str, Any]:
        """Upload a file; the bot can getFile and download it from base_file_url."""
        mime = mime_type or mimetypes.guess_type(file_name)[0] or "application/octet-stream"
        stored = self._state.store_file(data, file_name, mime)
        content: dict[str, Any] = {"document": stored.document()}
        if caption:
            content.update(caption=caption, caption_entities=auto_entities(caption, []))
        target = chat.chat if chat is not None else self._private_chat()
        return self._post(target, content, None, stored)

    # -- buttons ---------------------------------------------------------------------------

    async def press(
        self, label: Pattern, *, message_id: int | None = None, timeout: float = 5.0
    ) -> str:
        """Press an inline button by exact label (or compiled regex); returns the query id."""
        return await self._press(self._private_chat(), label, message_id, timeout)

    async def press_in(
        self,
        group: SimulatedGroup,
        label: Pattern,
        *,
        message_id: int | None = None,
        timeout: float = 5.0,
    ) -> str:
        return await self._press(group.chat, label, message_id, timeout)

    async def _press(
        self, chat: ChatRecord, label: Pattern, message_id: int | None, timeout: float
    ) -> str:
        try:
            entry, button = await self._state.notifier.wait_until(
                lambda: find_button(chat, label, message_id), timeout
            )
        except TimeoutError:
            raise AssertionError(
                f"no bot message with a button {label!r} in chat {chat.id} within {timeout} s;"
                f" recent history:\n{describe_history(chat)}"
            ) from None
        if "callback_data" not in button:
            raise AssertionError(f"button {button['text']!r} has no callback_data: {button}")
        return self._callback(chat, entry.message_id, button["callback_data"])

    async def press_data(
        self, data: str, *, message_id: int | None = None, chat: SimulatedGroup | None = None
    ) -> str:
        """A callback query with arbitrary data on the last (or given) bot message."""
        record = chat.chat if chat is not None else self._private_chat()
        bot_messages = [e for e in record.history if e.from_bot and not e.deleted]
        if message_id is None:
            if not bot_messages:
                raise AssertionError(f"no bot message in chat {record.id} to attach data to")
            message_id = bot_messages[-1].message_id
        return self._callback(record, message_id, data)

    def _callback(self, chat: ChatRecord, message_id: int, data: str) -> str:
        state = self._state
        entry = chat.find(message_id)
        if entry is None:
            raise AssertionError(f"message {message_id} not found in chat {chat.id}")
        query_id = state.new_callback_id()
        state.callbacks[query_id] = CallbackRecord(
            query_id, self.id, chat.id, message_id, data, state.now()
        )
        state.updates.push(
            "callback_query",
            {
                "id": query_id,
                "from": self.record.to_dict(),
                "message": entry.snapshot(),
                "chat_instance": state.chat_instance(chat.id),
                "data": data,
            },
        )
        state.touch()
        self._move_cursor()
        return query_id

    async def wait_for_answer(self, query_id: str, timeout: float = 5.0) -> CallbackAnswer:
        """The bot's answerCallbackQuery for a query this user made."""
        record = self._state.callbacks[query_id]
        try:
            answer = await self._state.notifier.wait_until(lambda: record.answer, timeout)
        except TimeoutError:
            raise AssertionError(
                f"callback query {query_id} (data {record.data!r}) not answered in {timeout} s"
            ) from None
        return CallbackAnswer(
            answer["text"], answer["show_alert"], answer["url"], answer["cache_time"]
        )

    # -- waiting and reading ---------------------------------------------------------------

    async def wait_for(self, pattern: Pattern, timeout: float = 5.0) -> dict[str, Any]:
        """A bot message in the private chat, new or edited since this user's last action,
        whose current text (or caption) matches re.search(pattern, text, re.S)."""
        return await self._wait_text(self.chat_id, pattern, timeout)

    async def wait_for_in(
        self, group: SimulatedGroup, pattern: Pattern, timeout: float = 5.0
    ) -> dict[str, Any]:
        return await self._wait_text(group.chat_id, pattern, timeout)

    async def _wait_text(self, chat_id: int, pattern: Pattern, timeout: float) -> dict[str, Any]:
        cursor = self._cursor

        def found() -> dict[str, Any] | None:
            chat = self._state.chats.get(chat_id)
            for entry in fresh_bot_entries(chat, cursor) if chat else []:
                if matches(pattern, entry.text):
                    return entry.snapshot()
            return None

        return await self._wait(chat_id, found, f"a bot message matching {pattern!r}", timeout)

    async def wait_for_document(
        self, timeout: float = 5.0, *, chat: SimulatedGroup | None = None
    ) -> ReceivedDocument:
        """The first document the bot sent to this chat since this user's last action."""
        chat_id = chat.chat_id if chat is not None else self.chat_id
        cursor = self._cursor

        def found() -> ReceivedDocument | None:
            record = self._state.chats.get(chat_id)
            for entry in fresh_bot_entries(record, cursor) if record else []:
                if entry.file is not None:
                    return ReceivedDocument(
                        entry.file.file_name,
                        entry.file.data,
                        entry.message.get("caption"),
                        entry.file.mime_type,
                        entry.snapshot(),
                    )
            return None

        return await self._wait(chat_id, found, "a document", timeout)

    async def _wait(
        self, chat_id: int, found: Callable[[], T | None], what: str, timeout: float
    ) -> T:
        try:
            return await self._state.notifier.wait_until(found, timeout)
        except TimeoutError:
            history = describe_history(self._state.chats.get(chat_id))
            raise AssertionError(
                f"{self.record.first_name} got no {what} in chat {chat_id} within {timeout} s;"
                f" recent history:\n{history}"
            ) from None

    def messages(self) -> list[dict[str, Any]]:
        """Every bot message in the private chat, in its current state (deleted left out)."""
        chat = self._state.chats.get(self.chat_id)
        history = chat.history if chat else []
        return [e.snapshot() for e in history if e.from_bot and not e.deleted]

    def last_bot_message(self) -> dict[str, Any] | None:
        messages = self.messages()
        return messages[-1] if messages else None

    # -- blocking --------------------------------------------------------------------------

    def block(self) -> None:
        """Block the bot: sends fail with 403 and the bot gets my_chat_member (kicked)."""
        self._set_bot_status(KICKED)

    def unblock(self) -> None:
        self._set_bot_status(MEMBER)

    def _set_bot_status(self, status: str) -> None:
        chat = self._state.private_chat(self.record)
        old, chat.bot_status = chat.bot_status, status
        if old != status:
            update = chat_member_update(chat, self.record, self._state.bot, old, status)
            self._state.updates.push("my_chat_member", update)
            self._state.touch()


def text_content(text: str, given: Entities = ()) -> dict[str, Any]:
    entities = merge_entities(list(given), auto_entities(text, list(given)))
    return {"text": text, "entities": entities} if entities else {"text": text}
