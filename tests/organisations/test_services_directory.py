"""The organisation directory: verified organisations by area and district, paged by name."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from bot.core.topics import TopicService
from bot.core.users import Role
from bot.organisations.areas import AreaService
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


async def test_the_directory_shows_declared_areas_not_members_subscriptions(
    db: Database, orgs: OrganisationService
) -> None:
    subs, areas = SubscriptionService(db), AreaService(db)
    alfa = await verified(orgs, 1, "Alfa", "Podgórze")
    beta = await verified(orgs, 2, "Beta", "Stare Miasto")
    await verified(orgs, 3, "Gamma", "Podgórze")
    for topic in (HEALTH, EDUCATION, CULTURE):
        await areas.set_area(1, Role.MEMBER, alfa.id, topic, True)
    await areas.set_area(2, Role.MEMBER, beta.id, HEALTH, True)
    await subs.ensure_chat(3, ChatType.PRIVATE)  # Gamma's member follows health for herself
    await subs.toggle_topic(3, HEALTH)
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
