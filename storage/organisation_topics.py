"""The organisation_topics table: the areas of work each organisation declares."""

from __future__ import annotations

from storage.db import Database


async def list_declared_areas(db: Database, org_id: int) -> set[int]:
    """The topic ids the organisation has declared (retired ones included)."""
    rows = await db.fetch_all(
        "SELECT topic_id FROM organisation_topics WHERE organisation_id = ?", (org_id,)
    )
    return {row["topic_id"] for row in rows}


async def set_declared_area(db: Database, org_id: int, topic_id: int, declared: bool) -> None:
    """Declare the area (or withdraw it); a topic that does not exist changes nothing."""
    async with db.transaction() as conn:
        if declared:
            await conn.execute(
                """INSERT OR IGNORE INTO organisation_topics (organisation_id, topic_id)
                   SELECT ?, id FROM topics WHERE id = ?""",
                (org_id, topic_id),
            )
        else:
            await conn.execute(
                "DELETE FROM organisation_topics WHERE organisation_id = ? AND topic_id = ?",
                (org_id, topic_id),
            )
