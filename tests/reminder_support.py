"""Helpers for the reminder tests: publishing beside the running bot with every service wired."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import datetime
from typing import Any

from bot.announcements.model import Announcement, Field, Source
from bot.container import Services
from bot.core.topics import Kind
from bot.sandbox.driver import SimulatedUser
from bot.wiring import build_services
from storage import connect
from tests.conftest import RunningBot

# Minute-scale lead times, no quiet hours and no digest unless a test asks for them.
FAST_REMINDERS = {
    "NGOBOT_REMINDERS_EVENTS": "1m",
    "NGOBOT_REMINDERS_DEADLINES": "1m",
    "NGOBOT_QUIET_HOURS": "off",
    "NGOBOT_DIGEST": "off",
}


@asynccontextmanager
async def wired(bot: RunningBot) -> AsyncIterator[Services]:
    """The bot's services on a second connection, as the CLI builds them (listeners too)."""
    db = await connect(bot.settings.db_url)
    try:
        yield build_services(bot.settings, db)
    finally:
        await db.close()


async def publish(
    bot: RunningBot, kind: Kind, title: str, moment: datetime, topic: str = "culture"
) -> Announcement:
    """Publish a dated announcement to a topic's subscribers now, as `ngobot announce` does."""
    async with wired(bot) as services:
        found = await services.topics.find(topic)
        assert found is not None
        draft = await services.announcements.create_draft(kind, Source.CLI, None)
        await services.announcements.set_audience(draft.id, [found.id])
        dated = Field.STARTS if kind in (Kind.EVENT, Kind.TRAINING) else Field.DEADLINE
        values: dict[Field, object] = {Field.TITLE: title, Field.TEXT: f"About {title}."}
        values[dated] = moment
        if kind in (Kind.EVENT, Kind.TRAINING):
            values[Field.PLACE] = "Rynek Główny 1"
        if kind is Kind.CALL:
            values[Field.LINK] = "https://www.krakow.pl/ngo"
        await services.announcements.update_draft(draft.id, values)
        published = await services.announcements.publish(draft.id)
    assert isinstance(published, Announcement), published
    return published


def texts(user: SimulatedUser, pattern: str) -> list[str]:
    """The texts of the bot's messages to `user` containing `pattern`."""
    return [m["text"] for m in user.messages() if pattern in m.get("text", "")]


async def outbox_rows(bot: RunningBot, purpose: str) -> list[dict[str, Any]]:
    db = await connect(bot.settings.db_url)
    try:
        rows = await db.fetch_all(
            "SELECT chat_id, tag, state, not_before FROM outbox WHERE purpose = ? ORDER BY id",
            (purpose,),
        )
    finally:
        await db.close()
    return [dict(row) for row in rows]
