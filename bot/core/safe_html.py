"""Telegram HTML from people and scripts: sanitised to the tags Telegram accepts, and measured."""

from __future__ import annotations

import html
import re
from typing import Final

import nh3

from bot.core.render import Html

# Telegram's parse_mode=HTML tags (https://core.telegram.org/bots/api#html-style); anything
# else is removed with its markup but keeps its text, scripts and styles lose their content too.
_TAGS: Final = {
    "b", "strong", "i", "em", "u", "ins", "s", "strike", "del", "a", "code", "pre",
    "blockquote", "tg-spoiler",
}  # fmt: skip
_ATTRIBUTES: Final = {
    "a": {"href"},
    "code": {"class"},
    "blockquote": {"expandable"},
}
_SCHEMES: Final = {"http", "https", "tg", "mailto"}
_TAG: Final = re.compile(r"<[^>]*>")
# PTB's Message.text_html writes spoilers as spans; Telegram refuses a span of another class, so
# spoilers become <tg-spoiler> and every other span is unwrapped by the cleaner.
_SPOILER_SPAN: Final = re.compile(r'<span\s+class="tg-spoiler"\s*>(.*?)</span>', re.S)


def _attribute_filter(tag: str, attribute: str, value: str) -> str | None:
    # The only class Telegram knows outside spoilers: a code block's language.
    if attribute == "class":
        return value if value.startswith("language-") else None
    return value


def clean_html(text: str) -> Html:
    """Telegram-safe HTML: plain text is escaped, markup outside Telegram's set removed."""
    cleaned = nh3.clean(
        _SPOILER_SPAN.sub(r"<tg-spoiler>\1</tg-spoiler>", text.strip()),
        tags=_TAGS,
        attributes=_ATTRIBUTES,
        attribute_filter=_attribute_filter,
        link_rel=None,
        url_schemes=_SCHEMES,
    )
    return Html(cleaned.strip())


def visible_text(markup: str) -> str:
    """The text a reader sees: tags removed, entities decoded."""
    return html.unescape(_TAG.sub("", markup)).strip()


def visible_length(markup: str) -> int:
    """How long Telegram counts a message: its text without tags, in UTF-16 code units."""
    return len(visible_text(markup).encode("utf-16-le")) // 2
