"""Reminders through the running bot: on time, following a moved date, cancelled, after a
restart, deferred by quiet hours, in a group that became a supergroup — with minute-scale
lead times."""

from __future__ import annotations

import asyncio
import time
from datetime import datetime, timedelta

from bot.announcements.model import Announcement, Field
from bot.core.topics import Kind
from bot.subscriptions.service import ChatType
from tests.announce_support import WARSAW, member_of
from tests.conftest import RunningBot, StartBot
from tests.delivery_support import wait_for
from tests.reminder_support import FAST_REMINDERS, outbox_rows, publish, texts, wired
from tests.seeding import seeding


def ahead(seconds: float) -> datetime:
    return (datetime.now(WARSAW) + timedelta(seconds=seconds)).replace(microsecond=0)


async def test_a_reminder_arrives_ahead_of_the_event(start_bot: StartBot) -> None:
    bot = await start_bot(**FAST_REMINDERS)
    ania = await member_of(bot, 6001, "Fundacja Alfa", ("culture",))
    olek = await member_of(bot, 6002, "Fundacja Beta", ("sport",))
    starts = ahead(66)  # the 1-minute reminder is due in about 6 s
    await publish(bot, Kind.EVENT, "Gala of NGOs", starts)
    await ania.wait_for("Gala of NGOs")
    reminder = await ania.wait_for("Reminder", timeout=20)
    assert time.time() >= starts.timestamp() - 60 - 0.5, "not before its time"
    assert "it starts in a minute" in reminder["text"]
    assert "Gala of NGOs" in reminder["text"] and "Rynek Główny 1" in reminder["text"]
    assert reminder["reply_markup"]["inline_keyboard"][0][0]["text"] == "📅 Add to calendar"
    assert texts(olek, "Gala") == []  # not subscribed to the topic
    assert len(texts(ania, "Reminder")) == 1


async def test_a_reminder_follows_a_moved_deadline(start_bot: StartBot) -> None:
    bot = await start_bot(**FAST_REMINDERS)
    ania = await member_of(bot, 6001, "Fundacja Alfa", ("culture",))
    call = await publish(bot, Kind.CALL, "Grants for culture", ahead(100))
    await ania.wait_for("Grants for culture")
    moved_to = ahead(67)  # earlier: the reminder is now due in about 7 s, not 40 s
    async with wired(bot) as services:
        moved = await services.announcements.correct(call.id, {Field.DEADLINE: moved_to})
    assert isinstance(moved, Announcement)
    note = await ania.wait_for("The date has changed", timeout=10)
    assert f"{moved_to:%H:%M}" in note["text"]
    reminder = await ania.wait_for("Reminder", timeout=20)
    assert "the deadline for proposals is in a minute" in reminder["text"]
    assert f"{moved_to:%H:%M}" in reminder["text"]
    reminders = await outbox_rows(bot, "reminder")
    assert [r["state"] for r in reminders] == ["sent"], "the old date's reminder is gone"


async def test_nothing_is_sent_for_a_cancelled_event(start_bot: StartBot) -> None:
    bot = await start_bot(**FAST_REMINDERS)
    ania = await member_of(bot, 6001, "Fundacja Alfa", ("culture",))
    event = await publish(bot, Kind.EVENT, "Picnic", ahead(64))
    await ania.wait_for("Picnic")
    async with wired(bot) as services:
        assert await services.announcements.cancel(event.id) is not None
    await ania.wait_for("Cancelled: Picnic")
    await asyncio.sleep(6)  # past the moment the reminder was due
    assert texts(ania, "Reminder") == []
    assert {r["state"] for r in await outbox_rows(bot, "reminder")} == {"skipped"}


async def test_a_restart_just_before_a_due_reminder_still_sends_it(
    start_bot: StartBot,
) -> None:
    bot = await start_bot(**FAST_REMINDERS)
    ania = await member_of(bot, 6001, "Fundacja Alfa", ("culture",))
    starts = ahead(64)
    await publish(bot, Kind.TRAINING, "Accounting for NGOs", starts)
    await ania.wait_for("Accounting for NGOs")
    await bot.stop()
    # Down when the reminder falls due; the training is still ahead when the bot is back.
    await asyncio.sleep(max(0.0, starts.timestamp() - 60 - time.time()) + 1)
    await start_bot(**FAST_REMINDERS)
    reminder = await ania.wait_for("Reminder", timeout=15)
    assert "Accounting for NGOs" in reminder["text"]


async def test_quiet_hours_hold_a_reminder_until_the_morning(start_bot: StartBot) -> None:
    now = datetime.now(WARSAW)
    start, end = now - timedelta(hours=1), now + timedelta(hours=1)
    quiet = {"NGOBOT_QUIET_HOURS": f"{start:%H:%M}-{end:%H:%M}"}
    bot = await start_bot(**{**FAST_REMINDERS, **quiet, "NGOBOT_REMINDERS_EVENTS": "1m,2h"})
    ania = await member_of(bot, 6001, "Fundacja Alfa", ("culture",))
    await publish(bot, Kind.EVENT, "Evening concert", ahead(3 * 3600))
    await publish(bot, Kind.EVENT, "Soon", ahead(63))
    await ania.wait_for("Soon")
    # The concert's 2h reminder (due in an hour, inside the window) waits for the window's
    # end; the other's 1m reminder cannot wait (the event would be over), so it comes now.
    await ania.wait_for("Reminder", timeout=15)
    rows = await outbox_rows(bot, "reminder")
    concert = [r for r in rows if r["tag"].startswith("2h")]
    assert len(concert) == 1 and concert[0]["state"] == "pending"
    held_until = datetime.fromisoformat(concert[0]["not_before"]).astimezone(WARSAW)
    assert f"{held_until:%H:%M}" == f"{end:%H:%M}"
    assert texts(ania, "Evening concert") and len(texts(ania, "Reminder")) == 1


async def test_the_announcement_itself_is_not_followed_by_an_instant_reminder(
    bot: RunningBot,
) -> None:
    """Default leads (1d, 2h): an event in 90 minutes gets no reminder at all."""
    ania = await member_of(bot, 6001, "Fundacja Alfa", ("culture",))
    await publish(bot, Kind.EVENT, "Walk", ahead(90 * 60))
    await ania.wait_for("Walk")
    assert await outbox_rows(bot, "reminder") == []


async def test_a_group_that_became_a_supergroup_gets_its_corrections_and_reminders(
    start_bot: StartBot,
) -> None:
    """The event reached the group; then it became a supergroup (a new chat id), and the bot
    restarted (reminders are planned again from what was sent). The correction comes to the
    new chat as a note of its own, and so does the reminder."""
    bot = await start_bot(**FAST_REMINDERS)
    adam = bot.emulator.user(1202, "Adam", language_code="en")
    group = bot.emulator.group(-4004, "Koło Gospodyń", admins=[adam])
    async with seeding(bot) as seed:
        await seed.subscriptions.ensure_chat(-4004, ChatType.GROUP, title="Koło", language="en")
        culture = await seed.topics.find("culture")
        assert culture is not None
        await seed.subscriptions.toggle_topic(-4004, culture.id)
    event = await publish(bot, Kind.EVENT, "Harvest fair", ahead(72))
    await adam.wait_for_in(group, "Harvest fair")
    new_id = group.migrate_to_supergroup(by=adam)
    await wait_for(lambda: known_chat(bot, new_id), what="the bot following the migration")
    async with wired(bot) as services:
        corrected = await services.announcements.correct(event.id, {Field.PLACE: "Rynek 3"})
    assert isinstance(corrected, Announcement)
    note = await adam.wait_for_in(group, "Correction", timeout=10)
    assert "Rynek 3" in note["text"]
    await bot.stop()
    await start_bot(**FAST_REMINDERS)
    reminder = await adam.wait_for_in(group, "Reminder", timeout=20)
    assert "Harvest fair" in reminder["text"] and "Rynek 3" in reminder["text"]


async def known_chat(bot: RunningBot, chat_id: int) -> bool:
    async with seeding(bot) as seed:
        return await seed.subscriptions.settings(chat_id) is not None
