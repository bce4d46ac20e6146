"""Set-up for the postulate service tests: a clock, the services, people and organisations."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from bot.announcements.service import AnnouncementService
from bot.delivery.outbox import OutboxService
from bot.postulates.model import Draft, Postulate, Round
from bot.postulates.review import ReviewService
from bot.postulates.rounds import RoundService
from bot.postulates.service import PostulateService
from storage import Database, chats, members, topics, upsert_user
from storage.organisations import NewOrganisation, OrganisationRow, add_organisation

WARSAW = ZoneInfo("Europe/Warsaw")
NOW = datetime(2026, 12, 10, 11, 0, tzinfo=UTC)


class Clock:
    def __init__(self) -> None:
        self.now = NOW

    def __call__(self) -> datetime:
        return self.now

    def advance(self, delta: timedelta) -> None:
        self.now += delta


@dataclass
class World:
    db: Database
    clock: Clock
    announcements: AnnouncementService
    rounds: RoundService
    postulates: PostulateService
    desk: ReviewService
    topic_ids: dict[str, int]

    async def submit(self, author: int, topic: str = "homelessness", **fields: Any) -> Postulate:
        """A valid postulate in the general inbox (fields override the defaults)."""
        result = await self.postulates.submit(author, self.draft(topic, **fields))
        assert isinstance(result, Postulate), result
        return result

    def draft(self, topic: str = "homelessness", **fields: Any) -> Draft:
        draft = Draft(
            topic_id=self.topic_ids[topic],
            title="Więcej mieszkań treningowych",
            description="Potrzeba tworzenia miejsc wsparcia.",
            beneficiaries="osoby w kryzysie bezdomności",
        )
        return dataclasses.replace(draft, **fields)

    async def open_round(self, *topics: str, opens_in: timedelta = timedelta(0)) -> Round:
        ids = [self.topic_ids[code] for code in topics or ("homelessness",)]
        start = self.clock.now + opens_in
        result = await self.rounds.open_round(
            "Roczny program współpracy 2027", "Zbieramy propozycje.", ids, start,
            start + timedelta(days=14), None,
        )  # fmt: skip
        assert isinstance(result, Round), result
        return result


async def build(db: Database) -> World:
    clock = Clock()
    announcements = AnnouncementService(db, OutboxService(db, clock), WARSAW, clock)
    rounds = RoundService(db, announcements, clock)
    postulates = PostulateService(db, rounds, clock)
    desk = ReviewService(db, postulates, OutboxService(db, clock), clock)
    codes = {t.code: t.id for t in await topics.list_topics(db)}
    return World(db, clock, announcements, rounds, postulates, desk, codes)


async def organisation(db: Database, name: str, founder: int) -> int:
    """A new organisation with `founder` (registered here) as its member."""
    await person(db, founder)
    key = name.casefold()
    row = await add_organisation(db, NewOrganisation(name, key, None, None, None), founder, NOW)
    assert isinstance(row, OrganisationRow), row
    return row.id


async def person(
    db: Database,
    user_id: int,
    language: str = "pl",
    organisation_id: int | None = None,
    *,
    active: bool = True,
) -> int:
    """A registered person with a private chat (inactive: they blocked the bot)."""
    await upsert_user(db, user_id, language, NOW)
    await chats.upsert_chat(db, user_id, "private", NOW)
    if organisation_id is not None:
        assert await members.join_organisation(db, user_id, organisation_id)
    if not active:
        await chats.set_flag(db, user_id, "active", False, NOW)
    return user_id


async def notes(db: Database) -> list[tuple[int, str]]:
    """(chat id, tag) of every postulate note queued, in order."""
    rows = await db.fetch_all(
        "SELECT chat_id, tag FROM outbox WHERE purpose = 'postulate' ORDER BY tag, chat_id"
    )
    return [(int(r[0]), str(r[1])) for r in rows]
