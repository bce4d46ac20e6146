"""/upcoming, /calendar and the "add to calendar" button through the emulator."""

from __future__ import annotations

import re
from datetime import datetime, timedelta

from icalendar import Calendar, Component

from bot.announcements.model import Announcement, Field, Source
from bot.announcements.service import AnnouncementService
from bot.calendar.preferences import LeadKind, PreferenceService, ReminderDefaults
from bot.core.clock import Clock, utc_now
from bot.core.topics import Kind
from bot.delivery.outbox import OutboxService
from bot.sandbox.driver import SimulatedUser
from bot.subscriptions.service import ChatType
from tests.announce_support import WARSAW, later, member_of
from tests.conftest import RunningBot
from tests.seeding import seeding

BOT_NAME = "@ngobot_test_bot"


async def publish(
    bot: RunningBot,
    kind: Kind,
    title: str,
    moment: datetime,
    *,
    topic: str = "culture",
    cancel: bool = False,
    clock: Clock = utc_now,
) -> int:
    """Publish a dated announcement for one topic, as staff would (and cancel it, if asked)."""
    async with seeding(bot) as seed:
        found = await seed.topics.find(topic)
        assert found is not None, topic
        service = AnnouncementService(seed.db, OutboxService(seed.db, clock), WARSAW, clock)
        draft = await service.create_draft(kind, Source.CLI, None)
        await service.set_audience(draft.id, [found.id])
        fields: dict[Field, object] = {Field.TITLE: title, Field.TEXT: f"About {title}"}
        if kind is Kind.EVENT:
            fields |= {Field.STARTS: moment, Field.PLACE: "Rynek 1"}
        else:
            fields |= {Field.DEADLINE: moment, Field.LINK: "https://krakow.pl"}
        await service.update_draft(draft.id, fields)
        published = await service.publish(draft.id)
        assert isinstance(published, Announcement), published
        if cancel:
            assert await service.cancel(draft.id) is not None
        return draft.id


def titles(message: dict[str, object]) -> list[str]:
    """The titles listed on an /upcoming page, top to bottom."""
    return re.findall(r"\n\n[^\n]* · ([^\n]+)", str(message["text"]))


def vevents(data: bytes) -> list[Component]:
    return Calendar.from_ical(data).walk("VEVENT")


def triggers(vevent: Component) -> list[tuple[timedelta, str]]:
    return [
        (alarm.decoded("TRIGGER"), alarm["TRIGGER"].params.get("RELATED", "START"))
        for alarm in vevent.walk("VALARM")
    ]


async def test_upcoming_lists_the_users_dates_soonest_first(bot: RunningBot) -> None:
    ania = await member_of(bot, 6001, "Fundacja Alfa", ("culture",))
    await publish(bot, Kind.EVENT, "Concert", later(days=20))
    await publish(bot, Kind.CALL, "Grants", later(days=5))
    await publish(bot, Kind.EVENT, "Football", later(days=3), topic="sport")
    await publish(bot, Kind.EVENT, "Called off", later(days=4), cancel=True)
    past = later(days=-3)
    await publish(bot, Kind.EVENT, "Yesterday", past + timedelta(days=2), clock=lambda: past)
    await ania.send("/upcoming")
    listed = await ania.wait_for("📆 Coming up\n2 deadlines and events ahead\n")
    assert titles(listed) == ["Grants", "Concert"]
    assert "⏳ Deadline: " in str(listed["text"])
    buttons = [b["text"] for row in listed["reply_markup"]["inline_keyboard"] for b in row]
    assert buttons == ["📥 Calendar file (.ics)"]


async def test_upcoming_pages_are_turned_in_place(bot: RunningBot) -> None:
    ania = await member_of(bot, 6001, "Fundacja Alfa", ("culture",))
    for day in range(7, 0, -1):
        await publish(bot, Kind.EVENT, f"Day {day}", later(days=day))
    await ania.send("/upcoming")
    first = await ania.wait_for("7 deadlines and events ahead · page 1 of 2")
    assert titles(first) == [f"Day {day}" for day in range(1, 6)]
    await ania.wait_for_answer(await ania.press("Next page ▶️"))
    second = await ania.wait_for("page 2 of 2")
    assert second["message_id"] == first["message_id"]
    assert titles(second) == ["Day 6", "Day 7"]
    await ania.wait_for_answer(await ania.press("◀️ Previous page"))
    again = await ania.wait_for("page 1 of 2")
    assert titles(again) == titles(first)


async def test_calendar_sends_every_coming_date_with_the_users_alarms(bot: RunningBot) -> None:
    ania = await member_of(bot, 6001, "Fundacja Alfa", ("culture",))
    concert = await publish(bot, Kind.EVENT, "Concert", later(days=20))
    grants = await publish(bot, Kind.CALL, "Grants", later(days=5))
    await publish(bot, Kind.EVENT, "Football", later(days=3), topic="sport")
    await ania.send("/calendar")
    document = await ania.wait_for_document()
    assert document.file_name == "upcoming.ics"
    calendar = Calendar.from_ical(document.data)
    assert str(calendar["X-WR-CALNAME"]) == "Coming deadlines and events"
    found = calendar.walk("VEVENT")
    assert [str(v["UID"]) for v in found] == [
        f"announcement-{grants}@ngobot",
        f"announcement-{concert}@ngobot",
    ]
    # The deployment's defaults: deadlines 7d,1d before the end; events 1d,2h before the start.
    day = timedelta(days=1)
    assert triggers(found[0]) == [(-7 * day, "END"), (-day, "END")]
    assert triggers(found[1]) == [(-day, "START"), (-timedelta(hours=2), "START")]
    await ania.send("/upcoming")
    await ania.wait_for("Coming up")
    await ania.wait_for_answer(await ania.press("📥 Calendar file (.ics)"))
    again = await ania.wait_for_document()
    assert [str(v["UID"]) for v in vevents(again.data)] == [str(v["UID"]) for v in found]


async def test_nothing_ahead_says_so_instead_of_sending_an_empty_file(bot: RunningBot) -> None:
    ania = await member_of(bot, 6001, "Fundacja Alfa", ("culture",))
    await publish(bot, Kind.EVENT, "Football", later(days=3), topic="sport")
    await ania.send("/upcoming")
    await ania.wait_for("Nothing is coming up for your topics. Choose topics with /topics.")
    await ania.send("/calendar")
    await ania.wait_for("no calendar file to send")
    assert not [m for m in ania.messages() if "document" in m]


async def test_the_calendar_button_gives_alarms_at_the_users_lead_times(bot: RunningBot) -> None:
    ania = await member_of(bot, 6001, "Fundacja Alfa", ("culture",))
    async with seeding(bot) as seed:
        settings = bot.settings
        defaults = ReminderDefaults(
            settings.reminder_deadlines, settings.reminder_events, settings.quiet_hours
        )
        preferences = PreferenceService(seed.db, defaults)
        assert await preferences.toggle_lead(ania.id, LeadKind.EVENT, "2h") is not None
        assert await preferences.toggle_lead(ania.id, LeadKind.EVENT, "3d") is not None
    await publish(bot, Kind.EVENT, "Concert", later(days=20))
    await ania.wait_for(r"📅 Event\nConcert", timeout=10)
    await ania.wait_for_answer(await ania.press("📅 Add to calendar"))
    document = await ania.wait_for_document()
    [vevent] = vevents(document.data)
    assert triggers(vevent) == [(-timedelta(days=3), "START"), (-timedelta(days=1), "START")]


async def forged_page_is_refused(user: SimulatedUser, data: str) -> None:
    before = user.last_bot_message()
    answer = await user.wait_for_answer(await user.press_data(data))
    assert answer.show_alert and answer.text
    assert user.last_bot_message() == before


async def test_forged_page_buttons_get_an_alert_and_change_nothing(bot: RunningBot) -> None:
    ania = await member_of(bot, 6001, "Fundacja Alfa", ("culture",))
    await publish(bot, Kind.EVENT, "Concert", later(days=20))
    await ania.wait_for(r"📅 Event\nConcert", timeout=10)
    await ania.send("/upcoming")
    await ania.wait_for("Coming up")
    for data in ("upc:p:x", "upc:p:-1", "upc:p:1:2", "upc:p:99999999", "upc:q", "upc:f:1"):
        await forged_page_is_refused(ania, data)


async def test_in_a_group_anyone_sees_the_groups_dates(bot: RunningBot) -> None:
    admin = bot.emulator.user(6101, "Admin")
    member = bot.emulator.user(6102, "Member")
    group = bot.emulator.group(-4101, "Klub Kultury", admins=[admin], members=[member])
    async with seeding(bot) as seed:
        await seed.subscriptions.ensure_chat(group.id, ChatType.GROUP, title="Klub Kultury")
        culture = await seed.topics.find("culture")
        assert culture is not None
        await seed.subscriptions.toggle_topic(group.id, culture.id)
    await publish(bot, Kind.EVENT, "Concert", later(days=20))
    await publish(bot, Kind.EVENT, "Football", later(days=3), topic="sport")
    await member.send_in(group, f"/upcoming{BOT_NAME}")
    listed = await member.wait_for_in(group, "1 nadchodzący termin lub wydarzenie")  # group: pl
    assert titles(listed) == ["Concert"]
    await admin.wait_for_answer(await admin.press_in(group, "📥 Plik kalendarza (.ics)"))
    document = await admin.wait_for_document(chat=group)
    assert [str(v["SUMMARY"]) for v in vevents(document.data)] == ["Concert"]
