"""Helpers for the postulate chat tests: rounds and people seeded on a second connection."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from bot.announcements.service import AnnouncementService
from bot.delivery.outbox import OutboxService
from bot.postulates.model import Draft, Postulate, Round
from bot.postulates.rounds import RoundService
from bot.postulates.service import PostulateService
from storage import Database
from tests.conftest import RunningBot
from tests.seeding import seeding


async def open_round(bot: RunningBot, title: str, *codes: str, days: int = 14) -> Round:
    """A round open from now for `days`, on the topics with these codes."""
    async with seeding(bot) as seed:
        ids = []
        for code in codes:
            topic = await seed.topics.find(code)
            assert topic is not None, code
            ids.append(topic.id)
        announcements = AnnouncementService(seed.db, OutboxService(seed.db), bot.settings.timezone)
        now = datetime.now(UTC)
        result = await RoundService(seed.db, announcements).open_round(
            title, "Zbieramy propozycje.", ids, now - timedelta(minutes=1),
            now + timedelta(days=days), None,
        )  # fmt: skip
    assert isinstance(result, Round), result
    return result


def postulate_service(bot: RunningBot, db: Database) -> PostulateService:
    announcements = AnnouncementService(db, OutboxService(db), bot.settings.timezone)
    return PostulateService(db, RoundService(db, announcements))


async def submit(
    bot: RunningBot, author: int, title: str, topic: str = "culture", round_id: int | None = None
) -> Postulate:
    """A postulate sent by `author` on behalf of their organisation (inbox unless round_id)."""
    async with seeding(bot) as seed:
        found = await seed.topics.find(topic)
        assert found is not None
        draft = Draft(round_id, found.id, title, "Opis.", "seniorzy", on_behalf=True)
        result = await postulate_service(bot, seed.db).submit(author, draft)
    assert isinstance(result, Postulate), result
    return result


async def stored_postulates(bot: RunningBot) -> list[Postulate]:
    """Every postulate in the bot's database, oldest first."""
    async with seeding(bot) as seed:
        service = postulate_service(bot, seed.db)
        ids = await seed.db.fetch_all("SELECT id FROM postulates ORDER BY id")
        found = [await service.get(int(row[0])) for row in ids]
    return [p for p in found if p is not None]


async def note_rows(bot: RunningBot) -> list[tuple[int, str]]:
    async with seeding(bot) as seed:
        rows = await seed.db.fetch_all(
            "SELECT chat_id, tag FROM outbox WHERE purpose = 'postulate' ORDER BY chat_id, tag"
        )
    return [(int(row[0]), str(row[1])) for row in rows]
