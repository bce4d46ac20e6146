"""The consultation report's reads: a round's (or the general inbox's) postulates in one query."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from storage.connection import Row
from storage.db import Database, as_int
from storage.timestamps import from_db


@dataclass(frozen=True, slots=True)
class ExportRow:
    """One postulate as the report shows it; `position` only once the answer is published."""

    id: int
    round_id: int | None
    round_title: str | None
    topic: str  # the topic's Polish name: the report is the city's Polish document
    title: str
    description: str
    beneficiaries: str
    organisation: str | None  # None: submitted in the author's own name
    status: str
    merged_into: int | None
    withdraw_reason: str | None
    position: str | None
    submitted_at: datetime
    answered_at: datetime | None
    supports: int
    # A drafted, not yet published answer: staff's version of the report shows it as a draft.
    draft_status: str | None = None
    draft_position: str | None = None


# A drafted answer (answer_status and position set, answered_at NULL) is not public yet, so
# the position is read only when answered_at is set.
_POSTULATES = """
SELECT p.id, p.round_id, r.title, t.name_pl, p.title, p.description, p.beneficiaries,
       o.name, p.status, p.merged_into, p.withdraw_reason,
       CASE WHEN p.answered_at IS NOT NULL THEN p.position END,
       p.submitted_at, p.answered_at,
       (SELECT count(*) FROM postulate_supports AS s WHERE s.postulate_id = p.id),
       CASE WHEN p.answered_at IS NULL THEN p.answer_status END,
       CASE WHEN p.answered_at IS NULL THEN p.position END
  FROM postulates AS p
  JOIN topics AS t ON t.id = p.topic_id
  LEFT JOIN rounds AS r ON r.id = p.round_id
  LEFT JOIN organisations AS o ON o.id = p.organisation_id
 WHERE p.round_id IS ?  -- IS: NULL matches the general inbox
 ORDER BY p.submitted_at, p.id
"""


async def list_report_rows(db: Database, round_id: int | None) -> list[ExportRow]:
    """The round's postulates (None: the general inbox's), every status, in submission order."""
    rows = await db.fetch_all(_POSTULATES, (round_id,))
    return [_export_row(row) for row in rows]


async def count_taking_part(db: Database, round_id: int | None) -> int:
    """How many organisations took part: submitted a postulate of the round or supported one."""
    value = await db.fetch_value(
        """SELECT count(*) FROM (
               SELECT organisation_id FROM postulates
                WHERE round_id IS :round AND organisation_id IS NOT NULL
               UNION
               SELECT s.organisation_id FROM postulate_supports AS s
                 JOIN postulates AS p ON p.id = s.postulate_id
                WHERE p.round_id IS :round) AS taking_part""",
        {"round": round_id},
    )
    return as_int(value)


def _export_row(row: Row) -> ExportRow:
    return ExportRow(
        id=as_int(row[0]),
        round_id=_optional_int(row[1]),
        round_title=_optional_str(row[2]),
        topic=str(row[3]),
        title=str(row[4]),
        description=str(row[5]),
        beneficiaries=str(row[6]),
        organisation=_optional_str(row[7]),
        status=str(row[8]),
        merged_into=_optional_int(row[9]),
        withdraw_reason=_optional_str(row[10]),
        position=_optional_str(row[11]),
        submitted_at=from_db(str(row[12])),
        answered_at=None if row[13] is None else from_db(str(row[13])),
        supports=as_int(row[14]),
        draft_status=_optional_str(row[15]),
        draft_position=_optional_str(row[16]),
    )


def _optional_int(value: object) -> int | None:
    return None if value is None else as_int(value)


def _optional_str(value: object) -> str | None:
    return None if value is None else str(value)
