"""Dates staff type (Polish forms, ISO 8601 local time) and their long form for readers."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, time, timedelta
from enum import StrEnum
from typing import Final
from zoneinfo import ZoneInfo

from babel.dates import format_datetime
from dateparser.date import DateDataParser

# A date without a time means: a call's submission deadline at 15:00 (the city's usual hour),
# a consultation's closing date at 23:59 (the whole day counts), anything else at 00:00.
MIDNIGHT: Final = time(0, 0)
DEADLINE_TIME: Final = time(15, 0)
CLOSING_TIME: Final = time(23, 59)
# Further ahead than this is almost always a typo in the year ("2207").
HORIZON: Final = timedelta(days=3 * 366)
LONG_FORMAT: Final = "d MMMM y, HH:mm"
TIME_FORMAT: Final = "HH:mm"
LANGUAGES: Final = ["pl", "uk", "en"]

_ISO: Final = re.compile(r"\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2})?)?([+-]\d{2}:?\d{2}|Z)?")
# "o 15", "godz. 9", "at 15", Ukrainian "о 15"/"об 11": a bare hour that dateparser would
# otherwise read as a year or a day. Made explicit as "15:00".
_BARE_HOUR: Final = re.compile(r"(\b(?:o|godz\.?|godzinie|at|о|об)\s+)(\d{1,2})(?![\d:.])")
# "2027 r." (rok) is Polish for the year; dateparser does not know the abbreviation.
_YEAR_MARK: Final = re.compile(r"(\d{4})\s*r\.")


class DateProblem(StrEnum):
    """Why a date was refused."""

    UNREADABLE = "unreadable"
    PAST = "past"
    TOO_FAR = "too_far"
    BEFORE_PUBLICATION = "before_publication"
    END_BEFORE_START = "end_before_start"


def parse_when(
    text: str, zone: ZoneInfo, now: datetime, *, default_time: time = MIDNIGHT
) -> datetime | DateProblem:
    """An aware datetime in `zone` for what staff typed, or why it cannot be used.

    Past moments and moments beyond HORIZON are refused; `now` is the reference for relative
    forms such as "jutro 9:00" or "w piątek o 12".
    """
    cleaned = " ".join(text.split())
    if not cleaned:
        return DateProblem.UNREADABLE
    parsed = _parse_iso(cleaned, zone, default_time) if _ISO.fullmatch(cleaned) else None
    if parsed is None:
        parsed = _parse_words(cleaned, zone, now, default_time)
    if parsed is None:
        return DateProblem.UNREADABLE
    # In UTC: Python compares two times of one zone by their wall clocks, ignoring DST.
    if parsed.astimezone(UTC) <= now.astimezone(UTC):
        return DateProblem.PAST
    if parsed.astimezone(UTC) - now.astimezone(UTC) > HORIZON:
        return DateProblem.TOO_FAR
    return parsed


def localise(moment: datetime, zone: ZoneInfo) -> datetime:
    """Attach `zone` to a wall-clock time, resolving the two daylight-saving edges.

    A time skipped in spring (02:30 on the last Sunday of March) moves forward by the gap
    (03:30); a time that happens twice in autumn takes its first occurrence (summer time).
    """
    if moment.tzinfo is not None:
        return moment.astimezone(zone)
    return moment.replace(tzinfo=zone, fold=0).astimezone(UTC).astimezone(zone)


def _parse_iso(text: str, zone: ZoneInfo, default_time: time) -> datetime | None:
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        return None
    if len(text) == len("2027-01-15"):
        moment = datetime.combine(date.fromisoformat(text), default_time)
    return localise(moment, zone)


def _parse_words(text: str, zone: ZoneInfo, now: datetime, default_time: time) -> datetime | None:
    prepared = _BARE_HOUR.sub(r"\g<1>\g<2>:00", _YEAR_MARK.sub(r"\1", text.lower()))
    parser = DateDataParser(
        languages=LANGUAGES,
        settings={
            "RELATIVE_BASE": now.astimezone(zone).replace(tzinfo=None),
            "PREFER_DATES_FROM": "future",
            "DATE_ORDER": "DMY",
            "RETURN_TIME_AS_PERIOD": True,
        },
    )
    data = parser.get_date_data(prepared)
    if data.date_obj is None:
        return None
    moment = data.date_obj
    if data.period != "time":
        moment = datetime.combine(moment.date(), default_time)
    return localise(moment, zone)


def format_long(moment: datetime, language: str, zone: ZoneInfo) -> str:
    """ "15 stycznia 2027, 15:00" (pl), "15 січня 2027, 15:00" (uk), "15 January 2027, 15:00"."""
    return format_datetime(moment, LONG_FORMAT, tzinfo=zone, locale=language)


def format_span(start: datetime, end: datetime | None, language: str, zone: ZoneInfo) -> str:
    """A start, or a start and end: the end's date is left out when it is the same day."""
    first = format_long(start, language, zone)
    if end is None:
        return first
    if start.astimezone(zone).date() == end.astimezone(zone).date():
        return f"{first}–{format_datetime(end, TIME_FORMAT, tzinfo=zone, locale=language)}"
    return f"{first} – {format_long(end, language, zone)}"
