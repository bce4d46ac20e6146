"""PrivacyService: exporting a person's data as JSON and forgetting them."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import pytest

from bot.core.dialogs import DialogService
from bot.core.topics import Kind
from bot.organisations.service import Organisation, OrganisationService
from bot.privacy.service import PrivacyService
from bot.subscriptions.service import ChatType, SubscriptionService
from storage import Database, get_user, upsert_user

NOW = datetime(2026, 1, 5, 12, 0, tzinfo=UTC)
USER, OTHER = 1, 2


@pytest.fixture
async def org(db: Database) -> Organisation:
    """USER registered an organisation, created an invite, subscribed, and is mid-dialog."""
    for user_id in (USER, OTHER):
        await upsert_user(db, user_id, "uk", NOW)
    orgs = OrganisationService(db, (), lambda: NOW)
    org = await orgs.register(USER, "Fundacja Łąka", "0000123456", None, None)
    assert isinstance(org, Organisation)
    await orgs.create_invite(USER, org.id, staff=False)
    subs = SubscriptionService(db, lambda: NOW)
    await subs.ensure_chat(USER, ChatType.PRIVATE)
    await subs.toggle_topic(USER, 1)
    await subs.toggle_kind(USER, Kind.NOTICE)
    await subs.ensure_chat(-50, ChatType.GROUP, organisation_id=org.id)
    await subs.toggle_topic(-50, 2)
    await DialogService(db, lambda: NOW).start(USER, "search", "query", {"q": "łą"})
    return org


async def test_export_holds_everything_about_the_person_as_json(
    db: Database, org: Organisation
) -> None:
    data = await PrivacyService(db).export(USER)

    assert json.loads(json.dumps(data)) == data
    assert data["user"] == {
        "telegram_id": USER, "language": "uk", "language_chosen": False, "role": "member",
        "first_seen": NOW.isoformat(), "last_seen": NOW.isoformat(), "username": None,
    }  # fmt: skip
    assert data["organisation"] == {"id": org.id, "name": "Fundacja Łąka", "status": "pending"}
    assert data["private_chat"] == {
        "topics": ["health"],
        "kinds": [k.value for k in Kind if k is not Kind.NOTICE],
        "paused": False,
        "active": True,
        "reminder_settings": {
            "reminders": True,
            "deadline_leads": None,
            "event_leads": None,
            "quiet_hours": None,
            "digest": True,
        },
    }
    assert [o["name"] for o in data["organisations_registered"]] == ["Fundacja Łąka"]
    [invite] = data["invites_created"]
    assert (invite["organisation_id"], invite["revoked_at"], invite["uses"]) == (org.id, None, 0)
    assert data["dialog"]["data"] == {"q": "łą"}


async def test_export_of_a_stranger_is_empty(db: Database) -> None:
    data = await PrivacyService(db).export(404)
    assert data["user"] is None and data["private_chat"] is None
    assert data["organisations_registered"] == data["invites_created"] == []


async def test_forget_removes_the_person_but_keeps_their_organisation(
    db: Database, org: Organisation
) -> None:
    privacy = PrivacyService(db)
    assert await privacy.forget(USER)

    assert await get_user(db, USER) is None
    assert await SubscriptionService(db).settings(USER) is None
    assert await db.fetch_value("SELECT count(*) FROM chat_topics WHERE chat_id = ?", (USER,)) == 0
    assert await db.fetch_value("SELECT count(*) FROM chat_muted_kinds") == 0
    assert await DialogService(db).get(USER) is None
    kept = await db.fetch_one("SELECT name, created_by FROM organisations WHERE id = ?", (org.id,))
    assert kept is not None and (kept["name"], kept["created_by"]) == ("Fundacja Łąka", None)
    assert await db.fetch_value("SELECT created_by FROM invites") is None
    group = await SubscriptionService(db).settings(-50)
    assert group is not None and group.topic_ids == {2}
    assert await get_user(db, OTHER) is not None
    assert not await privacy.forget(USER)
