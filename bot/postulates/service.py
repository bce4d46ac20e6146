"""Postulates for members: submitting, one's own list, withdrawing, browsing, support, follow."""

from __future__ import annotations

import dataclasses
import logging
from collections.abc import Awaitable, Callable
from datetime import timedelta
from typing import Final

from bot.core.clock import Clock, utc_now
from bot.postulates.model import (
    BENEFICIARIES_MAX,
    DESCRIPTION_MAX,
    PER_DAY,
    REASON_MAX,
    TITLE_MAX,
    Draft,
    Postulate,
    Problem,
    Refusal,
    Status,
    clean_text,
)
from bot.postulates.rounds import RoundService
from storage import Database, get_user, members, topics
from storage import postulate_links as links
from storage import postulates as storage
from storage.postulates import NewPostulate, PostulateRow

log = logging.getLogger(__name__)

DAY: Final = timedelta(hours=24)
# The conversation's fields: (limit, one line).
FIELDS: Final = {
    "title": (TITLE_MAX, True),
    "description": (DESCRIPTION_MAX, False),
    "beneficiaries": (BENEFICIARIES_MAX, False),
}
_GONE: Final = (Status.WITHDRAWN, Status.MERGED)


class PostulateService:
    """What members do with postulates; every refusal is a Refusal, never an exception."""

    def __init__(self, db: Database, rounds: RoundService, clock: Clock = utc_now) -> None:
        self._db = db
        self._rounds = rounds
        self._clock = clock
        self._on_submit: list[Callable[[Postulate], Awaitable[None]]] = []

    def on_submit(self, listener: Callable[[Postulate], Awaitable[None]]) -> None:
        """Call `listener` with each postulate submitted (staff alerts)."""
        self._on_submit.append(listener)

    async def check_field(self, field: str, text: str) -> str | Refusal:
        """The cleaned value of a conversation field ("title", "description", "beneficiaries")."""
        limit, one_line = FIELDS[field]
        return clean_text(text, limit, one_line=one_line)

    async def submit(self, author_id: int, draft: Draft) -> Postulate | Refusal:
        """Check everything and store the postulate; its author follows it."""
        values = []
        for field in FIELDS:
            checked = await self.check_field(field, getattr(draft, field))
            if isinstance(checked, Refusal):
                return checked
            values.append(checked)
        title, description, beneficiaries = values
        refusal = await self._check_place(draft.round_id, draft.topic_id)
        if refusal is not None:
            return refusal
        if await get_user(self._db, author_id) is None:
            return Refusal(Problem.NOT_ALLOWED)  # only registered people submit
        organisation_id = await members.get_membership(self._db, author_id)
        if draft.on_behalf and organisation_id is None:
            return Refusal(Problem.NO_ORGANISATION)
        assert draft.topic_id is not None  # noqa: S101 - _check_place refused a missing one
        new = NewPostulate(
            author_id, draft.round_id, draft.topic_id, title, description, beneficiaries,
            organisation_id if draft.on_behalf else None,
        )  # fmt: skip
        now = self._clock()
        row = await storage.add_postulate(self._db, new, now, now - DAY, PER_DAY)
        if row is None:
            return Refusal(Problem.TOO_MANY)
        added = postulate(row)
        for listener in self._on_submit:
            try:
                await listener(added)
            except Exception:  # an alert that fails must not undo the submission
                log.exception("a listener failed for postulate %s", added.id)
        return added

    async def _check_place(self, round_id: int | None, topic_id: int | None) -> Refusal | None:
        """The topic exists and is current; the round, if any, is open and covers the topic."""
        topic = None if topic_id is None else await topics.get_topic(self._db, topic_id)
        if topic is None or topic.retired:
            return Refusal(Problem.UNKNOWN_TOPIC)
        if round_id is None:
            return None
        found = await self._rounds.get(round_id)
        if found is None or not found.is_open(self._clock()):
            return Refusal(Problem.ROUND_CLOSED)
        return None if topic.id in found.topic_ids else Refusal(Problem.UNKNOWN_TOPIC)

    async def submitted_today(self, author_id: int) -> int:
        """How many postulates the person submitted in the last 24 hours."""
        return await storage.count_since(self._db, author_id, self._clock() - DAY)

    async def get(self, postulate_id: int) -> Postulate | None:
        row = await storage.get_postulate(self._db, postulate_id)
        return None if row is None else postulate(row)

    async def mine(self, user_id: int) -> list[Postulate]:
        """The user's own postulates and their organisation's, newest first."""
        return [postulate(row) for row in await storage.list_mine(self._db, user_id)]

    async def withdraw(self, user_id: int, postulate_id: int, reason: str) -> Postulate | Refusal:
        """The author or a member of its organisation withdraws an open postulate."""
        found = await self.get(postulate_id)
        if found is None:
            return Refusal(Problem.NOT_FOUND)
        if not await self._may_act_for(user_id, found):
            return Refusal(Problem.NOT_ALLOWED)
        if not found.is_open:
            return Refusal(Problem.WRONG_STATE)
        cleaned = clean_text(reason, REASON_MAX)
        if isinstance(cleaned, Refusal):
            return cleaned
        changes = {"status": Status.WITHDRAWN.value, "withdraw_reason": cleaned}
        row = await storage.update_open(self._db, postulate_id, changes, self._clock())
        return Refusal(Problem.WRONG_STATE) if row is None else postulate(row)

    async def _may_act_for(self, user_id: int, found: Postulate) -> bool:
        if found.author_id == user_id:
            return True
        organisation_id = await members.get_membership(self._db, user_id)
        return organisation_id is not None and organisation_id == found.organisation_id

    async def browse(
        self,
        round_id: int | None,
        topic_id: int | None,
        offset: int,
        limit: int,
        in_inbox: bool = False,
    ) -> tuple[list[Postulate], int]:
        """A page of visible postulates (not withdrawn or merged), most supported first."""
        where, params = storage.browse_filter(round_id, topic_id, in_inbox)
        rows, total = await storage.list_page(
            self._db, where, params, storage.BROWSE_ORDER, max(offset, 0), max(limit, 0)
        )
        return [postulate(row) for row in rows], total

    async def support(self, user_id: int, postulate_id: int) -> Postulate | Refusal:
        """The user's organisation supports another's open postulate, once; they follow it."""
        found = await self.get(postulate_id)
        if found is None:
            return Refusal(Problem.NOT_FOUND)
        organisation_id = await members.get_membership(self._db, user_id)
        if organisation_id is None:
            return Refusal(Problem.NO_ORGANISATION)
        if found.author_id == user_id or found.organisation_id == organisation_id:
            return Refusal(Problem.OWN_ORGANISATION)
        added = await links.add_support(
            self._db, postulate_id, organisation_id, user_id, self._clock()
        )
        if added is None:
            return Refusal(Problem.WRONG_STATE)
        if not added:
            return Refusal(Problem.ALREADY)
        return await self._reload(postulate_id)

    async def follow(self, user_id: int, postulate_id: int, on: bool) -> Postulate | Refusal:
        """Start or stop following; a withdrawn or merged postulate can only be unfollowed."""
        found = await self.get(postulate_id)
        if found is None:
            return Refusal(Problem.NOT_FOUND)
        if on and found.status in _GONE:
            return Refusal(Problem.WRONG_STATE)
        await links.set_follow(self._db, postulate_id, user_id, on, self._clock())
        return found

    async def follows(self, user_id: int, postulate_id: int) -> bool:
        return await links.is_following(self._db, postulate_id, user_id)

    async def supported_by(self, user_id: int, postulate_id: int) -> bool:
        """Whether the user's organisation supports the postulate."""
        return await links.is_supported_by_org_of(self._db, postulate_id, user_id)

    async def _reload(self, postulate_id: int) -> Postulate | Refusal:
        found = await self.get(postulate_id)
        return Refusal(Problem.NOT_FOUND) if found is None else found


def postulate(row: PostulateRow) -> Postulate:
    """The model of a stored postulate."""
    values = {f.name: getattr(row, f.name) for f in dataclasses.fields(PostulateRow)}
    answer = None if row.answer_status is None else Status(row.answer_status)
    values.update(status=Status(row.status), answer_status=answer)
    return Postulate(**values)
