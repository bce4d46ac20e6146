"""SenderElection: the outbox sender, scheduler, digest and feed poller run on one replica.

Every replica asks for the bot's advisory lock each second (storage.election); the one that
holds it starts the Runtime. Its successor, once the lock is free (the holder died), resumes
from the outbox, where the holder's items in flight are 'sending' and are sent again, as
after a kill -9 today. A replica that loses its lock while alive stops the process, so that
two senders never run at once (a supervisor restarts it as a follower).
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from typing import Final, Protocol

from bot.core.tasks import cancel_and_wait
from storage import Database
from storage.election import Lease, lock_key, try_lead

log = logging.getLogger(__name__)
ASK_EVERY: Final = 1.0  # seconds: a successor takes over within about this after the lock frees


class Startable(Protocol):
    async def start(self) -> None: ...
    async def stop(self) -> None: ...


class SenderElection:
    """Starts `make_runtime()` once this replica is elected; `lost` is called if it is not
    any more."""

    def __init__(
        self,
        db: Database,
        bot_id: int,
        make_runtime: Callable[[], Startable],
        lost: Callable[[], None],
    ) -> None:
        self._db = db
        self._key = lock_key(bot_id)
        self._make_runtime = make_runtime
        self._lost = lost
        self._lease: Lease | None = None
        self.runtime: Startable | None = None
        self._task: asyncio.Task[None] | None = None
        self.elected = asyncio.Event()

    async def start(self) -> None:
        await self._ask()  # a lone bot (or SQLite) sends from the start, as before
        self._task = asyncio.create_task(self._watch(), name="sender-election")

    async def stop(self) -> None:
        await cancel_and_wait(self._task)
        if self.runtime is not None:
            await self.runtime.stop()
        if self._lease is not None:
            await self._lease.release()

    async def _watch(self) -> None:
        while True:
            await asyncio.sleep(ASK_EVERY)
            try:
                if self._lease is None:
                    await self._ask()
                elif not await self._lease.held():
                    log.error("lost the sender's lock: stopping so that only one replica sends")
                    self._lost()
                    return
            except Exception:
                log.exception("could not take part in the sender's election")

    async def _ask(self) -> None:
        lease = await try_lead(self._db, self._key)
        if lease is None:
            return
        self._lease = lease
        self.runtime = self._make_runtime()
        await self.runtime.start()
        self.elected.set()
        log.info("this replica is the sender (outbox, scheduler, digest, feeds)")
