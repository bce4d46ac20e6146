"""Message text rules: UTF-16 lengths, trimming, length limits and auto-detected entities."""

from __future__ import annotations

import re
from typing import Any

from bot.sandbox import errors

TEXT_LIMIT = 4096
CAPTION_LIMIT = 1024
CALLBACK_DATA_LIMIT = 64
TRIMMED = " \t\r\n"
NO_AUTO_INSIDE = frozenset({"code", "pre", "text_link", "url", "bot_command"})
AUTO_PATTERNS = (
    ("bot_command", re.compile(r"(?<![\w/@])/[A-Za-z0-9_]{1,64}(?:@[A-Za-z0-9_]{3,32})?")),
    ("url", re.compile(r"\bhttps?://[^\s<>\"]+[^\s<>\".,;:!?)\]'}]")),
    ("mention", re.compile(r"(?<![\w@/])@[A-Za-z0-9_]{5,32}\b")),
    ("hashtag", re.compile(r"(?<![\w#])#\w*[^\W\d]\w*")),
)


def utf16_len(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


def trim(text: str, entities: list[dict[str, Any]]) -> tuple[str, list[dict[str, Any]]]:
    """Strip surrounding whitespace like Telegram does, shifting and clipping entities."""
    stripped = text.strip(TRIMMED)
    if stripped == text:
        return text, entities
    shift = utf16_len(text[: len(text) - len(text.lstrip(TRIMMED))])
    size = utf16_len(stripped)
    result = []
    for entity in entities:
        start = max(entity["offset"] - shift, 0)
        end = min(entity["offset"] + entity["length"] - shift, size)
        if end > start:
            result.append({**entity, "offset": start, "length": end - start})
    return stripped, result


def auto_entities(text: str, existing: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Entities Telegram detects by itself: commands, URLs, mentions, hashtags."""
    blocked = [
        (e["offset"], e["offset"] + e["length"]) for e in existing if e["type"] in NO_AUTO_INSIDE
    ]
    found: list[dict[str, Any]] = []
    for kind, pattern in AUTO_PATTERNS:
        for match in pattern.finditer(text):
            offset = utf16_len(text[: match.start()])
            length = utf16_len(match.group())
            if any(start < offset + length and offset < end for start, end in blocked):
                continue
            found.append({"type": kind, "offset": offset, "length": length})
            blocked.append((offset, offset + length))
    return found


def merge_entities(*groups: list[dict[str, Any]]) -> list[dict[str, Any]]:
    merged = [entity for group in groups for entity in group]
    return sorted(merged, key=lambda e: (e["offset"], -e["length"]))


def check_explicit_entities(text: str, entities: Any) -> list[dict[str, Any]]:
    """Validate an `entities` parameter sent without parse_mode."""
    if not isinstance(entities, list):
        raise errors.bad_request("Bad Request: can't parse entities JSON object")
    size = utf16_len(text)
    for entity in entities:
        if not isinstance(entity, dict) or not {"type", "offset", "length"} <= entity.keys():
            raise errors.bad_request("Bad Request: can't parse MessageEntity JSON object")
        if entity["offset"] + entity["length"] > size:
            raise errors.bad_request("Bad Request: entity ends after the end of the text")
    return [dict(entity) for entity in entities]
