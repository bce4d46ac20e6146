"""Simulated groups: membership, the bot being removed or added, migration to a supergroup."""

from __future__ import annotations

from typing import Any, Protocol

from bot.sandbox.driver_support import chat_member_update, reaches_bot
from bot.sandbox.model import (
    ADMINISTRATOR,
    CREATOR,
    GROUP,
    LEFT,
    MEMBER,
    SUPERGROUP,
    ChatRecord,
    HistoryEntry,
    UserRecord,
)
from bot.sandbox.state import EmulatorState

SUPERGROUP_BASE = 1_000_000_000_000


class Actor(Protocol):
    """Someone who acts in a group (a SimulatedUser): only their user record is needed.

    A Protocol rather than SimulatedUser itself: bot.sandbox.driver imports this module for
    the groups a user writes in, so this one must not import it back.
    """

    @property
    def record(self) -> UserRecord: ...


class SimulatedGroup:
    """A group chat; `chat_id` follows a migration to a supergroup."""

    def __init__(self, state: EmulatorState, chat_id: int) -> None:
        self._state = state
        self._chat_id = chat_id

    @classmethod
    def create(
        cls,
        state: EmulatorState,
        chat_id: int,
        title: str,
        admins: list[Actor],
        members: list[Actor],
        supergroup: bool,
        bot_is_admin: bool,
    ) -> SimulatedGroup:
        if chat_id not in state.chats:
            chat = ChatRecord(chat_id, SUPERGROUP if supergroup else GROUP, title=title)
            chat.bot_status = ADMINISTRATOR if bot_is_admin else MEMBER
            for index, admin in enumerate(admins):
                chat.members[admin.record.id] = CREATOR if index == 0 else ADMINISTRATOR
            for member in members:
                chat.members.setdefault(member.record.id, MEMBER)
            state.chats[chat_id] = chat
        return cls(state, chat_id)

    @property
    def chat_id(self) -> int:
        return self._chat_id

    @property
    def id(self) -> int:
        return self._chat_id

    @property
    def chat(self) -> ChatRecord:
        return self._state.chats[self._chat_id]

    def history(self) -> list[HistoryEntry]:
        return list(self.chat.history)

    def messages(self) -> list[dict[str, Any]]:
        """Every bot message in the group, current state (deleted left out)."""
        return [e.snapshot() for e in self.chat.history if e.from_bot and not e.deleted]

    def _actor(self, by: Actor | None) -> UserRecord:
        if by is not None:
            return by.record
        creators = [uid for uid, status in self.chat.members.items() if status == CREATOR]
        if not creators:
            raise AssertionError("the group has no creator: pass by=")
        return self._state.users[creators[0]]

    def remove_bot(self, by: Actor | None = None) -> None:
        """The bot leaves: my_chat_member (-> left); sends get 403 afterwards."""
        self._set_bot_status(LEFT, self._actor(by))

    def add_bot(self, by: Actor) -> None:
        """The bot is added back: my_chat_member (-> member) and a new_chat_members message."""
        self._set_bot_status(MEMBER, by.record)
        self._service_message(by.record, {"new_chat_members": [self._state.bot.to_dict()]})

    def _set_bot_status(self, status: str, actor: UserRecord) -> None:
        chat = self.chat
        old, chat.bot_status = chat.bot_status, status
        update = chat_member_update(chat, actor, self._state.bot, old, status)
        self._state.updates.push("my_chat_member", update)
        self._state.touch()

    def _service_message(self, actor: UserRecord, content: dict[str, Any]) -> None:
        entry = self._state.add_message(self.chat, actor, content)
        message = entry.snapshot()
        if reaches_bot(self._state, self.chat, message):
            self._state.updates.push("message", message)

    def migrate_to_supergroup(self, by: Actor | None = None) -> int:
        """Upgrade to a supergroup with a new -100... id; returns the new id."""
        old = self.chat
        actor = self._actor(by)
        new_id = -(SUPERGROUP_BASE + abs(old.id))
        self._state.chats[new_id] = ChatRecord(
            new_id,
            SUPERGROUP,
            title=old.title,
            bot_status=old.bot_status,
            members=dict(old.members),
        )
        self._service_message(actor, {"migrate_to_chat_id": new_id})
        old.migrated_to = new_id
        self._chat_id = new_id
        self._service_message(actor, {"migrate_from_chat_id": old.id})
        return new_id
