"""RoundService on a real database: validation, the opening announcement, finding rounds."""

from __future__ import annotations

from datetime import timedelta

import pytest

from bot.announcements.model import Source
from bot.announcements.model import Status as AnnouncementStatus
from bot.core.topics import Kind
from bot.postulates.model import (
    ROUND_DESCRIPTION_MAX,
    ROUND_TITLE_MAX,
    Problem,
    Refusal,
    Round,
)
from bot.subscriptions.service import SubscriptionService
from storage import Database, topics
from tests.postulate_support import NOW, World, build, person

SUBSCRIBER, STAFF = 501, 900
CLOSES = NOW + timedelta(days=14)


@pytest.fixture
async def world(db: Database) -> World:
    return await build(db)


async def test_open_round_publishes_a_consultation_closing_with_the_round(world: World) -> None:
    await person(world.db, SUBSCRIBER)
    await person(world.db, STAFF)
    housing = world.topic_ids["homelessness"]
    await SubscriptionService(world.db).toggle_topic(SUBSCRIBER, housing)
    opened = await world.rounds.open_round(
        "  Roczny program 2027 ", "<b>Zbieramy</b> & *propozycje*", [housing], NOW, CLOSES, STAFF
    )
    assert isinstance(opened, Round)
    assert (opened.title, opened.topic_ids, opened.closes_at) == (
        "Roczny program 2027",
        (housing,),
        CLOSES,
    )
    assert opened.description == "<b>Zbieramy</b> & *propozycje*"
    assert opened.announcement_id is not None
    announcement = await world.announcements.get(opened.announcement_id)
    assert announcement is not None
    assert announcement.kind is Kind.CONSULTATION and announcement.source is Source.CHAT
    assert announcement.status is AnnouncementStatus.PUBLISHED
    assert announcement.deadline == CLOSES and announcement.title == "Roczny program 2027"
    assert announcement.topic_ids == (housing,)
    assert announcement.body_html.startswith("&lt;b&gt;Zbieramy&lt;/b&gt; &amp; *propozycje*")
    assert "/postulat" in announcement.body_html  # Polish: /postulat
    queued = await world.db.fetch_all(
        "SELECT chat_id FROM outbox WHERE announcement_id = ?", (opened.announcement_id,)
    )
    assert [row[0] for row in queued] == [SUBSCRIBER]


async def test_round_opening_later_is_announced_when_it_opens(world: World) -> None:
    opens = NOW + timedelta(days=2)
    opened = await world.open_round("homelessness", opens_in=timedelta(days=2))
    assert opened.announcement_id is not None
    announcement = await world.announcements.get(opened.announcement_id)
    assert announcement is not None and announcement.source is Source.CLI
    assert announcement.status is AnnouncementStatus.SCHEDULED
    assert announcement.publish_at == opens and announcement.deadline == opened.closes_at
    assert await world.rounds.open_now() == []
    world.clock.now = opens
    assert await world.announcements.publish_due() == [opened.announcement_id]
    assert await world.rounds.open_now() == [opened]


async def test_round_without_description_still_invites_postulates(world: World) -> None:
    housing = world.topic_ids["homelessness"]
    opened = await world.rounds.open_round("Runda", "  ", [housing], NOW, CLOSES, None)
    assert isinstance(opened, Round) and opened.description == ""
    assert opened.announcement_id is not None
    announcement = await world.announcements.get(opened.announcement_id)
    assert announcement is not None and "/postulat" in announcement.body_html


async def test_round_title_and_description_limits(world: World) -> None:
    ids = [world.topic_ids["homelessness"]]
    open_round = world.rounds.open_round
    assert await open_round(" ", "", ids, NOW, CLOSES, None) == Refusal(Problem.EMPTY)
    too_long = "t" * (ROUND_TITLE_MAX + 1)
    assert await open_round(too_long, "", ids, NOW, CLOSES, None) == Refusal(Problem.TOO_LONG, 1)
    long_text = "d" * (ROUND_DESCRIPTION_MAX + 1)
    refused = await open_round("Runda", long_text, ids, NOW, CLOSES, None)
    assert refused == Refusal(Problem.TOO_LONG, 1)
    at_limits = await open_round(
        "t" * ROUND_TITLE_MAX, "d" * ROUND_DESCRIPTION_MAX, ids, NOW, CLOSES, None
    )
    assert isinstance(at_limits, Round)


async def test_round_topics_must_exist_and_be_current(world: World) -> None:
    retired = world.topic_ids["sport"]
    await topics.set_retired(world.db, retired, NOW)
    for topic_ids in ([], [9999], [retired], [world.topic_ids["culture"], retired]):
        refused = await world.rounds.open_round("Runda", "", topic_ids, NOW, CLOSES, None)
        assert refused == Refusal(Problem.UNKNOWN_TOPIC)
    assert await world.rounds.list_all() == []


async def test_round_must_close_after_it_opens_and_in_the_future(world: World) -> None:
    ids = [world.topic_ids["homelessness"]]
    open_round = world.rounds.open_round
    bad = Refusal(Problem.BAD_DATES)
    assert await open_round("Runda", "", ids, NOW, NOW, None) == bad
    assert await open_round("Runda", "", ids, CLOSES, NOW + timedelta(days=1), None) == bad
    past = NOW - timedelta(days=10)
    assert await open_round("Runda", "", ids, past, NOW - timedelta(days=1), None) == bad


async def test_rounds_are_listed_newest_first_and_open_ones_closing_soonest(
    world: World,
) -> None:
    long = await world.open_round("homelessness")
    world.clock.advance(timedelta(minutes=1))
    housing = world.topic_ids["homelessness"]
    short = await world.rounds.open_round(
        "Krótka", "", [housing], world.clock.now, world.clock.now + timedelta(days=2), None
    )
    assert isinstance(short, Round)
    world.clock.advance(timedelta(minutes=1))
    later = await world.open_round("homelessness", opens_in=timedelta(days=5))
    assert [r.id for r in await world.rounds.list_all()] == [later.id, short.id, long.id]
    assert [r.id for r in await world.rounds.open_now()] == [short.id, long.id]
    assert await world.rounds.get(long.id) == long
    assert await world.rounds.get(9999) is None
    world.clock.advance(timedelta(days=3))
    assert [r.id for r in await world.rounds.open_now()] == [long.id]
