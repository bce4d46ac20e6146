"""Calendar files: stable UID, SEQUENCE = revision, local times with their VTIMEZONE."""

from __future__ import annotations

import dataclasses
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from icalendar import Calendar

from bot.services.announcement_model import Source, blank
from bot.services.catalogue import Kind
from bot.services.ics import calendar_file, file_name

WARSAW = ZoneInfo("Europe/Warsaw")
NOW = datetime(2026, 12, 10, 11, 0, tzinfo=UTC)


def event(**changes: object) -> Calendar:
    announcement = dataclasses.replace(
        blank(Kind.EVENT, Source.CHAT, NOW), id=42, title="Dzień otwarty", revision=2,
        body_html="<b>Zapraszamy</b> &amp; witamy", place="Rynek 1",
        starts_at=datetime(2027, 7, 15, 13, 0, tzinfo=UTC), **changes,
    )  # fmt: skip
    data = calendar_file(announcement, WARSAW, NOW)
    assert data is not None
    return Calendar.from_ical(data)


def test_an_event_in_local_time_with_its_timezone() -> None:
    calendar = event()
    [vevent] = calendar.walk("VEVENT")
    assert str(vevent["UID"]) == "announcement-42@ngobot"
    assert vevent["SEQUENCE"] == 2
    start = vevent.decoded("DTSTART")
    assert start.isoformat() == "2027-07-15T15:00:00+02:00"
    assert vevent.decoded("DTEND").isoformat() == "2027-07-15T16:00:00+02:00"
    assert vevent["DTSTART"].params["TZID"] == "Europe/Warsaw"
    assert str(vevent["DESCRIPTION"]) == "Zapraszamy & witamy"
    assert str(vevent["LOCATION"]) == "Rynek 1"
    assert [tz["TZID"] for tz in calendar.walk("VTIMEZONE")] == ["Europe/Warsaw"]


def test_an_event_with_an_end_keeps_it() -> None:
    [vevent] = event(ends_at=datetime(2027, 7, 15, 18, 0, tzinfo=UTC)).walk("VEVENT")
    assert vevent.decoded("DTEND").isoformat() == "2027-07-15T20:00:00+02:00"


def test_a_deadline_is_a_short_slot_ending_at_it_with_a_reminder() -> None:
    call = dataclasses.replace(
        blank(Kind.CALL, Source.CLI, NOW), id=7, title="Granty",
        deadline=datetime(2027, 1, 15, 14, 0, tzinfo=UTC), link="https://krakow.pl",
    )  # fmt: skip
    data = calendar_file(call, WARSAW, NOW)
    assert data is not None
    [vevent] = Calendar.from_ical(data).walk("VEVENT")
    assert vevent.decoded("DTEND").isoformat() == "2027-01-15T15:00:00+01:00"
    assert vevent.decoded("DTSTART").isoformat() == "2027-01-15T14:30:00+01:00"
    assert str(vevent["URL"]) == "https://krakow.pl"
    [alarm] = vevent.walk("VALARM")
    assert str(alarm["TRIGGER"].to_ical(), "ascii") == "-P1D"


def test_undated_announcements_have_no_calendar_file() -> None:
    notice = dataclasses.replace(blank(Kind.NOTICE, Source.CHAT, NOW), title="Komunikat")
    assert calendar_file(notice, WARSAW, NOW) is None
    assert file_name(dataclasses.replace(notice, title="Dzień / otwarty!")) == "Dzień_otwarty.ics"
