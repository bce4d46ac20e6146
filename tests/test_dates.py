"""Dates staff type: Polish, Ukrainian, English and ISO forms, refusals, and the long form."""

from __future__ import annotations

from datetime import UTC, datetime, time
from zoneinfo import ZoneInfo

import pytest

from bot.core.dates import (
    CLOSING_TIME,
    DEADLINE_TIME,
    DateProblem,
    format_long,
    format_span,
    parse_when,
)

WARSAW = ZoneInfo("Europe/Warsaw")
# Thursday 10 December 2026, noon in Kraków: the reference for relative forms.
NOW = datetime(2026, 12, 10, 12, 0, tzinfo=WARSAW)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("15.01.2027 15:00", "2027-01-15 15:00"),
        ("15.01.2027", "2027-01-15 00:00"),
        ("jutro 9:00", "2026-12-11 09:00"),
        ("jutro o 9", "2026-12-11 09:00"),
        ("pojutrze o 10", "2026-12-12 10:00"),
        ("15 stycznia o 15", "2027-01-15 15:00"),
        ("15 stycznia", "2027-01-15 00:00"),
        ("15 stycznia 2027 r. o godz. 15:00", "2027-01-15 15:00"),
        ("15 stycznia 2027 o godz. 15", "2027-01-15 15:00"),
        ("w piątek o 12", "2026-12-11 12:00"),
        ("w poniedziałek o 8:30", "2026-12-14 08:30"),
        ("2027-01-15T15:00", "2027-01-15 15:00"),
        ("2027-01-15 15:00:30", "2027-01-15 15:00"),
        ("2027-01-15", "2027-01-15 00:00"),
        ("2027-01-15T15:00+00:00", "2027-01-15 16:00"),
        ("завтра о 9:00", "2026-12-11 09:00"),
        ("15 січня о 15", "2027-01-15 15:00"),
        ("tomorrow at 9", "2026-12-11 09:00"),
        ("  15.01.2027   15:00 ", "2027-01-15 15:00"),
    ],
)
def test_phrasings_staff_type(text: str, expected: str) -> None:
    parsed = parse_when(text, WARSAW, NOW)
    assert isinstance(parsed, datetime), parsed
    assert parsed.tzinfo is not None
    assert parsed.astimezone(WARSAW).strftime("%Y-%m-%d %H:%M") == expected


def test_a_date_alone_takes_the_default_time_given() -> None:
    deadline = parse_when("15.01.2027", WARSAW, NOW, default_time=DEADLINE_TIME)
    closing = parse_when("jutro", WARSAW, NOW, default_time=CLOSING_TIME)
    assert isinstance(deadline, datetime) and deadline.time() == time(15, 0)
    assert isinstance(closing, datetime) and closing.time() == time(23, 59)


def test_a_time_skipped_in_spring_moves_forward_by_the_gap() -> None:
    parsed = parse_when("28.03.2027 2:30", WARSAW, NOW)
    assert isinstance(parsed, datetime)
    assert parsed.isoformat() == "2027-03-28T03:30:00+02:00"


def test_a_time_repeated_in_autumn_is_its_first_occurrence() -> None:
    parsed = parse_when("31.10.2027 2:30", WARSAW, NOW)
    assert isinstance(parsed, datetime)
    assert parsed.isoformat() == "2027-10-31T02:30:00+02:00"
    assert parsed.astimezone(UTC).hour == 0


def test_either_side_of_the_spring_change() -> None:
    before = parse_when("28.03.2027 1:59", WARSAW, NOW)
    after = parse_when("28.03.2027 3:00", WARSAW, NOW)
    assert isinstance(before, datetime) and isinstance(after, datetime)
    assert (after.astimezone(UTC) - before.astimezone(UTC)).total_seconds() == 60


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("01.01.2020 10:00", DateProblem.PAST),
        ("wczoraj", DateProblem.PAST),
        ("dziś o 11", DateProblem.PAST),
        ("15.01.2207 15:00", DateProblem.TOO_FAR),
        ("kiedyś", DateProblem.UNREADABLE),
        ("", DateProblem.UNREADABLE),
        ("2027-13-45", DateProblem.BAD_DATE),
    ],
)
def test_refusals_have_a_reason(text: str, problem: DateProblem) -> None:
    assert parse_when(text, WARSAW, NOW) == problem


def test_relative_forms_follow_the_configured_zone() -> None:
    # 23:30 UTC on 10 December is already 11 December in Kraków: "jutro" is the 12th there.
    late = datetime(2026, 12, 10, 23, 30, tzinfo=UTC)
    parsed = parse_when("jutro 9:00", WARSAW, late)
    assert isinstance(parsed, datetime)
    assert parsed.date().isoformat() == "2026-12-12"


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("pl", "15 stycznia 2027, 15:00"),
        ("uk", "15 січня 2027, 15:00"),
        ("en", "15 January 2027, 15:00"),
    ],
)
def test_the_long_form_per_language(language: str, expected: str) -> None:
    moment = datetime(2027, 1, 15, 14, 0, tzinfo=UTC)
    assert format_long(moment, language, WARSAW) == expected


def test_a_span_on_one_day_names_the_day_once() -> None:
    start = datetime(2027, 1, 15, 15, 0, tzinfo=WARSAW)
    same_day = datetime(2027, 1, 15, 17, 30, tzinfo=WARSAW)
    next_day = datetime(2027, 1, 16, 10, 0, tzinfo=WARSAW)
    assert format_span(start, same_day, "pl", WARSAW) == "15 stycznia 2027, 15:00–17:30"
    assert format_span(start, next_day, "pl", WARSAW) == (
        "15 stycznia 2027, 15:00 – 16 stycznia 2027, 10:00"
    )
    assert format_span(start, None, "pl", WARSAW) == "15 stycznia 2027, 15:00"
