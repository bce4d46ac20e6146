"""What the consultation report says, in the city's words and shape, before any file format.

The shape is the table MOPS publishes (see the 2024 one: "Propozycje do projektu … zebrane na
spotkaniu w dniu 18 czerwca 2024 r. … W spotkaniu wzięli udział przedstawiciele 12 organizacji
pozarządowych.", then "Lp. | Propozycje organizacji pozarządowych | Stanowisko Miasta – …"):
cells in plain prose, the details (who it concerns, topic, submitter, status) in an appendix.
Staff's version shows drafted positions as drafts; the public one only published positions.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Final
from zoneinfo import ZoneInfo

from babel.dates import format_date

from bot.postulates.model import Round, Status
from storage.postulate_export import ExportRow

STATUS_WORDS: Final = {
    Status.NEW: "nowy",
    Status.UNDER_REVIEW: "w analizie",
    Status.ACCEPTED: "przyjęty",
    Status.PARTLY_ACCEPTED: "przyjęty częściowo",
    Status.REJECTED: "odrzucony",
    Status.WILL_MAKE_EFFORTS: "Miasto dołoży starań",
    Status.OUTSIDE_COMPETENCE: "poza kompetencjami Miasta",
    Status.IMPLEMENTED: "zrealizowany",
    Status.WITHDRAWN: "wycofany",
    Status.MERGED: "połączony z innym",
}
PROPOSALS: Final = "Propozycje organizacji pozarządowych"
DETAIL_COLUMNS: Final = (
    "Lp.",
    "Tytuł",
    "Kogo dotyczy",
    "Temat",
    "Zgłaszający",
    "Poparcie organizacji",
    "Status",
)
APPENDIX: Final = "Załącznik. Szczegóły propozycji"
NO_POSITION_PUBLIC: Final = "Stanowisko w przygotowaniu."
NO_POSITION_STAFF: Final = "Stanowisko nie zostało jeszcze przygotowane."
DRAFT: Final = "Projekt stanowiska (nieopublikowany): "
OWN_NAME: Final = "we własnym imieniu"


@dataclass(frozen=True, slots=True)
class ReportContent:
    """The report's text: heading, participants line, the main table and the appendix."""

    heading: str
    participants: str
    as_of: str
    columns: tuple[str, str, str]
    rows: list[tuple[str, str, str]]
    detail_rows: list[tuple[str, str, str, str, str, str, str]]
    public: bool


def in_words(moment: datetime, zone: ZoneInfo) -> str:
    """'18 czerwca 2024 r.', as Polish offices write dates."""
    return f"{format_date(moment.astimezone(zone).date(), 'd MMMM y', locale='pl')} r."


def heading(round_: Round | None, institution: str, zone: ZoneInfo) -> str:
    if round_ is None:
        return (
            "Propozycje organizacji pozarządowych zgłoszone poza naborami (skrzynka ogólna), "
            f"zebrane przez {institution}."
        )
    opens, closes = in_words(round_.opens_at, zone), in_words(round_.closes_at, zone)
    if opens == closes:
        return (
            f"Propozycje do projektu „{round_.title}” zebrane na spotkaniu w dniu {opens} "
            f"zorganizowanym przez {institution}."
        )
    return (
        f"Propozycje do projektu „{round_.title}” zebrane w dniach od {opens.removesuffix(' r.')}"
        f" do {closes} przez {institution}."
    )


def participants(count: int, *, meeting: bool) -> str:
    """'W spotkaniu wzięli udział przedstawiciele 12 organizacji pozarządowych.'"""
    if count == 0:
        return "Żadna organizacja pozarządowa nie zgłosiła ani nie poparła propozycji."
    where = "W spotkaniu" if meeting else "W naborze"
    noun = "organizacji pozarządowej" if count == 1 else "organizacji pozarządowych"
    return f"{where} wzięli udział przedstawiciele {count} {noun}."


def proposal_prose(row: ExportRow) -> str:
    """The proposal as one piece of prose: its title as the first sentence, then the text."""
    title = row.title.strip()
    if title and title[-1] not in ".!?…":
        title += "."
    return f"{title} {row.description.strip()}".strip()


def position_prose(row: ExportRow, numbers: dict[int, int], *, public: bool) -> str:
    status = Status(row.status)
    if status is Status.MERGED and row.merged_into is not None:
        target = numbers.get(row.merged_into)
        where = f"Lp. {target}" if target else f"nr {row.merged_into} (spoza zestawienia)"
        return f"Propozycja połączona z propozycją {where}."
    if status is Status.WITHDRAWN:
        reason = f" Powód: {row.withdraw_reason}" if row.withdraw_reason else ""
        return f"Propozycja wycofana przez zgłaszającego.{reason}"
    if row.position is not None:
        return row.position
    if not public and row.draft_position is not None:
        return DRAFT + row.draft_position
    return NO_POSITION_PUBLIC if public else NO_POSITION_STAFF


def status_text(row: ExportRow, *, public: bool) -> str:
    word = STATUS_WORDS[Status(row.status)]
    if not public and row.draft_status is not None and row.position is None:
        return f"{word} (projekt odpowiedzi: {STATUS_WORDS[Status(row.draft_status)]})"
    return word


def build_content(
    round_: Round | None,
    rows: Sequence[ExportRow],
    taking_part: int,
    *,
    institution: str,
    institution_genitive: str,
    now: datetime,
    zone: ZoneInfo,
    public: bool,
) -> ReportContent:
    """The whole report; `public` leaves drafted positions out."""
    numbers = {row.id: index for index, row in enumerate(rows, start=1)}
    meeting = round_ is not None and in_words(round_.opens_at, zone) == in_words(
        round_.closes_at, zone
    )
    main = [
        (f"{index}.", proposal_prose(row), position_prose(row, numbers, public=public))
        for index, row in enumerate(rows, start=1)
    ]
    details = [
        (
            f"{index}.",
            row.title,
            row.beneficiaries,
            row.topic,
            row.organisation or OWN_NAME,
            str(row.supports),
            status_text(row, public=public),
        )
        for index, row in enumerate(rows, start=1)
    ]
    version = "Wersja do publikacji" if public else "Wersja robocza dla pracowników"
    return ReportContent(
        heading=heading(round_, institution, zone),
        participants=participants(taking_part, meeting=meeting),
        as_of=f"{version}, stan na {in_words(now, zone)}",
        columns=("Lp.", PROPOSALS, f"Stanowisko Miasta – {institution_genitive}"),
        rows=main,
        detail_rows=details,
        public=public,
    )
