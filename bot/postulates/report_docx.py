"""The consultation report as DOCX: the city's heading, its three-column table, an appendix."""

from __future__ import annotations

import io
import re
from collections.abc import Sequence
from typing import Final, cast

from docx import Document
from docx.document import Document as WordDocument
from docx.enum.section import WD_ORIENT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm
from docx.table import Table, _Row

from bot.postulates.report_content import APPENDIX, DETAIL_COLUMNS, ReportContent

WIDTHS: Final = (Cm(1.3), Cm(7.85), Cm(7.85))  # A4 portrait, 2 cm margins: 17 cm of table
# Characters XML 1.0 forbids (a user may paste them): Word would refuse the whole file.
_NOT_XML: Final = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def report_docx(content: ReportContent) -> bytes:
    """Heading and participants as paragraphs, then the table whose header repeats per page."""
    document = Document()
    _page_setup(document)
    document.add_paragraph().add_run(xml_safe(content.heading)).bold = True
    document.add_paragraph(content.participants)
    document.add_paragraph().add_run(content.as_of).italic = True
    if not content.rows:
        document.add_paragraph("Nie zgłoszono propozycji.")
        return _save(document)
    table = _table(document, content.columns, content.rows)
    for row in table.rows:
        for cell, width in zip(row.cells, WIDTHS, strict=True):
            cell.width = width
    appendix = document.add_paragraph()
    appendix.paragraph_format.page_break_before = True
    appendix.add_run(APPENDIX).bold = True
    _table(document, DETAIL_COLUMNS, content.detail_rows)
    return _save(document)


def _table(document: WordDocument, columns: Sequence[str], rows: Sequence[Sequence[str]]) -> Table:
    table = document.add_table(rows=1, cols=len(columns))
    table.style = "Table Grid"
    _header(table.rows[0], columns)
    for values in rows:
        for cell, value in zip(table.add_row().cells, values, strict=True):
            cell.text = xml_safe(value)
    return cast(Table, table)


def _page_setup(document: WordDocument) -> None:
    section = document.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Cm(21), Cm(29.7)
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, Cm(2))


def _header(row: _Row, columns: Sequence[str]) -> None:
    for cell, title in zip(row.cells, columns, strict=True):
        cell.paragraphs[0].add_run(title).bold = True
    # Repeated at the top of every page, as in the city's printed tables.
    mark = OxmlElement("w:tblHeader")
    mark.set(qn("w:val"), "true")
    row._tr.get_or_add_trPr().append(mark)


def xml_safe(text: str) -> str:
    """Text Word and LibreOffice can store; a Windows line end is one line break, not two."""
    return _NOT_XML.sub("", text.replace("\r\n", "\n"))


def _save(document: WordDocument) -> bytes:
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
