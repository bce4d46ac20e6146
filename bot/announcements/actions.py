"""The /announce conversation's steps, its dialog keys, and its buttons' callback data."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Final

from bot.core.callbacks import unpack

FLOW, PREFIX = "announce", "ann"
WAS_AT: Final = "was_at"  # in the dialog: when an edited scheduled announcement was due


class Step(StrEnum):
    """Where the conversation is; a text step's value is its Field's."""

    KIND = "kind"
    ORGANISATION = "org"
    PREVIEW = "preview"
    FIELDS = "fields"
    SCHEDULE_CONFIRM = "schedok"


@dataclass(frozen=True, slots=True)
class Action:
    """A parsed /announce button: what was pressed and its argument (a kind, id or field)."""

    name: str
    arg: str = ""


_BARE: Final = frozenset(
    {"all", "org", "done", "skip", "test", "edit", "sched", "sok", "now", "back", "x", "fix"}
    | {"nowq", "nowb"}  # Send now asks once: the question, and back to the preview
    | {"again"}  # an edited scheduled announcement back on the schedule at its time
)
_WITH_ARG: Final = frozenset({"k", "t", "o", "f"})


def parse(data: str | None) -> Action | None:
    """A button's action; None for anything malformed or forged."""
    for count in (1, 2):
        parts = unpack(data, PREFIX, count)
        if parts is None:
            continue
        if count == 1 and parts[0] in _BARE:
            return Action(parts[0])
        if count == 2 and parts[0] in _WITH_ARG and parts[1].isalnum() and len(parts[1]) <= 12:
            return Action(parts[0], parts[1])
    return None
