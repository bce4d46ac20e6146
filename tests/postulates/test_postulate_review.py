"""ReviewService on a real database: the queue, merging, answers drafted and published, notes."""

from __future__ import annotations

from datetime import timedelta

import pytest

from bot.postulates.model import POSITION_MAX, Postulate, Problem, Refusal, Status
from bot.privacy.service import PrivacyService
from storage import Database
from tests.postulate_support import NOW, World, build, notes, organisation, person

AUTHOR, MEMBER, IDLE_MEMBER, SUPPORTER, FOLLOWER, STRANGER, STAFF = (
    101, 102, 103, 201, 301, 302, 900,
)  # fmt: skip


@pytest.fixture
async def world(db: Database) -> World:
    world = await build(db)
    await person(db, STAFF)
    return world


async def test_queue_holds_new_and_under_review_oldest_first(world: World) -> None:
    await person(world.db, AUTHOR)
    first, second, third, fourth = [await _later(world) for _ in range(4)]
    await world.desk.mark_under_review(second.id, STAFF)
    await world.postulates.withdraw(AUTHOR, third.id, "nie")
    await _answer(world, fourth, Status.REJECTED)
    page, total = await world.desk.queue(0, 10)
    assert [p.id for p in page] == [first.id, second.id] and total == 2
    assert page[1].status is Status.UNDER_REVIEW
    rest, total = await world.desk.queue(1, 10)
    assert [p.id for p in rest] == [second.id] and total == 2


async def test_mark_under_review_refusals(world: World) -> None:
    await person(world.db, AUTHOR)
    p = await world.submit(AUTHOR)
    assert isinstance(await world.desk.mark_under_review(p.id, STAFF), Postulate)
    assert await world.desk.mark_under_review(p.id, STAFF) == Refusal(Problem.ALREADY)
    assert await world.desk.mark_under_review(9999, STAFF) == Refusal(Problem.NOT_FOUND)
    await world.postulates.withdraw(AUTHOR, p.id, "nie")
    assert await world.desk.mark_under_review(p.id, STAFF) == Refusal(Problem.WRONG_STATE)


async def test_merge_moves_supports_and_followers_and_tells_author_and_followers(
    world: World,
) -> None:
    await person(world.db, AUTHOR)
    org = await organisation(world.db, "Stowarzyszenie B", SUPPORTER)
    await person(world.db, SUPPORTER + 1, organisation_id=org)
    await organisation(world.db, "Fundacja C", SUPPORTER + 2)
    await person(world.db, FOLLOWER)
    duplicate, target = await world.submit(AUTHOR), await world.submit(SUPPORTER + 2)
    await world.postulates.support(SUPPORTER, duplicate.id)
    await world.postulates.support(SUPPORTER + 1, target.id)  # the same organisation: kept once
    await world.postulates.follow(FOLLOWER, duplicate.id, True)
    merged = await world.desk.merge(duplicate.id, target.id, STAFF)
    assert isinstance(merged, Postulate)
    assert merged.status is Status.MERGED and merged.merged_into == target.id
    assert merged.supports == 0
    moved = await world.postulates.get(target.id)
    assert moved is not None and moved.supports == 1
    for user in (AUTHOR, SUPPORTER, FOLLOWER, SUPPORTER + 2):
        assert await world.postulates.follows(user, target.id)
        assert not await world.postulates.follows(user, duplicate.id)
    tag = f"merged:{duplicate.id}"
    assert await notes(world.db) == [(AUTHOR, tag), (SUPPORTER, tag), (FOLLOWER, tag)]


async def test_merge_drops_the_support_of_the_target_own_organisation(world: World) -> None:
    org = await organisation(world.db, "Fundacja A", AUTHOR)
    await organisation(world.db, "Stowarzyszenie B", SUPPORTER)
    await person(world.db, MEMBER, organisation_id=org)
    duplicate = await world.submit(SUPPORTER, on_behalf=True)
    target = await world.submit(AUTHOR, on_behalf=True)
    await world.postulates.support(MEMBER, duplicate.id)
    await world.desk.merge(duplicate.id, target.id, STAFF)
    moved = await world.postulates.get(target.id)
    assert moved is not None and moved.supports == 0


async def test_merge_refusals(world: World) -> None:
    await person(world.db, AUTHOR)
    a, b, c = [await world.submit(AUTHOR) for _ in range(3)]
    assert await world.desk.merge(a.id, 9999, STAFF) == Refusal(Problem.NOT_FOUND)
    assert await world.desk.merge(9999, a.id, STAFF) == Refusal(Problem.NOT_FOUND)
    assert await world.desk.merge(a.id, a.id, STAFF) == Refusal(Problem.NOT_ALLOWED)
    await world.postulates.withdraw(AUTHOR, c.id, "nie")
    assert await world.desk.merge(a.id, c.id, STAFF) == Refusal(Problem.WRONG_STATE)
    assert await world.desk.merge(c.id, a.id, STAFF) == Refusal(Problem.WRONG_STATE)
    await world.desk.merge(b.id, a.id, STAFF)
    assert await world.desk.merge(b.id, a.id, STAFF) == Refusal(Problem.WRONG_STATE)
    assert await world.desk.merge(a.id, b.id, STAFF) == Refusal(Problem.WRONG_STATE)


async def test_drafted_answer_is_kept_until_published(world: World) -> None:
    await person(world.db, AUTHOR)
    p = await world.submit(AUTHOR)
    drafted = await world.desk.draft_answer(p.id, Status.PARTLY_ACCEPTED, " <i>Tak</i> ", STAFF)
    assert isinstance(drafted, Postulate)
    assert drafted.status is Status.NEW and drafted.answer_status is Status.PARTLY_ACCEPTED
    assert drafted.position == "<i>Tak</i>" and drafted.answered_at is None
    assert await notes(world.db) == []
    redrafted = await world.desk.draft_answer(p.id, Status.REJECTED, "Nie.", STAFF)
    assert isinstance(redrafted, Postulate) and redrafted.answer_status is Status.REJECTED
    world.clock.advance(timedelta(hours=1))
    published = await world.desk.publish_answer(p.id, STAFF)
    assert isinstance(published, Postulate)
    assert published.status is Status.REJECTED and published.position == "Nie."
    assert published.answered_at == NOW + timedelta(hours=1)
    assert await world.desk.publish_answer(p.id, STAFF) == Refusal(Problem.WRONG_STATE)
    refused = await world.desk.draft_answer(p.id, Status.ACCEPTED, "Tak.", STAFF)
    assert refused == Refusal(Problem.WRONG_STATE)


async def test_answer_refusals(world: World) -> None:
    await person(world.db, AUTHOR)
    p = await world.submit(AUTHOR)
    draft = world.desk.draft_answer
    assert await draft(p.id, Status.WITHDRAWN, "x", STAFF) == Refusal(Problem.NOT_ALLOWED)
    assert await draft(9999, Status.ACCEPTED, "x", STAFF) == Refusal(Problem.NOT_FOUND)
    assert await draft(p.id, Status.ACCEPTED, " \n", STAFF) == Refusal(Problem.EMPTY)
    too_long = "x" * (POSITION_MAX + 1)
    assert await draft(p.id, Status.ACCEPTED, too_long, STAFF) == Refusal(Problem.TOO_LONG, 1)
    assert isinstance(await draft(p.id, Status.ACCEPTED, "x" * POSITION_MAX, STAFF), Postulate)
    assert await world.desk.publish_answer(9999, STAFF) == Refusal(Problem.NOT_FOUND)
    undrafted = await world.submit(AUTHOR)
    assert await world.desk.publish_answer(undrafted.id, STAFF) == Refusal(Problem.WRONG_STATE)


async def test_published_answer_notifies_each_concerned_active_chat_once(world: World) -> None:
    org = await organisation(world.db, "Fundacja A", AUTHOR)
    await person(world.db, MEMBER, organisation_id=org)
    await person(world.db, IDLE_MEMBER, organisation_id=org, active=False)
    await organisation(world.db, "Stowarzyszenie B", SUPPORTER)
    await person(world.db, FOLLOWER)
    await person(world.db, STRANGER)
    p = await world.submit(AUTHOR, on_behalf=True)
    await world.postulates.support(SUPPORTER, p.id)  # supporter and follower at once
    await world.postulates.follow(FOLLOWER, p.id, True)
    await world.postulates.follow(MEMBER, p.id, True)  # member and follower at once
    await _answer(world, p, Status.ACCEPTED)
    tag = f"answer:{p.id}"
    assert await notes(world.db) == [(c, tag) for c in (AUTHOR, MEMBER, SUPPORTER, FOLLOWER)]
    row = await world.db.fetch_one(
        "SELECT announcement_id, postulate_id, state, not_before FROM outbox WHERE chat_id = ?",
        (AUTHOR,),
    )
    assert row is not None and tuple(row) == (None, p.id, "pending", row[3])


async def test_supporter_who_unfollowed_still_hears_the_answer(world: World) -> None:
    await person(world.db, AUTHOR)
    await organisation(world.db, "Stowarzyszenie B", SUPPORTER)
    p = await world.submit(AUTHOR)
    await world.postulates.support(SUPPORTER, p.id)
    await world.postulates.follow(SUPPORTER, p.id, False)
    await world.postulates.follow(AUTHOR, p.id, False)
    await _answer(world, p, Status.IMPLEMENTED)
    assert [chat for chat, _ in await notes(world.db)] == [AUTHOR, SUPPORTER]


async def test_forgotten_author_gets_no_note_and_the_postulate_stays(world: World) -> None:
    await person(world.db, AUTHOR)
    await person(world.db, FOLLOWER)
    p = await world.submit(AUTHOR)
    await world.postulates.follow(FOLLOWER, p.id, True)
    assert await PrivacyService(world.db).forget(AUTHOR)
    kept = await world.postulates.get(p.id)
    assert kept is not None and kept.author_id is None and kept.title == p.title
    assert not await world.postulates.follows(AUTHOR, p.id)
    await _answer(world, kept, Status.ACCEPTED)
    assert await notes(world.db) == [(FOLLOWER, f"answer:{p.id}")]


async def test_publish_round_publishes_only_that_round_drafted_answers(world: World) -> None:
    await person(world.db, AUTHOR)
    current = await world.open_round("homelessness")
    drafted = [await world.submit(AUTHOR, round_id=current.id) for _ in range(2)]
    undrafted = await world.submit(AUTHOR, round_id=current.id)
    inbox = await world.submit(AUTHOR)
    for p in [*drafted, inbox]:
        await world.desk.draft_answer(p.id, Status.WILL_MAKE_EFFORTS, "Postaramy się.", STAFF)
    assert await world.desk.publish_round(current.id, STAFF) == 2
    for p in drafted:
        found = await world.postulates.get(p.id)
        assert found is not None and found.status is Status.WILL_MAKE_EFFORTS
    for p in (undrafted, inbox):
        found = await world.postulates.get(p.id)
        assert found is not None and found.status is Status.NEW
    assert sorted(await notes(world.db)) == sorted((AUTHOR, f"answer:{p.id}") for p in drafted)
    assert await world.desk.publish_round(current.id, STAFF) == 0
    assert await world.desk.publish_round(None, STAFF) == 1


async def _later(world: World) -> Postulate:
    world.clock.advance(timedelta(minutes=1))
    return await world.submit(AUTHOR)


async def _answer(world: World, p: Postulate, status: Status) -> None:
    assert isinstance(await world.desk.draft_answer(p.id, status, "Stanowisko.", STAFF), Postulate)
    assert isinstance(await world.desk.publish_answer(p.id, STAFF), Postulate)
