"""Which chats receive what: topic and kind choices, pausing, activity, and the audience."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from enum import StrEnum

from bot.core.clock import Clock, utc_now
from bot.core.topics import Kind
from storage import Database, chats, subscriptions
from storage.chats import ChatRow


class ChatType(StrEnum):
    PRIVATE = "private"
    GROUP = "group"  # groups and supergroups alike


@dataclass(frozen=True, slots=True)
class ChatSettings:
    """A chat's choices; `kinds` are the kinds it RECEIVES (all, until some are switched off)."""

    chat_id: int
    type: ChatType
    title: str | None
    organisation_id: int | None
    topic_ids: frozenset[int]
    kinds: frozenset[Kind]
    paused: bool
    active: bool
    # Groups only (a private chat speaks its user's language); not in the original contract.
    language: str | None = None


class SubscriptionService:
    """Keeps each chat's subscriptions and answers who should receive an announcement."""

    def __init__(self, db: Database, clock: Clock = utc_now) -> None:
        self._db = db
        self._clock = clock

    async def ensure_chat(
        self,
        chat_id: int,
        type: ChatType,  # the contract's name, like Telegram's Chat.type
        *,
        title: str | None = None,
        organisation_id: int | None = None,
        language: str | None = None,
    ) -> ChatSettings:
        """Record a chat: new ones start with no topics and all kinds; known ones are
        re-activated with their topics kept, and given values (title...) updated."""
        row = await chats.upsert_chat(
            self._db,
            chat_id,
            ChatType(type),
            self._clock(),
            title=title,
            organisation_id=organisation_id,
            language=language if type == ChatType.GROUP else None,
        )
        return _settings(row)

    async def settings(self, chat_id: int) -> ChatSettings | None:
        row = await chats.get_chat(self._db, chat_id)
        return None if row is None else _settings(row)

    async def toggle_topic(self, chat_id: int, topic_id: int) -> ChatSettings | None:
        """Switch a topic on or off; None for an unknown chat or topic, or for switching a
        retired topic on (switching one off is allowed)."""
        result = await subscriptions.toggle_topic(self._db, chat_id, topic_id, self._clock())
        return _settings(result) if isinstance(result, ChatRow) else None

    async def toggle_kind(self, chat_id: int, kind: Kind) -> ChatSettings | None:
        row = await subscriptions.toggle_kind(self._db, chat_id, Kind(kind), self._clock())
        return None if row is None else _settings(row)

    async def set_paused(self, chat_id: int, paused: bool) -> ChatSettings | None:
        """/stop pauses every message, /start resumes; the choices are kept."""
        row = await chats.set_flag(self._db, chat_id, "paused", paused, self._clock())
        return None if row is None else _settings(row)

    async def set_active(self, chat_id: int, active: bool) -> ChatSettings | None:
        """False when the bot is blocked or removed from the group; topics are kept, so being
        unblocked or re-added restores them. A private chat not yet recorded is recorded as
        blocked."""
        row = await chats.set_flag(self._db, chat_id, "active", active, self._clock())
        if row is None and not active and chat_id > 0:
            # A person who never finished onboarding has no chat row yet; they can still be
            # sent notes about their postulates, so a block must be remembered for them too.
            await self.ensure_chat(chat_id, ChatType.PRIVATE)
            row = await chats.set_flag(self._db, chat_id, "active", False, self._clock())
        return None if row is None else _settings(row)

    async def set_organisation(self, chat_id: int, org_id: int | None) -> ChatSettings | None:
        """Link the chat to an organisation; None for an unknown chat or organisation."""
        row = await chats.set_organisation(self._db, chat_id, org_id, self._clock())
        return None if row is None else _settings(row)

    async def migrate_chat(self, old_chat_id: int, new_chat_id: int) -> None:
        """A group became a supergroup (new id): move its settings, merging if both exist."""
        await chats.migrate_chat(self._db, old_chat_id, new_chat_id, self._clock())

    async def audience(self, topic_ids: Collection[int], kind: Kind) -> list[int]:
        """Sorted ids of active, unpaused chats subscribed to any of the topics and
        receiving `kind`."""
        return await subscriptions.list_audience(self._db, topic_ids, Kind(kind))


def _settings(row: ChatRow) -> ChatSettings:
    return ChatSettings(
        chat_id=row.chat_id,
        type=ChatType(row.type),
        title=row.title,
        organisation_id=row.organisation_id,
        topic_ids=row.topic_ids,
        kinds=frozenset(kind for kind in Kind if kind not in row.muted_kinds),
        paused=row.paused,
        active=row.active,
        language=row.language,
    )
