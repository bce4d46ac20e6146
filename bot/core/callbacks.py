"""Callback data for inline buttons: compact "prefix:part:part" strings, packed and parsed."""

from __future__ import annotations

from bot.numbers import parse_natural

MAX_BYTES = 64  # Telegram's limit, in UTF-8 bytes
Button = tuple[str, str]  # (label, callback data)
Keyboard = list[list[Button]]


def pack(prefix: str, *parts: object) -> str:
    """Build callback data; ids go in, never names (Polish letters would eat the 64 bytes)."""
    data = ":".join([prefix, *(str(part) for part in parts)])
    if len(data.encode()) > MAX_BYTES:
        raise ValueError(f"callback data over {MAX_BYTES} bytes: {data!r}")
    return data


def unpack(data: str | None, prefix: str, count: int) -> list[str] | None:
    """The `count` parts after `prefix`, or None for another shape (forged or stale)."""
    if not data:
        return None
    head, *parts = data.split(":")
    if head != prefix or len(parts) != count:
        return None
    return parts


def unpack_ints(data: str | None, prefix: str, count: int) -> list[int] | None:
    """Like unpack, for parts that must all be non-negative integers (ids, pages)."""
    parts = unpack(data, prefix, count)
    numbers = [parse_natural(part) for part in parts or ()]
    if parts is None or None in numbers:
        return None
    return [n for n in numbers if n is not None]
