"""/mydata and /forget with postulates: one's own postulates, supports and follows."""

from __future__ import annotations

import json

from bot.privacy.service import PrivacyService
from storage import Database
from tests.postulate_support import NOW, build, organisation, person

USER, OTHER, THIRD = 1, 2, 3


async def test_export_holds_own_postulates_supports_and_follows(db: Database) -> None:
    world = await build(db)
    org = await organisation(db, "Fundacja A", USER)
    await organisation(db, "Stowarzyszenie B", OTHER)
    await person(db, THIRD)
    mine = await world.submit(USER, title="<b>Mój</b>", on_behalf=True)
    theirs = await world.submit(OTHER)
    followed = await world.submit(THIRD)
    await world.postulates.support(USER, theirs.id)
    await world.postulates.follow(USER, followed.id, True)
    data = await PrivacyService(db).export(USER)
    assert json.loads(json.dumps(data)) == data
    [own] = data["postulates"]
    assert (own["id"], own["title"], own["organisation_id"]) == (mine.id, "<b>Mój</b>", org)
    assert (own["status"], own["submitted_at"]) == ("new", NOW.isoformat())
    assert data["postulate_supports"] == [
        {"postulate_id": theirs.id, "organisation_id": org, "created_at": NOW.isoformat()}
    ]
    assert [f["postulate_id"] for f in data["postulates_followed"]] == [
        mine.id,
        theirs.id,
        followed.id,
    ]
    stranger = await PrivacyService(db).export(404)
    assert stranger["postulates"] == stranger["postulate_supports"] == []
    assert stranger["postulates_followed"] == []


async def test_forget_keeps_postulates_and_supports_unlinked_and_drops_follows(
    db: Database,
) -> None:
    world = await build(db)
    await organisation(db, "Fundacja A", USER)
    await person(db, OTHER)
    mine = await world.submit(USER, on_behalf=True)
    theirs = await world.submit(OTHER)
    await world.postulates.support(USER, theirs.id)
    assert await PrivacyService(db).forget(USER)
    kept = await world.postulates.get(mine.id)
    assert kept is not None and kept.author_id is None and kept.organisation_name == "Fundacja A"
    supported = await world.postulates.get(theirs.id)
    assert supported is not None and supported.supports == 1  # the organisation's, not theirs
    assert (
        await db.fetch_value("SELECT count(*) FROM postulate_supports WHERE user_id = ?", (USER,))
        == 0
    )
    assert (
        await db.fetch_value("SELECT count(*) FROM postulate_followers WHERE user_id = ?", (USER,))
        == 0
    )
