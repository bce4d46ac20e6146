"""The consultation report: a round's postulates and the city's positions as DOCX and CSV."""

from __future__ import annotations

import asyncio
import csv
import io
import re
from collections.abc import Sequence
from datetime import datetime
from typing import Final
from zoneinfo import ZoneInfo

from docx import Document
from docx.document import Document as WordDocument
from docx.enum.section import WD_ORIENT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm
from docx.table import _Cell, _Row

from bot.core.clock import Clock, utc_now
from bot.core.dates import format_long
from bot.core.spreadsheet import cell as csv_cell
from bot.organisations.service import fold_name
from bot.postulates.model import Round, Status
from bot.postulates.rounds import round_of
from storage import Database, postulate_export
from storage import rounds as storage_rounds
from storage.postulate_export import ExportRow

# The report is the city's Polish document (like the 2024 table in the seeds), whatever the
# language of the person asking for it.
LANGUAGE: Final = "pl"
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
COLUMNS: Final = ("Lp.", "Postulat organizacji", "Stanowisko Miasta")
WIDTHS: Final = (Cm(1.3), Cm(7.85), Cm(7.85))  # A4 portrait, 2 cm margins: 17 cm of table
INBOX_TITLE: Final = "Postulaty spoza konsultacji (skrzynka ogólna)"
NO_ANSWER: Final = "bez odpowiedzi"
RECENT_ROUNDS: Final = 10  # offered as buttons in the chat
CSV_HEADER: Final = (
    "id",
    "round",
    "topic",
    "title",
    "description",
    "organisation",
    "status",
    "position",
    "submitted",
    "answered",
    "supports",
)
# Characters XML 1.0 forbids (a user may paste them): Word would refuse the whole file.
_NOT_XML: Final = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def status_word(status: str) -> str:
    return STATUS_WORDS[Status(status)]


def report_name(round_: Round | None, extension: str) -> str:
    """ "postulaty-roczny-program-wspolpracy-2027.docx"; the inbox: "postulaty-skrzynka-ogolna"."""
    if round_ is None:
        return f"postulaty-skrzynka-ogolna.{extension}"
    slug = "-".join(fold_name(round_.title).split())[:60].strip("-") or f"runda-{round_.id}"
    return f"postulaty-{slug}.{extension}"


def round_report_docx(
    round_: Round | None, rows: Sequence[ExportRow], now: datetime, zone: ZoneInfo
) -> bytes:
    """The seeds' table: heading with the round and date, then Lp. | postulate | position."""
    document = Document()
    _page_setup(document)
    document.add_heading(_xml_safe(round_.title if round_ else INBOX_TITLE), level=1)
    if round_ is not None:
        opens = format_long(round_.opens_at, LANGUAGE, zone)
        closes = format_long(round_.closes_at, LANGUAGE, zone)
        document.add_paragraph(f"Konsultacje od {opens} do {closes}.")
    document.add_paragraph(
        "Zestawienie postulatów organizacji pozarządowych i stanowisk Miasta według stanu na "
        f"{format_long(now, LANGUAGE, zone)}."
    )
    if not rows:
        document.add_paragraph("Nie zgłoszono postulatów.")
        return _save(document)
    table = document.add_table(rows=1, cols=len(COLUMNS))
    table.style = "Table Grid"
    _header(table.rows[0])
    numbers = {row.id: index for index, row in enumerate(rows, start=1)}
    for index, row in enumerate(rows, start=1):
        cells = table.add_row().cells
        cells[0].text = f"{index}."
        _postulate_cell(cells[1], row)
        _position_cell(cells[2], row, numbers)
    for row_ in table.rows:
        for cell, width in zip(row_.cells, WIDTHS, strict=True):
            cell.width = width
    return _save(document)


def _page_setup(document: WordDocument) -> None:
    section = document.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Cm(21), Cm(29.7)
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, Cm(2))


def _header(row: _Row) -> None:
    for cell, title in zip(row.cells, COLUMNS, strict=True):
        cell.paragraphs[0].add_run(title).bold = True
    # Repeated at the top of every page, as in the city's printed tables.
    mark = OxmlElement("w:tblHeader")
    mark.set(qn("w:val"), "true")
    row._tr.get_or_add_trPr().append(mark)


def _postulate_cell(cell: _Cell, row: ExportRow) -> None:
    cell.paragraphs[0].add_run(_xml_safe(row.title)).bold = True
    cell.add_paragraph(_xml_safe(row.description))
    _labelled(cell, "Dotyczy: ", row.beneficiaries)
    _labelled(cell, "Zgłaszający: ", row.organisation or "w imieniu własnym")
    _labelled(cell, "Obszar: ", row.topic)
    if row.supports:
        _labelled(cell, "Poparcie innych organizacji: ", str(row.supports))


def _position_cell(cell: _Cell, row: ExportRow, numbers: dict[int, int]) -> None:
    status = Status(row.status)
    first = cell.paragraphs[0]
    if status is Status.MERGED and row.merged_into is not None:
        target = numbers.get(row.merged_into)
        where = f"Lp. {target}" if target else f"nr {row.merged_into} (spoza zestawienia)"
        first.add_run(f"Połączony z postulatem {where}.").italic = True
    elif status is Status.WITHDRAWN:
        first.add_run("Wycofany przez zgłaszającego.").italic = True
        if row.withdraw_reason:
            _labelled(cell, "Powód: ", row.withdraw_reason)
    elif row.position is not None:
        first.add_run(_capitalised(STATUS_WORDS[status]) + ".").bold = True
        cell.add_paragraph(_xml_safe(row.position))
    else:
        first.add_run(NO_ANSWER).italic = True


def _labelled(cell: _Cell, label: str, value: str) -> None:
    paragraph = cell.add_paragraph()
    paragraph.add_run(label).italic = True
    paragraph.add_run(_xml_safe(value))


def _capitalised(text: str) -> str:
    return text[:1].upper() + text[1:]


def _xml_safe(text: str) -> str:
    """Text Word can store; a Windows line end is one line break, not two."""
    return _NOT_XML.sub("", text.replace("\r\n", "\n"))


def _save(document: WordDocument) -> bytes:
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def round_report_csv(rows: Sequence[ExportRow], zone: ZoneInfo | None = None) -> bytes:
    """UTF-8 with a BOM (Excel reads the Polish letters), quoted by the csv module so that
    commas, quotes and newlines in what people typed round-trip (a text a spreadsheet would
    run as a formula gets an apostrophe in front); dates in ISO 8601."""
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer)
    writer.writerow(CSV_HEADER)
    for row in rows:
        writer.writerow(
            (
                row.id,
                csv_cell(row.round_title or ""),
                csv_cell(row.topic),
                csv_cell(row.title),
                csv_cell(row.description),
                csv_cell(row.organisation or ""),
                status_word(row.status),
                csv_cell(row.position or ""),
                _iso(row.submitted_at, zone),
                _iso(row.answered_at, zone) if row.answered_at else "",
                row.supports,
            )
        )
    return buffer.getvalue().encode("utf-8-sig")


def _iso(moment: datetime, zone: ZoneInfo | None) -> str:
    local = moment.astimezone(zone) if zone is not None else moment
    return local.isoformat(timespec="seconds")


class ReportService:
    """The report of a round (None: the general inbox) for staff and operators."""

    def __init__(self, db: Database, zone: ZoneInfo, clock: Clock = utc_now) -> None:
        self._db = db
        self.zone = zone
        self._clock = clock

    async def round(self, round_id: int) -> Round | None:
        found = await storage_rounds.get_round(self._db, round_id)
        return None if found is None else round_of(found)

    async def recent_rounds(self, limit: int = RECENT_ROUNDS) -> list[Round]:
        """The newest rounds first (the chat offers these; the CLI reaches any round)."""
        return [round_of(found) for found in await storage_rounds.list_recent(self._db, limit)]

    async def docx(self, round_id: int | None) -> bytes | None:
        """The DOCX report, or None for an unknown round."""
        found = await self._round_and_rows(round_id)
        if found is None:
            return None
        round_, rows = found
        # python-docx needs about 3 ms a row: a thread keeps the bot answering meanwhile.
        return await asyncio.to_thread(round_report_docx, round_, rows, self._clock(), self.zone)

    async def csv(self, round_id: int | None) -> bytes | None:
        """The CSV export, or None for an unknown round."""
        found = await self._round_and_rows(round_id)
        return None if found is None else round_report_csv(found[1], self.zone)

    async def file_name(self, round_id: int | None, extension: str) -> str | None:
        if round_id is None:
            return report_name(None, extension)
        round_ = await self.round(round_id)
        return None if round_ is None else report_name(round_, extension)

    async def _round_and_rows(
        self, round_id: int | None
    ) -> tuple[Round | None, list[ExportRow]] | None:
        round_ = None if round_id is None else await self.round(round_id)
        if round_id is not None and round_ is None:
            return None
        return round_, await postulate_export.list_report_rows(self._db, round_id)
