"""The bot's background loops: sleeping until woken or until something is due, and stopping."""

from __future__ import annotations

import asyncio
import contextlib
from datetime import datetime
from typing import Final

# Seconds: the shortest sleep before something due already (queued after the last look) or
# due within a hair is looked at again.
MIN_WAIT: Final = 0.01


async def wait_woken(wakeup: asyncio.Event, seconds: float | None) -> None:
    """Until `wakeup` is set or `seconds` pass (None: no limit). asyncio.timeout, not
    wait_for, which starts a task per wait: the sending engine waits once per group."""
    with contextlib.suppress(TimeoutError):
        async with asyncio.timeout(seconds):
            await wakeup.wait()


def seconds_until(due: datetime, now: datetime, longest: float) -> float:
    """Seconds from `now` until `due`, at least MIN_WAIT and at most `longest`."""
    return min(longest, max(MIN_WAIT, (due - now).total_seconds()))


async def cancel_and_wait(task: asyncio.Task[None] | None) -> None:
    """Cancel `task` (if there is one) and return once it has ended."""
    if task is None:
        return
    task.cancel()
    with contextlib.suppress(asyncio.CancelledError):
        await task
