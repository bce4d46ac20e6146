"""Lead times, quiet hours and digest moments: parsing and the arithmetic around them."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from bot.periods import (
    PeriodError,
    QuietHours,
    moment_code,
    parse_digest,
    parse_lead,
    parse_leads,
    parse_quiet,
    read_tag,
    reminder_tag,
)

WARSAW = ZoneInfo("Europe/Warsaw")


def local(*args: int) -> datetime:
    return datetime(*args, tzinfo=WARSAW)  # type: ignore[misc]  # year, month, day... as ints


def test_leads_parse_in_minutes_hours_and_days_longest_first() -> None:
    leads = parse_leads("1d, 7d,2h,30m,1d")
    assert [lead.code for lead in leads] == ["7d", "1d", "2h", "30m"]
    assert leads[2].delta == timedelta(hours=2)
    assert parse_leads("off") == ()


@pytest.mark.parametrize("text", ["", "7", "7w", "0d", "-1d", "61d", "1.5h", "d7"])
def test_a_bad_lead_is_refused_with_a_reason(text: str) -> None:
    with pytest.raises(PeriodError):
        parse_lead(text)


def test_quiet_hours_wrap_midnight() -> None:
    quiet = parse_quiet("21:00-08:00")
    assert quiet is not None
    assert quiet.contains(time(23, 30)) and quiet.contains(time(7, 59))
    assert not quiet.contains(time(8, 0)) and not quiet.contains(time(20, 59))
    assert parse_quiet("off") is None
    for bad in ("21:00", "25:00-08:00", "08:00-08:00", "evening"):
        with pytest.raises(PeriodError):
            parse_quiet(bad)


def test_a_reminder_in_quiet_hours_moves_to_the_morning() -> None:
    quiet = QuietHours(time(21), time(8))
    event = local(2027, 1, 16, 18, 0)
    # 22:30 the evening before -> 08:00 the next morning; 06:00 -> 08:00 the same day.
    assert quiet.defer(local(2027, 1, 14, 22, 30), event, WARSAW) == local(2027, 1, 15, 8, 0)
    assert quiet.defer(local(2027, 1, 15, 6, 0), event, WARSAW) == local(2027, 1, 15, 8, 0)
    assert quiet.defer(local(2027, 1, 15, 12, 0), event, WARSAW) == local(2027, 1, 15, 12, 0)


def test_a_reminder_stays_put_when_the_morning_is_too_late() -> None:
    quiet = QuietHours(time(21), time(8))
    early_event = local(2027, 1, 15, 7, 30)
    due = local(2027, 1, 15, 5, 30)
    assert quiet.defer(due, early_event, WARSAW) == due


def test_quiet_hours_across_the_autumn_clock_change() -> None:
    """The night of 30/31 October 2027 has 25 hours; the morning is still 08:00 local."""
    quiet = QuietHours(time(21), time(8))
    deferred = quiet.defer(local(2027, 10, 30, 23, 0), local(2027, 11, 2, 12), WARSAW)
    assert deferred == local(2027, 10, 31, 8, 0)
    assert deferred.astimezone(UTC).hour == 7  # winter time again: UTC+1


def test_the_digest_moment_of_a_week_follows_local_time_across_dst() -> None:
    digest = parse_digest("mon 08:00")
    assert digest is not None
    week, moment = digest.week_of(local(2027, 3, 31, 12, 0), WARSAW)
    assert week == "2027-W13"
    assert moment == local(2027, 3, 29, 8, 0)
    assert moment.astimezone(UTC).hour == 6  # summer time from 28 March: UTC+2
    _, before = digest.week_of(local(2027, 3, 27, 12, 0), WARSAW)
    assert before.astimezone(UTC).hour == 7
    assert parse_digest("off") is None
    with pytest.raises(PeriodError):
        parse_digest("someday 08:00")


def test_a_reminder_tag_names_its_lead_and_moment() -> None:
    moment = local(2027, 1, 15, 15, 0)
    tag = reminder_tag(parse_lead("7d"), moment)
    assert tag == "7d|20270115T140000Z"
    assert read_tag(tag) == ("7d", moment.astimezone(UTC))
    assert moment_code(moment) == "20270115T140000Z"
    assert read_tag("7d") is None and read_tag("7d|yesterday") is None
