"""The getUpdates queue: increasing update_ids, offsets, allowed_updates and long polling."""

from __future__ import annotations

import asyncio
import copy
from collections.abc import Callable
from typing import Any

from bot.sandbox import errors
from bot.sandbox.notify import Notifier

NOT_BY_DEFAULT = frozenset({"chat_member", "message_reaction", "message_reaction_count"})
FIRST_UPDATE_ID = 700_000_001
POLL_CHECK_SECONDS = 0.2


class UpdateQueue:
    """Pending updates kept until the bot confirms them with a higher offset."""

    def __init__(self, notifier: Notifier) -> None:
        self._notifier = notifier
        self._pending: list[dict[str, Any]] = []
        self._next_id = FIRST_UPDATE_ID
        self._allowed: frozenset[str] | None = None
        self._poll_owner: object | None = None
        self.closing = False
        self.dropped = 0

    @property
    def pending(self) -> list[dict[str, Any]]:
        return copy.deepcopy(self._pending)

    def push(self, kind: str, payload: dict[str, Any]) -> dict[str, Any] | None:
        """Queue an update unless allowed_updates excludes its kind (as Telegram does)."""
        if not self.wanted(kind):
            self.dropped += 1
            return None
        update = {"update_id": self._next_id, kind: copy.deepcopy(payload)}
        self._next_id += 1
        self._pending.append(update)
        self._notifier.notify()
        return update

    def wanted(self, kind: str) -> bool:
        if self._allowed is None:
            return kind not in NOT_BY_DEFAULT
        return kind in self._allowed

    def set_allowed(self, allowed: Any) -> None:
        if allowed is None:
            return
        if not isinstance(allowed, list):
            raise errors.bad_request("Bad Request: can't parse allowed updates")
        self._allowed = frozenset(allowed) if allowed else None

    @property
    def pending_live(self) -> list[dict[str, Any]]:
        """The pending updates themselves (no copy), for the webhook pusher."""
        return list(self._pending)

    def remove(self, update_id: int) -> None:
        """A webhook delivery got its 200: the update is Telegram's no more."""
        self._pending = [u for u in self._pending if u["update_id"] != update_id]

    def confirm(self, offset: int) -> None:
        if offset < 0:
            self._pending = self._pending[offset:]
        else:
            self._pending = [u for u in self._pending if u["update_id"] >= offset]

    def drop_all(self) -> None:
        self._pending.clear()

    async def poll(
        self, offset: int | None, limit: int, timeout: float, gone: Callable[[], bool]
    ) -> list[dict[str, Any]]:
        """Long poll: answer as soon as updates exist; a newer poll terminates this one."""
        if offset is not None:
            self.confirm(offset)
        owner = object()
        self._poll_owner = owner
        self._notifier.notify()
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        while True:
            if self._poll_owner is not owner:
                raise errors.ApiError(409, errors.CONFLICT_POLL)
            remaining = deadline - loop.time()
            if self._pending or self.closing or remaining <= 0 or gone():
                return copy.deepcopy(self._pending[:limit])
            await self._notifier.wait(min(remaining, POLL_CHECK_SECONDS))
