"""Reliable, paced delivery of announcements: the outbox, its sender and their vocabulary."""

from bot.delivery.engine import DeliveryEngine
from bot.delivery.outbox import OutboxService
from bot.delivery.types import (
    DeliverySettings,
    DeliveryStats,
    FailedRecipient,
    OutboxItem,
    Outgoing,
    ProgressReporter,
    Purpose,
    Renderer,
    SendResult,
    Transport,
)

__all__ = [
    "DeliveryEngine",
    "DeliverySettings",
    "DeliveryStats",
    "FailedRecipient",
    "OutboxItem",
    "OutboxService",
    "Outgoing",
    "ProgressReporter",
    "Purpose",
    "Renderer",
    "SendResult",
    "Transport",
]
