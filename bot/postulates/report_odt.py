"""The consultation report as ODT, the open format Polish public administration must accept."""

from __future__ import annotations

import io
from collections.abc import Sequence

from odf.opendocument import OpenDocumentText
from odf.style import ParagraphProperties, Style, TableColumnProperties, TextProperties
from odf.table import Table, TableCell, TableColumn, TableHeaderRows, TableRow
from odf.text import LineBreak, P

from bot.postulates.report_content import APPENDIX, DETAIL_COLUMNS, ReportContent
from bot.postulates.report_docx import xml_safe


def report_odt(content: ReportContent) -> bytes:
    """The same heading, table and appendix as the DOCX; header rows repeat on every page."""
    document = OpenDocumentText()
    bold = Style(name="Bold", family="paragraph")
    bold.addElement(TextProperties(fontweight="bold"))
    document.automaticstyles.addElement(bold)
    document.text.addElement(P(stylename=bold, text=xml_safe(content.heading)))
    document.text.addElement(P(text=content.participants))
    document.text.addElement(P(text=content.as_of))
    if not content.rows:
        document.text.addElement(P(text="Nie zgłoszono propozycji."))
        return _save(document)
    widths = ("1.3cm", "7.85cm", "7.85cm")
    document.text.addElement(_table(document, "Propozycje", content.columns, content.rows, widths))
    breaking = Style(name="PageBreak", family="paragraph")
    breaking.addElement(ParagraphProperties(breakbefore="page"))
    breaking.addElement(TextProperties(fontweight="bold"))
    document.automaticstyles.addElement(breaking)
    document.text.addElement(P(stylename=breaking, text=APPENDIX))
    details = _table(document, "Szczegoly", DETAIL_COLUMNS, content.detail_rows, None)
    document.text.addElement(details)
    return _save(document)


def _table(
    document: OpenDocumentText,
    name: str,
    columns: Sequence[str],
    rows: Sequence[Sequence[str]],
    widths: tuple[str, ...] | None,
) -> Table:
    table = Table(name=name)
    for index, _ in enumerate(columns):
        column = TableColumn()
        if widths is not None:
            style = Style(name=f"{name}{index}", family="table-column")
            style.addElement(TableColumnProperties(columnwidth=widths[index]))
            document.automaticstyles.addElement(style)
            column = TableColumn(stylename=style)
        table.addElement(column)
    header = TableHeaderRows()  # what LibreOffice and Word repeat at the top of each page
    header.addElement(_row(columns))
    table.addElement(header)
    for values in rows:
        table.addElement(_row(values))
    return table


def _row(values: Sequence[str]) -> TableRow:
    row = TableRow()
    for value in values:
        cell = TableCell(valuetype="string")
        paragraph = P()
        for index, line in enumerate(xml_safe(value).split("\n")):
            if index:
                paragraph.addElement(LineBreak())
            paragraph.addText(line)
        cell.addElement(paragraph)
        row.addElement(cell)
    return row


def _save(document: OpenDocumentText) -> bytes:
    buffer = io.BytesIO()
    document.write(buffer)
    return buffer.getvalue()
