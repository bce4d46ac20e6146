"""The organisation directory: verified organisations by area and district, paged by name."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from bot.core.topics import TopicService
from bot.organisations.service import Organisation, OrganisationService
from bot.subscriptions.service import ChatType, SubscriptionService
from storage import Database, upsert_user

DISTRICTS = ("Stare Miasto", "Podgórze")
STAFF = 900
HEALTH, EDUCATION, CULTURE = 1, 2, 4


@pytest.fixture
async def orgs(db: Database) -> OrganisationService:
    for user_id in range(1, 10):
        await upsert_user(db, user_id, "pl", datetime(2026, 1, 1, tzinfo=UTC))
    await upsert_user(db, STAFF, "pl", datetime(2026, 1, 1, tzinfo=UTC))
    return OrganisationService(db, DISTRICTS)


async def verified(
    orgs: OrganisationService, user_id: int, name: str, district: str | None = None
) -> Organisation:
    org = await orgs.register(user_id, name, None, district, None)
    assert isinstance(org, Organisation)
    reviewed = await orgs.review(STAFF, org.id, verified=True)
    assert reviewed is not None
    return reviewed


async def test_directory_lists_only_verified_organisations_by_name_in_pages(
    orgs: OrganisationService,
) -> None:
    names = ["Echo", "Alfa", "Delta", "Bravo", "Charlie", "Foxtrot", "Golf"]
    for user_id, name in enumerate(names, start=1):
        await verified(orgs, user_id, name)
    await orgs.register(8, "Aaa pending", None, None, None)

    first = await orgs.directory(per_page=3)
    last = await orgs.directory(page=2, per_page=3)

    assert [e.organisation.name for e in first.items] == ["Alfa", "Bravo", "Charlie"]
    assert (first.page, first.pages, first.total) == (0, 3, 7)
    assert [e.organisation.name for e in last.items] == ["Golf"]
    stale = await orgs.directory(page=9, per_page=3)
    assert stale.page == 2 and stale.items == last.items


async def test_empty_directory_still_has_one_page(orgs: OrganisationService) -> None:
    page = await orgs.directory(topic_id=HEALTH)
    assert (page.items, page.page, page.pages, page.total) == ([], 0, 1, 0)


async def test_areas_come_from_member_and_group_chats_and_filter_the_directory(
    db: Database, orgs: OrganisationService
) -> None:
    subs = SubscriptionService(db)
    alfa = await verified(orgs, 1, "Alfa", "Podgórze")
    beta = await verified(orgs, 2, "Beta", "Stare Miasto")
    await verified(orgs, 3, "Gamma", "Podgórze")
    await subs.ensure_chat(1, ChatType.PRIVATE)  # member's private chat
    await subs.toggle_topic(1, EDUCATION)
    await subs.ensure_chat(-50, ChatType.GROUP, organisation_id=alfa.id)
    await subs.toggle_topic(-50, HEALTH)
    await subs.toggle_topic(-50, CULTURE)
    await subs.ensure_chat(2, ChatType.PRIVATE)
    await subs.toggle_topic(2, HEALTH)
    await TopicService(db).set_retired(CULTURE, True)

    everyone = await orgs.directory()
    health = await orgs.directory(topic_id=HEALTH)
    health_podgorze = await orgs.directory(topic_id=HEALTH, district="Podgórze")

    assert {e.organisation.name: e.topic_ids for e in everyone.items} == {
        "Alfa": [HEALTH, EDUCATION],
        "Beta": [HEALTH],
        "Gamma": [],
    }
    assert [e.organisation.id for e in health.items] == [alfa.id, beta.id]
    assert [e.organisation.id for e in health_podgorze.items] == [alfa.id]
    assert (await orgs.directory(district="Stare Miasto")).total == 1
