"""Reading what people type as a date (pl, uk, en; Polish numeric habits first): a day, a time.

Polish habits come first: "15.01" is 15 January (its next occurrence), never 15:01; a time
is "15:00", or "15.30"/"o 15" after a date or a marker ("o", "godz.", "at", "о"). Each form is
read by a rule of our own; dateparser only reads, strictly, what is left of a date once the
time is taken out ("wczoraj", "next week", "Jan 15th 2027"), as a day. Impossible days and
times are refused with their reason, never moved to a nearby valid one.
"""

from __future__ import annotations

import re
from calendar import monthrange
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from enum import StrEnum
from typing import Final

from dateparser.date import DateDataParser

from bot.core.date_words import (
    AFTER_TOMORROW,
    DAYS_FROM_TODAY,
    FILLERS,
    IN_WORDS,
    MONTH_UNIT,
    MONTHS,
    NUMBER_WORDS,
    ROMAN_MONTHS,
    UNITS,
    WEEKDAYS,
    fold,
)
from bot.numbers import parse_natural

_MARK: Final = r"(?:o\s+godz(?:inie|\.)?|godz(?:inie|ina|\.)?|o|at|о|об)"
# "15:00" anywhere, "o 15.30", "godz. 9", "at 10", "10 am": the time of day.
_TIMES: Final = (
    re.compile(rf"(?:\b{_MARK}\s*)?(?<![\d.:])(\d{{1,2}})(?::(\d{{2}}))?\s*([ap])\.?m\b\.?"),
    re.compile(rf"(?:\b{_MARK}\s*)?(?<![\d.:/-])(\d{{1,2}}):(\d{{2}})(?![\d:])"),
    re.compile(rf"\b{_MARK}\s*(\d{{1,2}})[.h](\d{{2}})(?!\d)"),
    re.compile(rf"\b{_MARK}\s+(\d{{1,2}})(?![\d.:])"),
)
# "15.01 15.30": a dotted time after a date.
_TRAILING_DOTTED: Final = re.compile(r"(.*\S)\s+(\d{1,2})\.(\d{2})")
_DAY_MONTH: Final = re.compile(r"(\d{1,2})\s*([./-])\s*(\d{1,2})(?:\s*\2\s*(\d{4}|\d{2}))?\.?")
_YEAR_FIRST: Final = re.compile(r"(\d{4})[./](\d{1,2})[./](\d{1,2})")
_ORDINAL: Final = r"(?:st|nd|rd|th|-go|go)?"
_DAY_WORD: Final = re.compile(rf"(\d{{1,2}}){_ORDINAL}[.\s]\s*([^\W\d]+)(?:[.\s]\s*(\d{{4}}))?")
_WORD_DAY: Final = re.compile(rf"([^\W\d]+)\.?\s+(\d{{1,2}}){_ORDINAL}(?:\s+(\d{{4}}))?")
_OFFSET: Final = re.compile(r"(\S+)(?:\s+(\d+|\S+))?\s+(\S+)")
_LANGUAGES: Final = ["pl", "uk", "en"]


class Unread(StrEnum):
    """Why a text gives no date."""

    UNREADABLE = "unreadable"
    BAD_DATE = "bad_date"
    BAD_TIME = "bad_time"


@dataclass(frozen=True, slots=True)
class Typed:
    """What a text names: a day and a time of day, each None when the text names none."""

    day: date | None
    clock: time | None


def read_typed(text: str, today: date) -> Typed | Unread:
    """The day and time in `text`; a day.month without a year is its next occurrence."""
    # "w piątek (o 10)", "15.01.2027 r., godz. 15:00": brackets and commas only separate.
    cleaned = " ".join(re.sub(r"[(),]", " ", fold(text)).split()).rstrip(".")
    clock, rest = _take_time(cleaned)
    if isinstance(clock, Unread):
        return clock
    if clock is None and (alone := _lone_time(rest)) is not None:
        return alone
    trailing = _TRAILING_DOTTED.fullmatch(rest) if clock is None else None
    if trailing and (_is_time_only(trailing.group(3)) or re.search(r"\d", trailing.group(1))):
        clock = _clock(trailing.group(2), trailing.group(3))
        if isinstance(clock, Unread):
            return clock
        rest = trailing.group(1)
    words = [word for word in rest.split() if word not in FILLERS]
    day = _read_day(" ".join(words), today) if words else None
    if isinstance(day, Unread):
        return day
    if day is None and clock is None:
        return Unread.UNREADABLE
    return Typed(day, clock)


def _take_time(text: str) -> tuple[time | Unread | None, str]:
    """The time of day named in `text` and the text without it."""
    for pattern in _TIMES:
        found = pattern.search(text)
        if found is None:
            continue
        parts = [*found.groups(), None, None]
        hour, minute, half = found.group(1), parts[1] or "0", parts[2]
        clock = _twelve_hour(hour, minute, half) if half else _clock(hour, minute)
        return clock, _without(text, found)
    return None, text


def _without(text: str, found: re.Match[str]) -> str:
    return f"{text[: found.start()]} {text[found.end() :]}".strip()


def _clock(hour: str, minute: str) -> time | Unread:
    if int(hour) > 23 or int(minute) > 59:
        return Unread.BAD_TIME
    return time(int(hour), int(minute))


def _twelve_hour(hour: str, minute: str, half: str) -> time | Unread:
    if not 1 <= int(hour) <= 12:
        return Unread.BAD_TIME
    return _clock(str(int(hour) % 12 + (12 if half == "p" else 0)), minute)


def _is_time_only(minutes: str) -> bool:
    """Whether "HH.MM" can only be a time: no month is 00 or above 12."""
    return not 1 <= int(minutes) <= 12


def _lone_time(text: str) -> Typed | Unread | None:
    """ "15.30" or "12.00" alone (an end after its start) is a time; "15.01" is a date."""
    found = re.fullmatch(r"(\d{1,2})\.(\d{2})", text)
    if found is None or not _is_time_only(found.group(2)) or int(found.group(1)) > 23:
        return None
    clock = _clock(found.group(1), found.group(2))
    return clock if isinstance(clock, Unread) else Typed(None, clock)


def _read_day(text: str, today: date) -> date | Unread:
    """The day named by `text` (the time already taken out), by the first rule that fits."""
    words = text.split()
    if words[0] in WEEKDAYS and len(words) > 1:
        # "piątek 15 stycznia": the date decides; a weekday that does not match it is a typo.
        named = _read_day(" ".join(words[1:]), today)
        if isinstance(named, date) and named.weekday() != WEEKDAYS[words[0]]:
            return Unread.BAD_DATE
        return named
    for rule in (_numeric, _with_month_word, _relative):
        found = rule(text, today)
        if found is not None:
            return found
    return _dateparser_day(text, today)


def _numeric(text: str, today: date) -> date | Unread | None:
    """ "15.01", "15/01", "15-01-2027", "15.01.27", "2027/01/15"."""
    if found := _YEAR_FIRST.fullmatch(text):
        return _day(int(found.group(3)), int(found.group(2)), int(found.group(1)))
    found = _DAY_MONTH.fullmatch(text)
    if found is None:
        return None
    year = found.group(4)
    full_year = None if year is None else int(year) + (2000 if len(year) == 2 else 0)
    return _next_day(int(found.group(1)), int(found.group(3)), full_year, today)


def _with_month_word(text: str, today: date) -> date | Unread | None:
    """ "15 stycznia (2027)", "15 I", "15.XII.2027", "15 січня", "January 15", "15th of May"."""
    for pattern, day_group, month_group in ((_DAY_WORD, 1, 2), (_WORD_DAY, 2, 1)):
        found = pattern.fullmatch(text)
        if found is None:
            continue
        word = found.group(month_group)
        month = MONTHS.get(word) or ROMAN_MONTHS.get(word)
        if month is not None:
            year = int(found.group(3)) if found.group(3) else None
            return _next_day(int(found.group(day_group)), month, year, today)
    return None


def _relative(text: str, today: date) -> date | None:
    """ "jutro", "pojutrze", "w piątek", "za tydzień", "через 3 дні", "in two weeks"."""
    if text in DAYS_FROM_TODAY:
        return today + timedelta(days=DAYS_FROM_TODAY[text])
    if text == AFTER_TOMORROW:
        return today + timedelta(days=2)
    if text in WEEKDAYS:
        # The coming one: "w piątek" said on a Friday is next week's.
        return today + timedelta(days=(WEEKDAYS[text] - today.weekday() - 1) % 7 + 1)
    found = _OFFSET.fullmatch(text)
    if found is None or found.group(1) not in IN_WORDS or found.group(3) not in UNITS:
        return None
    amount = found.group(2) or "1"
    count = parse_natural(amount, max_digits=3, typed=True)
    if count is None:
        count = NUMBER_WORDS.get(amount)
    if count is None:
        return None
    unit = UNITS[found.group(3)]
    if unit == MONTH_UNIT:
        return _months_later(today, count)
    return today + timedelta(days=unit * count)


def _months_later(today: date, count: int) -> date:
    """The same day `count` months on; the month's last day when it is shorter (31 -> 28)."""
    month_index = today.month - 1 + count
    year, month = today.year + month_index // 12, month_index % 12 + 1
    return date(year, month, min(today.day, monthrange(year, month)[1]))


def _next_day(day: int, month: int, year: int | None, today: date) -> date | Unread:
    """The day.month in `year`, or without a year its next occurrence (today included)."""
    if year is None:
        year = today.year if (month, day) >= (today.month, today.day) else today.year + 1
    return _day(day, month, year)


def _day(day: int, month: int, year: int) -> date | Unread:
    try:
        return date(year, month, day)
    except ValueError:
        return Unread.BAD_DATE


def _dateparser_day(text: str, today: date) -> date | Unread:
    """What dateparser reads of a date part our rules do not know, as a day only."""
    if len(re.findall(r"(?<!\d)\d{1,2}(?!\d)", text)) > 1:
        return Unread.UNREADABLE  # two days ("15 i 16 stycznia"): which one is meant?
    parser = DateDataParser(
        languages=_LANGUAGES,
        settings={
            "RELATIVE_BASE": datetime.combine(today, time(12, 0)),
            "PREFER_DATES_FROM": "future",
            "DATE_ORDER": "DMY",
            "REQUIRE_PARTS": ["day", "month"],
            "PARSERS": ["relative-time", "absolute-time"],
        },
    )
    data = parser.get_date_data(text)
    return Unread.UNREADABLE if data.date_obj is None else data.date_obj.date()
