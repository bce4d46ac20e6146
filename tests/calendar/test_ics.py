"""Calendar files: local times with their VTIMEZONE, alarms at the user's leads, stable UIDs."""

from __future__ import annotations

import dataclasses
from datetime import UTC, datetime, timedelta, tzinfo
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from icalendar import Calendar, Component, Timezone

from bot.announcements.model import Announcement, Source, Status, blank
from bot.calendar.ics import AlarmLeads, calendar_file, file_name
from bot.calendar.preferences import Preferences
from bot.core.topics import Kind
from bot.periods import parse_leads

WARSAW = ZoneInfo("Europe/Warsaw")
NOW = datetime(2026, 12, 10, 11, 0, tzinfo=UTC)
NO_ALARMS = AlarmLeads()
LEADS = AlarmLeads(
    deadline=(timedelta(days=7), timedelta(days=1)), event=(timedelta(days=1), timedelta(hours=2))
)


def event(**changes: object) -> Announcement:
    values: dict[str, Any] = dict(
        id=42, title="Dzień otwarty", revision=2, body_html="<b>Zapraszamy</b> &amp; witamy",
        place="Rynek 1", starts_at=datetime(2027, 7, 15, 13, 0, tzinfo=UTC),
    )  # fmt: skip
    return dataclasses.replace(blank(Kind.EVENT, Source.CHAT, NOW), **(values | changes))


def call(**changes: object) -> Announcement:
    values: dict[str, Any] = dict(
        id=7, title="Granty", deadline=datetime(2027, 1, 15, 14, 0, tzinfo=UTC),
        link="https://krakow.pl",
    )  # fmt: skip
    return dataclasses.replace(blank(Kind.CALL, Source.CLI, NOW), **(values | changes))


def parsed(*announcements: Announcement, alarms: AlarmLeads = NO_ALARMS) -> Calendar:
    data = calendar_file(list(announcements), WARSAW, NOW, alarms)
    assert data is not None
    return Calendar.from_ical(data)


def only_event(*announcements: Announcement, alarms: AlarmLeads = NO_ALARMS) -> Component:
    [vevent] = parsed(*announcements, alarms=alarms).walk("VEVENT")
    return vevent


def written(vevent: Component, name: str) -> str:
    """A property's value as it stands in the file, e.g. "20271031T023000"."""
    value = vevent[name].to_ical()
    return value.decode() if isinstance(value, bytes) else str(value)


def triggers(vevent: Component) -> list[tuple[str, str]]:
    """(TRIGGER as written, RELATED) of each alarm; RELATED defaults to START."""
    return [
        (written(alarm, "TRIGGER"), alarm["TRIGGER"].params.get("RELATED", "START"))
        for alarm in vevent.walk("VALARM")
    ]


def test_an_event_in_local_time_with_its_timezone() -> None:
    calendar = parsed(event())
    [vevent] = calendar.walk("VEVENT")
    assert str(vevent["UID"]) == "announcement-42@ngobot"
    assert vevent["SEQUENCE"] == 2
    assert vevent.decoded("DTSTART").isoformat() == "2027-07-15T15:00:00+02:00"
    assert vevent.decoded("DTEND").isoformat() == "2027-07-15T16:00:00+02:00"
    assert vevent["DTSTART"].params["TZID"] == "Europe/Warsaw"
    assert vevent.decoded("DTSTAMP") == NOW
    assert str(vevent["SUMMARY"]) == "Dzień otwarty"
    assert str(vevent["DESCRIPTION"]) == "Zapraszamy & witamy"
    assert str(vevent["LOCATION"]) == "Rynek 1"
    assert [tz["TZID"] for tz in calendar.walk("VTIMEZONE")] == ["Europe/Warsaw"]
    assert "X-WR-CALNAME" not in calendar


def test_an_event_with_an_end_keeps_it() -> None:
    vevent = only_event(event(ends_at=datetime(2027, 7, 15, 18, 0, tzinfo=UTC)))
    assert vevent.decoded("DTEND").isoformat() == "2027-07-15T20:00:00+02:00"


def test_a_deadline_is_a_short_slot_ending_at_it() -> None:
    vevent = only_event(call())
    assert vevent.decoded("DTEND").isoformat() == "2027-01-15T15:00:00+01:00"
    assert vevent.decoded("DTSTART").isoformat() == "2027-01-15T14:30:00+01:00"
    assert str(vevent["URL"]) == "https://krakow.pl"


def test_event_alarms_count_back_from_the_start_at_the_users_leads() -> None:
    assert triggers(only_event(event(), alarms=LEADS)) == [("-P1D", "START"), ("-PT2H", "START")]
    [alarm, _] = only_event(event(), alarms=LEADS).walk("VALARM")
    assert str(alarm["ACTION"]) == "DISPLAY"
    assert str(alarm["DESCRIPTION"]) == "Dzień otwarty"


def test_deadline_alarms_count_back_from_the_deadline_at_the_users_leads() -> None:
    consultation = dataclasses.replace(call(), kind=Kind.CONSULTATION)
    for announcement in (call(), consultation):
        vevent = only_event(announcement, alarms=LEADS)
        assert triggers(vevent) == [("-P7D", "END"), ("-P1D", "END")]


def test_no_alarms_for_a_kind_without_leads() -> None:
    alarms = AlarmLeads(deadline=(timedelta(minutes=30),))
    assert triggers(only_event(event(), alarms=alarms)) == []
    assert triggers(only_event(call(), alarms=alarms)) == [("-PT30M", "END")]


def test_alarm_leads_are_the_chats_own_choices() -> None:
    preferences = Preferences(
        reminders=False, deadline_leads=parse_leads("14d,1d"), event_leads=(), quiet=None,
        digest=True, customised=True,
    )  # fmt: skip
    assert AlarmLeads.of(preferences) == AlarmLeads((timedelta(days=14), timedelta(days=1)), ())


def test_many_announcements_share_one_calendar_with_a_name() -> None:
    data = calendar_file([call(), event(), event(id=43)], WARSAW, NOW, LEADS, name="Terminy")
    assert data is not None
    calendar = Calendar.from_ical(data)
    uids = [str(vevent["UID"]) for vevent in calendar.walk("VEVENT")]
    assert uids == ["announcement-7@ngobot", "announcement-42@ngobot", "announcement-43@ngobot"]
    assert str(calendar["X-WR-CALNAME"]) == "Terminy"
    assert len(calendar.walk("VTIMEZONE")) == 1


def test_a_corrected_announcement_keeps_its_uid_with_a_higher_sequence() -> None:
    first = only_event(event())
    moved = only_event(event(revision=3, starts_at=datetime(2027, 7, 16, 13, 0, tzinfo=UTC)))
    assert moved["UID"] == first["UID"]
    assert (first["SEQUENCE"], moved["SEQUENCE"]) == (2, 3)


def test_a_cancelled_announcement_is_marked_cancelled() -> None:
    assert str(only_event(event(status=Status.CANCELLED))["STATUS"]) == "CANCELLED"
    assert "STATUS" not in only_event(event())


def test_undated_announcements_have_no_calendar_file() -> None:
    notice = dataclasses.replace(blank(Kind.NOTICE, Source.CHAT, NOW), title="Komunikat")
    assert calendar_file([notice], WARSAW, NOW, LEADS) is None
    assert calendar_file([], WARSAW, NOW, LEADS) is None
    assert file_name(dataclasses.replace(notice, title="Dzień / otwarty!")) == "Dzień_otwarty.ics"


# -- the weeks of the daylight-saving changes (last Sundays of March and October 2027) -----


def embedded_zone(calendar: Calendar) -> tzinfo:
    """The file's own VTIMEZONE as a time zone, not the system's zone of the same name."""
    [vtimezone] = calendar.walk("VTIMEZONE")
    assert isinstance(vtimezone, Timezone)
    zone: tzinfo = vtimezone.to_tz(lookup_tzid=False)
    return zone


def check_wall_time(calendar: Calendar, name: str, wall: str, instant: datetime) -> None:
    """`name` is written as the local `wall` time with TZID, and means `instant` both by the
    system's zone and by the file's own VTIMEZONE."""
    [vevent] = calendar.walk("VEVENT")
    assert vevent[name].params["TZID"] == "Europe/Warsaw"
    assert written(vevent, name) == wall
    assert vevent.decoded(name).astimezone(UTC) == instant
    by_file = vevent.decoded(name).replace(tzinfo=embedded_zone(calendar))
    assert by_file.astimezone(UTC) == instant


NINE_LOCAL = [
    ("20270327T090000", datetime(2027, 3, 27, 8, 0, tzinfo=UTC)),  # CET, the day before
    ("20270328T090000", datetime(2027, 3, 28, 7, 0, tzinfo=UTC)),  # CEST from 02:00 that day
    ("20270329T090000", datetime(2027, 3, 29, 7, 0, tzinfo=UTC)),
    ("20271030T090000", datetime(2027, 10, 30, 7, 0, tzinfo=UTC)),  # CEST, the day before
    ("20271031T090000", datetime(2027, 10, 31, 8, 0, tzinfo=UTC)),  # CET from 03:00 that day
    ("20271101T090000", datetime(2027, 11, 1, 8, 0, tzinfo=UTC)),
]


@pytest.mark.parametrize(("wall", "instant"), NINE_LOCAL)
def test_an_event_at_nine_around_the_clock_changes(wall: str, instant: datetime) -> None:
    calendar = parsed(event(starts_at=instant))
    check_wall_time(calendar, "DTSTART", wall, instant)
    check_wall_time(calendar, "DTEND", wall[:9] + "10" + wall[11:], instant + timedelta(hours=1))


@pytest.mark.parametrize(("wall", "instant"), NINE_LOCAL)
def test_a_deadline_at_nine_around_the_clock_changes(wall: str, instant: datetime) -> None:
    calendar = parsed(call(deadline=instant), alarms=LEADS)
    check_wall_time(calendar, "DTEND", wall, instant)
    check_wall_time(calendar, "DTSTART", wall[:9] + "083000", instant - timedelta(minutes=30))


def test_a_slot_across_the_spring_gap_keeps_its_real_length() -> None:
    # 03:10 summer time is 40 minutes after 01:30 winter time: 02:00-03:00 never happens.
    deadline = datetime(2027, 3, 28, 1, 10, tzinfo=UTC)
    calendar = parsed(call(deadline=deadline))
    check_wall_time(calendar, "DTEND", "20270328T031000", deadline)
    check_wall_time(calendar, "DTSTART", "20270328T014000", deadline - timedelta(minutes=30))


def test_the_first_half_past_two_on_the_autumn_night_is_written_as_local_time() -> None:
    # What staff mean by "31.10.2027 02:30" (see bot.core.dates.localise): summer time.
    first = datetime(2027, 10, 31, 0, 30, tzinfo=UTC)
    calendar = parsed(event(starts_at=first))
    check_wall_time(calendar, "DTSTART", "20271031T023000", first)
    # The hour's end is 02:30 winter time: the repeated wall time cannot carry a TZID.
    [vevent] = calendar.walk("VEVENT")
    assert written(vevent, "DTEND") == "20271031T013000Z"


def test_the_second_half_past_two_on_the_autumn_night_keeps_its_instant() -> None:
    second = datetime(2027, 10, 31, 1, 30, tzinfo=UTC)  # 02:30 CET, after the clocks went back
    [vevent] = parsed(call(deadline=second), alarms=LEADS).walk("VEVENT")
    assert vevent.decoded("DTEND") == second
    assert written(vevent, "DTEND") == "20271031T013000Z"
    assert vevent.decoded("DTSTART").astimezone(UTC) == second - timedelta(minutes=30)
    assert triggers(vevent) == [("-P7D", "END"), ("-P1D", "END")]
