"""Deadlines stated in Polish calls for proposals and consultations ("oferty do 15.01.2027")."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from datetime import date, datetime, time
from typing import Final
from zoneinfo import ZoneInfo

from dateparser.languages.loader import default_loader

from bot.core.dates import DEADLINE_TIME, localise

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
    rf"|(?-i:{_alternatives(reversed(_ROMAN))})(?!\w)"
)
_WEEKDAY: Final = rf"(?:{'|'.join(_WEEKDAY_STEMS)})\w*"
_YEAR_MARK: Final = r"(?:\s*r\.|\s+roku)?"  # "2027 r."

# A date in any of the forms calls use; the groups are read by _day().
_DATE: Final = (
    rf"(?:(?P<weekday>{_WEEKDAY})\s*,?\s+)?"  # "piątku 15 stycznia"
    r"(?:(?P<iso>\d{4}-\d{2}-\d{2})"  # "2027-01-15"
    rf"|(?P<nd>\d{{1,2}})(?P<sep>[./-])(?P<nm>\d{{1,2}})(?P=sep)(?P<ny>\d{{4}}){_YEAR_MARK}"
    rf"|(?P<wd>\d{{1,2}})(?:\s*[.-]\s*|\s+)(?P<wm>{_MONTH})\.?"  # "15 stycznia", "15.I."
    rf"(?:\s*[.-]?\s*(?P<wy>\d{{4}}){_YEAR_MARK}|\s+(?P<this>br\.|b\.\s?r\.|bieżącego roku))?"
    r")(?!\d)"
    rf"(?:\s*\(\s*(?P<weekday_after>{_WEEKDAY})\s*\))?"  # "15 stycznia 2027 r. (piątek)"
)
# "do godz. 15:00 w dniu 15 stycznia": a time may come first.
_WHEN: Final = (
    r"(?:godz(?:\.|iny|inie)?\s*(?P<bh>\d{1,2})(?:[:.](?P<bm>\d{2}))?\s*,?\s*"
    rf"(?:w\s+dniu\s+|dnia\s+)?)?{_DATE}"
)
# After a date: "o godz. 15:00", ", godz. 12", "do godz. 16.00", "o 15", "15:00".
_TIME: Final = re.compile(
    r"\s*,?\s*(?:(?:(?:o|do)\s+)?godz(?:\.|ina|iny|inie)?\s*(?P<h>\d{1,2})(?:[:.](?P<m>\d{2}))?"
    r"|o\s+(?P<h2>\d{1,2})(?:[:.](?P<m2>\d{2}))?|(?:do\s+)?(?P<h3>\d{1,2}):(?P<m3>\d{2}))(?!\d)",
    re.IGNORECASE,
)

# Words that make a date in the same sentence something other than a submission deadline:
# results, evaluation, signing and carrying out the task. Announcing is one too, but only
# between the phrase's words ("ofert złożonych zostanie ogłoszona do"): "W ogłoszonym
# konkursie oferty należy składać do" still states a deadline.
_EXCLUDED: Final = r"wynik|rozstrzyg|rozpatr|ocen|podpis|zrealiz|realizowan"
_EXCLUDED_INSIDE: Final = rf"{_EXCLUDED}|ogłosz|ogłasz"
_SENTENCE_END: Final = r"[.!?]\s+(?-i:[A-ZĄĆĘŁŃÓŚŹŻ])"
_GAP: Final = rf"(?:(?!{_SENTENCE_END}).){{0,160}}?"
_CLEAN_GAP: Final = rf"(?:(?!{_SENTENCE_END}|{_EXCLUDED_INSIDE}).){{0,100}}?"
# "do", "do dnia", "najpóźniej do", "w terminie do dnia", "nie później niż (do)".
_UNTIL: Final = (
    r"(?:w\s+(?:nieprzekraczalnym\s+)?terminie\s+)?"
    r"(?:najpóźniej\s+do|nie\s+później\s+niż(?:\s+do)?|do)\s+(?:dnia\s+|dn\.\s*)?"
)
# How a "termin składania ..." sentence gives its date: "upływa", ":", "–", "to", "mija z dniem".
_DUE: Final = (
    r"(?:(?:upływa|mija|kończy\s+się|przypada|wyznaczono\s+na|ustalono\s+na|to|jest)\s*[:–—-]?"
    r"|[:–—-])\s*(?:" + _UNTIL + r"|(?:w\s+dniu|dnia|z\s+dniem|na\s+dzień)\s+)?|" + _UNTIL
)
_SUBMITTING: Final = (
    r"składania|złożenia|nadsyłania|przesyłania|przyjmowania|zgłaszania|zgłoszeń|wnoszenia"
    r"|naboru|zapisów|rejestracji|dostarczenia"
)
_VERBS: Final = (
    r"(?:skład|złoż|nadsył|nadesł|przesył|przesł|zgłasz|zgłos|przyjm|dostarcz|wnosi|wnieś)\w*"
)
_SUBJECTS: Final = (
    r"oferty|ofert|wnioski|wniosków|zgłoszenia|zgłoszeń|uwagi|uwag|opinie|formularze"
    r"|aplikacje|propozycje|prace|zapisy|karty\s+zgłoszeniowe"
)
_PROCESSES: Final = r"nabór|naboru|rekrutacj\w*|konsultacj\w*|zapisy|rejestracj\w*"
_LASTING: Final = (
    r"trwa|trwają|potrwa|potrwają|trwać\s+będ\w+|będ\w+\s+trwa\w*|prowadzon\w*|odbywa\w*"
    r"|odbęd\w*|otwart\w*"
)
_RANGE: Final = r"(?:w\s+dniach\s+|od\s+)?\d{1,2}(?:\.\d{1,2})?\.?\s*[–—-]\s*"  # "1–10 marca"

# The deadline phrases: each ends where its date begins. The first date stated wins.
PHRASES: Final = tuple(
    re.compile(pattern + _WHEN, re.IGNORECASE)
    for pattern in (
        # "Termin składania ofert upływa 15 stycznia 2027 r.", "Termin naboru: do 20.02.2027"
        rf"\btermin\w*\s+(?:{_SUBMITTING})\b{_GAP}(?:{_DUE})",
        # "oferty należy składać do dnia 15.01.2027", "wnioski przyjmowane są do 20 lutego"
        rf"\b{_VERBS}{_CLEAN_GAP}{_UNTIL}",
        # "Oferty do 15.01.2027", "zgłoszenia do piątku 15 stycznia", "Uwagi: do 5 marca"
        rf"\b(?:{_SUBJECTS})\s*[:–—-]?\s*{_UNTIL}",
        # "nabór trwa do 31 stycznia 2027", "konsultacje potrwają od 1 do 10 marca 2027"
        rf"\b(?:{_PROCESSES})\b{_CLEAN_GAP}\b(?:{_LASTING})\b{_CLEAN_GAP}(?:{_UNTIL}|{_RANGE})",
        # "konsultacje zakończą się 10 marca 2027 r."
        rf"\b(?:{_PROCESSES})\b{_CLEAN_GAP}\b(?:za)?kończ\w*\s+się\s+(?:w\s+dniu\s+|dnia\s+)?",
        # "w terminie do dnia 2027-01-15", "nie później niż do 15 I 2027 r."
        r"(?:\bw\s+(?:nieprzekraczalnym\s+)?terminie\s+do|\bnie\s+później\s+niż(?:\s+do)?"
        r"|\bnajpóźniej\s+do)\s+(?:dnia\s+|dn\.\s*)?",
    )
)
_EXCLUDED_BEFORE: Final = re.compile(_EXCLUDED, re.IGNORECASE)
_SENTENCE_START: Final = re.compile(_SENTENCE_END, re.IGNORECASE)
_LOOKBACK: Final = 80


def extract_deadline(text: str, zone: ZoneInfo, now: datetime) -> datetime | None:
    """The submission or closing deadline stated in Polish `text`, in `zone`, or None.

    A date without a time means DEADLINE_TIME; a date without a year its next occurrence on
    or after `now`'s date ("br." this year). Past dates are returned as found.
    """
    flat = " ".join(text.split())
    today = now.astimezone(zone).date()
    found = sorted(_candidates(flat, today), key=lambda candidate: candidate[0])
    if not found:
        return None
    _, day, at = found[0]
    return localise(datetime.combine(day, at), zone)


def _candidates(text: str, today: date) -> Iterator[tuple[int, date, time]]:
    """(where the date ends, the day, the time) for every deadline phrase in the text."""
    for phrase in PHRASES:
        for match in phrase.finditer(text):
            day = _day(match, today)
            if day is not None and not _excluded_before(text, match.start()):
                yield match.end(), day, _time(match, text)


def _excluded_before(text: str, start: int) -> bool:
    """Whether the sentence leading up to a phrase is about results or carrying out a task."""
    # One character more: the capital that starts the phrase's sentence marks its start.
    window = text[max(start - _LOOKBACK, 0) : start + 1]
    sentences = list(_SENTENCE_START.finditer(window))
    if sentences:
        window = window[sentences[-1].end() - 1 :]
    return _EXCLUDED_BEFORE.search(window) is not None


def _day(match: re.Match[str], today: date) -> date | None:
    """The date a phrase names, or None when it does not exist (31 February)."""
    try:
        if match["iso"]:
            return date.fromisoformat(match["iso"])
        if match["nd"]:
            return date(int(match["ny"]), int(match["nm"]), int(match["nd"]))
        month = _month(match["wm"])
        if match["wy"]:
            return date(int(match["wy"]), month, int(match["wd"]))
        if match["this"]:
            return date(today.year, month, int(match["wd"]))
    except ValueError:
        return None
    weekday = match["weekday"] or match["weekday_after"]
    return _next_occurrence(month, int(match["wd"]), today, _weekday(weekday))


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


def _time(match: re.Match[str], text: str) -> time:
    """The time stated before or after the date, else DEADLINE_TIME; nonsense is ignored."""
    hour, minute = match["bh"], match["bm"]
    after = _TIME.match(text, match.end())
    if hour is None and after is not None:
        hour = after["h"] or after["h2"] or after["h3"]
        minute = after["m"] or after["m2"] or after["m3"]
    if hour is None:
        return DEADLINE_TIME
    if (int(hour), int(minute or 0)) == (24, 0):
        return time(23, 59)  # "do godz. 24:00": the whole day
    try:
        return time(int(hour), int(minute or 0))
    except ValueError:
        return DEADLINE_TIME
