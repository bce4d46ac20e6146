"""ChangeWatcher: wakes the bot's loops when the database changed, so that none of them polls it.

The sending engine, the scheduler and the feed poller each sleep until their next known
moment. What they cannot know is work queued meanwhile: by another process (`ngobot announce`
from cron) or by this one. One cheap look at SQLite's change counters every WATCH_INTERVAL
finds both; an idle bot thus asks the database one question per interval instead of several.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from typing import Final

from bot.core.tasks import cancel_and_wait
from storage import Database

log = logging.getLogger(__name__)
WATCH_INTERVAL: Final = 1.0  # seconds: work queued by the CLI starts within about this

Wake = Callable[[], None]


class ChangeWatcher:
    """Calls `on_other_process` listeners after another process committed, and `on_any`
    listeners after any change, this process's own included."""

    def __init__(self, db: Database, interval: float = WATCH_INTERVAL) -> None:
        self._db = db
        self._interval = interval
        self._external: list[Wake] = []
        self._any: list[Wake] = []
        self._seen: tuple[int, int] | None = None
        self._task: asyncio.Task[None] | None = None

    def on_other_process(self, wake: Wake) -> None:
        self._external.append(wake)

    def on_any(self, wake: Wake) -> None:
        self._any.append(wake)

    async def start(self) -> None:
        self._seen = await self._db.changes()
        self._task = asyncio.create_task(self._run(), name="database-watcher")

    async def stop(self) -> None:
        await cancel_and_wait(self._task)
        self._task = None

    async def _run(self) -> None:
        while True:
            await asyncio.sleep(self._interval)
            try:
                await self.look()
            except Exception:
                # A busy or failing database must not end the watch: the next look retries.
                log.exception("could not read the database's change counters")

    async def look(self) -> None:
        """Compare the counters with the last look and wake whom it concerns."""
        seen = await self._db.changes()
        before, self._seen = self._seen, seen
        if before is None or seen == before:
            return
        listeners = list(self._any)
        if seen[0] != before[0]:
            listeners += self._external
        for wake in listeners:
            wake()
