"""The recorder's group commits: a group's answers in one write, and no lingering when quiet."""

from __future__ import annotations

import asyncio
import time

from bot.delivery import DeliveryStats, OutboxItem, OutboxService, Purpose
from bot.delivery.recording import Progress, Recorder
from storage import Database
from storage.outbox_sending import Outcome


class Silent:
    async def report(self, announcement_id: int, stats: DeliveryStats) -> None:
        return None


class CountingOutbox(OutboxService):
    """The real outbox, remembering when each write happened and what it carried."""

    def __init__(self, db: Database) -> None:
        super().__init__(db)
        self.writes: list[tuple[float, int]] = []

    async def record(self, outcomes: list[Outcome]) -> None:
        await super().record(outcomes)
        self.writes.append((time.monotonic(), len(outcomes)))


def started(db: Database, linger: float) -> tuple[CountingOutbox, Recorder]:
    outbox = CountingOutbox(db)
    recorder = Recorder(outbox, Progress(outbox, Silent(), 60.0), linger=linger)
    recorder.start()
    return outbox, recorder


def item(number: int) -> OutboxItem:
    return OutboxItem(number, 1, 700_000 + number, Purpose.ANNOUNCEMENT, "", 0, None)


async def test_answers_arriving_apart_are_written_together_until_the_engine_is_quiet(
    db: Database,
) -> None:
    outbox, recorder = started(db, linger=5.0)
    began = time.monotonic()
    for number in range(5):  # a group's answers, a few milliseconds apart
        recorder.put(item(number), Outcome(number, "sent", message_id=number))
        await asyncio.sleep(0.01)
    assert outbox.writes == []  # still lingering: more answers may come
    recorder.quiet()
    await asyncio.sleep(0.05)
    assert [count for _, count in outbox.writes] == [5]
    recorder.put(item(9), Outcome(9, "sent", message_id=9))
    recorder.quiet()  # the only send on the wire answered: written at once
    await recorder.close()
    assert [count for _, count in outbox.writes] == [5, 1]
    assert outbox.writes[-1][0] - began < 1.0


async def test_without_a_quiet_moment_a_write_waits_no_longer_than_the_linger(
    db: Database,
) -> None:
    outbox, recorder = started(db, linger=0.1)
    began = time.monotonic()
    recorder.put(item(1), Outcome(1, "sent", message_id=1))
    await asyncio.sleep(0.05)
    assert outbox.writes == []
    await asyncio.sleep(0.15)
    assert [count for _, count in outbox.writes] == [1]
    assert 0.1 <= outbox.writes[0][0] - began < 0.2
    await recorder.close()
