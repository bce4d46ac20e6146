"""/export's screens for staff: choose a round (or the general inbox), then the file."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Final, TypeVar

from bot.core.callbacks import Keyboard, pack, unpack
from bot.core.i18n import Translator
from bot.core.screens import Screen
from bot.numbers import parse_natural
from bot.postulates.model import Round

PREFIX: Final = "pex"
INBOX_ID: Final = 0  # in callback data; round ids start at 1
LABEL_MAX: Final = 48  # a round's title on a button, shortened
E = TypeVar("E", bound=StrEnum)


class Format(StrEnum):
    """A file to send: staff's version in four formats, or the DOCX to publish."""

    DOCX = "docx"
    ODT = "odt"
    CSV = "csv"
    XLSX = "xlsx"
    PUBLIC = "pub"


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
        "📑 Report: <b>{title}</b>\nDOCX and ODT are the table in the shape the city "
        "publishes (Lp. | Propozycje organizacji pozarządowych | Stanowisko Miasta), with your "
        "drafted positions marked as drafts; CSV and XLSX open in a spreadsheet. The version "
        "to publish shows published positions only.",
        title=title,
    )

    def button(label: str, fmt: Format) -> tuple[str, str]:
        return (t.plain(label), pack(PREFIX, Step.FILE, round_id, fmt))

    rows: Keyboard = [
        [button("📄 DOCX (Word)", Format.DOCX), button("📄 ODT (LibreOffice)", Format.ODT)],
        [button("📊 CSV (Excel)", Format.CSV), button("📊 XLSX (Excel)", Format.XLSX)],
        [button("📢 DOCX to publish", Format.PUBLIC)],
        [(t.plain("◀️ Rounds"), pack(PREFIX, Step.LIST))],
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
