"""Publishes scheduled announcements and queues the weekly digest when due, also after downtime.

The database is the only record of what is scheduled, so this is a small loop rather than
PTB's JobQueue: `ngobot announce --at` schedules from another process, which a JobQueue in the
bot would never hear of, and jobs would have to be rebuilt from the database at every start
anyway. The loop sleeps until the next announcement or digest is due; scheduling in this
process wakes it, and so does the ChangeWatcher when another process wrote to the database.
POLL_INTERVAL only bounds the sleep, should a wake-up ever be missed.
"""

from __future__ import annotations

import asyncio
import logging
from typing import Final

from bot.announcements.service import AnnouncementService
from bot.calendar.digest import DigestService
from bot.calendar.reminders import ReminderService
from bot.core.tasks import cancel_and_wait, seconds_until, wait_woken

log = logging.getLogger(__name__)
POLL_INTERVAL: Final = 30.0
RETRY_AFTER: Final = 1.0  # seconds after a failed pass


class Scheduler:
    """Runs in the bot's event loop between start() and stop()."""

    def __init__(
        self,
        announcements: AnnouncementService,
        reminders: ReminderService,
        digests: DigestService,
        poll_interval: float = POLL_INTERVAL,
    ) -> None:
        self._announcements = announcements
        self._reminders = reminders
        self._digests = digests
        self._poll_interval = poll_interval
        self._task: asyncio.Task[None] | None = None
        self._wakeup = asyncio.Event()

    async def start(self) -> None:
        """Rebuild the reminders, publish what became due while the bot was stopped, then keep
        watching. Reminders themselves need no timer: they wait in the outbox until due."""
        try:
            await self._reminders.rebuild()
        except Exception:
            # The reminders planned before are still queued; the next start rebuilds again.
            log.exception("could not rebuild the reminders")
        await self._publish_due()
        self._task = asyncio.create_task(self._run(), name="announcement-scheduler")

    def wake(self) -> None:
        """Something was scheduled in this process: look again now."""
        self._wakeup.set()

    async def stop(self) -> None:
        await cancel_and_wait(self._task)
        self._task = None

    async def _run(self) -> None:
        while True:
            await self._sleep()
            await self._publish_due()

    async def _sleep(self) -> None:
        # Cleared first: a wake-up during the query below is for work the query may miss.
        self._wakeup.clear()
        try:
            delay = await self._until_due()
        except Exception:
            log.exception("could not read when the next announcement is due")
            delay = min(self._poll_interval, RETRY_AFTER)
        await wait_woken(self._wakeup, delay)

    async def _until_due(self) -> float:
        delay = self._poll_interval
        for due in (await self._announcements.next_due(), self._digests.next_due()):
            if due is not None:
                delay = seconds_until(due, self._announcements.now(), delay)
        return delay

    async def _publish_due(self) -> None:
        try:
            published = await self._announcements.publish_due()
            await self._digests.queue_due()
        except Exception:
            # A failing pass (database busy, say) must not end the loop: the next one retries.
            log.exception("could not publish the scheduled announcements or the digest")
            await asyncio.sleep(min(self._poll_interval, RETRY_AFTER))
            return
        for announcement_id in published:
            log.info("scheduled announcement %s published", announcement_id)
