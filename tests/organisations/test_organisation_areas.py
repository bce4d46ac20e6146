"""Organisations declare their areas of work (migration 0014); seeded names follow 0013."""

from __future__ import annotations

import importlib
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from bot.core.users import Role
from bot.organisations.areas import AreaService
from bot.organisations.service import Organisation, OrganisationService
from bot.sandbox.driver import SimulatedUser
from storage import Database, available_migrations, connect, migrate, upsert_user
from tests.conftest import RunningBot
from tests.constants import ADMIN_ID
from tests.seeding import seeding

migrate_module = importlib.import_module("storage.migrate")
HEALTH, EDUCATION, SENIORS = 1, 2, 10  # the seeded topics' ids (migration 0002)


def labels(message: dict[str, Any]) -> list[str]:
    """The inline buttons' labels, row after row."""
    rows = message.get("reply_markup", {}).get("inline_keyboard", [])
    return [button["text"] for row in rows for button in row]


async def test_only_members_and_staff_may_change_an_organisations_areas(db: Database) -> None:
    for user_id in (1, 2, ADMIN_ID):
        await upsert_user(db, user_id, "pl", datetime(2026, 1, 1, tzinfo=UTC))
    org = await OrganisationService(db, ()).register(1, "Alfa", None, None, None)
    assert isinstance(org, Organisation)
    areas = AreaService(db)
    assert await areas.set_area(2, Role.MEMBER, org.id, HEALTH, True) is None  # not a member
    assert await areas.declared(org.id) == set()
    assert await areas.set_area(1, Role.MEMBER, org.id, HEALTH, True) == {HEALTH}
    assert await areas.set_area(ADMIN_ID, Role.STAFF, org.id, EDUCATION, True) == {
        HEALTH,
        EDUCATION,
    }
    assert await areas.set_area(1, Role.MEMBER, org.id, 999, True) == {HEALTH, EDUCATION}
    assert await areas.set_area(1, Role.MEMBER, org.id, HEALTH, False) == {EDUCATION}


async def upgraded_from(
    version: int, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, *statements: str
) -> Database:
    """A database migrated to `version`, given rows as that version wrote them, then to now."""
    db = await connect(tmp_path / "old.sqlite3")
    before = available_migrations()[:version]
    monkeypatch.setattr(migrate_module, "available_migrations", lambda: before)
    await migrate(db)
    async with db.transaction() as conn:
        for sql in statements:
            await conn.execute(sql)
    monkeypatch.undo()
    assert (await migrate(db)).applied[0] == version + 1
    return db


async def test_upgrade_to_0014_starts_from_the_areas_guessed_before(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    db = await upgraded_from(
        13,
        tmp_path,
        monkeypatch,
        "INSERT INTO users (telegram_id, language, first_seen, last_seen) "
        "VALUES (7, 'pl', '2026-01-05T12:00:00.000000+00:00', '2026-01-05T12:00:00.000000+00:00')",
        "INSERT INTO organisations (id, name, name_key, status, created_by, created_at) "
        "VALUES (1, 'Alfa', 'alfa', 'pending', 7, '2026-01-05T12:00:00.000000+00:00')",
        "UPDATE users SET organisation_id = 1 WHERE telegram_id = 7",
        "INSERT INTO chats (chat_id, type, created_at, updated_at) "
        "VALUES (7, 'private', '2026-01-05T12:00:00.000000+00:00',"
        " '2026-01-05T12:00:00.000000+00:00')",
        "INSERT INTO chat_topics (chat_id, topic_id) VALUES (7, 2)",
    )
    try:
        assert await AreaService(db).declared(1) == {EDUCATION}
        # From now on the member's own subscriptions no longer change the organisation's areas.
        async with db.transaction() as conn:
            await conn.execute("INSERT INTO chat_topics (chat_id, topic_id) VALUES (7, 1)")
        assert await AreaService(db).declared(1) == {EDUCATION}
    finally:
        await db.close()


async def test_upgrade_to_0013_renames_the_seeded_topics_but_not_an_admins_rename(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    db = await upgraded_from(
        12,
        tmp_path,
        monkeypatch,
        "UPDATE topics SET name_pl = 'Wykluczenie' WHERE code = 'inclusion'",
    )
    try:
        rows = await db.fetch_all(
            "SELECT code, name_pl, name_uk FROM topics WHERE code IN ('homelessness', 'inclusion')"
        )
        names = {row["code"]: (row["name_pl"], row["name_uk"]) for row in rows}
        assert names["homelessness"] == ("Bezdomność", "Безхатченство")
        assert names["inclusion"] == (
            "Wykluczenie",  # renamed by an administrator: left alone
            "Активізація людей, яким загрожує соціальне виключення",
        )
    finally:
        await db.close()


async def test_a_member_declares_the_areas_through_the_bot(bot: RunningBot) -> None:
    ola = bot.emulator.user(1601, "Ola", language_code="pl")
    await ola.send("/organizacja")
    await ola.wait_for_answer(await ola.press("➕ Zarejestruj nową organizację"))
    await ola.send("Fundacja Łąka")
    await ola.wait_for("Numer KRS")
    for _ in range(3):  # KRS, district, e-mail
        await ola.wait_for_answer(await ola.press("Pomiń ▶️"))
    await ola.wait_for_answer(await ola.press("✅ Zarejestruj"))
    await ola.wait_for("została zarejestrowana")
    await ola.send("/organizacja")
    await ola.wait_for_answer(await ola.press("🏷 Obszary działania"))
    await ola.wait_for("Obszary działania: Fundacja Łąka")
    await ola.wait_for_answer(await ola.press("▫️ Edukacja"))
    await ola.wait_for_answer(await ola.press("▫️ Seniorzy"))
    await ola.wait_for_answer(await ola.press("✅ Seniorzy"))  # and back off
    await ola.wait_for_answer(await ola.press("Gotowe"))
    await ola.wait_for("Zapisano. Obszary działania organizacji Fundacja Łąka: Edukacja.")
    eve = bot.emulator.user(1602, "Eve", language_code="en")  # not a member: refused
    await eve.send("/start")
    await eve.wait_for("Hello")
    answer = await eve.wait_for_answer(await eve.press_data("org:a:1:4:1"))
    assert answer.show_alert is True and "Only members" in (answer.text or "")


async def register_in_polish(ola: SimulatedUser, name: str) -> None:
    """/organizacja -> register, only the name typed, up to the registered screen."""
    await ola.send("/organizacja")
    await ola.wait_for_answer(await ola.press("➕ Zarejestruj nową organizację"))
    await ola.wait_for("Nowa organizacja")
    await ola.send(name)
    await ola.wait_for("Numer KRS")
    for _ in range(3):  # KRS, district, e-mail
        await ola.wait_for_answer(await ola.press("Pomiń ▶️"))
    await ola.wait_for_answer(await ola.press("✅ Zarejestruj"))


async def test_registering_ends_with_the_areas_and_the_directory_shows_them(
    bot: RunningBot,
) -> None:
    ola = bot.emulator.user(1611, "Ola", language_code="pl")
    await register_in_polish(ola, "Fundacja Wrzos")
    step = await ola.wait_for(r"została zarejestrowana.*\n\nObszary działania: Fundacja Wrzos")
    assert labels(step)[-1] == "Pomiń ▶️"  # nothing chosen yet: the step can be skipped
    await ola.wait_for_answer(await ola.press("▫️ Edukacja"))
    chosen = await ola.wait_for(r"została zarejestrowana")
    assert labels(chosen)[-1] == "Gotowe" and "✅ Edukacja" in labels(chosen)
    await ola.wait_for_answer(await ola.press("▫️ Seniorzy"))
    await ola.wait_for_answer(await ola.press("Gotowe"))
    await ola.wait_for(
        "Zapisano. Obszary działania organizacji Fundacja Wrzos: Edukacja, Seniorzy."
    )
    # "Gotowe" again, and the step's Skip forged onto the message: nothing changes.
    again = await ola.wait_for_answer(await ola.press_data("org:ad:1"))
    assert not again.show_alert
    stale = await ola.wait_for_answer(await ola.press_data("org:as:1"))
    assert stale.show_alert is True
    async with seeding(bot) as seed:
        assert await AreaService(seed.db).declared(1) == {EDUCATION, SENIORS}
        async with seed.db.transaction() as conn:  # the city verified it
            await conn.execute(
                "UPDATE organisations SET status = 'verified', reviewed_at = created_at"
            )
    reader = bot.emulator.user(1612, "Reader", language_code="en")
    await reader.send("/orgs")
    await reader.wait_for_answer(await reader.press("By topic"))
    await reader.wait_for_answer(await reader.press("Seniors"))
    await reader.wait_for(r"Fundacja Wrzos\n🏷 Areas: Education, Seniors")


async def test_skipping_the_areas_at_registration_declares_none_and_goes_on_once(
    bot: RunningBot,
) -> None:
    anna = bot.emulator.user(1613, "Anna", language_code="en")
    await anna.send("/start")
    await anna.wait_for_answer(await anna.press("Next ▶️"))
    await anna.wait_for_answer(await anna.press("➕ Register a new organisation"))
    await anna.wait_for("full name")
    await anna.send("Fundacja Jutro")
    await anna.wait_for("KRS number")
    for _ in range(3):  # KRS, district, e-mail
        await anna.wait_for_answer(await anna.press("Skip ▶️"))
    await anna.wait_for_answer(await anna.press("✅ Register"))
    await anna.wait_for(r"Registered: Fundacja Jutro.*\n\nAreas of work of Fundacja Jutro")
    skipped = await anna.wait_for_answer(await anna.press("Skip ▶️"))
    assert not skipped.show_alert
    await anna.wait_for(r"declare the areas of work later: /organisation → Areas of work")
    await anna.wait_for("Step 3 of 3")
    # The same Skip pressed again: refused as stale, and no second step 3.
    stale = await anna.wait_for_answer(await anna.press_data("org:as:1"))
    assert stale.show_alert is True
    await anna.send("/subscriptions")
    await anna.wait_for("Fundacja Jutro")
    steps = [m for m in anna.messages() if "Step 3 of 3" in (m.get("text") or "")]
    assert len(steps) == 1
    async with seeding(bot) as seed:
        assert await AreaService(seed.db).declared(1) == set()
        dialog = await seed.db.fetch_value("SELECT flow FROM dialogs WHERE user_id = 1613")
    assert dialog != "register"
