"""InboundWorker: handles stored updates, each once and each chat's in order, on any replica.

Several workers per replica claim updates from the database (storage.inbound_updates): a
chat's next update can be claimed only when its earlier ones are done, so two replicas that
received consecutive steps of one conversation apply them one after the other. Claims are
renewed while held; a replica killed mid-update lets its claim lapse and another takes it.
"""

from __future__ import annotations

import asyncio
import json
import logging
import os
import socket
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime, timedelta
from typing import Any, Final

from bot.core.tasks import cancel_and_wait
from storage import Database
from storage.inbound_updates import InboundUpdate, claim_next, finish, prune, renew_claims

log = logging.getLogger(__name__)
LAPSE: Final = timedelta(seconds=5)  # a claim not renewed this long is another's to take
RENEW_EVERY: Final = 1.0
IDLE_LOOK: Final = 0.2  # seconds between looks when idle: another replica may have stored
# Where the database tells of other replicas' stores (PostgreSQL), a look is needed only for
# claims that lapsed (their replica died), which nothing announces.
IDLE_LOOK_TOLD: Final = 1.0
KEEP_DONE: Final = timedelta(days=1)
Process = Callable[[dict[str, Any]], Awaitable[None]]


def replica_name() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"


class InboundWorker:
    """`concurrency` tasks claiming and handling stored updates; `wake()` after a store."""

    def __init__(self, db: Database, process: Process, concurrency: int = 8) -> None:
        self._db = db
        self._process = process
        self._concurrency = concurrency
        self.replica = replica_name()
        self._wake = asyncio.Event()  # every worker: this replica stored an update
        self._look = asyncio.Event()  # the looking worker only
        self._tasks: list[asyncio.Task[None]] = []
        # Another replica stored an update, or finished one that a chat's next waits for. Only
        # the looking worker is nudged: every replica's every worker asking at each notice
        # made the claims themselves the load.
        db.on_notice("inbound_updates", self._look.set)
        self._idle_look = IDLE_LOOK_TOLD if db.tells_writes else IDLE_LOOK

    def wake(self) -> None:
        self._wake.set()
        self._look.set()

    async def start(self) -> None:
        self._tasks = [
            asyncio.create_task(self._work(looks=n == 0), name=f"inbound-{n}")
            for n in range(self._concurrency)
        ]
        self._tasks.append(asyncio.create_task(self._renew(), name="inbound-renew"))

    async def stop(self) -> None:
        for task in self._tasks:
            await cancel_and_wait(task)
        self._tasks = []

    async def _work(self, looks: bool) -> None:
        """Claim and handle until none is left, then wait: the one that `looks` also looks
        again every while (for lapsed claims, and what other replicas stored where the database
        does not tell), the others only when woken."""
        while True:
            try:
                update = await claim_next(self._db, self.replica, datetime.now(UTC), LAPSE)
            except Exception:
                log.exception("could not claim a stored update")
                update = None
            if update is None:
                if looks:
                    await _idle(self._look, self._idle_look)
                else:
                    await _idle(self._wake, None)
                continue
            self._wake.set()  # more may be waiting: let the others look too
            await self._handle(update)
            self._wake.set()  # the chat's next update may be waiting for this one

    async def _handle(self, update: InboundUpdate) -> None:
        try:
            await self._process(json.loads(update.body))
        except Exception:
            # Done all the same: one bad update must not hold up its chat for ever.
            log.exception("update %d failed", update.update_id)
        await finish(self._db, update.update_id, datetime.now(UTC))

    async def _renew(self) -> None:
        pruned_at = datetime.now(UTC)
        while True:
            await asyncio.sleep(RENEW_EVERY)
            now = datetime.now(UTC)
            try:
                await renew_claims(self._db, self.replica, now)
                if now - pruned_at > timedelta(hours=1):
                    await prune(self._db, now - KEEP_DONE)
                    pruned_at = now
            except Exception:
                log.exception("could not renew this replica's claims")


async def _idle(event: asyncio.Event, look_after: float | None) -> None:
    event.clear()
    try:
        await asyncio.wait_for(event.wait(), look_after)
    except TimeoutError:
        return
