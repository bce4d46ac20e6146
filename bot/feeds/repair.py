"""Character references and characters no XML parser, database or Telegram accepts, repaired."""

from __future__ import annotations

import re
import unicodedata
from typing import Final

# A numeric character reference, decimal or hex, of any length (a long one is dropped).
_REFERENCE: Final = re.compile(rb"&#(?:[xX]([0-9a-fA-F]+)|([0-9]+));")
# Two references in a row: UTF-16 surrogate halves some encoders write for one emoji.
_PAIR: Final = re.compile(rb"&#(?:[xX]([0-9a-fA-F]+)|([0-9]+));" * 2)
# More digits than U+10FFFF needs (leading zeros aside) are past it: no int() of them.
_MAX_DIGITS: Final = 12
HIGH, LOW, END = range(0xD800, 0xDC00), range(0xDC00, 0xE000), 0x10FFFF
_KEPT_CONTROLS: Final = frozenset("\t\n\r")
_DECLARED: Final = re.compile(rb"""^\s*<\?xml[^>]*?encoding\s*=\s*["']([A-Za-z0-9._-]+)""")
_UTF8_NAMES: Final = frozenset({b"utf-8", b"utf8"})
# A UTF-8 body with at most this share of broken sequences among its non-ASCII bytes is
# UTF-8 with a few damaged bytes; more means another encoding, left to feedparser to guess.
_DAMAGED_SHARE: Final = 20


def repair_references(body: bytes) -> bytes:
    """Combine `&#55357;&#56832;` into the character it means; drop references to what XML
    forbids (lone surrogates, NUL and other control characters, past U+10FFFF).

    feedparser refuses a whole feed for one such reference ("UnicodeEncodeError"), so one
    bad item would block all the others at every poll. Bodies in UTF-16 or UTF-32 have no
    ASCII "&#" bytes and pass unchanged.
    """
    if b"&#" not in body:
        return body
    return _REFERENCE.sub(_single, _PAIR.sub(_pair, body))


def repair_encoding(body: bytes) -> bytes:
    """A UTF-8 feed with a few invalid bytes, those bytes replaced by U+FFFD.

    Given invalid UTF-8, feedparser decodes the whole feed as windows-1252 instead, and every
    Polish letter of every item comes out garbled ("TreÅ›Ä‡").
    """
    if body.startswith((b"\xff\xfe", b"\xfe\xff", b"\x00", b"\x4c\x6f\xa7\x94")):
        return body  # UTF-16/32 or EBCDIC: not ours to judge
    declared = _DECLARED.match(body[:512])
    if declared is not None and declared[1].lower() not in _UTF8_NAMES:
        return body
    try:
        body.decode("utf-8")
    except UnicodeDecodeError:
        text = body.decode("utf-8", "replace")
        damaged = text.count("\ufffd") - body.count("\ufffd".encode())
        non_ascii = sum(1 for byte in body if byte >= 0x80)
        if damaged * _DAMAGED_SHARE <= max(non_ascii, _DAMAGED_SHARE):
            return text.encode("utf-8")
    return body


def clean_text(text: str) -> str:
    """Text without lone surrogates and control characters (tab and newlines kept)."""
    if text.isprintable():
        return text
    return "".join(
        char
        for char in text
        if char in _KEPT_CONTROLS or unicodedata.category(char) not in ("Cc", "Cs")
    )


def _pair(match: re.Match[bytes]) -> bytes:
    high, low = _value(match[1], match[2]), _value(match[3], match[4])
    if high in HIGH and low in LOW:
        combined = 0x10000 + ((high - 0xD800) << 10) + (low - 0xDC00)
        return b"&#x%X;" % combined
    return _single_value(high, match[0][: match[0].index(b";") + 1]) + _single_value(
        low, match[0][match[0].index(b";") + 1 :]
    )


def _single(match: re.Match[bytes]) -> bytes:
    return _single_value(_value(match[1], match[2]), match[0])


def _single_value(value: int, reference: bytes) -> bytes:
    return reference if _allowed(value) else b""


def _value(hex_digits: bytes | None, decimal: bytes | None) -> int:
    digits = (hex_digits or decimal or b"0").lstrip(b"0") or b"0"
    if len(digits) > _MAX_DIGITS:
        return END + 1
    return int(digits, 16) if hex_digits else int(digits)


def _allowed(value: int) -> bool:
    """XML 1.0's Char production: tab, newlines, and U+0020 up, less surrogates and FFFE/FFFF."""
    if value in (0x9, 0xA, 0xD):
        return True
    if value < 0x20 or value in HIGH or value in LOW or value in (0xFFFE, 0xFFFF):
        return False
    return value <= END
