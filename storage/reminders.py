"""Reminders in the outbox, and the dated announcements that concern one chat."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Final

from storage.db import Database, as_int
from storage.timestamps import from_db, to_db

# The moment an announcement is about (calendar_time in the domain model).
MOMENT: Final = """CASE WHEN a.kind = 'event' OR a.kind = 'training' THEN a.starts_at
                        WHEN a.kind = 'call' OR a.kind = 'consultation' THEN a.deadline END"""
# Announcement `a` concerns chat `c`: like outbox.audience_select, for one chat. A private
# chat's organisation is its user's.
CONCERNS: Final = """(
    CASE WHEN a.organisation_id IS NOT NULL THEN
            a.organisation_id = c.organisation_id OR a.organisation_id = (
                SELECT u.organisation_id FROM users AS u
                 WHERE u.telegram_id = c.chat_id AND c.type = 'private')
         ELSE NOT EXISTS (SELECT 1 FROM chat_muted_kinds AS m
                           WHERE m.chat_id = c.chat_id AND m.kind = a.kind)
              AND (a.all_topics = 1 OR EXISTS (
                   SELECT 1 FROM announcement_topics AS t
                     JOIN chat_topics AS ct ON ct.topic_id = t.topic_id
                    WHERE t.announcement_id = a.id AND ct.chat_id = c.chat_id))
    END)"""


@dataclass(frozen=True, slots=True)
class Recipient:
    """A chat owed reminders of one announcement, with its own choices (None = default)."""

    chat_id: int
    reminders: bool
    deadline_leads: str | None
    event_leads: str | None
    quiet_hours: str | None


# The id a chat of the outbox (o) has now, with chat_migrations (m) joined on the old id.
_NOW_ID: Final = "coalesce(m.new_chat_id, o.chat_id)"
# Chat :chat's id and any id it had before (a group that became a supergroup).
_IDS_OF: Final = (
    "SELECT :chat UNION ALL SELECT old_chat_id FROM chat_migrations WHERE new_chat_id = :chat"
)


async def list_recipients(
    db: Database, announcement_id: int, chat_id: int | None = None
) -> list[Recipient]:
    """Chats the announcement was or is being sent to (not those it failed to reach)."""
    # A group that became a supergroup got the announcement under its old id; its reminders
    # go to the new one (where its choices now are).
    rows = await db.fetch_all(
        f"""SELECT DISTINCT {_NOW_ID}, coalesce(p.reminders, 1), p.deadline_leads,
                  p.event_leads, p.quiet_hours
             FROM outbox AS o LEFT JOIN chat_migrations AS m ON m.old_chat_id = o.chat_id
             LEFT JOIN chat_preferences AS p ON p.chat_id = {_NOW_ID}
            WHERE o.announcement_id = ? AND o.purpose = 'announcement'
              AND o.state IN ('pending', 'sending', 'sent')
              AND (? IS NULL OR {_NOW_ID} = ?)""",  # noqa: S608 - constants only
        (announcement_id, chat_id, chat_id),
    )
    return [
        Recipient(as_int(r[0]), bool(r[1]), _text(r[2]), _text(r[3]), _text(r[4])) for r in rows
    ]


async def replace_pending(
    db: Database,
    announcement_id: int,
    planned: Sequence[tuple[int, str, datetime]],
    now: datetime,
    chat_id: int | None = None,
) -> int:
    """Drop the announcement's pending reminders (of one chat, if given) and queue `planned`
    (chat id, tag, due time) instead; one already sent or skipped is not queued again."""
    stamp = to_db(now)
    rows = [(announcement_id, chat, tag, to_db(due), stamp, stamp) for chat, tag, due in planned]
    async with db.transaction() as conn:
        await conn.execute(
            "DELETE FROM outbox WHERE announcement_id = ? AND purpose = 'reminder' "
            "AND state = 'pending' AND (? IS NULL OR chat_id = ?)",
            (announcement_id, chat_id, chat_id),
        )
        cursor = await conn.executemany(
            "INSERT OR IGNORE INTO outbox (announcement_id, chat_id, purpose, tag, not_before, "
            "created_at, updated_at) VALUES (?, ?, 'reminder', ?, ?, ?, ?)",
            rows,
        )
        return max(cursor.rowcount, 0)


async def list_dated(db: Database, after: datetime) -> list[int]:
    """Published announcements whose moment is still ahead: those that may owe reminders."""
    rows = await db.fetch_all(
        f"SELECT a.id FROM announcements AS a WHERE a.status = 'published' AND {MOMENT} > ? "  # noqa: S608
        "ORDER BY a.id",
        (to_db(after),),
    )
    return [as_int(r[0]) for r in rows]


async def list_received_dated(db: Database, chat_id: int, after: datetime) -> list[int]:
    """Of those, the ones sent (or being sent) to one chat."""
    rows = await db.fetch_all(
        f"""SELECT a.id FROM announcements AS a JOIN outbox AS o ON o.announcement_id = a.id
             WHERE o.chat_id IN ({_IDS_OF}) AND o.purpose = 'announcement'
               AND o.state IN ('pending', 'sending', 'sent')
               AND a.status = 'published' AND {MOMENT} > :after ORDER BY a.id""",  # noqa: S608
        {"chat": chat_id, "after": to_db(after)},
    )
    return [as_int(r[0]) for r in rows]


async def reminder_context(
    db: Database, item_id: int, announcement_id: int, chat_id: int, now: datetime
) -> tuple[bool, bool, bool] | None:
    """For one due reminder (outbox item): (the announcement reached the chat, the chat is
    active and still concerned by it, a later reminder of the same is due too, which makes
    this one redundant); None if the chat is unknown."""
    row = await db.fetch_one(
        f"""SELECT
              EXISTS (SELECT 1 FROM outbox AS o WHERE o.announcement_id = a.id
                         AND o.chat_id IN ({_IDS_OF}) AND o.purpose = 'announcement'
                         AND o.state = 'sent'),
              c.active = 1 AND c.paused = 0 AND {CONCERNS},
              EXISTS (SELECT 1 FROM outbox AS r WHERE r.announcement_id = a.id
                         AND r.chat_id = c.chat_id AND r.purpose = 'reminder'
                         AND r.state IN ('pending', 'sending', 'sent')
                         AND r.not_before <= :now AND r.not_before >
                             (SELECT i.not_before FROM outbox AS i WHERE i.id = :item))
             FROM announcements AS a, chats AS c WHERE a.id = :a AND c.chat_id = :chat""",  # noqa: S608
        {"a": announcement_id, "chat": chat_id, "item": item_id, "now": to_db(now)},
    )
    return None if row is None else (bool(row[0]), bool(row[1]), bool(row[2]))


# Published announcements concerning chat :chat with a moment in (:after, :until].
_CONCERNING: Final = f"""FROM announcements AS a, chats AS c
    WHERE c.chat_id = :chat AND a.status = 'published' AND {MOMENT} > :after
      AND (:until IS NULL OR {MOMENT} <= :until) AND {CONCERNS}"""


async def list_concerning(
    db: Database,
    chat_id: int,
    after: datetime,
    until: datetime | None,
    limit: int,
    offset: int = 0,
) -> list[tuple[int, datetime]]:
    """(announcement id, moment) of the announcements concerning the chat with a moment in
    (after, until], soonest first, one page."""
    params = _window(chat_id, after, until) | {"limit": limit, "offset": offset}
    rows = await db.fetch_all(
        f"SELECT a.id, {MOMENT} AS moment {_CONCERNING} ORDER BY moment, a.id "
        "LIMIT :limit OFFSET :offset",
        params,
    )
    return [(as_int(r[0]), from_db(str(r[1]))) for r in rows]


async def count_concerning(
    db: Database, chat_id: int, after: datetime, until: datetime | None
) -> int:
    """How many announcements list_concerning would give in all."""
    sql = f"SELECT count(*) {_CONCERNING}"
    row = await db.fetch_one(sql, _window(chat_id, after, until))
    return 0 if row is None else as_int(row[0])


def _window(chat_id: int, after: datetime, until: datetime | None) -> dict[str, object]:
    return {
        "chat": chat_id,
        "after": to_db(after),
        "until": None if until is None else to_db(until),
    }


def _text(value: object) -> str | None:
    return None if value is None else str(value)
