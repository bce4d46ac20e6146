"""Dates people type, as moments that can be used (ahead, not too far), and their long form."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, time, timedelta
from enum import StrEnum
from typing import Final
from zoneinfo import ZoneInfo

from babel.dates import format_datetime

from bot.core.date_reader import Unread, read_typed
from bot.core.i18n import N_

# A date without a time means: a call's submission deadline at 15:00 (the city's usual hour),
# a consultation's closing date at 23:59 (the whole day counts), anything else at 00:00.
MIDNIGHT: Final = time(0, 0)
DEADLINE_TIME: Final = time(15, 0)
CLOSING_TIME: Final = time(23, 59)
# Further ahead than this is almost always a typo in the year ("2207").
HORIZON: Final = timedelta(days=3 * 366)
LONG_FORMAT: Final = "d MMMM y, HH:mm"
TIME_FORMAT: Final = "HH:mm"

# Why an impossible date or time is refused (translated where they are shown).
NO_SUCH_DAY: Final = N_("That day does not exist (such as 31.02): please check the day and month.")
NO_SUCH_TIME: Final = N_("That time does not exist: hours run from 0:00 to 23:59.")

_ISO: Final = re.compile(r"\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2})?)?([+-]\d{2}:?\d{2}|Z)?")


class DateProblem(StrEnum):
    """Why a date was refused."""

    UNREADABLE = "unreadable"
    PAST = "past"
    TOO_FAR = "too_far"
    BEFORE_PUBLICATION = "before_publication"
    END_BEFORE_START = "end_before_start"
    BAD_DATE = "bad_date"  # no such day: 31.02, 30 lutego
    BAD_TIME = "bad_time"  # no such time: 25:00


def parse_when(
    text: str,
    zone: ZoneInfo,
    now: datetime,
    *,
    default_time: time = MIDNIGHT,
    day_of: datetime | None = None,
) -> datetime | DateProblem:
    """An aware datetime in `zone` for what someone typed, or why it cannot be used.

    Read by bot.core.date_reader ("15.01" is 15 January, never 15:01). A time alone is on
    the day of `day_of` (an end typed after its start) or else today. Past moments and
    moments beyond HORIZON are refused; `now` is the reference for "jutro" or "w piątek".
    """
    cleaned = " ".join(text.split())
    if not cleaned:
        return DateProblem.UNREADABLE
    if _ISO.fullmatch(cleaned):
        parsed = _parse_iso(cleaned, zone, default_time)
    else:
        parsed = _parse_typed(cleaned, zone, now, default_time, day_of)
    if isinstance(parsed, DateProblem):
        return parsed
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


def _parse_iso(text: str, zone: ZoneInfo, default_time: time) -> datetime | DateProblem:
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        # The shape of a date and time, but no such day ("2027-02-30") or time ("T25:00").
        return DateProblem.BAD_TIME if _is_date(text[:10]) else DateProblem.BAD_DATE
    if len(text) == len("2027-01-15"):
        moment = datetime.combine(date.fromisoformat(text), default_time)
    return localise(moment, zone)


def _is_date(text: str) -> bool:
    try:
        date.fromisoformat(text)
    except ValueError:
        return False
    return True


def _parse_typed(
    text: str, zone: ZoneInfo, now: datetime, default_time: time, day_of: datetime | None
) -> datetime | DateProblem:
    today = now.astimezone(zone).date()
    typed = read_typed(text, today)
    if isinstance(typed, Unread):
        return DateProblem(typed.value)
    day = typed.day or (day_of.astimezone(zone).date() if day_of is not None else today)
    return localise(datetime.combine(day, typed.clock or default_time), zone)


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
