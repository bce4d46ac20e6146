"""FeedPoller: polls each due feed on its own interval, backs off on failure, pauses for good.

The schedule lives in the database (feeds.next_poll_at), so a restart or `ngobot feeds add`
from another process is picked up; the loop sleeps until the next feed is due, or until woken
(a feed changed in this process, or the ChangeWatcher saw another process write; POLL_CHECK
only bounds the sleep). Fetching is async (httpx) and parsing runs in a worker thread, so many
feeds in one cycle do not stall the bot's replies.
"""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass
from datetime import timedelta
from typing import Final

from bot.core.clock import Clock, utc_now
from bot.core.tasks import cancel_and_wait, seconds_until, wait_woken
from bot.feeds.fetch import Fetcher, FetchResult
from bot.feeds.ingest import Alerts, Ingestor
from bot.feeds.model import Feed, feed_of
from bot.feeds.parse import ParsedFeed, parse_feed
from storage import Database, feeds
from storage.feeds import PollRecord

log = logging.getLogger(__name__)
POLL_CHECK: Final = 30.0
BATCH: Final = 100
# A feed asking for more than a day is polled daily anyway; errors back off to at most this.
LONGEST: Final = timedelta(hours=24)
PAUSE_AFTER: Final = 6  # failures in a row (about 10 min · (1+2+4+8+16) ≈ 5 h with defaults)


@dataclass(frozen=True, slots=True)
class Intervals:
    """NGOBOT_FEED_INTERVAL and NGOBOT_FEED_MIN_INTERVAL."""

    default: timedelta
    minimum: timedelta

    def regular(self, wished: timedelta | None) -> timedelta:
        """The default, longer if the feed asks (ttl, Cache-Control), never under the minimum."""
        chosen = max(self.default, wished or timedelta(0), self.minimum)
        return min(chosen, max(LONGEST, self.minimum))

    def after_failure(self, failures: int, retry_after: int | None) -> timedelta:
        backoff: timedelta = self.regular(None) * 2 ** max(failures - 1, 0)
        if retry_after:
            backoff = max(backoff, timedelta(seconds=retry_after))
        return min(backoff, LONGEST)


class FeedPoller:
    """Runs in the bot's event loop between start() and stop()."""

    def __init__(
        self,
        db: Database,
        fetcher: Fetcher,
        ingestor: Ingestor,
        alerts: Alerts,
        intervals: Intervals,
        concurrency: int = 20,
        clock: Clock = utc_now,
    ) -> None:
        self._db = db
        self._fetcher = fetcher
        self._ingestor = ingestor
        self._alerts = alerts
        self._intervals = intervals
        self._slots = asyncio.Semaphore(concurrency)
        self._clock = clock
        self._task: asyncio.Task[None] | None = None
        self._wakeup = asyncio.Event()
        self._running: set[int] = set()

    async def start(self) -> None:
        """Finish what a stopped run left half-done, then keep polling."""
        finished = await self._ingestor.finish_pending()
        if finished:
            log.info("finished %d feed items left pending by the last run", finished)
        self._task = asyncio.create_task(self._run(), name="feed-poller")

    def wake(self) -> None:
        self._wakeup.set()

    async def stop(self) -> None:
        """Stop at once: an item cut off half-way stays 'pending' and start() finishes it."""
        await cancel_and_wait(self._task)
        self._task = None
        await self._fetcher.close()

    async def poll_due(self) -> int:
        """One cycle: poll every feed due now, concurrently; returns how many were polled."""
        rows = await feeds.list_due(self._db, self._clock(), BATCH)
        due = [row for row in rows if row.id not in self._running]
        await asyncio.gather(*(self._poll_guarded(feed_of(row)) for row in due))
        return len(due)

    async def _run(self) -> None:
        while True:
            try:
                await self.poll_due()
            except Exception:
                log.exception("feed polling cycle failed; trying again")
            await self._sleep()

    async def _sleep(self) -> None:
        # Cleared first: a wake-up during the query below is for work the query may miss.
        self._wakeup.clear()
        delay = POLL_CHECK
        try:
            due = await feeds.next_due(self._db)
        except Exception:
            log.exception("could not read when the next feed is due")
            due = None
        if due is not None:
            delay = seconds_until(due, self._clock(), delay)
        await wait_woken(self._wakeup, delay)

    async def _poll_guarded(self, feed: Feed) -> None:
        self._running.add(feed.id)
        try:
            async with self._slots:
                await self.poll(feed)
        except Exception:
            # One feed's surprise must not stop the others; it is due again in a while.
            log.exception("polling feed %s failed", feed.id)
            await self._record_failure(feed, "internal error", None)
        finally:
            self._running.discard(feed.id)

    async def poll(self, feed: Feed) -> None:
        """Fetch, parse and ingest one feed, and schedule its next poll."""
        result = await self._fetcher.fetch(feed.url, feed.etag, feed.last_modified)
        if result.outcome == "error":
            await self._record_failure(feed, result.error or "error", result.retry_after)
            return
        parsed: ParsedFeed | None = None
        if result.outcome == "ok" and result.body is not None:
            parsed = await parse_feed(result.body, result.moved_to or feed.url)
            if parsed.problem is not None:
                await self._record_failure(feed, parsed.problem, None)
                return
            await self._ingestor.ingest(feed, parsed.entries)
        await self._record_success(feed, result, parsed)

    async def _record_success(
        self, feed: Feed, result: FetchResult, parsed: ParsedFeed | None
    ) -> None:
        wished = [
            timedelta(seconds=result.max_age) if result.max_age else None,
            timedelta(minutes=parsed.ttl_minutes) if parsed and parsed.ttl_minutes else None,
        ]
        longest = max((w for w in wished if w is not None), default=None)
        interval = self._intervals.regular(longest)
        if result.moved_to:
            log.info("feed %s moved permanently to %s", feed.id, result.moved_to)
        record = PollRecord(
            next_poll_at=self._clock() + interval,
            ok=True,
            etag=result.etag,
            last_modified=result.last_modified,
            interval_seconds=None if longest is None else int(interval.total_seconds()),
            url=result.moved_to,
            title=parsed.title if parsed else None,
        )
        await feeds.record_poll(self._db, feed.id, record, self._clock())

    async def _record_failure(self, feed: Feed, error: str, retry_after: int | None) -> None:
        failures = feed.failures + 1
        pause = error if failures >= PAUSE_AFTER else None
        wait = self._intervals.after_failure(failures, retry_after)
        record = PollRecord(
            next_poll_at=self._clock() + wait,
            ok=False,
            error=error,
            interval_seconds=feed.interval_seconds,
            pause_reason=pause,
        )
        await feeds.record_poll(self._db, feed.id, record, self._clock())
        log.warning("feed %s failed (%d in a row): %s", feed.id, failures, error)
        if pause is not None:
            await self._alerts.feed_paused(feed.id, error)
