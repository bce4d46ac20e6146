"""Organisations declare their areas of work (migration 0014); seeded names follow 0013."""

from __future__ import annotations

import importlib
from datetime import UTC, datetime
from pathlib import Path

import pytest

from bot.core.users import Role
from bot.organisations.areas import AreaService
from bot.organisations.service import Organisation, OrganisationService
from storage import Database, available_migrations, connect, migrate, upsert_user
from tests.conftest import RunningBot
from tests.constants import ADMIN_ID

migrate_module = importlib.import_module("storage.migrate")
HEALTH, EDUCATION = 1, 2


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
