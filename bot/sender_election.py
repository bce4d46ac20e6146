"""SenderElection: the outbox sender, scheduler, digest and feed poller run on one replica.

Every replica asks for the bot's advisory lock each second (storage.election); the one that
holds it starts the Runtime. Its successor, once the lock is free (the holder died), resumes
from the outbox, where the holder's items in flight are 'sending' and are sent again, as
after a kill -9 today. A replica that loses its lock while alive stops the process, so that
two senders never run at once (a supervisor restarts it as a follower). Each replica also
counts the replicas taking part, so that together their replies stay within the headroom the
broadcast's rate leaves (GlobalPacer.share_replies).
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from typing import Final, Protocol

from bot.core.tasks import cancel_and_wait
from storage import Database
from storage.election import Candidate, lock_key

log = logging.getLogger(__name__)
ASK_EVERY: Final = 1.0  # seconds: a successor takes over within about this after the lock frees


class Startable(Protocol):
    async def start(self) -> None: ...
    async def stop(self) -> None: ...


class SenderElection:
    """Starts `make_runtime()` once this replica is elected; `lost` is called if it is not
    any more; `replicas_changed(count, sending)` whenever the number of replicas changes."""

    def __init__(
        self,
        db: Database,
        bot_id: int,
        make_runtime: Callable[[], Startable],
        lost: Callable[[], None],
        replicas_changed: Callable[[int, bool], None] = lambda _count, _sending: None,
    ) -> None:
        self._candidate = Candidate(db, lock_key(bot_id))
        self._make_runtime = make_runtime
        self._lost = lost
        self._replicas_changed = replicas_changed
        self._reported: tuple[int, bool] | None = None  # (replicas, sending) told last
        self.runtime: Startable | None = None
        self._task: asyncio.Task[None] | None = None
        self.elected = asyncio.Event()

    async def start(self) -> None:
        await self._ask()  # a lone bot (or SQLite) sends from the start, as before
        await self._count()
        self._task = asyncio.create_task(self._watch(), name="sender-election")

    async def stop(self) -> None:
        await cancel_and_wait(self._task)
        if self.runtime is not None:
            await self.runtime.stop()
        await self._candidate.close()

    async def _watch(self) -> None:
        while True:
            await asyncio.sleep(ASK_EVERY)
            try:
                if not self.elected.is_set():
                    await self._ask()
                elif not await self._candidate.held():
                    log.error("lost the sender's lock: stopping so that only one replica sends")
                    self._lost()
                    return
                await self._count()
            except Exception:
                log.exception("could not take part in the sender's election")

    async def _ask(self) -> None:
        if not await self._candidate.try_lead():
            return
        self.runtime = self._make_runtime()
        await self.runtime.start()
        self.elected.set()
        log.info("this replica is the sender (outbox, scheduler, digest, feeds)")

    async def _count(self) -> None:
        count = await self._candidate.replicas()
        state = (count, self.elected.is_set())
        if state != self._reported:
            self._reported = state
            self._replicas_changed(*state)
            log.info("%d replica(s) share the replies' headroom", count)
