"""The one date reader: Polish numeric habits, words in pl/uk/en, refusals, and properties."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.core.dates import CLOSING_TIME, DEADLINE_TIME, DateProblem, parse_when

WARSAW = ZoneInfo("Europe/Warsaw")
# Friday 4 December 2026, noon in Kraków: the day the misreadings were found.
NOW = datetime(2026, 12, 4, 12, 0, tzinfo=WARSAW)


def read(text: str, default_time: time = time(0, 0), day_of: datetime | None = None) -> str:
    parsed = parse_when(text, WARSAW, NOW, default_time=default_time, day_of=day_of)
    assert isinstance(parsed, datetime), f"{text!r}: {parsed}"
    return parsed.astimezone(WARSAW).strftime("%Y-%m-%d %H:%M")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # Once read as today at 15:01, 20:01 and (tomorrow) 01:01.
        ("15.01", "2027-01-15 00:00"),
        ("20.01", "2027-01-20 00:00"),
        ("1.01", "2027-01-01 00:00"),
        ("31.12", "2026-12-31 00:00"),
        ("5.12", "2026-12-05 00:00"),
        ("4.12", "2026-12-04 15:00"),  # today, still ahead at the call's 15:00
        # Once refused.
        ("5.01 15:00", "2027-01-05 15:00"),
        ("у понеділок", "2026-12-07 00:00"),
        ("у п'ятницю о 12", "2026-12-11 12:00"),
        ("у п’ятницю о 12", "2026-12-11 12:00"),
        ("в пʼятницю о 12", "2026-12-11 12:00"),
    ],
)
def test_forms_once_misread_or_refused(text: str, expected: str) -> None:
    default = DEADLINE_TIME if text == "4.12" else time(0, 0)
    assert read(text, default_time=default) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("15.01 15:00", "2027-01-15 15:00"),
        ("15.01.2027", "2027-01-15 00:00"),
        ("15.01.27", "2027-01-15 00:00"),
        ("15/01", "2027-01-15 00:00"),
        ("15-01-2027", "2027-01-15 00:00"),
        ("2027/01/15", "2027-01-15 00:00"),
        ("15 I", "2027-01-15 00:00"),
        ("15.XII.2027 10:00", "2027-12-15 10:00"),
        ("15 IV 2027 o 9", "2027-04-15 09:00"),
        ("15 stycznia", "2027-01-15 00:00"),
        ("15 stycznia o 15", "2027-01-15 15:00"),
        ("dnia 15 stycznia 2027 r. o godz. 15.30", "2027-01-15 15:30"),
        ("15 sty 2027", "2027-01-15 00:00"),
        ("piątek, 15 stycznia 2027", "2027-01-15 00:00"),
        ("1 maja", "2027-05-01 00:00"),
        ("15.01 15.30", "2027-01-15 15:30"),
        ("w piątek", "2026-12-11 00:00"),  # said on a Friday: next week's
        ("w piątek o 10", "2026-12-11 10:00"),
        ("w piątek (o 10)", "2026-12-11 10:00"),
        ("15.01.2027 r., godz. 15:00", "2027-01-15 15:00"),
        ("w środę o 8:30", "2026-12-09 08:30"),
        ("w srode o 8:30", "2026-12-09 08:30"),  # typed without diacritics
        ("za tydzień", "2026-12-11 00:00"),
        ("za 3 dni", "2026-12-07 00:00"),
        ("za miesiąc", "2027-01-04 00:00"),
        ("jutro 9:00", "2026-12-05 09:00"),
        ("jutro 15.30", "2026-12-05 15:30"),
        ("pojutrze", "2026-12-06 00:00"),
        ("2027-01-15T15:00", "2027-01-15 15:00"),
        ("15 січня", "2027-01-15 00:00"),
        ("15 січня о 15", "2027-01-15 15:00"),
        ("завтра о 9:00", "2026-12-05 09:00"),
        ("післязавтра об 11", "2026-12-06 11:00"),
        ("через тиждень", "2026-12-11 00:00"),
        ("через 2 тижні", "2026-12-18 00:00"),
        ("у середу", "2026-12-09 00:00"),
        ("15 January", "2027-01-15 00:00"),
        ("January 15, 2027", "2027-01-15 00:00"),
        ("15th of January at 3 pm", "2027-01-15 15:00"),
        ("on Friday at 10", "2026-12-11 10:00"),
        ("tomorrow 9:00", "2026-12-05 09:00"),
        ("the day after tomorrow", "2026-12-06 00:00"),
        ("in a week", "2026-12-11 00:00"),
        ("in two weeks", "2026-12-18 00:00"),
    ],
)
def test_forms_people_type(text: str, expected: str) -> None:
    assert read(text) == expected


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("jutro 25:00", DateProblem.BAD_TIME),
        ("15.01 24:00", DateProblem.BAD_TIME),
        ("w piątek o 12:60", DateProblem.BAD_TIME),
        ("13 pm", DateProblem.BAD_TIME),
        ("31.02", DateProblem.BAD_DATE),
        ("30 lutego", DateProblem.BAD_DATE),
        ("29.02.2027", DateProblem.BAD_DATE),
        ("32.01", DateProblem.BAD_DATE),
        ("15.13.2027", DateProblem.BAD_DATE),
        ("2027-02-30", DateProblem.BAD_DATE),
        ("2027-01-15T25:00", DateProblem.BAD_TIME),
        ("piątek 16 stycznia 2027", DateProblem.BAD_DATE),  # 16 January 2027 is a Saturday
        ("15.01 kiedyś", DateProblem.UNREADABLE),
        ("15 i 16 stycznia", DateProblem.UNREADABLE),
        ("9", DateProblem.UNREADABLE),
    ],
)
def test_impossible_dates_and_times_are_refused_never_replaced(
    text: str, problem: DateProblem
) -> None:
    assert parse_when(text, WARSAW, NOW, default_time=DEADLINE_TIME) == problem


def test_a_time_alone_is_on_the_day_given_for_it() -> None:
    start = parse_when("w piątek o 10", WARSAW, NOW)
    assert isinstance(start, datetime)
    assert read("12:00", day_of=start) == "2026-12-11 12:00"
    assert read("15.30", day_of=start) == "2026-12-11 15:30"
    assert read("12.00", day_of=start) == "2026-12-11 12:00"
    # Without a start, today: 12:00 has just passed at noon.
    assert parse_when("12:00", WARSAW, NOW) == DateProblem.PAST
    assert read("17:00") == "2026-12-04 17:00"


def test_the_defaults_of_a_date_without_a_time_stay() -> None:
    assert read("15.01", default_time=DEADLINE_TIME) == "2027-01-15 15:00"
    assert read("15.01", default_time=CLOSING_TIME) == "2027-01-15 23:59"
    assert read("15.01") == "2027-01-15 00:00"


DAY_MONTH_FORMS = (
    "{d}.{m:02}", "{d}.{m}", "{d:02}.{m:02}", "{d}/{m}", "{d} {roman}", "{d} {pl}", "{d} {uk}",
)  # fmt: skip
ROMAN = ["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII"]
POLISH = [
    "stycznia",
    "lutego",
    "marca",
    "kwietnia",
    "maja",
    "czerwca",
    "lipca",
    "sierpnia",
    "września",
    "października",
    "listopada",
    "grudnia",
]

UKRAINIAN = [
    "січня", "лютого", "березня", "квітня", "травня", "червня",
    "липня", "серпня", "вересня", "жовтня", "листопада", "грудня",
]  # fmt: skip


@st.composite
def day_month_texts(draw: st.DrawFn) -> tuple[str, int, int]:
    """A day and a month in one of the forms people type, maybe with a time after it."""
    day_of_year = draw(st.dates(min_value=date(2028, 1, 1), max_value=date(2028, 12, 31)))
    d, m = day_of_year.day, day_of_year.month
    form = draw(st.sampled_from(DAY_MONTH_FORMS))
    text = form.format(d=d, m=m, roman=ROMAN[m - 1], pl=POLISH[m - 1], uk=UKRAINIAN[m - 1])
    if draw(st.booleans()):
        text += draw(st.sampled_from([" {h}:{mm:02}", " o {h}", " godz. {h}.{mm:02}"])).format(
            h=draw(st.integers(0, 23)), mm=draw(st.integers(0, 59))
        )
    return text, d, m


# Hypothesis takes naive bounds and attaches the zone itself.
nows = st.datetimes(
    min_value=datetime(2026, 1, 1),  # noqa: DTZ001
    max_value=datetime(2030, 12, 31),  # noqa: DTZ001
    timezones=st.just(WARSAW),
)


@settings(max_examples=400, deadline=None)
@given(typed=day_month_texts(), now=nows)
def test_a_day_and_month_never_come_back_as_today_at_a_time(
    typed: tuple[str, int, int], now: datetime
) -> None:
    text, d, m = typed
    parsed = parse_when(text, WARSAW, now)
    today = now.astimezone(WARSAW).date()
    if isinstance(parsed, DateProblem):
        # Only 29 February in a year without it, or today's date at a time already gone.
        assert parsed in (DateProblem.BAD_DATE, DateProblem.PAST), (text, parsed)
        assert (d, m) == (29, 2) or (d, m) == (today.day, today.month), (text, parsed)
        return
    local = parsed.astimezone(WARSAW)
    assert (local.day, local.month) == (d, m), text
    assert local.date() != today or (d, m) == (today.day, today.month), text


@settings(max_examples=400, deadline=None)
@given(typed=day_month_texts(), now=nows)
def test_a_day_and_month_without_a_year_is_always_ahead(
    typed: tuple[str, int, int], now: datetime
) -> None:
    text, _, _ = typed
    parsed = parse_when(text, WARSAW, now)
    if isinstance(parsed, datetime):
        assert parsed.astimezone(UTC) > now.astimezone(UTC)
        assert parsed.astimezone(UTC) - now.astimezone(UTC) <= timedelta(days=367)
