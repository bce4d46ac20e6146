"""PostulateService on a real database: submitting, limits, withdrawing, browsing, support."""

from __future__ import annotations

from datetime import timedelta

import pytest

from bot.postulates.model import (
    BENEFICIARIES_MAX,
    DESCRIPTION_MAX,
    PER_DAY,
    REASON_MAX,
    TITLE_MAX,
    Postulate,
    Problem,
    Refusal,
    Status,
)
from storage import Database, topics
from tests.postulate_support import NOW, World, build, organisation, person

AUTHOR, MEMBER, OTHER, STRANGER, STAFF = 101, 102, 201, 301, 900


@pytest.fixture
async def world(db: Database) -> World:
    return await build(db)


async def test_submission_is_stored_verbatim_and_followed_by_its_author(world: World) -> None:
    await person(world.db, AUTHOR)
    markup = "<b>bold</b> & *stars* _under_ [link](http://x) </code>"
    p = await world.submit(AUTHOR, title=f"  {markup}  ", description=markup, beneficiaries=markup)
    assert (p.title, p.description, p.beneficiaries) == (markup, markup, markup)
    assert p.status is Status.NEW and p.round_id is None and p.organisation_id is None
    assert p.author_id == AUTHOR and p.submitted_at == NOW and p.supports == 0
    assert await world.postulates.follows(AUTHOR, p.id)
    assert await world.postulates.get(p.id) == p


@pytest.mark.parametrize(
    ("field", "limit"),
    [("title", TITLE_MAX), ("description", DESCRIPTION_MAX), ("beneficiaries", BENEFICIARIES_MAX)],
)
async def test_fields_are_accepted_up_to_their_limit_and_refused_one_past(
    world: World, field: str, limit: int
) -> None:
    await person(world.db, AUTHOR)
    assert await world.postulates.check_field(field, " " + "a" * limit + "\n") == "a" * limit
    assert await world.postulates.check_field(field, "a" * (limit + 1)) == Refusal(
        Problem.TOO_LONG, 1
    )
    refused = await world.postulates.submit(AUTHOR, world.draft(**{field: "ą" * (limit + 1)}))
    assert refused == Refusal(Problem.TOO_LONG, 1)
    accepted = await world.submit(AUTHOR, **{field: "ą" * limit})
    assert len(getattr(accepted, field)) == limit


@pytest.mark.parametrize("field", ["title", "description", "beneficiaries"])
async def test_blank_fields_are_refused_as_empty(world: World, field: str) -> None:
    await person(world.db, AUTHOR)
    assert await world.postulates.check_field(field, " \n\t ") == Refusal(Problem.EMPTY)
    assert await world.postulates.submit(AUTHOR, world.draft(**{field: "  "})) == Refusal(
        Problem.EMPTY
    )
    assert await world.postulates.mine(AUTHOR) == []


async def test_title_becomes_one_line_while_description_keeps_its_lines(world: World) -> None:
    assert await world.postulates.check_field("title", "Dwa\n  słowa") == "Dwa słowa"
    assert await world.postulates.check_field("description", " a\n\nb ") == "a\n\nb"


async def test_missing_unknown_or_retired_topic_is_refused(world: World) -> None:
    await person(world.db, AUTHOR)
    retired = world.topic_ids["sport"]
    await topics.set_retired(world.db, retired, NOW)
    for topic_id in (None, 9999, retired):
        draft = world.draft(topic_id=topic_id)
        assert await world.postulates.submit(AUTHOR, draft) == Refusal(Problem.UNKNOWN_TOPIC)


async def test_round_must_be_open_and_cover_the_topic(world: World) -> None:
    await person(world.db, AUTHOR)
    current = await world.open_round("homelessness")
    later = await world.open_round("homelessness", opens_in=timedelta(days=3))
    inside = await world.submit(AUTHOR, round_id=current.id)
    assert inside.round_id == current.id
    for round_id in (later.id, 9999):
        draft = world.draft(round_id=round_id)
        assert await world.postulates.submit(AUTHOR, draft) == Refusal(Problem.ROUND_CLOSED)
    off_topic = world.draft("culture", round_id=current.id)
    assert await world.postulates.submit(AUTHOR, off_topic) == Refusal(Problem.UNKNOWN_TOPIC)
    world.clock.advance(timedelta(days=15))
    closed = world.draft(round_id=current.id)
    assert await world.postulates.submit(AUTHOR, closed) == Refusal(Problem.ROUND_CLOSED)


async def test_on_behalf_needs_an_organisation(world: World) -> None:
    await person(world.db, STRANGER)
    draft = world.draft(on_behalf=True)
    assert await world.postulates.submit(STRANGER, draft) == Refusal(Problem.NO_ORGANISATION)
    org = await organisation(world.db, "Fundacja <Dom>", AUTHOR)
    p = await world.submit(AUTHOR, on_behalf=True)
    assert (p.organisation_id, p.organisation_name) == (org, "Fundacja <Dom>")
    own_name = await world.submit(AUTHOR)
    assert own_name.organisation_id is None


async def test_unregistered_person_cannot_submit(world: World) -> None:
    assert await world.postulates.submit(999, world.draft()) == Refusal(Problem.NOT_ALLOWED)


async def test_per_day_limit_refuses_the_next_until_a_day_has_passed(world: World) -> None:
    await person(world.db, AUTHOR)
    for _ in range(PER_DAY):
        await world.submit(AUTHOR)
        world.clock.advance(timedelta(minutes=1))
    assert await world.postulates.submitted_today(AUTHOR) == PER_DAY
    assert await world.postulates.submit(AUTHOR, world.draft()) == Refusal(Problem.TOO_MANY)
    world.clock.now = NOW + timedelta(hours=24)  # the first one is now a day old
    assert await world.postulates.submitted_today(AUTHOR) == PER_DAY - 1
    await world.submit(AUTHOR)


async def test_mine_lists_own_and_organisation_postulates_newest_first(world: World) -> None:
    org = await organisation(world.db, "Fundacja A", AUTHOR)
    await person(world.db, MEMBER, organisation_id=org)
    await person(world.db, STRANGER)
    first = await world.submit(AUTHOR, on_behalf=True)
    world.clock.advance(timedelta(minutes=1))
    second = await world.submit(AUTHOR)
    world.clock.advance(timedelta(minutes=1))
    await world.submit(STRANGER)
    assert [p.id for p in await world.postulates.mine(AUTHOR)] == [second.id, first.id]
    assert [p.id for p in await world.postulates.mine(MEMBER)] == [first.id]


async def test_withdraw_by_author_or_organisation_member_with_a_reason(world: World) -> None:
    org = await organisation(world.db, "Fundacja A", AUTHOR)
    await person(world.db, MEMBER, organisation_id=org)
    await person(world.db, STRANGER)
    p = await world.submit(AUTHOR, on_behalf=True)
    withdraw = world.postulates.withdraw
    assert await withdraw(STRANGER, p.id, "bo tak") == Refusal(Problem.NOT_ALLOWED)
    assert await withdraw(MEMBER, 9999, "bo tak") == Refusal(Problem.NOT_FOUND)
    assert await withdraw(MEMBER, p.id, "  ") == Refusal(Problem.EMPTY)
    assert await withdraw(MEMBER, p.id, "x" * (REASON_MAX + 1)) == Refusal(Problem.TOO_LONG, 1)
    done = await withdraw(MEMBER, p.id, "x" * REASON_MAX)
    assert isinstance(done, Postulate)
    assert done.status is Status.WITHDRAWN and done.withdraw_reason == "x" * REASON_MAX
    assert await withdraw(AUTHOR, p.id, "again") == Refusal(Problem.WRONG_STATE)


async def test_own_name_postulate_is_withdrawn_only_by_its_author(world: World) -> None:
    org = await organisation(world.db, "Fundacja A", AUTHOR)
    await person(world.db, MEMBER, organisation_id=org)
    p = await world.submit(AUTHOR)
    assert await world.postulates.withdraw(MEMBER, p.id, "nie") == Refusal(Problem.NOT_ALLOWED)
    assert isinstance(await world.postulates.withdraw(AUTHOR, p.id, "nie"), Postulate)


async def test_answered_postulate_cannot_be_withdrawn(world: World) -> None:
    await person(world.db, AUTHOR)
    await person(world.db, STAFF)
    p = await world.submit(AUTHOR)
    await world.desk.draft_answer(p.id, Status.ACCEPTED, "Tak.", STAFF)
    await world.desk.publish_answer(p.id, STAFF)
    assert await world.postulates.withdraw(AUTHOR, p.id, "nie") == Refusal(Problem.WRONG_STATE)


async def test_browse_hides_withdrawn_and_merged_and_puts_most_supported_first(
    world: World,
) -> None:
    await person(world.db, AUTHOR)
    await person(world.db, STAFF)
    supporter = await organisation(world.db, "Stowarzyszenie B", OTHER)
    old, popular, gone, merged = [await _submit_later(world) for _ in range(4)]
    await world.postulates.support(OTHER, popular.id)
    await world.postulates.withdraw(AUTHOR, gone.id, "nieaktualne")
    await world.desk.merge(merged.id, old.id, STAFF)
    page, total = await world.postulates.browse(None, None, 0, 10, in_inbox=True)
    assert [p.id for p in page] == [popular.id, old.id] and total == 2
    assert page[0].supports == 1 and supporter
    first, total = await world.postulates.browse(None, None, 0, 1, in_inbox=True)
    second, _ = await world.postulates.browse(None, None, 1, 1, in_inbox=True)
    assert [p.id for p in first + second] == [popular.id, old.id] and total == 2


async def test_browse_filters_by_round_inbox_and_topic(world: World) -> None:
    await person(world.db, AUTHOR)
    current = await world.open_round("homelessness", "culture")
    inbox = await world.submit(AUTHOR)
    housing = await world.submit(AUTHOR, round_id=current.id)
    culture = await world.submit(AUTHOR, "culture", round_id=current.id)
    by_round, total = await world.postulates.browse(current.id, None, 0, 10)
    assert {p.id for p in by_round} == {housing.id, culture.id} and total == 2
    one_topic, _ = await world.postulates.browse(current.id, world.topic_ids["culture"], 0, 10)
    assert [p.id for p in one_topic] == [culture.id]
    in_inbox, _ = await world.postulates.browse(None, None, 0, 10, in_inbox=True)
    assert [p.id for p in in_inbox] == [inbox.id]


async def test_support_once_per_organisation_and_the_supporter_follows(world: World) -> None:
    await person(world.db, AUTHOR)
    org = await organisation(world.db, "Stowarzyszenie B", OTHER)
    await person(world.db, OTHER + 1, organisation_id=org)
    p = await world.submit(AUTHOR)
    supported = await world.postulates.support(OTHER, p.id)
    assert isinstance(supported, Postulate) and supported.supports == 1
    assert await world.postulates.follows(OTHER, p.id)
    assert await world.postulates.supported_by(OTHER + 1, p.id)
    assert await world.postulates.support(OTHER + 1, p.id) == Refusal(Problem.ALREADY)
    assert not await world.postulates.follows(OTHER + 1, p.id)


async def test_support_refusals(world: World) -> None:
    org = await organisation(world.db, "Fundacja A", AUTHOR)
    await person(world.db, MEMBER, organisation_id=org)
    await person(world.db, STRANGER)
    await organisation(world.db, "Stowarzyszenie B", OTHER)
    for_org = await world.submit(AUTHOR, on_behalf=True)
    own_name = await world.submit(AUTHOR)
    support = world.postulates.support
    assert await support(STRANGER, for_org.id) == Refusal(Problem.NO_ORGANISATION)
    assert await support(MEMBER, for_org.id) == Refusal(Problem.OWN_ORGANISATION)
    assert await support(AUTHOR, own_name.id) == Refusal(Problem.OWN_ORGANISATION)
    assert await support(OTHER, 9999) == Refusal(Problem.NOT_FOUND)
    await world.postulates.withdraw(AUTHOR, own_name.id, "nie")
    assert await support(OTHER, own_name.id) == Refusal(Problem.WRONG_STATE)
    assert not await world.postulates.supported_by(OTHER, own_name.id)


async def test_follow_and_unfollow(world: World) -> None:
    await person(world.db, AUTHOR)
    await person(world.db, STRANGER)
    p = await world.submit(AUTHOR)
    assert isinstance(await world.postulates.follow(STRANGER, p.id, True), Postulate)
    assert isinstance(await world.postulates.follow(STRANGER, p.id, True), Postulate)
    assert await world.postulates.follows(STRANGER, p.id)
    await world.postulates.follow(STRANGER, p.id, False)
    assert not await world.postulates.follows(STRANGER, p.id)
    assert await world.postulates.follow(STRANGER, 9999, True) == Refusal(Problem.NOT_FOUND)


async def test_withdrawn_postulate_can_be_unfollowed_but_not_followed(world: World) -> None:
    await person(world.db, AUTHOR)
    await person(world.db, STRANGER)
    p = await world.submit(AUTHOR)
    await world.postulates.withdraw(AUTHOR, p.id, "nie")
    assert await world.postulates.follow(STRANGER, p.id, True) == Refusal(Problem.WRONG_STATE)
    assert isinstance(await world.postulates.follow(AUTHOR, p.id, False), Postulate)
    assert not await world.postulates.follows(AUTHOR, p.id)


async def _submit_later(world: World) -> Postulate:
    world.clock.advance(timedelta(minutes=1))
    return await world.submit(AUTHOR)
