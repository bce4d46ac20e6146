"""Screens (the text and buttons of one bot message) and the Reply a step answers with."""

from __future__ import annotations

from dataclasses import dataclass, field

from bot.core.callbacks import Keyboard
from bot.core.render import Html


@dataclass(frozen=True, slots=True)
class Screen:
    """What a message shows: HTML text and (label, callback data) rows, possibly none."""

    text: Html
    rows: Keyboard = field(default_factory=list)


def refused(problem: Html | str, screen: Screen) -> Screen:
    """The refusal, then the same step's screen again: the step stays."""
    return Screen(Html(f"{problem}\n\n{screen.text}"), screen.rows)


@dataclass(frozen=True, slots=True)
class Reply:
    """What answers a step: new messages, the pressed message replaced, a button's toast."""

    send: tuple[Screen, ...] = ()
    edit: Screen | None = None
    toast: str | None = None
    alert: bool = False
