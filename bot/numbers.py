"""Whole numbers read from outside (callback data, headers, feeds, CLI, environment)."""

from __future__ import annotations

import unicodedata

# str.isdigit() is true for '²' and '①', which int() refuses; str.isdecimal() is true for
# full-width and Arabic-Indic digits, which int() accepts but no machine ever sends us.
ASCII_DIGITS = frozenset("0123456789")


def parse_natural(text: str | None, *, max_digits: int = 12, typed: bool = False) -> int | None:
    """A non-negative integer written in ASCII digits only, or None.

    `max_digits` bounds the value before int() sees it (ids fit 12 digits; a longer number
    is forged). With `typed` (a person typed it: a CLI argument, a setting) surrounding
    spaces are allowed and any Unicode decimal digit (full-width '１２', Arabic-Indic '١٢')
    counts as its ASCII digit; superscripts and circled numbers never do.
    """
    if text is None:
        return None
    if typed:
        text = _ascii_decimals(text.strip())
    if not text or len(text) > max_digits or not set(text) <= ASCII_DIGITS:
        return None
    return int(text)


def _ascii_decimals(text: str) -> str:
    return "".join(str(unicodedata.decimal(char)) if char.isdecimal() else char for char in text)
