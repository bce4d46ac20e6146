"""The consultation report as spreadsheets: CSV for Polish Excel and LibreOffice, and XLSX."""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from datetime import datetime
from typing import Final
from zoneinfo import ZoneInfo

from openpyxl import Workbook
from openpyxl.styles import Font

from bot.core.spreadsheet import cell as csv_cell
from bot.postulates.report_content import OWN_NAME, status_text
from storage.postulate_export import ExportRow

COLUMNS: Final = (
    "Lp.",
    "Nr postulatu",
    "Nabór",
    "Temat",
    "Tytuł",
    "Opis",
    "Kogo dotyczy",
    "Zgłaszający",
    "Status",
    "Stanowisko Miasta",
    "Data zgłoszenia",
    "Data odpowiedzi",
    "Poparcie organizacji",
)
DRAFT_COLUMN: Final = "Projekt stanowiska (nieopublikowany)"
# Polish Excel and LibreOffice split on ";" (the comma is the decimal separator) and need the
# BOM to read UTF-8; a date in this form is recognised as a date.
DELIMITER: Final = ";"
DATE_FORMAT: Final = "%Y-%m-%d %H:%M"


def _values(
    rows: Sequence[ExportRow], zone: ZoneInfo, *, public: bool
) -> list[list[str | int | datetime | None]]:
    table: list[list[str | int | datetime | None]] = []
    for index, row in enumerate(rows, start=1):
        values: list[str | int | datetime | None] = [
            index,
            row.id,
            row.round_title or "skrzynka ogólna",
            row.topic,
            row.title,
            row.description,
            row.beneficiaries,
            row.organisation or OWN_NAME,
            status_text(row, public=public),
            row.position or "",
            _local(row.submitted_at, zone),
            _local(row.answered_at, zone) if row.answered_at else None,
            row.supports,
        ]
        if not public:
            values.insert(10, row.draft_position or "")
        table.append(values)
    return table


def columns(*, public: bool) -> tuple[str, ...]:
    return COLUMNS if public else (*COLUMNS[:10], DRAFT_COLUMN, *COLUMNS[10:])


def report_csv(rows: Sequence[ExportRow], zone: ZoneInfo, *, public: bool) -> bytes:
    """UTF-8 with a BOM, ";" between cells, Polish column names; a text a spreadsheet would run
    as a formula gets an apostrophe in front; newlines inside cells stay quoted."""
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, delimiter=DELIMITER)
    writer.writerow(columns(public=public))
    for values in _values(rows, zone, public=public):
        writer.writerow([_csv_text(value) for value in values])
    return buffer.getvalue().encode("utf-8-sig")


def report_xlsx(rows: Sequence[ExportRow], zone: ZoneInfo, *, public: bool) -> bytes:
    """One sheet, a bold header row frozen at the top, dates as dates, text never a formula."""
    book = Workbook()
    sheet = book.active
    sheet.title = "Propozycje"
    sheet.append(list(columns(public=public)))
    for values in _values(rows, zone, public=public):
        sheet.append(values)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in sheet.iter_rows(min_row=2):
        for cell in row:
            if isinstance(cell.value, str):
                cell.data_type = "s"  # "=HYPERLINK(…)" typed by someone stays text
            elif isinstance(cell.value, datetime):
                cell.number_format = "yyyy-mm-dd hh:mm"
    sheet.freeze_panes = "A2"
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _local(moment: datetime, zone: ZoneInfo) -> datetime:
    # Spreadsheets have no time zones: the city's local time, as staff read it.
    return moment.astimezone(zone).replace(tzinfo=None)


def _csv_text(value: str | int | datetime | None) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.strftime(DATE_FORMAT)
    return csv_cell(value) if isinstance(value, str) else str(value)
