"""Deadlines a notice changes: extended, moved from an earlier date, corrected, or cancelled.

A moved or corrected date ("przesunięto z 22 na 29 stycznia", "nie do 14, lecz do 21 grudnia")
gives way to the new one, and a notice that cancels a call states no deadline at all.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Final

from bot.feeds.deadline_dates import DateMention

_EXTENDED: Final = re.compile(
    r"\b(?:przedłuż|wydłuż|przesun|nowy\s+termin|zmian\w*\s+termin)", re.IGNORECASE
)
# The date a deadline was moved from: "(pierwotnie 22 stycznia)", "z 22 stycznia na 29 stycznia".
_SUPERSEDED: Final = re.compile(
    r"\b(?:pierwotn|poprzedn|dotychczasow|wcześniej)\w*\W*$", re.IGNORECASE
)
# "nie do 14 grudnia, jak podawaliśmy, lecz do 21 grudnia", "zamiast 14 grudnia": a corrected
# date; the one after "lecz" counts.
_NEGATED: Final = re.compile(r"\bnie\s+(?:do\s+)?(?:dnia\s+)?$", re.IGNORECASE)
_CORRECTION: Final = re.compile(r"\b(?:lecz|ale|tylko)\b", re.IGNORECASE)
_INSTEAD: Final = re.compile(r"\bzamiast\s+(?:dnia\s+|do\s+)?$", re.IGNORECASE)
_MOVED_FROM: Final = re.compile(r"\bz\s+(?:dnia\s+)?$", re.IGNORECASE)
_MOVED_TO: Final = re.compile(r"\s*(?:r\.|roku)?\s*na\s+(?:dzień\s+)?", re.IGNORECASE)
# A notice that a call is cancelled: the deadlines it names no longer run.
# Not "zastrzega sobie prawo do unieważnienia konkursu", which every call says.
_CANCELLED: Final = re.compile(
    r"\bunieważni(?:a\s+się|am|ł\w*|ono|on\w*)\b|\b(?:w\s+sprawie|o)\s+unieważnieni\w*",
    re.IGNORECASE,
)


def extended(before: str) -> bool:
    """Whether the words before a date say it replaces an earlier deadline ("przedłużono do")."""
    return _EXTENDED.search(before) is not None


def superseded(
    text: str, clause_start: int, mention: DateMention, mentions: Sequence[DateMention]
) -> bool:
    """Whether a date is the one a moved deadline replaced ("przesunięto z 22 na 29 stycznia")."""
    before = text[clause_start : mention.start]
    if _SUPERSEDED.search(before) or _INSTEAD.search(before):
        return True
    if _corrected(text, mention, mentions):
        return True
    if not (extended(before) and _MOVED_FROM.search(before)):
        return False
    later = [m for m in mentions if m.start >= mention.end]
    return bool(later) and _MOVED_TO.fullmatch(text[mention.end : later[0].start]) is not None


def _corrected(text: str, mention: DateMention, mentions: Sequence[DateMention]) -> bool:
    """Whether a date is negated and a later one in its sentence replaces it ("nie do 14, lecz
    do 21 grudnia")."""
    if _NEGATED.search(text, max(mention.start - 12, 0), mention.start) is None:
        return False
    later = [m for m in mentions if m.start >= mention.end]
    if not later:
        return False
    between = text[mention.end : later[0].start]
    return "." not in between.replace("r.", "") and _CORRECTION.search(between) is not None


def cancelled(text: str) -> bool:
    """Whether `text` announces that a call is cancelled ("unieważnia się otwarty konkurs")."""
    return _CANCELLED.search(text) is not None
