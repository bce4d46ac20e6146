"""ReplyShare: one replica's part of the room for replies in Telegram's window for the bot.

A lone bot's replies have the room its broadcast's rate leaves (at 25/s, 5 a second), and
past it they take broadcast places. Replicas reply side by side, each without seeing the
others' replies, so each keeps to an equal part: of that room while a broadcast runs, of the
whole limit while none does. A replica knows a broadcast runs from its own sends (the sender)
or because the sender tells it so through the database while it sends (the others; see
OutboxService.claim).
"""

from __future__ import annotations

import math
from typing import Final

# A broadcast is taken to run this long after its last send was seen (or told, about once a
# second while the sender claims items).
BUSY_MEMORY: Final = 3.0  # seconds


class ReplyShare:
    """How many replies this replica may send in one window now, and what one past it does."""

    def __init__(self, reserve: int, whole: int) -> None:
        self._reserve = reserve  # the replies' room beside the broadcast, for all replicas
        self._whole = whole  # Telegram's limit for the bot, all replicas together
        self._replicas = 1
        self._sending = True  # this replica sends the broadcast
        self._seen_at = -math.inf

    def set(self, replicas: int, sending: bool) -> None:
        self._replicas = max(1, replicas)
        self._sending = sending

    def broadcast_seen(self, now: float) -> None:
        """This replica sent a broadcast message, or the sender told it that it sends."""
        self._seen_at = now

    def part(self, now: float) -> int:
        """The replies this replica sends at once within one window."""
        if self._replicas == 1:
            return self._reserve
        if self._busy(now):
            # At least one each: at paid rates (no room at all) the broadcast's margin of 3%
            # absorbs a few replies a second.
            return max(1, self._reserve // self._replicas)
        return max(1, self._whole // self._replicas)

    def waits_past_part(self, now: float) -> bool:
        """Whether a reply past the part waits for it to free up; otherwise (a lone bot, or the
        sender while its broadcast runs) it takes a broadcast place, the broadcast yielding."""
        return self._replicas > 1 and not (self._sending and self._busy(now))

    def _busy(self, now: float) -> bool:
        return now - self._seen_at < BUSY_MEMORY
