"""Fitting text into Telegram's limits: screens whose long parts are shortened to fit, and long
texts split into messages at paragraph boundaries."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Final

from bot.core.render import Html, escape
from bot.core.safe_html import visible_length

MESSAGE_MAX: Final = 4096  # Telegram counts UTF-16 code units of the visible text
ELLIPSIS: Final = "…"
_SPLIT_AT: Final = ("\n\n", "\n", ". ", " ")


@dataclass(frozen=True, slots=True)
class Long:
    """Plain text (a person's) that may be shortened to fit; escaped when rendered."""

    text: str


Part = Html | Long


@dataclass(frozen=True, slots=True)
class Fitted:
    text: Html
    clipped: bool  # some Long part was shortened: offer the full text


def units(text: str) -> int:
    """Telegram's length of plain text: UTF-16 code units."""
    return len(text.encode("utf-16-le")) // 2


def clip_escaped(text: str, room: int) -> Html:
    """Escaped text shortened with an ellipsis to at most `room` visible units."""
    if units(text) <= room:
        return escape(text)
    cut = text[: max(room - 1, 0)]
    while cut and units(cut) > room - 1:
        cut = cut[: -max((units(cut) - room + 1) // 2, 1)]
    return escape(cut.rstrip() + ELLIPSIS)


def fit(parts: Sequence[Part], limit: int = MESSAGE_MAX) -> Fitted:
    """Join the parts (Html as is, Long escaped) into at most `limit` visible units: the fixed
    parts stay whole, the room left is shared among the Long parts, short ones first."""
    fixed = visible_length("".join(part for part in parts if not isinstance(part, Long)))
    longs = sorted(
        ((index, part.text) for index, part in enumerate(parts) if isinstance(part, Long)),
        key=lambda pair: units(pair[1]),
    )
    room = max(limit - fixed - 2 * len(longs), 0)  # slack for strip() and entity edges
    shares: dict[int, int] = {}
    for position, (index, text) in enumerate(longs):
        shares[index] = min(units(text), room // (len(longs) - position))
        room -= shares[index]
    rendered, clipped = [], False
    for index, part in enumerate(parts):
        if isinstance(part, Long):
            clipped = clipped or units(part.text) > shares[index]
            rendered.append(clip_escaped(part.text, shares[index]))
        else:
            rendered.append(part)
    return Fitted(Html("".join(rendered)), clipped)


def split_text(text: str, limit: int = MESSAGE_MAX, first: int | None = None) -> list[str]:
    """Plain text in pieces of at most `limit` units (the first one at most `first`), cut at
    a paragraph break where one is near enough, else a line break, a sentence, a space, and
    only then inside a word."""
    pieces: list[str] = []
    rest = text.strip()
    room = limit if first is None else first
    while units(rest) > room:
        head = rest[: max(room, 1)]
        while units(head) > max(room, 1):
            head = head[:-1]
        cut = _cut_point(head)
        pieces.append(rest[:cut].rstrip())
        rest = rest[cut:].lstrip()
        room = limit
    if rest:
        pieces.append(rest)
    return pieces


def _cut_point(head: str) -> int:
    for separator in _SPLIT_AT:
        at = head.rfind(separator)
        if at >= len(head) // 2:
            return at + len(separator)
    return len(head)


def messages_of(heading: Html, text: str, limit: int = MESSAGE_MAX) -> list[Html]:
    """A heading and a long plain text as messages within the limit: the heading opens the
    first one; the text continues in as many as it needs."""
    pieces = split_text(text, limit, first=limit - visible_length(heading) - 2) or [""]
    first, *rest = pieces
    return [Html(f"{heading}\n{escape(first)}"), *(escape(piece) for piece in rest)]
