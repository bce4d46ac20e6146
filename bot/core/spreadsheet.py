"""Text for CSV cells that a spreadsheet will not run: what people typed stays data."""

from __future__ import annotations

from typing import Final

# What Excel, LibreOffice and Google Sheets read as the start of a formula (OWASP, "CSV
# Injection"): a postulate titled "=HYPERLINK(...)" would otherwise run on a staff computer.
FORMULA_STARTS: Final = ("=", "+", "-", "@", "\t", "\r")


def cell(text: str) -> str:
    """`text`, with an apostrophe in front when a spreadsheet would take it for a formula."""
    return f"'{text}" if text.startswith(FORMULA_STARTS) else text
