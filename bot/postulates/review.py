"""The staff desk: the review queue, merging duplicates, drafting and publishing answers."""

from __future__ import annotations

import logging
from collections.abc import Callable

from bot.core.clock import Clock, utc_now
from bot.postulates.model import (
    ANSWERS,
    NOTE_FIRST_PART,
    POSITION_MAX,
    Postulate,
    Problem,
    Refusal,
    Status,
    clean_text,
)
from bot.postulates.service import PostulateService, postulate
from storage import Database
from storage import postulate_answers as answers
from storage import postulate_corrections as corrections
from storage import postulates as storage

log = logging.getLogger(__name__)


class ReviewService:
    """What staff do with postulates (role checks stay in the handlers).

    Notes to people are written to the outbox by storage.postulate_answers in the same
    transaction as the change they report, so a crash never loses or invents one; `outbox`
    (the delivery engine's OutboxService) is only taken so the composition root wires the desk
    like the other publishers, and `wake_with` lets the engine send them at once.
    """

    def __init__(
        self, db: Database, postulates: PostulateService, outbox: object, clock: Clock = utc_now
    ) -> None:
        self._db = db
        self._postulates = postulates
        self._outbox = outbox
        self._clock = clock
        self._wake: Callable[[], None] = lambda: None

    def wake_with(self, callback: Callable[[], None]) -> None:
        """Called after notes were queued in this process (the engine's wake())."""
        self._wake = callback

    async def queue(self, offset: int, limit: int) -> tuple[list[Postulate], int]:
        """New and under-review postulates, the oldest first."""
        rows, total = await storage.list_page(
            self._db, storage.QUEUE_FILTER, [], storage.QUEUE_ORDER, max(offset, 0), max(limit, 0)
        )
        return [postulate(row) for row in rows], total

    async def mark_under_review(self, postulate_id: int, by: int) -> Postulate | Refusal:
        found = await self._postulates.get(postulate_id)
        if found is None:
            return Refusal(Problem.NOT_FOUND)
        if found.status is Status.UNDER_REVIEW:
            return Refusal(Problem.ALREADY)
        if found.status is not Status.NEW:
            return Refusal(Problem.WRONG_STATE)
        changes = {"status": Status.UNDER_REVIEW.value}
        row = await storage.update_open(self._db, postulate_id, changes, self._clock())
        return Refusal(Problem.WRONG_STATE) if row is None else postulate(row)

    async def merge(self, postulate_id: int, into_id: int, by: int) -> Postulate | Refusal:
        """Merge a duplicate into another open postulate; supports and followers move there."""
        found = await self._postulates.get(postulate_id)
        target = await self._postulates.get(into_id)
        if found is None or target is None:
            return Refusal(Problem.NOT_FOUND)
        if postulate_id == into_id:
            return Refusal(Problem.NOT_ALLOWED)
        if not found.is_open or not target.is_open:
            return Refusal(Problem.WRONG_STATE)
        row = await answers.merge(self._db, postulate_id, into_id, self._clock())
        if row is None:
            return Refusal(Problem.WRONG_STATE)
        log.info("postulate %s merged into %s by %s", postulate_id, into_id, by)
        self._wake()
        return postulate(row)

    async def draft_answer(
        self, postulate_id: int, status: Status, position: str, by: int
    ) -> Postulate | Refusal:
        """Keep the city's answer (a status of ANSWERS and the position) unpublished."""
        if status not in ANSWERS:
            return Refusal(Problem.NOT_ALLOWED)
        found = await self._postulates.get(postulate_id)
        if found is None:
            return Refusal(Problem.NOT_FOUND)
        if not found.is_open:
            return Refusal(Problem.WRONG_STATE)
        cleaned = clean_text(position, POSITION_MAX)
        if isinstance(cleaned, Refusal):
            return cleaned
        changes = {"answer_status": Status(status).value, "position": cleaned, "answered_by": by}
        row = await storage.update_open(self._db, postulate_id, changes, self._clock())
        return Refusal(Problem.WRONG_STATE) if row is None else postulate(row)

    async def publish_answer(self, postulate_id: int, by: int) -> Postulate | Refusal:
        """Publish a drafted answer: the status changes and the people concerned hear of it."""
        found = await self._postulates.get(postulate_id)
        if found is None:
            return Refusal(Problem.NOT_FOUND)
        if not found.is_open or found.answer_status is None:
            return Refusal(Problem.WRONG_STATE)
        published = await answers.publish_answers(
            self._db, postulate_id, None, by, self._clock(), NOTE_FIRST_PART
        )
        if not published:
            return Refusal(Problem.WRONG_STATE)
        self._wake()
        return await self._reload(postulate_id)

    async def correct_answer(
        self, postulate_id: int, status: Status, position: str, by: int
    ) -> tuple[Postulate, int] | Refusal:
        """Correct a published answer; everyone told of it hears of the correction. The
        postulate and how many people will be told."""
        if status not in ANSWERS:
            return Refusal(Problem.NOT_ALLOWED)
        cleaned = clean_text(position, POSITION_MAX)
        if isinstance(cleaned, Refusal):
            return cleaned
        done = await corrections.correct_answer(
            self._db, postulate_id, Status(status).value, cleaned, by, self._clock()
        )
        if done is None:
            return Refusal(Problem.WRONG_STATE)
        log.info("answer to postulate %s corrected by %s", postulate_id, by)
        self._wake()
        return postulate(done[0]), done[1]

    async def publish_round(self, round_id: int | None, by: int) -> int:
        """Publish every drafted answer of a round (None: the general inbox); how many."""
        published = await answers.publish_answers(
            self._db, None, round_id, by, self._clock(), NOTE_FIRST_PART
        )
        if published:
            log.info("%d answers of round %s published by %s", len(published), round_id, by)
            self._wake()
        return len(published)

    async def _reload(self, postulate_id: int) -> Postulate | Refusal:
        found = await self._postulates.get(postulate_id)
        return Refusal(Problem.NOT_FOUND) if found is None else found
