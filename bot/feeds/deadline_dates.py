"""Dates and times as Polish announcements write them ("15 stycznia 2027 r. (do godz. 15.30)")."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date, time, timedelta
from typing import Final

from dateparser.languages.loader import default_loader

_MONTH_KEYS: Final = (
    "january", "february", "march", "april", "may", "june", "july", "august", "september",
    "october", "november", "december",
)  # fmt: skip
_ROMAN: Final = ("I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII")
# dateparser knows weekdays in the nominative only ("piątek"); deadlines use the genitive
# ("do piątku"), so the stems are matched. Monday first, as date.weekday() counts.
_WEEKDAY_STEMS: Final = ("poniedział", "wtor", "środ", "czwart", "piąt", "sobot", "niedziel")


def _month_names() -> dict[str, int]:
    """Polish month names and abbreviations from dateparser's locale data, lower case."""
    info = default_loader.get_locale("pl").info
    return {
        str(name).lower(): number
        for number, key in enumerate(_MONTH_KEYS, start=1)
        for name in info[key]
    }


def _alternatives(names: Iterable[str]) -> str:
    """A regex alternation, longest first so that "marca" is not read as "mar"."""
    return "|".join(re.escape(name) for name in sorted(names, key=len, reverse=True))


_MONTHS: Final = _month_names()
# Three-letter abbreviations only with their dot: "sie" and "cze" are also plain words.
_MONTH: Final = (
    rf"(?:{_alternatives(n for n in _MONTHS if len(n) > 3)}|maj)(?!\w)"
    rf"|(?:{_alternatives(n for n in _MONTHS if len(n) == 3)})\."
    rf"|(?-i:{_alternatives(reversed(_ROMAN))})(?![\w])"
)
_WEEKDAY: Final = rf"(?:{'|'.join(_WEEKDAY_STEMS)})\w*"
# Month names in full (not abbreviations or Roman numerals), for the forms below.
_MONTH_WORD: Final = rf"(?:{_alternatives(n for n in _MONTHS if len(n) > 3)}|maj)(?!\w)"
_GLUED: Final = rf"(?:{_alternatives(n for n in _MONTHS if len(n) > 4)})(?!\w)"
# Days 1-31 in the genitive ordinal, as a deadline names them in words.
_UNITS: Final = (
    "pierwszego", "drugiego", "trzeciego", "czwartego", "piątego", "szóstego", "siódmego",
    "ósmego", "dziewiątego",
)  # fmt: skip
_TEENS: Final = (
    "dziesiątego", "jedenastego", "dwunastego", "trzynastego", "czternastego", "piętnastego",
    "szesnastego", "siedemnastego", "osiemnastego", "dziewiętnastego",
)  # fmt: skip
_ORDINALS: Final = {
    **{word: n for n, word in enumerate(_UNITS, start=1)},
    **{word: n for n, word in enumerate(_TEENS, start=10)},
    "dwudziestego": 20,
    "trzydziestego": 30,
    **{f"dwudziestego {word}": 20 + n for n, word in enumerate(_UNITS, start=1)},
    "trzydziestego pierwszego": 31,
}
# Any spacing between "dwudziestego" and "ósmego", lest "ósmego stycznia" be read alone.
_ORDINAL: Final = r"(?<!\w)(?:" + _alternatives(_ORDINALS).replace(re.escape(" "), r"\s+") + ")"
_YEAR_MARK: Final = r"(?:\s*r\.|\s+roku|\s*r\b)?"  # "2027 r.", "2027 roku", "2027r"

# A date in any of the forms announcements use; the groups are read by _day().
_DATE: Final = re.compile(
    rf"(?:(?P<weekday>{_WEEKDAY})\s*,?\s+)?"  # "piątku 15 stycznia"
    r"(?<![\d.,/])(?:"
    r"(?P<iy>\d{4})(?P<isep>[-/.])(?P<im>\d{1,2})(?P=isep)(?P<id>\d{1,2})"  # "2027-01-15"
    rf"|(?P<nd>\d{{1,2}})(?P<sep>[./-])(?P<nm>\d{{1,2}})(?P=sep)(?P<ny>\d{{4}}){_YEAR_MARK}"
    rf"|(?P<wd>\d{{1,2}})(?:\s*[.-]\s*|\s+)(?P<wm>{_MONTH})\.?"  # "15 stycznia", "15.I."
    rf"(?:\s*[.-]?\s*(?P<wy>\d{{4}}){_YEAR_MARK}|\s+(?P<this>br\.|b\.\s?r\.|bieżącego roku))?"
    rf"|(?P<gd>\d{{1,2}})(?P<gm>{_GLUED})(?:\s+(?P<gy>\d{{4}}){_YEAR_MARK})?"  # "5lutego 2027"
    # "do pierwszego lutego", "do dwudziestego ósmego stycznia 2027 r.": a day in words.
    rf"|(?P<od>{_ORDINAL})\s+(?P<om>{_MONTH_WORD})(?:\s+(?P<oy>\d{{4}}){_YEAR_MARK})?"
    # "do 31.12", "od 1.03": day.month without a year, only where a date is expected.
    r"|(?<=\bdo\s)(?P<sd>\d{1,2})\.(?P<sm>\d{2})(?![\d:])(?!\.\d)"
    r"|(?<=\bod\s)(?P<fd>\d{1,2})\.(?P<fm>\d{2})(?![\d:])(?!\.\d)"
    # "do końca stycznia (2027 r.)": the month's last day, all of it.
    rf"|(?<!\w)końca\s+(?P<em>{_MONTH})(?:\s+(?P<ey>\d{{4}}){_YEAR_MARK})?"
    r")(?!\d)"
    rf"(?:\s*\(\s*(?P<weekday_after>{_WEEKDAY})\s*\))?",  # "15 stycznia 2027 r. (piątek)"
    re.IGNORECASE,
)
# "godz. 15:00", "godziny 12.00", "(do godz. 15.30)": a time a date's sentence gives it.
_CLOCK: Final = r"(?P<h>\d{1,2})(?:[:.](?P<m>\d{2}))?"
_HOUR_WORD: Final = r"godz(?:\.|ina|iny|inie|in)?"
# After a date: "o godz. 15:00", ", do godz. 16.00", "(do godz. 15.30)", "o 15", "15:00",
# "do 16.00" (minutes that cannot be a month). Not "w godz. 8.00-15.30": opening hours.
_TIME_AFTER: Final = re.compile(
    r"\s*(?:włącznie\s*)?[,(]?\s*(?:"
    rf"(?:(?:o|do|najpóźniej\s+do)\s+)?{_HOUR_WORD}\s*{_CLOCK}"
    r"|o\s+(?P<oh>\d{1,2})(?:[:.](?P<omin>\d{2})|(?!\s+[^\W\d_]))"
    r"|(?:do\s+)?(?P<hh>\d{1,2}):(?P<mm>\d{2})"
    r"|do\s+(?P<dh>\d{1,2})\.(?P<dm>00|1[3-9]|[2-5]\d)"
    r")(?![\d:]|\.\d)(?!\s*[–—-]\s*\d)",
    re.IGNORECASE,
)
# Before a date: "do godz. 15:30 w dniu 15 stycznia", "do godziny 12.00 dnia 5 maja".
_TIME_BEFORE: Final = re.compile(
    rf"{_HOUR_WORD}\s*{_CLOCK}\s*,?\s*(?:w\s+dniu|dnia|dn\.)\s*$", re.IGNORECASE
)
# "można składać w godzinach od 7.30 do 15.30 w dniach od 14 grudnia do 15 stycznia": filing in
# person during office hours, so the last day closes when the office does. Only hours the filing
# verb governs: a consultation point "czynny w godz. 10-18" may be one channel of several.
_OFFICE_HOURS: Final = re.compile(
    r"(?:skład|złoż|przyjm|dostarcz|wnos)\w*(?:\s+[^\s.;]+){0,6}?\s+w\s+godz(?:\.|inach)\s*(?:od\s+)?\d{1,2}(?:[:.]\d{2})?\s*(?:do|[–—-])\s*"
    r"(?P<h>\d{1,2})(?:[:.](?P<m>\d{2}))?\s*,?\s*(?:w\s+dni(?:ach|u)\s+|w\s+terminie\s+)?"
    r"(?:(?:od\s+(?:dnia\s+)?(?:[^.;]|r\.){1,40}?\s+)?do\s+(?:dnia\s+)?)?$",
    re.IGNORECASE,
)
_INCLUSIVE: Final = re.compile(r"\s*(?:r\.|roku)?\s*\)?\s*,?\s*włącznie", re.IGNORECASE)
WHOLE_DAY: Final = time(23, 59)
_STREET: Final = re.compile(
    r"(?:\bul\.|\bal\.|\bpl\.|\bos\.|\bulic\w*|\bale[ij]\w*|\bplac\w*|\brond\w*)\s*$",
    re.IGNORECASE,
)
_EVERY_YEAR: Final = re.compile(r"\s+(?:każdego\s+)?roku\b", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class DateMention:
    """A date written in a text: where, which day, and the time stated with it (if any)."""

    start: int
    end: int
    day: date
    at: time | None
    inclusive: bool  # "do 5 marca włącznie": the whole day counts


def find_dates(text: str, today: date) -> Iterator[DateMention]:
    """Every valid date in `text`, in order; a date without a year is its next occurrence."""
    for match in _DATE.finditer(text):
        day = _day(match, today)
        if day is None or _not_a_date(text, match):
            continue
        at, end = _time_after(text, match.end())
        if at is None:
            at = _time_before(text, match.start())
        inclusive = _INCLUSIVE.match(text, match.end()) is not None or bool(match["em"])
        yield DateMention(match.start(), end, day, at, inclusive)


def _not_a_date(text: str, match: re.Match[str]) -> bool:
    """A street ("ul. 3 Maja"), or a day of every year ("15 lutego roku poprzedzającego")."""
    if _STREET.search(text, max(match.start() - 12, 0), match.start()):
        return True
    yearless = match["wm"] and not (match["wy"] or match["this"])
    return bool(yearless) and _EVERY_YEAR.match(text, match.end()) is not None


def _day(match: re.Match[str], today: date) -> date | None:
    """The date a match names, or None when it does not exist (31 February)."""
    try:
        if match["iy"]:
            return date(int(match["iy"]), int(match["im"]), int(match["id"]))
        if match["nd"]:
            return date(int(match["ny"]), int(match["nm"]), int(match["nd"]))
        if match["gd"] or match["od"]:
            return _written_day(match, today)
        if match["em"]:
            return _month_end(_month(match["em"]), match["ey"], today)
        if match["sd"] or match["fd"]:
            day, month = (match["sd"], match["sm"]) if match["sd"] else (match["fd"], match["fm"])
            return _next_occurrence(int(month), int(day), today, None)
        month = _month(match["wm"])
        if match["wy"]:
            return date(int(match["wy"]), month, int(match["wd"]))
        if match["this"]:
            return date(today.year, month, int(match["wd"]))
    except ValueError:
        return None
    weekday = match["weekday"] or match["weekday_after"]
    return _next_occurrence(month, int(match["wd"]), today, _weekday(weekday))


def _written_day(match: re.Match[str], today: date) -> date | None:
    """A day glued to its month ("5lutego") or in words ("dwudziestego ósmego stycznia")."""
    number = int(match["gd"]) if match["gd"] else _ORDINALS[" ".join(match["od"].lower().split())]
    month, year = _month(match["gm"] or match["om"]), match["gy"] or match["oy"]
    if year:
        return date(int(year), month, number)
    return _next_occurrence(month, number, today, None)


def _month(name: str) -> int:
    cleaned = name.rstrip(".")
    if cleaned in _ROMAN:
        return _ROMAN.index(cleaned) + 1
    return _MONTHS[cleaned.lower()]


def _weekday(name: str | None) -> int | None:
    if name is None:
        return None
    lowered = name.lower()
    return next(i for i, stem in enumerate(_WEEKDAY_STEMS) if lowered.startswith(stem))


def _next_occurrence(month: int, day: int, today: date, weekday: int | None) -> date | None:
    """The next such day on or after today; with a weekday, the next one that falls on it
    ("do piątku 15 stycznia"), unless neither of the next two does (then the weekday is a
    slip and the nearest date is meant)."""
    if not 1 <= month <= 12:
        return None
    upcoming: list[date] = []
    for year in range(today.year, today.year + 9):  # 29 February recurs within 8 years
        try:
            candidate = date(year, month, day)
        except ValueError:
            continue
        if candidate >= today:
            upcoming.append(candidate)
        if len(upcoming) == 2:
            break
    matching = [d for d in upcoming if weekday is None or d.weekday() == weekday]
    chosen = matching or upcoming
    return chosen[0] if chosen else None


def _time_after(text: str, end: int) -> tuple[time | None, int]:
    """The time stated right after a date ("r. o godz. 15:00"), and where the mention ends."""
    mark = re.compile(r"\s*(?:r\.|roku)", re.IGNORECASE).match(text, end)
    position = mark.end() if mark else end
    found = _TIME_AFTER.match(text, position)
    if found is None:
        return None, end
    for hour_group, minute_group in (("h", "m"), ("oh", "omin"), ("hh", "mm"), ("dh", "dm")):
        if found[hour_group]:
            return _clock(found[hour_group], found[minute_group]), found.end()
    return None, end


def _time_before(text: str, start: int) -> time | None:
    """A time stated before a date: "do godz. 15:30 w dniu …", or office hours' close."""
    found = _TIME_BEFORE.search(text[max(start - 40, 0) : start])
    if found is None:
        found = _OFFICE_HOURS.search(text[max(start - 120, 0) : start])
    return None if found is None else _clock(found["h"], found["m"])


def _clock(hour: str, minute: str | None) -> time | None:
    """A stated time; "24:00" is the whole day; nonsense ("25:00") counts as not stated."""
    if (int(hour), int(minute or 0)) == (24, 0):
        return WHOLE_DAY
    try:
        return time(int(hour), int(minute or 0))
    except ValueError:
        return None


def _month_end(month: int, year: str | None, today: date) -> date:
    """The last day of `month` in `year`, or of its next end on or after today."""
    chosen = int(year) if year else today.year
    end = date(chosen + month // 12, month % 12 + 1, 1) - timedelta(days=1)
    if year is None and end < today:
        return _month_end(month, str(chosen + 1), today)
    return end
