"""'In a week', not 'in 1 week': Babel's relative times as people say them, per language."""

from __future__ import annotations

import re
from datetime import timedelta
from typing import Final

from babel.dates import format_timedelta

# A lone "1" before its unit: "za 1 tydzień", "через 1 тиждень", "in 1 week" (not "21").
_ONE: Final = re.compile(r"(?<![\d,.])1 (?=\w)")
# Ukrainian "через день" also means "every other day", so the day keeps its number.
_KEEP_ONE: Final = {"uk": re.compile(r"\b1 (день|дня)\b")}


def relative_time(delta: timedelta, language: str) -> str:
    """The moment `delta` from now in words ("za tydzień", "через тиждень", "in a week")."""
    text = format_timedelta(delta, add_direction=True, locale=language)
    keep = _KEEP_ONE.get(language)
    if keep is not None and keep.search(text):
        return text
    if language == "en":
        return _ONE.sub(lambda m: "an " if text[m.end() :].startswith("hour") else "a ", text)
    return _ONE.sub("", text)
