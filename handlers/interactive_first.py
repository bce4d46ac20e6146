"""InteractiveFirst: PTB's rate-limiter hook, counting the bot's replies without delaying them."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable, Coroutine
from datetime import timedelta
from typing import Any

from telegram.error import RetryAfter
from telegram.ext import BaseRateLimiter

from bot.delivery.pacing import GlobalPacer

log = logging.getLogger(__name__)
JSONResult = bool | dict[str, Any] | list[dict[str, Any]]
# Methods that put a message in a chat: Telegram counts them against the bot's global limit.
# Callback answers, chat actions and reads do not deliver a message.
_COUNTED_PREFIXES = ("send", "edit", "copy", "forward")
_NOT_COUNTED = frozenset({"sendChatAction"})
# A reply Telegram refused for flooding is sent again after its wait, if the wait is this short
# at most: updates are handled one at a time, so a longer wait would hold up everyone else.
RETRY_REPLY_WITHIN = 5.0  # seconds


def counts(endpoint: str) -> bool:
    """Whether Telegram counts a call of `endpoint` as a message the bot sent."""
    return endpoint.startswith(_COUNTED_PREFIXES) and endpoint not in _NOT_COUNTED


class InteractiveFirst(BaseRateLimiter[None]):
    """Replies to commands and buttons go at once; each takes its place in the broadcast's
    global window, so the broadcast yields to them rather than Telegram refusing its sends
    with a 429 that halts it for a second.

    A broadcast close to Telegram's limit leaves little room, and a burst of replies right
    after a group of its sends may still be refused. Then the broadcast pauses for Telegram's
    wait, and the reply goes again when the wait is over: late, but not lost.
    """

    __slots__ = ("_pacer",)

    def __init__(self, pacer: GlobalPacer) -> None:
        self._pacer = pacer

    async def initialize(self) -> None:
        """Nothing to open: the pacer lives as long as the bot."""

    async def shutdown(self) -> None:
        """Nothing to close."""

    async def process_request(
        self,
        callback: Callable[..., Coroutine[Any, Any, JSONResult]],
        args: Any,
        kwargs: dict[str, Any],
        endpoint: str,
        data: dict[str, Any],
        rate_limit_args: None,
    ) -> JSONResult:
        if not counts(endpoint):
            return await callback(*args, **kwargs)
        try:
            return await self._pacer.ahead(callback(*args, **kwargs))
        except RetryAfter as error:
            seconds = _seconds(error.retry_after)
            self._pacer.pause(seconds)
            if seconds > RETRY_REPLY_WITHIN:
                raise
            log.info("a reply (%s) met a flood wait; sent again in %.0f s", endpoint, seconds)
            await asyncio.sleep(seconds)
            return await self._pacer.ahead(callback(*args, **kwargs))


def _seconds(retry_after: timedelta | int) -> float:
    # PTB 22 gives a timedelta when PTB_TIMEDELTA is set (the CLI sets it), else whole seconds.
    if isinstance(retry_after, timedelta):
        return retry_after.total_seconds()
    return float(retry_after)
