"""Formatting a visitor attaches to a message, checked as Telegram checks a client's entities."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from bot.sandbox.text import utf16_len

STYLES = frozenset({"bold", "italic", "underline", "strikethrough", "code", "text_link"})
MAX_ENTITIES = 100


def checked_entities(text: str, raw: object) -> list[dict[str, Any]] | None:
    """The entities as the bot will get them, or None when any is malformed."""
    if raw is None:
        return []
    if not isinstance(raw, list) or len(raw) > MAX_ENTITIES:
        return None
    size = utf16_len(text)
    checked = []
    for item in raw:
        entity = _entity(item, size)
        if entity is None:
            return None
        checked.append(entity)
    return checked


def _entity(item: object, size: int) -> dict[str, Any] | None:
    if not isinstance(item, dict) or item.get("type") not in STYLES:
        return None
    offset, length = item.get("offset"), item.get("length")
    if not isinstance(offset, int) or not isinstance(length, int):
        return None
    if offset < 0 or length <= 0 or offset + length > size:
        return None
    entity: dict[str, Any] = {"type": item["type"], "offset": offset, "length": length}
    if item["type"] == "text_link":
        url = item.get("url")
        if not isinstance(url, str) or urlsplit(url).scheme not in ("http", "https"):
            return None
        entity["url"] = url
    return entity
