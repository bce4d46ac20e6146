"""Helpers for the announcement tests: staff, subscribers and dates relative to now."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from bot.announcements.model import Announcement
from bot.core.users import Role
from bot.sandbox.driver import SimulatedUser
from tests.conftest import RunningBot
from tests.seeding import seeding

STAFF_ID = 5001
WARSAW = ZoneInfo("Europe/Warsaw")


async def make_staff(
    bot: RunningBot, user_id: int = STAFF_ID, language: str = "en"
) -> SimulatedUser:
    async with seeding(bot) as seed:
        await seed.users.register(user_id, language)
        await seed.set_role(user_id, Role.STAFF)
    return bot.emulator.user(user_id, "Staff", language_code=language)


async def member_of(
    bot: RunningBot, user_id: int, organisation: str, topics: tuple[str, ...], language: str = "en"
) -> SimulatedUser:
    """A verified organisation's member whose private chat is subscribed to `topics`."""
    async with seeding(bot) as seed:
        await seed.organisation(user_id, organisation, topic_codes=topics)
        if language != "en":
            await seed.users.choose_language(user_id, language)
    user = bot.emulator.user(user_id, f"Member{user_id}", language_code=language)
    bot.emulator.state.private_chat(user.record)  # they once wrote to the bot
    return user


def later(days: int = 0, hours: int = 0) -> datetime:
    """A local time ahead of now, on a whole hour so the text forms stay simple."""
    moment = datetime.now(WARSAW) + timedelta(days=days, hours=hours)
    return moment.replace(minute=0, second=0, microsecond=0)


def typed(moment: datetime) -> str:
    """The Polish numeric form staff type: "15.01.2027 15:00"."""
    return moment.strftime("%d.%m.%Y %H:%M")


def long_en(moment: datetime) -> str:
    """The English long form the bot confirms with: "15 January 2027, 15:00"."""
    return f"{moment.day} {moment.strftime('%B %Y, %H:%M')}"


async def stored(bot: RunningBot, announcement_id: int) -> Announcement | None:
    from bot.announcements.service import AnnouncementService
    from bot.delivery.outbox import OutboxService

    async with seeding(bot) as seed:
        service = AnnouncementService(seed.db, OutboxService(seed.db), WARSAW)
        return await service.get(announcement_id)


async def latest(bot: RunningBot) -> Announcement:
    from storage import announcements

    async with seeding(bot) as seed:
        value = await seed.db.fetch_value("SELECT max(id) FROM announcements")
        assert isinstance(value, int), "no announcement stored"
        row = await announcements.get_announcement(seed.db, value)
    assert row is not None
    found = await stored(bot, row.id)
    assert found is not None
    return found
