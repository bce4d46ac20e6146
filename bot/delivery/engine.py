"""DeliveryEngine: the one paced sender that drains the outbox, surviving stops and crashes."""

from __future__ import annotations

import asyncio
import logging
import math
import random
import time

from bot.core.clock import Clock, utc_now
from bot.core.tasks import seconds_until, wait_woken
from bot.delivery.chat_pacing import ChatPacer
from bot.delivery.outbox import OutboxService
from bot.delivery.pacing import GlobalPacer
from bot.delivery.policy import deferred, outcome_of, retry_or_fail
from bot.delivery.recording import Progress, Recorder
from bot.delivery.types import (
    ChatStates,
    DeliverySettings,
    OutboxItem,
    Outgoing,
    ProgressReporter,
    Renderer,
    SendResult,
    Transport,
)
from storage.outbox_sending import Outcome

log = logging.getLogger(__name__)
RETRY_CLAIM_AFTER = 1.0
LOOKAHEAD = 2  # sends claimed ahead: two of the global pacer's groups


class DeliveryEngine:
    """Claims due items in small batches and sends them concurrently within the limits.

    Each item is 'sending' in the database from its claim until its result is recorded, so a
    crash repeats at most the sends that were on the wire; a graceful stop repeats none.
    """

    def __init__(
        self,
        outbox: OutboxService,
        renderer: Renderer,
        transport: Transport,
        reporter: ProgressReporter,
        subscriptions: ChatStates,
        settings: DeliverySettings,
        clock: Clock = utc_now,
        *,
        pacer: GlobalPacer | None = None,
    ) -> None:
        self._outbox = outbox
        self._renderer = renderer
        self._transport = transport
        self._subscriptions = subscriptions
        self._settings = settings
        self._clock = clock
        self._rng = random.Random()  # noqa: S311 - retry jitter, not secrets
        # Shared with whatever else sends as the bot (its replies), which goes ahead of us.
        self._pacer = pacer if pacer is not None else GlobalPacer(settings.rate)
        self._chats = ChatPacer(settings.per_chat_interval, settings.group_per_minute)
        self._progress = Progress(outbox, reporter, settings.progress_interval)
        self._recorder = Recorder(outbox, self._progress, requeued=self.wake)
        # Tasks still waiting for their turn: a stop cancels these and puts their items back.
        self._waiting: set[asyncio.Task[None]] = set()
        self._senders: set[asyncio.Task[None]] = set()
        self._items: dict[asyncio.Task[None], OutboxItem] = {}
        self._on_wire = 0  # sends written and not yet answered
        self._changed = asyncio.Event()  # new work (wake) or a free sending slot
        # The last claim found nothing due: a freed slot is no reason to look again, only new
        # work (wake) or the next item's due time is (at a broadcast's end, each send that
        # finished cost an empty claim and a look at the next due time).
        self._drained = False
        self._stopping = False
        self._loop: asyncio.Task[None] | None = None
        # Senders waiting for their pacer slot hold no connection. Claim enough beyond the sends
        # on the wire that a slow claim never leaves a slot without a sender: at 1,000/s, with
        # 32 slots only, about 4% of the rate was lost so.
        ahead = settings.rate * LOOKAHEAD * self._pacer.period
        self._limit = settings.concurrency + math.ceil(ahead)
        # Claim in batches of at least a quarter of the sends on the wire, or of a group of sends
        # leaving together (a second's worth at 25/s): fewer transactions.
        self._batch = max(
            1, settings.concurrency // 4, math.ceil(settings.rate * self._pacer.period)
        )

    async def start(self) -> None:
        """Put back what a crashed run left 'sending', then start the sending loop."""
        recovered = await self._outbox.recover()
        if recovered:
            log.warning(
                "%d messages were being sent when the bot last stopped; resending", recovered
            )
        self._recorder.start()
        self._progress.start()
        self._loop = asyncio.create_task(self._run(), name="delivery-engine")

    def requeue(self, announcement_id: int) -> None:
        """The announcement was corrected or cancelled: its messages rendered but not yet sent
        go back to the queue, to be rendered again as it is now (or skipped)."""
        for task, item in list(self._items.items()):
            if item.announcement_id == announcement_id and task in self._waiting:
                task.cancel()

    def wake(self) -> None:
        """New work was queued in this process: look for it now rather than at the next poll."""
        self._drained = False
        self._changed.set()

    async def stop(self, timeout: float = 5.0) -> None:  # noqa: ASYNC109 - the contract's
        """Stop claiming, put back items not yet sent, let sends on the wire finish (up to
        `timeout`) and record every result."""
        if self._loop is None:
            return
        self._stopping = True
        self._changed.set()
        await self._loop
        # One turn of the loop first, so every sender has started and can put its item back.
        await asyncio.sleep(0)
        for task in self._waiting:
            task.cancel()
        if self._senders:
            await asyncio.wait(self._senders, timeout=timeout)
        late = [task for task in self._senders if not task.done()]
        if late:
            # Their items stay 'sending' and go out again at the next start: maybe twice.
            log.warning("stopping with %d sends unanswered after %.1f s", len(late), timeout)
            for task in late:
                task.cancel()
            await asyncio.gather(*late, return_exceptions=True)
        await self._recorder.close()
        await self._progress.close()
        self._loop = None

    async def _run(self) -> None:
        while not self._stopping:
            free = self._limit - len(self._senders)
            if free < self._batch and self._senders:
                await self._wait(None)
                continue
            try:
                items = await self._outbox.claim(free)
            except Exception:
                log.exception("could not claim outbox items")
                await self._wait(RETRY_CLAIM_AFTER)
                continue
            self._drained = not items
            if not items:
                await self._wait(await self._until_due())
                continue
            if self._stopping:  # stop() came while we were claiming: give them back
                for item in items:
                    self._record(item, Outcome(item.id, "pending", attempted=False))
                break
            for item in items:
                self._spawn(item)

    async def _until_due(self) -> float:
        """Seconds until the earliest queued item is due, at most poll_interval."""
        try:
            due = await self._outbox.next_due()
        except Exception:
            log.exception("could not read when the next message is due")
            return RETRY_CLAIM_AFTER
        if due is None:
            return self._settings.poll_interval
        return seconds_until(due, self._clock(), self._settings.poll_interval)

    async def _wait(self, seconds: float | None) -> None:
        """Until a slot frees up or work arrives (or `seconds` pass)."""
        await wait_woken(self._changed, seconds)
        self._changed.clear()

    def _spawn(self, item: OutboxItem) -> None:
        task = asyncio.create_task(self._deliver(item), name=f"deliver-{item.id}")
        self._items[task] = item
        self._senders.add(task)
        self._waiting.add(task)
        task.add_done_callback(self._finished)

    def _finished(self, task: asyncio.Task[None]) -> None:
        self._items.pop(task, None)
        self._senders.discard(task)
        self._waiting.discard(task)
        # Wake the loop only when it can claim (a batch of slots is free) or must stop: waking
        # it for each finished send costs a loop turn per message for nothing.
        free = self._limit - len(self._senders)
        if (free >= self._batch and not self._drained) or not self._senders or self._stopping:
            self._changed.set()

    async def _deliver(self, item: OutboxItem) -> None:
        task = asyncio.current_task()
        if task is None:
            raise RuntimeError("_deliver must run as a task")
        try:
            outgoing = await self._renderer.render(item)
            if outgoing is None:
                self._record(item, Outcome(item.id, "skipped"))
                return
            await self._send_paced(item, outgoing, task)
        except asyncio.CancelledError:
            if task in self._waiting:  # never reached Telegram: simply not claimed any more
                self._record(item, Outcome(item.id, "pending", attempted=False))
            raise
        except Exception as error:
            log.exception("delivering outbox item %s failed", item.id)
            outcome = retry_or_fail(item, repr(error), self._settings, self._clock(), self._rng)
            self._record(item, outcome)

    async def _send_paced(
        self, item: OutboxItem, outgoing: Outgoing, task: asyncio.Task[None]
    ) -> None:
        wait = self._chats.reserve(item.chat_id)
        if wait > 0:
            self._record(item, deferred(item, wait, self._clock()))
            return
        sent = False
        try:
            turn = await self._pacer.acquire()
            # From here on the message may reach Telegram: a stop waits for the answer.
            self._waiting.discard(task)
            at = time.monotonic()
            self._on_wire += 1
            try:
                result = await self._transport.deliver(item.chat_id, outgoing)
            finally:
                self._on_wire -= 1
            self._pacer.answered(turn)
            self._chats.sent(item.chat_id, at)
            sent = True
        finally:
            if not sent:
                self._chats.release(item.chat_id)
        await self._handle(item, result)

    def _record(self, item: OutboxItem, outcome: Outcome) -> None:
        self._recorder.put(item, outcome)
        if not self._on_wire:  # no other answer is coming soon: write without lingering
            self._recorder.quiet()

    async def _handle(self, item: OutboxItem, result: SendResult) -> None:
        try:
            await self._react(item, result)
        except Exception:
            # The result itself must still be recorded, or the message would go out again.
            log.exception("handling the answer for chat %s failed", item.chat_id)
        self._record(item, outcome_of(item, result, self._settings, self._clock(), self._rng))

    async def _react(self, item: OutboxItem, result: SendResult) -> None:
        """Side effects of an answer beyond the item itself."""
        if result.kind == "retry_after":
            seconds = result.retry_after or 1.0
            log.warning("Telegram asked to wait %.1f s; the broadcast pauses", seconds)
            self._pacer.pause(seconds)
        elif result.kind == "blocked":
            # Stop sending to it, keep its topics: unblocking restores them.
            await self._subscriptions.set_active(item.chat_id, False)
        elif result.kind == "migrated" and result.new_chat_id is not None:
            # Before the item is retried, so that the retry goes to the new id.
            log.info("chat %s migrated to %s; following it", item.chat_id, result.new_chat_id)
            await self._outbox.follow_migration(item.chat_id, result.new_chat_id)
            await self._subscriptions.migrate_chat(item.chat_id, result.new_chat_id)
        elif result.kind in ("transient", "permanent"):
            log.info("sending to chat %s failed: %s", item.chat_id, result.error)
