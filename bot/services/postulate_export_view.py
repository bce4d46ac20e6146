"""/export's screens for staff: choose a round (or the general inbox), then DOCX or CSV."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Final, TypeVar

from bot.numbers import parse_natural
from bot.services.callbacks import Keyboard, pack, unpack
from bot.services.i18n import Translator
from bot.services.postulate_model import Round
from bot.services.screens import Screen

PREFIX: Final = "pex"
INBOX_ID: Final = 0  # in callback data; round ids start at 1
LABEL_MAX: Final = 48  # a round's title on a button, shortened
E = TypeVar("E", bound=StrEnum)


class Format(StrEnum):
    DOCX = "docx"
    CSV = "csv"


class Step(StrEnum):
    LIST = "l"  # back to the rounds
    ROUND = "r"  # a round chosen: offer the formats
    FILE = "f"  # a format chosen: send the file


@dataclass(frozen=True, slots=True)
class Request:
    """What a pressed button asks for (never trusted: the round is looked up again)."""

    step: Step
    round_id: int | None = None  # None: the general inbox
    format: Format | None = None


def choose_round(t: Translator, rounds: list[Round]) -> Screen:
    rows: Keyboard = [[(_label(r.title), pack(PREFIX, Step.ROUND, r.id))] for r in rounds]
    rows.append([(t.plain("📥 General inbox"), pack(PREFIX, Step.ROUND, INBOX_ID))])
    text = t.gettext(
        "📑 <b>Consultation report</b>\nChoose the round (or the general inbox, for "
        "postulates sent outside any round). The newest rounds are listed; "
        "<code>ngobot export</code> reaches every round."
    )
    return Screen(text, rows)


def choose_format(t: Translator, round_: Round | None) -> Screen:
    round_id = INBOX_ID if round_ is None else round_.id
    title = t.plain("General inbox") if round_ is None else round_.title
    text = t.gettext(
        "📑 Report: <b>{title}</b>\nDOCX is the city's table (No. | Proposal | Position of "
        "the City); CSV opens in a spreadsheet.",
        title=title,
    )
    rows: Keyboard = [
        [
            (t.plain("📄 DOCX (Word)"), pack(PREFIX, Step.FILE, round_id, Format.DOCX)),
            (t.plain("📊 CSV (Excel)"), pack(PREFIX, Step.FILE, round_id, Format.CSV)),
        ],
        [(t.plain("⬅️ Rounds"), pack(PREFIX, Step.LIST))],
    ]
    return Screen(text, rows)


def parse(data: str | None) -> Request | None:
    """The request in a "pex:" button ("l", "r:<id>", "f:<id>:<format>"), None if forged."""
    for count in (1, 2, 3):
        parts = unpack(data, PREFIX, count)
        if parts is not None:
            return _request(parts)
    return None


def _request(parts: list[str]) -> Request | None:
    step = _member(Step, parts[0])
    if step is None or len(parts) != {Step.LIST: 1, Step.ROUND: 2, Step.FILE: 3}[step]:
        return None
    if step is Step.LIST:
        return Request(step)
    if parse_natural(parts[1]) is None:
        return None
    round_id = None if int(parts[1]) == INBOX_ID else int(parts[1])
    if step is Step.ROUND:
        return Request(step, round_id)
    chosen = _member(Format, parts[2])
    return None if chosen is None else Request(step, round_id, chosen)


def _member(enum: type[E], value: str) -> E | None:
    try:
        return enum(value)
    except ValueError:
        return None


def _label(title: str) -> str:
    line = " ".join(title.split())
    return line if len(line) <= LABEL_MAX else line[: LABEL_MAX - 1] + "…"
