"""The consultation report of a round (or the general inbox): DOCX, ODT, CSV and XLSX files."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from enum import StrEnum
from typing import Final
from zoneinfo import ZoneInfo

from bot.config import DEFAULT_INSTITUTION, DEFAULT_INSTITUTION_GENITIVE
from bot.core.clock import Clock, utc_now
from bot.organisations.service import fold_name
from bot.postulates.model import Round, Status
from bot.postulates.report_content import STATUS_WORDS, ReportContent, build_content
from bot.postulates.report_docx import report_docx
from bot.postulates.report_odt import report_odt
from bot.postulates.report_sheets import report_csv, report_xlsx
from bot.postulates.rounds import round_of
from storage import Database, postulate_export
from storage import rounds as storage_rounds
from storage.postulate_export import ExportRow

RECENT_ROUNDS: Final = 10  # offered as buttons in the chat


class ReportFormat(StrEnum):
    DOCX = "docx"
    ODT = "odt"
    CSV = "csv"
    XLSX = "xlsx"


def status_word(status: str) -> str:
    return STATUS_WORDS[Status(status)]


def report_name(round_: Round | None, extension: str, *, public: bool = False) -> str:
    """ "postulaty-roczny-program-wspolpracy-2027.docx"; the inbox: "postulaty-skrzynka-ogolna"."""
    suffix = "-do-publikacji" if public else ""
    if round_ is None:
        return f"postulaty-skrzynka-ogolna{suffix}.{extension}"
    slug = "-".join(fold_name(round_.title).split())[:60].strip("-") or f"nabor-{round_.id}"
    return f"postulaty-{slug}{suffix}.{extension}"


class ReportService:
    """The report of a round (None: the general inbox) for staff and operators.

    Staff's version shows drafted positions as drafts; the public one (`public=True`) only
    the positions already published.
    """

    def __init__(
        self,
        db: Database,
        zone: ZoneInfo,
        clock: Clock = utc_now,
        *,
        institution: str = DEFAULT_INSTITUTION,
        institution_genitive: str = DEFAULT_INSTITUTION_GENITIVE,
    ) -> None:
        self._db = db
        self.zone = zone
        self._clock = clock
        self._institution = (institution, institution_genitive)

    async def round(self, round_id: int) -> Round | None:
        found = await storage_rounds.get_round(self._db, round_id)
        return None if found is None else round_of(found)

    async def recent_rounds(self, limit: int = RECENT_ROUNDS) -> list[Round]:
        """The newest rounds first (the chat offers these; the CLI reaches any round)."""
        return [round_of(found) for found in await storage_rounds.list_recent(self._db, limit)]

    async def render(
        self, round_id: int | None, fmt: ReportFormat, *, public: bool = False
    ) -> bytes | None:
        """The report file, or None for an unknown round."""
        found = await self._round_and_rows(round_id)
        if found is None:
            return None
        round_, rows = found
        if fmt is ReportFormat.CSV:
            return report_csv(rows, self.zone, public=public)
        if fmt is ReportFormat.XLSX:
            return await asyncio.to_thread(report_xlsx, rows, self.zone, public=public)
        content = await self.content(round_, rows, public=public)
        writer: Callable[[ReportContent], bytes] = (
            report_docx if fmt is ReportFormat.DOCX else report_odt
        )
        # python-docx needs about 3 ms a row: a thread keeps the bot answering meanwhile.
        return await asyncio.to_thread(writer, content)

    async def content(
        self, round_: Round | None, rows: list[ExportRow], *, public: bool
    ) -> ReportContent:
        taking_part = await postulate_export.count_taking_part(
            self._db, None if round_ is None else round_.id
        )
        institution, genitive = self._institution
        return build_content(
            round_,
            rows,
            taking_part,
            institution=institution,
            institution_genitive=genitive,
            now=self._clock(),
            zone=self.zone,
            public=public,
        )

    async def docx(self, round_id: int | None) -> bytes | None:
        """Staff's DOCX report, or None for an unknown round."""
        return await self.render(round_id, ReportFormat.DOCX)

    async def csv(self, round_id: int | None) -> bytes | None:
        """Staff's CSV export, or None for an unknown round."""
        return await self.render(round_id, ReportFormat.CSV)

    async def file_name(
        self, round_id: int | None, extension: str, *, public: bool = False
    ) -> str | None:
        if round_id is None:
            return report_name(None, extension, public=public)
        round_ = await self.round(round_id)
        return None if round_ is None else report_name(round_, extension, public=public)

    async def _round_and_rows(
        self, round_id: int | None
    ) -> tuple[Round | None, list[ExportRow]] | None:
        round_ = None if round_id is None else await self.round(round_id)
        if round_id is not None and round_ is None:
            return None
        return round_, await postulate_export.list_report_rows(self._db, round_id)
