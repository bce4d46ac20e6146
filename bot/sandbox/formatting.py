"""Turn a text or caption parameter plus parse_mode into Telegram's stored text and entities."""

from __future__ import annotations

from typing import Any

from bot.sandbox import errors
from bot.sandbox.html_parse import parse_html
from bot.sandbox.text import (
    CAPTION_LIMIT,
    TEXT_LIMIT,
    auto_entities,
    check_explicit_entities,
    merge_entities,
    trim,
    utf16_len,
)

Entities = list[dict[str, Any]]
MARKDOWN_REFUSED = (
    "Bad Request: unsupported parse_mode: the emulator implements only HTML, "
    "as the house style uses"
)


def apply_parse_mode(
    raw: str, parse_mode: str | None, entities: Any, strict: bool
) -> tuple[str, Entities]:
    mode = (parse_mode or "").lower()
    if not mode:
        return raw, [] if entities is None else check_explicit_entities(raw, entities)
    if mode == "html":
        return parse_html(raw, strict)
    if mode in ("markdown", "markdownv2"):
        raise errors.bad_request(MARKDOWN_REFUSED)
    raise errors.bad_request("Bad Request: unsupported parse_mode")


def format_text(
    raw: str | None, parse_mode: str | None, entities: Any = None, strict: bool = True
) -> tuple[str, Entities]:
    """Text of a message: trimmed, non-empty, at most 4096 UTF-16 code units."""
    if not raw:
        raise errors.bad_request(errors.TEXT_EMPTY)
    text, found = trim(*apply_parse_mode(raw, parse_mode, entities, strict))
    if not text:
        raise errors.bad_request(errors.TEXT_EMPTY)
    if utf16_len(text) > TEXT_LIMIT:
        raise errors.bad_request(errors.TEXT_TOO_LONG)
    return text, merge_entities(found, auto_entities(text, found))


def format_caption(
    raw: str | None, parse_mode: str | None, entities: Any = None, strict: bool = True
) -> tuple[str | None, Entities]:
    """Caption of a media message: optional, at most 1024 UTF-16 code units."""
    if not raw:
        return None, []
    text, found = trim(*apply_parse_mode(raw, parse_mode, entities, strict))
    if not text:
        return None, []
    if utf16_len(text) > CAPTION_LIMIT:
        raise errors.bad_request(errors.CAPTION_TOO_LONG)
    return text, merge_entities(found, auto_entities(text, found))
