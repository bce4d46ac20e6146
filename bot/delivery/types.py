"""The delivery engine's vocabulary: outbox items, what to send, results and progress figures."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from typing import Literal, Protocol


class Purpose(StrEnum):
    """Why an outbox item exists; one announcement may owe a chat several messages."""

    ANNOUNCEMENT = "announcement"
    CORRECTION = "correction"
    CANCELLATION = "cancellation"
    TEST = "test"
    REMINDER = "reminder"
    DATE_CHANGE = "date_change"
    DIGEST = "digest"
    POSTULATE = "postulate"  # a note about a postulate (its answer, a merge)


@dataclass(frozen=True, slots=True)
class RenderContext:
    """What every message's rendering needs beyond the item, read in the claim's statement:
    a read per message cost more CPU than the rest of its rendering."""

    status: str | None  # the announcement's, None without one (or when it is gone)
    revision: int | None
    language: str | None  # the chat's language (a private chat's user's), None if unknown
    thread_id: int | None = None  # the forum thread its announcement goes to in the chat


@dataclass(frozen=True, slots=True)
class OutboxItem:
    id: int
    announcement_id: int | None  # None for a weekly digest
    chat_id: int
    purpose: Purpose
    tag: str
    attempts: int
    # For CORRECTION/CANCELLATION: the recipient's original message.
    reply_to_message_id: int | None
    # Read when the engine claimed the item; None when built elsewhere (the renderer reads it).
    context: RenderContext | None = None


@dataclass(frozen=True, slots=True)
class Outgoing:
    """What to send for one outbox item, rendered in the recipient chat's language."""

    text: str  # Telegram HTML, at most 4096 characters
    rows: list[list[tuple[str, str]]] = field(default_factory=list)  # (label, callback data)
    # Set: edit that message first; if it cannot be edited, send `fallback_text` (or `text`).
    edit_message_id: int | None = None
    fallback_text: str | None = None
    # A forum's thread the message goes to (bot/subscriptions/forum_threads.py); None: the chat.
    thread_id: int | None = None


class Renderer(Protocol):
    async def render(self, item: OutboxItem) -> Outgoing | None:
        """What to send; None when there is nothing to send any more (the item is skipped)."""
        ...


@dataclass(frozen=True, slots=True)
class DeliveryStats:
    total: int
    sent: int
    pending: int  # pending and sending
    failed: int
    blocked: int
    skipped: int
    started_at: datetime | None
    finished: bool  # nothing pending or sending
    eta_seconds: float | None  # time left at the current rate; None while unknown


class ProgressReporter(Protocol):
    async def report(self, announcement_id: int, stats: DeliveryStats) -> None: ...


SendKind = Literal["ok", "retry_after", "blocked", "migrated", "transient", "permanent"]


@dataclass(frozen=True, slots=True)
class SendResult:
    kind: SendKind
    message_id: int | None = None
    retry_after: float | None = None
    new_chat_id: int | None = None
    error: str | None = None


class Transport(Protocol):
    async def deliver(self, chat_id: int, outgoing: Outgoing) -> SendResult:
        """Send (or edit) one message; never raises for Telegram's answers."""
        ...


class Editor(Protocol):
    async def edit_text(self, chat_id: int, message_id: int, text: str) -> SendResult:
        """Replace the text (Telegram HTML) of a message the bot sent; never raises."""
        ...


class ChatStates(Protocol):
    """What the engine tells the subscriptions about a chat it could not reach as it was."""

    async def set_active(self, chat_id: int, active: bool) -> object:
        """The chat blocked the bot (False): stop sending to it, keep its choices."""
        ...

    async def migrate_chat(self, old_chat_id: int, new_chat_id: int) -> None:
        """The group became a supergroup with a new id."""
        ...


class BroadcastTransport(Transport, Editor, Protocol):
    """What the running bot gives the engine and its progress reports."""


@dataclass(frozen=True, slots=True)
class FailedRecipient:
    chat_id: int
    state: str  # 'failed' or 'blocked'
    error: str | None
    attempts: int
    chat: str | None = None  # "@username" or the group's title, when known


@dataclass(frozen=True, slots=True)
class DeliverySettings:
    """How fast and how persistently the engine sends (NGOBOT_SEND_RATE sets `rate`)."""

    rate: float = 25.0  # messages per second, all chats together
    group_per_minute: int = 20
    per_chat_interval: float = 1.0
    max_attempts: int = 8
    # The longest sleep with nothing due: the engine sleeps until the next item is due, and is
    # woken when work is queued (here, or by another process: see bot/watching.py).
    poll_interval: float = 30.0
    progress_interval: float = 2.0
    concurrency: int = 32  # sends in flight at once
    backoff_base: float = 1.0  # first retry after a network error or 5xx, doubled each time
    backoff_cap: float = 300.0
