"""Writing send results to the outbox as they arrive, and reporting progress to staff."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections import deque
from collections.abc import Callable

from bot.delivery.outbox import OutboxService
from bot.delivery.types import OutboxItem, ProgressReporter, Purpose
from storage.outbox_sending import Outcome

log = logging.getLogger(__name__)
# Finished sends counted for the current rate (the ETA): the last this many seconds.
RATE_WINDOW = 10.0
RETRY_WRITE_AFTER = 0.5
# A write waits up to this long after the first result for the answers still on the way: the
# answers to sends that left together arrive milliseconds apart, and each write costs a round
# trip to the database's thread and a commit (at 25/s, a third of the CPU of a message).
LINGER = 0.05
REPORT_TIMEOUT = 30.0
# Stopping must fit in the bot's 10-second shutdown: bounded last writes and last reports.
CLOSE_TIMEOUT = 3.0
_FINAL = frozenset({"sent", "failed", "blocked", "skipped"})


class Recorder:
    """Writes outcomes in group commits: one transaction for whatever arrived meanwhile.

    A write gathers the results that arrive within `linger` of the first one, or until the
    engine says that no send awaits an answer (`quiet`), and while the previous write ran: at
    1,000 messages/s a commit carries tens of results, at 25/s a whole group's.
    """

    def __init__(
        self,
        outbox: OutboxService,
        progress: Progress,
        linger: float = LINGER,
        requeued: Callable[[], None] = lambda: None,
    ) -> None:
        self._outbox = outbox
        self._progress = progress
        self._linger = linger
        # Told after a write that put items back in the queue (retries, deferrals): the engine
        # sleeps until the earliest queued item is due and must look again.
        self._requeued = requeued
        self._quiet = False
        self._lingering: asyncio.Future[None] | None = None
        self._queue: asyncio.Queue[tuple[OutboxItem, Outcome] | None] = asyncio.Queue()
        self._task: asyncio.Task[None] | None = None

    def start(self) -> None:
        self._task = asyncio.create_task(self._run(), name="outbox-recorder")

    def put(self, item: OutboxItem, outcome: Outcome) -> None:
        self._queue.put_nowait((item, outcome))

    def quiet(self) -> None:
        """No send is waiting for its answer: write what there is without lingering."""
        self._quiet = True
        _settle(self._lingering)

    async def close(self) -> None:
        """Write everything put so far, then stop (giving up after CLOSE_TIMEOUT: the items
        not written stay 'sending' and are sent again at the next start)."""
        if self._task is not None:
            self._queue.put_nowait(None)
            try:
                await asyncio.wait_for(self._task, CLOSE_TIMEOUT)
            except TimeoutError:
                log.error("could not record the last send results; they will be resent")

    async def _run(self) -> None:
        closing = False
        while not closing:
            batch: list[tuple[OutboxItem, Outcome]] = []
            entry = await self._queue.get()
            if entry is not None and self._linger > 0 and not self._quiet:
                await self._linger_a_while()
            self._quiet = False
            while entry is not None:
                batch.append(entry)
                if self._queue.empty():
                    break
                entry = self._queue.get_nowait()
            closing = entry is None
            if batch:
                await self._write(batch)

    async def _linger_a_while(self) -> None:
        """Until `quiet` or for `linger`. A future and a timer: wait_for would start a task
        for every write."""
        loop = asyncio.get_running_loop()
        self._lingering = lingering = loop.create_future()
        timer = loop.call_later(self._linger, _settle, lingering)
        try:
            await lingering
        finally:
            timer.cancel()
            self._lingering = None

    async def _write(self, batch: list[tuple[OutboxItem, Outcome]]) -> None:
        outcomes = [outcome for _, outcome in batch]
        while True:
            try:
                await self._outbox.record(outcomes)
                break
            except Exception:
                # Another process may hold the database past busy_timeout: keep the results
                # and try again, rather than lose them and send the messages twice.
                log.exception("could not record %d send results; retrying", len(outcomes))
                await asyncio.sleep(RETRY_WRITE_AFTER)
        self._progress.recorded(batch)
        if any(outcome.state == "pending" for outcome in outcomes):
            self._requeued()


class Progress:
    """Calls the reporter for announcements being sent: every `interval`, and once finished."""

    def __init__(self, outbox: OutboxService, reporter: ProgressReporter, interval: float) -> None:
        self._outbox = outbox
        self._reporter = reporter
        self._interval = interval
        self._touched: set[int] = set()
        self._finished_at: deque[float] = deque()
        self._task: asyncio.Task[None] | None = None

    def start(self) -> None:
        self._task = asyncio.create_task(self._run(), name="outbox-progress")

    def recorded(self, batch: list[tuple[OutboxItem, Outcome]]) -> None:
        now = time.monotonic()
        for item, outcome in batch:
            if outcome.state in _FINAL:
                self._finished_at.append(now)
            if item.purpose == Purpose.ANNOUNCEMENT and item.announcement_id is not None:
                self._touched.add(item.announcement_id)

    def rate(self) -> float | None:
        """Messages finished per second lately; None before there is anything to measure."""
        now = time.monotonic()
        while self._finished_at and self._finished_at[0] < now - RATE_WINDOW:
            self._finished_at.popleft()
        if not self._finished_at:
            return None
        return len(self._finished_at) / max(now - self._finished_at[0], 1.0)

    async def close(self) -> None:
        """One last report of where things stand (bounded), then stop."""
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(self.tick(), CLOSE_TIMEOUT)

    async def _run(self) -> None:
        while True:
            await asyncio.sleep(self._interval)
            await self.tick()

    async def tick(self) -> None:
        touched, self._touched = self._touched, set()
        for announcement_id in sorted(touched):
            await self._report(announcement_id)

    async def _report(self, announcement_id: int) -> None:
        # The reporter is someone else's code talking to Telegram: nothing it does may stop
        # or stall delivery, so it runs here, bounded, with every error logged.
        try:
            stats = await self._outbox.stats(announcement_id, rate=self.rate())
            await asyncio.wait_for(
                self._reporter.report(announcement_id, stats), timeout=REPORT_TIMEOUT
            )
        except Exception:
            log.exception("progress report for announcement %s failed", announcement_id)


def _settle(future: asyncio.Future[None] | None) -> None:
    if future is not None and not future.done():
        future.set_result(None)
