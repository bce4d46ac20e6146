"""Consultation rounds: opening one (announced to its topics' subscribers) and finding them."""

from __future__ import annotations

import logging
from collections.abc import Collection
from dataclasses import replace
from datetime import datetime

from bot.announcements.model import Field, Source
from bot.announcements.model import Refusal as NotPublished
from bot.announcements.service import AnnouncementService
from bot.core.clock import Clock, utc_now
from bot.core.i18n import N_, Catalogs
from bot.core.render import escape
from bot.core.topics import Kind
from bot.postulates.model import (
    ROUND_DESCRIPTION_MAX,
    ROUND_TITLE_MAX,
    Problem,
    Refusal,
    Round,
    clean_text,
)
from storage import Database, topics
from storage import rounds as storage_rounds
from storage.rounds import NewRound, RoundRow

log = logging.getLogger(__name__)
INVITATION = N_("Send your postulates with /postulate")


class RoundService:
    """Keeps consultation rounds; opening one publishes (or schedules) its announcement."""

    def __init__(
        self,
        db: Database,
        announcements: AnnouncementService,
        clock: Clock = utc_now,
        *,
        language: str = "pl",
    ) -> None:
        self._db = db
        self._announcements = announcements
        self._clock = clock
        # The announcement's text is stored once, so its invitation line is in this language.
        self._t = Catalogs(language).translator(language)

    async def open_round(
        self,
        title: str,
        description: str,
        topic_ids: Collection[int],
        opens_at: datetime,
        closes_at: datetime,
        created_by: int | None,
    ) -> Round | Refusal:
        """Validate and store a round, then announce it: now if it is open, else at opens_at."""
        new = NewRound(title, description, topic_ids, opens_at, closes_at, created_by)
        checked = await self._check(new)
        if isinstance(checked, Refusal):
            return checked
        row = await storage_rounds.add_round(self._db, checked, self._clock())
        announcement_id = await self._announce(row, created_by)
        await storage_rounds.set_announcement(self._db, row.id, announcement_id)
        found = await self.get(row.id)
        return found if found is not None else Refusal(Problem.NOT_FOUND)

    async def _check(self, new: NewRound) -> NewRound | Refusal:
        """The round with its title and description cleaned, or why it is refused."""
        clean_title = clean_text(new.title, ROUND_TITLE_MAX, one_line=True)
        if isinstance(clean_title, Refusal):
            return clean_title
        clean_description = new.description.strip()
        if len(clean_description) > ROUND_DESCRIPTION_MAX:
            return Refusal(Problem.TOO_LONG, len(clean_description) - ROUND_DESCRIPTION_MAX)
        if not new.topic_ids or not await self._topics_usable(new.topic_ids):
            return Refusal(Problem.UNKNOWN_TOPIC)
        if new.closes_at <= new.opens_at or new.closes_at <= self._clock():
            return Refusal(Problem.BAD_DATES)
        return replace(new, title=clean_title, description=clean_description)

    async def _topics_usable(self, topic_ids: Collection[int]) -> bool:
        for topic_id in set(topic_ids):
            topic = await topics.get_topic(self._db, topic_id)
            if topic is None or topic.retired:
                return False
        return True

    async def _announce(self, row: RoundRow, created_by: int | None) -> int:
        """Create the round's consultation announcement and publish or schedule it."""
        source = Source.CHAT if created_by is not None else Source.CLI
        draft = await self._announcements.create_draft(Kind.CONSULTATION, source, created_by)
        invitation = self._t.gettext(INVITATION)
        text = f"{escape(row.description)}\n\n{invitation}" if row.description else invitation
        await self._announcements.update_draft(
            draft.id, {Field.TITLE: row.title, Field.TEXT: text, Field.DEADLINE: row.closes_at}
        )
        await self._announcements.set_audience(draft.id, row.topic_ids)
        now = self._clock()
        at = None if row.opens_at <= now else row.opens_at
        result = await self._announcements.publish(draft.id, at)
        if isinstance(result, NotPublished):  # pragma: no cover - the dates were checked above
            log.warning("round %s: announcement %s not published: %s", row.id, draft.id, result)
        return draft.id

    async def get(self, round_id: int) -> Round | None:
        row = await storage_rounds.get_round(self._db, round_id)
        return None if row is None else round_of(row)

    async def list_all(self) -> list[Round]:
        """Every round, the newest first."""
        return [round_of(row) for row in await storage_rounds.list_rounds(self._db)]

    async def open_now(self) -> list[Round]:
        """Rounds open at this moment, closing soonest first."""
        return [round_of(row) for row in await storage_rounds.list_open(self._db, self._clock())]


def round_of(row: RoundRow) -> Round:
    """A stored round as the services show it."""
    return Round(
        id=row.id,
        title=row.title,
        description=row.description,
        opens_at=row.opens_at,
        closes_at=row.closes_at,
        topic_ids=row.topic_ids,
        announcement_id=row.announcement_id,
    )
