"""What becomes of an outbox item after a send: sent, retried later, given up, or unreachable."""

from __future__ import annotations

import random
from datetime import datetime, timedelta

from bot.delivery.types import DeliverySettings, OutboxItem, SendResult
from storage.outbox_sending import Outcome


def backoff(attempt: int, settings: DeliverySettings, rng: random.Random) -> float:
    """Seconds before retry number `attempt` (1 = the first retry): exponential, capped, with
    "full jitter" between half and all of it, so a burst of 5xx does not come back as one."""
    ceiling = min(settings.backoff_cap, settings.backoff_base * 2.0 ** (attempt - 1))
    return ceiling * (0.5 + 0.5 * rng.random())


def outcome_of(
    item: OutboxItem,
    result: SendResult,
    settings: DeliverySettings,
    now: datetime,
    rng: random.Random,
) -> Outcome:
    """The row update for one send's result. A 429 and a migration are not failed attempts:
    the message was refused before delivery, through no fault of the recipient."""
    if result.kind == "ok":
        return Outcome(item.id, "sent", message_id=result.message_id)
    if result.kind == "retry_after":
        wait = timedelta(seconds=result.retry_after or 1.0)
        return Outcome(
            item.id, "pending", not_before=now + wait, error=result.error, attempted=False
        )
    if result.kind == "migrated" and result.new_chat_id is not None:
        return Outcome(item.id, "pending", not_before=now, error=result.error, attempted=False)
    if result.kind == "blocked":
        return Outcome(item.id, "blocked", error=result.error)
    if result.kind == "transient":
        return retry_or_fail(item, result.error, settings, now, rng)
    return Outcome(item.id, "failed", error=result.error)


def retry_or_fail(
    item: OutboxItem,
    error: str | None,
    settings: DeliverySettings,
    now: datetime,
    rng: random.Random,
) -> Outcome:
    """Pending again after a backoff, or failed once `max_attempts` tries are used up."""
    attempt = item.attempts + 1
    if attempt >= settings.max_attempts:
        return Outcome(item.id, "failed", error=error)
    wait = timedelta(seconds=backoff(attempt, settings, rng))
    return Outcome(item.id, "pending", not_before=now + wait, error=error)


def deferred(item: OutboxItem, seconds: float, now: datetime) -> Outcome:
    """Back to pending without a try: the chat's own limit says wait."""
    return Outcome(
        item.id, "pending", not_before=now + timedelta(seconds=seconds), attempted=False
    )
