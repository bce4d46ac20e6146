"""The /upcoming screen, its buttons' data, and the calendar file of a chat's coming dates."""

from __future__ import annotations

import dataclasses
from datetime import UTC, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from icalendar import Calendar

from bot.announcements.model import Announcement, Field, Source, blank
from bot.announcements.service import AnnouncementService
from bot.calendar.preferences import LeadKind, PreferenceService, ReminderDefaults
from bot.calendar.upcoming import UpcomingPage, UpcomingService
from bot.calendar.view import Action, UpcomingRequest, calendar, parse, screen
from bot.core.i18n import Catalogs
from bot.core.topics import Kind, TopicService
from bot.core.users import UserService
from bot.delivery.outbox import OutboxService
from bot.periods import parse_leads, parse_quiet
from bot.subscriptions.service import ChatType, SubscriptionService
from storage import Database

WARSAW = ZoneInfo("Europe/Warsaw")
NOW = datetime(2026, 12, 10, 11, 0, tzinfo=UTC)
CATALOGS = Catalogs("en")
EN, PL = CATALOGS.translator("en"), CATALOGS.translator("pl")


def dated(announcement_id: int, kind: Kind, title: str, **values: Any) -> Announcement:
    return dataclasses.replace(
        blank(kind, Source.CHAT, NOW), id=announcement_id, title=title, **values
    )


CONCERT = dated(
    1, Kind.EVENT, "Concert <live>", place="Rynek 1",
    starts_at=datetime(2027, 1, 15, 14, 0, tzinfo=UTC),
)  # fmt: skip
GRANTS = dated(2, Kind.CALL, "Grants", deadline=datetime(2027, 1, 20, 14, 0, tzinfo=UTC))
SURVEY = dated(3, Kind.CONSULTATION, "Survey", deadline=datetime(2027, 2, 1, 22, 59, tzinfo=UTC))


def buttons(rows: list[list[tuple[str, str]]]) -> list[tuple[str, str]]:
    return [button for row in rows for button in row]


def test_a_page_lists_each_date_with_its_kind_title_and_place() -> None:
    shown = screen(EN, UpcomingPage([CONCERT, GRANTS, SURVEY], 0, 1, 3), WARSAW)
    assert shown.text == (
        "<b>📆 Coming up</b>\n3 deadlines and events ahead\n\n"
        "📅 Event · <b>Concert &lt;live&gt;</b>\n🗓 When: 15 January 2027, 15:00\n"
        "📍 Where: Rynek 1\n\n"
        "📝 Call for proposals · <b>Grants</b>\n⏳ Deadline: 20 January 2027, 15:00\n\n"
        "💬 Public consultation · <b>Survey</b>\n⏳ Open until: 1 February 2027, 23:59"
    )
    assert buttons(shown.rows) == [("📥 Calendar file (.ics)", "upc:f")]


def test_dates_are_in_the_readers_language_and_the_citys_time() -> None:
    shown = screen(PL, UpcomingPage([GRANTS], 0, 1, 1), WARSAW)
    assert "⏳ Termin: 20 stycznia 2027, 15:00" in shown.text
    assert "📝 Konkurs ofert · <b>Grants</b>" in shown.text


def test_pages_have_previous_and_next_buttons_and_say_where_they_are() -> None:
    first = screen(EN, UpcomingPage([CONCERT], 0, 3, 11), WARSAW)
    assert first.text.startswith(
        "<b>📆 Coming up</b>\n11 deadlines and events ahead · page 1 of 3"
    )
    assert first.rows[0] == [("Next page ▶️", "upc:p:1")]
    middle = screen(EN, UpcomingPage([CONCERT], 1, 3, 11), WARSAW)
    assert middle.rows[0] == [("◀️ Previous page", "upc:p:0"), ("Next page ▶️", "upc:p:2")]
    last = screen(EN, UpcomingPage([CONCERT], 2, 3, 11), WARSAW)
    assert last.rows[0] == [("◀️ Previous page", "upc:p:1")]
    single = screen(EN, UpcomingPage([CONCERT], 0, 1, 1), WARSAW)
    assert single.text.startswith("<b>📆 Coming up</b>\n1 deadline or event ahead\n\n")


def test_nothing_ahead_points_to_topics_without_buttons() -> None:
    shown = screen(EN, UpcomingPage([], 0, 1, 0), WARSAW)
    assert "/topics" in shown.text
    assert shown.rows == []


def test_button_data_is_parsed_and_anything_else_refused() -> None:
    assert parse("upc:f") == UpcomingRequest(Action.FILE)
    assert parse("upc:p:0") == UpcomingRequest(Action.PAGE, 0)
    assert parse("upc:p:12") == UpcomingRequest(Action.PAGE, 12)
    for forged in (None, "", "upc", "upc:p", "upc:p:-1", "upc:p:x", "upc:p:²", "upc:p:1:2",
                   "upc:p:9999999", "upc:f:1", "upc:x:1", "dir:p:1"):  # fmt: skip
        assert parse(forged) is None, forged


class Clock:
    def __init__(self) -> None:
        self.now = NOW

    def __call__(self) -> datetime:
        return self.now


async def publish(service: AnnouncementService, kind: Kind, topic: int, **fields: object) -> int:
    draft = await service.create_draft(kind, Source.CHAT, None)
    await service.set_audience(draft.id, [topic])
    values: dict[Field, object] = {Field.TITLE: f"{kind} title", Field.TEXT: "Text"}
    values |= {Field(name): value for name, value in fields.items()}
    await service.update_draft(draft.id, values)
    published = await service.publish(draft.id)
    assert isinstance(published, Announcement), published
    return published.id


async def test_the_calendar_holds_whats_ahead_with_the_chats_alarms(db: Database) -> None:
    clock = Clock()
    topics, subscriptions = TopicService(db), SubscriptionService(db)
    culture = await topics.find("culture")
    assert culture is not None
    await UserService(db, "pl").register(7001, "pl")
    await subscriptions.ensure_chat(7001, ChatType.PRIVATE)
    await subscriptions.toggle_topic(7001, culture.id)
    announcements = AnnouncementService(db, OutboxService(db, clock), WARSAW, clock)
    upcoming = UpcomingService(db, announcements, clock)
    defaults = ReminderDefaults(parse_leads("7d,1d"), parse_leads("1d,2h"), parse_quiet("off"))
    preferences = PreferenceService(db, defaults, clock)
    soon = datetime(2027, 1, 15, 15, 0, tzinfo=WARSAW)
    event = await publish(announcements, Kind.EVENT, culture.id, starts=soon, place="Rynek 1")
    call = await publish(
        announcements, Kind.CALL, culture.id, deadline=soon + timedelta(days=1), link="x.pl"
    )
    assert await preferences.toggle_lead(7001, LeadKind.EVENT, "2h") is not None  # only 1d left
    data = await calendar(upcoming, preferences, 7001, EN, WARSAW, clock())
    assert data is not None
    parsed = Calendar.from_ical(data)
    assert str(parsed["X-WR-CALNAME"]) == "Coming deadlines and events"
    vevents = parsed.walk("VEVENT")
    assert [str(v["UID"]) for v in vevents] == [
        f"announcement-{event}@ngobot",
        f"announcement-{call}@ngobot",
    ]
    alarms = [[a.decoded("TRIGGER") for a in v.walk("VALARM")] for v in vevents]
    day = timedelta(days=1)
    assert alarms == [[-day], [-7 * day, -day]]
    assert await calendar(upcoming, preferences, 7002, EN, WARSAW, clock()) is None
