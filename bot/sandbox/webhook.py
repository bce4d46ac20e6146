"""Webhook delivery, as Telegram does it: POST each update with the secret token, retry until 200.

Updates of one chat go one after the other (the next once the previous got its 200); different
chats' go in parallel. `route` lets a test stand in for a load balancer and choose, per update,
which replica's address receives it.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import aiohttp

from bot.sandbox.notify import Notifier
from bot.sandbox.updates import UpdateQueue

SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"  # noqa: S105 - a header name, not a secret
RETRY_FIRST, RETRY_CAP = 0.05, 1.0
Route = Callable[[dict[str, Any]], str]


def update_chat(update: dict[str, Any]) -> int:
    """The chat an update belongs to (a button press: its message's), else its sender."""
    for value in update.values():
        if not isinstance(value, dict):
            continue
        chat = value.get("chat") or (value.get("message") or {}).get("chat")
        if isinstance(chat, dict):
            return int(chat["id"])
        if isinstance(value.get("from"), dict):
            return int(value["from"]["id"])
    return 0


@dataclass
class WebhookStats:
    delivered: int = 0
    refused: int = 0  # answers other than 200 (each retried)
    statuses: list[int] = field(default_factory=list)


class WebhookPusher:
    """Delivers the queue's updates to the webhook while one is set."""

    def __init__(self, queue: UpdateQueue, notifier: Notifier) -> None:
        self._queue = queue
        self._notifier = notifier
        self.url: str | None = None
        self.secret: str | None = None
        self.route: Route | None = None
        self.stats = WebhookStats()
        self._in_flight: set[int] = set()
        self._task: asyncio.Task[None] | None = None
        self._session: aiohttp.ClientSession | None = None

    @property
    def active(self) -> bool:
        return self.url is not None

    def set(self, url: str, secret: str | None) -> None:
        self.url, self.secret = url, secret
        self._notifier.notify()  # whoever waits for the webhook to be set
        if self._task is None:
            self._task = asyncio.create_task(self._run(), name="emulator-webhook")

    async def delete(self) -> None:
        self.url = None
        if self._task is not None:
            self._task.cancel()
            await asyncio.gather(self._task, return_exceptions=True)
            self._task = None
        if self._session is not None:
            await self._session.close()
            self._session = None

    async def _run(self) -> None:
        self._session = aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=30))
        tasks: set[asyncio.Task[None]] = set()
        while True:
            waiting: set[int] = set()
            for update in self._queue.pending_live:
                chat = update_chat(update)
                if chat in waiting:
                    continue  # an earlier update of this chat goes first
                waiting.add(chat)
                if update["update_id"] not in self._in_flight:
                    self._in_flight.add(update["update_id"])
                    task = asyncio.create_task(self._deliver(update))
                    tasks.add(task)
                    task.add_done_callback(tasks.discard)
            await self._notifier.wait(0.05)

    async def _deliver(self, update: dict[str, Any]) -> None:
        delay = RETRY_FIRST
        try:
            while self.url is not None and self._session is not None:
                url = self.route(update) if self.route is not None else self.url
                headers = {"Content-Type": "application/json"}
                if self.secret:
                    headers[SECRET_HEADER] = self.secret
                try:
                    async with self._session.post(
                        url, data=json.dumps(update), headers=headers
                    ) as response:
                        status = response.status
                except (aiohttp.ClientError, TimeoutError):
                    status = 0  # connection refused or reset: a replica is down
                self.stats.statuses.append(status)
                if status == 200:
                    self.stats.delivered += 1
                    self._queue.remove(update["update_id"])
                    self._notifier.notify()
                    return
                self.stats.refused += 1
                await asyncio.sleep(delay)
                delay = min(delay * 2, RETRY_CAP)
        finally:
            self._in_flight.discard(update["update_id"])
