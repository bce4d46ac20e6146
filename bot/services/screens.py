"""A screen: the text and inline-button rows of one bot message, before Telegram sees it."""

from __future__ import annotations

from dataclasses import dataclass, field

from bot.services.callbacks import Keyboard
from bot.services.render import Html


@dataclass(frozen=True, slots=True)
class Screen:
    """What a message shows: HTML text and (label, callback data) rows, possibly none."""

    text: Html
    rows: Keyboard = field(default_factory=list)


def refused(problem: Html | str, screen: Screen) -> Screen:
    """The refusal, then the same step's screen again: the step stays."""
    return Screen(Html(f"{problem}\n\n{screen.text}"), screen.rows)
