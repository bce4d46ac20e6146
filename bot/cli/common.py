"""What the command groups share: usage errors (exit 2), the database around a command, topics."""

from __future__ import annotations

import sys
from collections.abc import Awaitable, Callable
from typing import Final

from bot.app import open_database
from bot.config import Settings
from bot.core.topics import TopicService
from storage import Database

EXIT_USAGE: Final = 2


class UsageError(Exception):
    """A bad argument; the message says which and why."""


async def with_database(settings: Settings, work: Callable[[Database], Awaitable[None]]) -> int:
    """Do a command's work on the database, closed after; a UsageError is printed: 2."""
    db = await open_database(settings)
    try:
        await work(db)
    except UsageError as error:
        print(f"ngobot: error: {error}", file=sys.stderr)
        return EXIT_USAGE
    finally:
        await db.close()
    return 0


async def topic_ids(codes: list[str], db: Database) -> list[int]:
    """The ids of topics given by code or Polish name; UsageError naming an unknown one."""
    topics = TopicService(db)
    found = []
    for code in codes:
        topic = await topics.find(code)
        if topic is None or topic.retired:
            raise UsageError(f"unknown topic {code!r}; `ngobot topics` lists the topics")
        found.append(topic.id)
    return found
