"""Only the delivery engine in a process of its own, for the kill -9 test (either backend).

`python -m tests.delivery_process DB BASE_URL RATE`: delivers the outbox of DB (a path or URL)
through the Bot API at BASE_URL until SIGTERM (a clean stop) or SIGKILL (a crash).
"""

from __future__ import annotations

import asyncio
import dataclasses
import os
import signal
import sys

from bot.delivery import DeliveryEngine, OutboxService
from bot.delivery.transport import BotApiTransport
from bot.subscriptions.service import SubscriptionService
from storage import connect
from tests.constants import TOKEN
from tests.delivery_support import FAST, RecordingReporter, TrivialRenderer


async def main(db_path: str, base_url: str, rate: float) -> None:
    stop = asyncio.Event()
    asyncio.get_running_loop().add_signal_handler(signal.SIGTERM, stop.set)
    db = await connect(db_path)
    settings = dataclasses.replace(FAST, rate=rate)
    transport = BotApiTransport(TOKEN, base_url, settings.concurrency)
    await transport.start()
    try:
        engine = DeliveryEngine(
            OutboxService(db),
            TrivialRenderer(),
            transport,
            RecordingReporter(),
            SubscriptionService(db),
            settings,
        )
        await engine.start()
        print("engine running", flush=True)
        await stop.wait()
        await engine.stop()
    finally:
        await transport.close()
        await db.close()


if __name__ == "__main__":
    os.environ.setdefault("PTB_TIMEDELTA", "true")
    asyncio.run(main(sys.argv[1], sys.argv[2], float(sys.argv[3])))
