"""Who speaks for an organisation, through the running bot: joining needs a member's (or,
when it has none, staff's) approval or an invite link; members see who joined and can remove
them; buttons are re-checked when pressed; memberships from before are kept for staff review."""

from __future__ import annotations

import importlib
from pathlib import Path

import pytest

from bot.core.users import UserService
from bot.organisations.memberships import MembershipService
from bot.organisations.service import Organisation, OrganisationService
from bot.privacy.service import PrivacyService
from bot.sandbox.driver import SimulatedUser
from storage import Database, available_migrations, connect, migrate
from tests.announce_support import make_staff, member_of
from tests.conftest import RunningBot
from tests.seeding import seeding

migrate_module = importlib.import_module("storage.migrate")
STAMP = "2026-01-05T12:00:00.000000+00:00"


async def membership_of(bot: RunningBot, user_id: int) -> int | None:
    async with seeding(bot) as seed:
        organisation = await seed.organisations.membership(user_id)
    return None if organisation is None else organisation.id


async def ask_to_join(bot: RunningBot, user_id: int, name: str, query: str) -> SimulatedUser:
    user = bot.emulator.user(user_id, name, language_code="en")
    await user.send("/organisation")
    await user.wait_for("Type a part of your organisation's name")
    await user.send(query)
    await user.wait_for("Is it one of these")
    await user.wait_for_answer(await user.press("Fundacja Razem"))
    return user


async def test_tapping_an_organisation_asks_its_members_instead_of_joining(
    bot: RunningBot,
) -> None:
    ewa = await member_of(bot, 7201, "Fundacja Razem", ())
    bogdan = await ask_to_join(bot, 7202, "Bogdan", "razem")
    await bogdan.wait_for("Your request to join Fundacja Razem has gone to its members")
    assert await membership_of(bot, 7202) is None
    await ewa.wait_for("Bogdan asks to join Fundacja Razem")
    await ewa.wait_for_answer(await ewa.press("✖️ Decline"))
    await ewa.wait_for("You declined the request of Bogdan")
    await bogdan.wait_for("Your request to join Fundacja Razem was declined")
    assert await membership_of(bot, 7202) is None
    stale = await ewa.wait_for_answer(await ewa.press_data("mbr:a:7202"))  # decided already
    assert stale.show_alert and await membership_of(bot, 7202) is None
    await bogdan.send("/organisation")
    await bogdan.wait_for("Type a part")
    await bogdan.send("razem")
    await bogdan.wait_for("Is it one of these")
    await bogdan.wait_for_answer(await bogdan.press("Fundacja Razem"))
    card = await ewa.wait_for("Bogdan asks to join")
    await ewa.wait_for_answer(await ewa.press("✅ Accept", message_id=card["message_id"]))
    await bogdan.wait_for("you are now a member of Fundacja Razem")
    assert await membership_of(bot, 7202) == await membership_of(bot, 7201)


async def test_only_a_current_member_or_staff_can_accept(bot: RunningBot) -> None:
    await member_of(bot, 7211, "Fundacja Razem", ())
    outsider = await member_of(bot, 7213, "Stowarzyszenie Most", ())
    await ask_to_join(bot, 7212, "Bogdan", "razem")
    await outsider.send("/organisation")
    await outsider.wait_for("Organisation")
    forged = await outsider.wait_for_answer(await outsider.press_data("mbr:a:7212"))
    assert forged.show_alert and await membership_of(bot, 7212) is None
    for junk in ("mbr:a:x", "mbr:a:²", "mbr:k:7212", "mbr:zz:1", "mbr:a:1:2:3:4"):
        refused = await outsider.wait_for_answer(await outsider.press_data(junk))
        assert refused.show_alert
    assert await membership_of(bot, 7212) is None


async def test_an_organisation_without_members_has_requests_decided_by_staff(
    bot: RunningBot,
) -> None:
    founder = await member_of(bot, 7221, "Fundacja Razem", ())
    await founder.send("/organisation")
    await founder.wait_for_answer(await founder.press("🚪 Leave the organisation"))
    await founder.wait_for("You left Fundacja Razem")
    staff = await make_staff(bot)
    bot.emulator.state.private_chat(staff.record)  # staff who once wrote to the bot
    bogdan = await ask_to_join(bot, 7222, "Bogdan", "razem")
    await bogdan.wait_for("has no members in the bot yet.*city staff")
    await staff.wait_for("Bogdan asks to join Fundacja Razem")
    await staff.send("/pending")
    await staff.wait_for("1 request to join an organisation that has no members")
    await staff.wait_for_answer(await staff.press("✅ Accept"))
    await bogdan.wait_for("you are now a member of Fundacja Razem")


async def test_members_are_told_who_joined_and_can_remove_them(bot: RunningBot) -> None:
    ewa = await member_of(bot, 7231, "Fundacja Razem", ())
    await ewa.send("/invite")
    invite = await ewa.wait_for(r"start=")
    code = invite["text"].split("start=")[1].split()[0]
    celina = bot.emulator.user(7232, "Celina", language_code="en")
    await celina.send(f"/start {code}")
    await celina.wait_for("You are now a member of Fundacja Razem")
    await ewa.wait_for("Celina joined Fundacja Razem in the bot")
    await ewa.send("/organisation")
    await ewa.wait_for_answer(await ewa.press("👥 Members"))
    await ewa.wait_for("Members of Fundacja Razem\n•.*\n• Celina")
    await ewa.wait_for_answer(await ewa.press("🚫 Remove Celina"))
    await ewa.wait_for("Celina no longer belongs to Fundacja Razem")
    await celina.wait_for("You no longer belong to Fundacja Razem")
    assert await membership_of(bot, 7232) is None
    await celina.send("/invite")  # acting for it needs membership now
    await celina.wait_for("first join or register your organisation")
    refused = await celina.wait_for_answer(await celina.press_data("mbr:r:7231"))
    assert refused.show_alert and await membership_of(bot, 7231) is not None


async def test_memberships_from_before_are_kept_and_listed_for_staff(bot: RunningBot) -> None:
    await member_of(bot, 7241, "Fundacja Razem", ())
    async with seeding(bot) as seed:  # as the old /organisation joined people, unasked
        await seed.users.register(7242, "en")
        organisation = await seed.organisations.membership(7241)
        assert organisation is not None
        await seed.db.fetch_value(
            "UPDATE users SET organisation_id = ?, joined_via = 'before_approvals' "
            "WHERE telegram_id = 7242 RETURNING 1",
            (organisation.id,),
        )
    staff = await make_staff(bot)
    await staff.send("/pending")
    await staff.wait_for("1 membership from before joining needed approval")
    await staff.wait_for("#7242 is a member of Fundacja Razem")
    await staff.wait_for_answer(await staff.press("✅ Keep"))
    await staff.wait_for("Kept: #7242 in Fundacja Razem")
    assert await membership_of(bot, 7242) == organisation.id
    again = await staff.wait_for_answer(await staff.press_data(f"mbr:k:7242:{organisation.id}"))
    assert again.show_alert


async def test_upgrade_keeps_memberships_and_marks_those_to_review(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    db: Database = await connect(tmp_path / "old.sqlite3")
    try:
        before = [m for m in available_migrations() if m.version <= 12]
        monkeypatch.setattr(migrate_module, "available_migrations", lambda: before)
        await migrate(db)
        async with db.transaction() as conn:  # rows as version 12 wrote them
            for user in (1, 2, 3):
                await conn.execute(
                    "INSERT INTO users (telegram_id, language, first_seen, last_seen) "
                    "VALUES (?, 'pl', ?, ?)",
                    (user, STAMP, STAMP),
                )
            await conn.execute(
                "INSERT INTO organisations (id, name, name_key, created_by, created_at) "
                "VALUES (10, 'Fundacja', 'fundacja', 1, ?)",
                (STAMP,),
            )
            await conn.execute("UPDATE users SET organisation_id = 10 WHERE telegram_id < 3")
        monkeypatch.undo()
        await migrate(db)
        rows = await db.fetch_all(
            "SELECT telegram_id, organisation_id, joined_via FROM users ORDER BY telegram_id"
        )
        assert [tuple(row) for row in rows] == [
            (1, 10, "created"),
            (2, 10, "before_approvals"),
            (3, None, None),
        ]
    finally:
        await db.close()


async def test_mydata_includes_a_waiting_request_and_how_a_membership_began(db: Database) -> None:
    people = UserService(db, "pl")
    for user in (1, 2):
        await people.register(user, "pl")
    organisations = OrganisationService(db, ())
    founded = await organisations.register(1, "Fundacja Razem", None, None, None)
    assert isinstance(founded, Organisation)
    await MembershipService(db, organisations).ask_to_join(2, founded.id, "Bogdan Nowak")
    asked = await PrivacyService(db).export(2)
    assert asked["join_request"]["name"] == "Bogdan Nowak"
    assert asked["membership_details"] is None
    founder = await PrivacyService(db).export(1)
    assert founder["membership_details"]["joined_via"] == "created"


async def test_asking_again_does_not_ring_the_members_again(bot: RunningBot) -> None:
    ewa = await member_of(bot, 7251, "Fundacja Razem", ())
    for _ in range(3):
        bogdan = await ask_to_join(bot, 7252, "Bogdan", "razem")
        await bogdan.wait_for("has gone to its members")
    await ewa.wait_for("Bogdan asks to join")
    await ewa.send("/organisation")  # a reply after any further cards would have come
    await ewa.wait_for("Organisation")
    cards = [m for m in ewa.messages() if "asks to join" in (m.get("text") or "")]
    assert len(cards) == 1
