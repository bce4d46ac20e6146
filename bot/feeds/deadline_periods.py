"""Dates that open a period rather than close it: "od 1 marca", "rozpoczęcie: 1 marca", ranges."""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Final

from bot.feeds.deadline_dates import DateMention

# "do 15 stycznia", "do dnia 15 stycznia": the date ends a period.
UNTIL: Final = re.compile(r"\bdo\s+(?:dnia\s+|dn\.\s*)?$", re.IGNORECASE)
_STARTS: Final = re.compile(
    r"(?:\bod|\bod\s+dnia|\bpocząwszy\s+od|rozpocz\w*(?:\s+się)?|\bstart\w*|\bruszy?|"
    r"\bzaczyna\s+się|\botwarci\w*(?:\s+naboru)?)\s*[:–—-]?\s*(?:dnia\s+|dn\.\s*|w\s+dniu\s+)?"
    r"(?:godz\S*\s*\d{1,2}(?:[:.]\d{2})?\s*,?\s*(?:w\s+dniu\s+|dnia\s+)?)?$",
    re.IGNORECASE,
)
# "W poniedziałek 11 stycznia rozpoczęły się konsultacje": the date opens what follows it.
_STARTS_AFTER: Final = re.compile(
    r"\s*(?:r\.|roku)?\s+(?:\w+\s+)?"
    r"(?:rozpocz(?:ął|ęł|yna|ną|nie)\w*|wystartow\w*|startuje|rusza\b|ruszył\w*)",
    re.IGNORECASE,
)
_OPENING: Final = re.compile(r"\b(?:rozpocz|początek|początku)", re.IGNORECASE)
# Between the two dates of a range: "1.03.2027 – 31.12.2027", "15 grudnia 2026 r. do 15 ...".
_RANGE_GAP: Final = re.compile(
    r"\s*(?:r\.|roku)?\s*\)?\s*(?:[–—-]|do|do\s+dnia)\s*(?:dnia\s+)?$", re.IGNORECASE
)


def starts(
    text: str, clause_start: int, mention: DateMention, mentions: Sequence[DateMention]
) -> bool:
    """Whether a date opens a period: "od 1 marca", "rozpoczęcie: 1 marca", "1.03 – 31.03"."""
    before = text[max(clause_start, mention.start - 60) : mention.start]
    if _STARTS.search(before):
        return True
    if _STARTS_AFTER.match(text, mention.end) and not UNTIL.search(before):
        return True  # "11 stycznia rozpoczęły się konsultacje", not "do 15 stycznia rozpocznie"
    opening = _OPENING.search(before)  # "termin rozpoczęcia naboru: 1 lutego"
    if opening and not re.search(r"\bdo\b|zakończ", before[opening.end() :], re.IGNORECASE):
        return True
    later = [m for m in mentions if m.start >= mention.end]
    if not later:
        return False
    gap = text[mention.end : later[0].start]
    return len(gap) <= 14 and _RANGE_GAP.match(gap) is not None
