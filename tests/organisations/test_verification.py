"""/pending through the emulator: staff verify or reject, members are told, others refused."""

from __future__ import annotations

import re

from babel.dates import format_date

from bot.core.users import Role
from bot.organisations.service import Organisation, OrgStatus
from tests.conftest import RunningBot
from tests.constants import ADMIN_ID
from tests.seeding import Seed, seeding


async def pending_organisation(
    bot: RunningBot, seed: Seed, member_ids: tuple[int, ...], name: str = "Fundacja Nowa"
) -> Organisation:
    """An organisation registered by the first member, joined by the others; all have chats."""
    for member_id in member_ids:
        member = bot.emulator.user(member_id, f"Member {member_id}", language_code="en")
        await member.send("/help")
        await member.wait_for("What I can do")
    organisation = await seed.organisation(
        member_ids[0],
        name,
        krs="0000123456",
        district="Krowodrza",
        email="biuro@nowa.example.org",
        verified=None,
    )
    for member_id in member_ids[1:]:
        assert await seed.organisations.join(member_id, organisation.id) is not None
    return organisation


async def status_of(bot: RunningBot, org_id: int) -> OrgStatus:
    async with seeding(bot) as seed:
        organisation = await seed.organisations.get(org_id)
    assert organisation is not None
    return organisation.status


async def test_staff_verify_an_organisation_and_every_member_is_told(bot: RunningBot) -> None:
    async with seeding(bot) as seed:
        organisation = await pending_organisation(bot, seed, (3001, 3002))
    registered = format_date(
        organisation.created_at.astimezone(bot.settings.timezone).date(), "long", locale="en"
    )
    admin = bot.emulator.user(ADMIN_ID, "Ewa", language_code="en")
    await admin.send("/pending")
    await admin.wait_for("1 organisation is waiting for verification.")
    card = await admin.wait_for(
        "🏢 Fundacja Nowa\nKRS: 0000123456\nDistrict: Krowodrza\n"
        rf"E-mail: biuro@nowa\.example\.org\nRegistered: {re.escape(registered)}"
    )
    answer = await admin.wait_for_answer(await admin.press("✅ Verify"))
    assert not answer.show_alert
    await admin.wait_for("Verify Fundacja Nowa\\? It will appear in the directory")
    assert await status_of(bot, organisation.id) is OrgStatus.PENDING  # asked once first
    await admin.wait_for_answer(await admin.press("✅ Yes, verify"))
    edited = await admin.wait_for(r"Fundacja Nowa.*\n\n✅ Verified$")
    assert edited["message_id"] == card["message_id"]
    assert "reply_markup" not in edited or not edited["reply_markup"].get("inline_keyboard")
    for member_id in (3001, 3002):
        member = bot.emulator.user(member_id, "Member")
        await member.wait_for("Good news: the city has verified Fundacja Nowa")
    assert await status_of(bot, organisation.id) is OrgStatus.VERIFIED
    await admin.send("/pending")
    await admin.wait_for("No organisations are waiting for verification.")


async def test_a_member_who_blocked_the_bot_does_not_stop_the_others(bot: RunningBot) -> None:
    async with seeding(bot) as seed:
        organisation = await pending_organisation(bot, seed, (3011, 3012, 3013))
    blocker = bot.emulator.user(3012, "Member")
    blocker.block()
    admin = bot.emulator.user(ADMIN_ID, "Ewa", language_code="en")
    await admin.send("/pending")
    await admin.wait_for_answer(await admin.press("✖️ Reject"))
    await admin.wait_for("Why can Fundacja Nowa not be verified")
    await admin.send("Brak wpisu w KRS <pod> tym numerem.")
    await admin.wait_for("Reject Fundacja Nowa\\? .*\nBrak wpisu w KRS <pod> tym numerem.")
    assert await status_of(bot, organisation.id) is OrgStatus.PENDING
    await admin.wait_for_answer(await admin.press("✖️ Yes, reject"))
    await admin.wait_for("✖️ Rejected")
    for member_id in (3011, 3013):
        member = bot.emulator.user(member_id, "Member")
        await member.wait_for(
            "The city could not verify Fundacja Nowa. The reason given: Brak wpisu w KRS <pod>"
        )
    assert not any("could not verify" in (m.get("text") or "") for m in blocker.messages())
    assert await status_of(bot, organisation.id) is OrgStatus.REJECTED


async def test_a_stale_card_says_already_reviewed_and_shows_the_status(bot: RunningBot) -> None:
    async with seeding(bot) as seed:
        organisation = await pending_organisation(bot, seed, (3021,))
    admin = bot.emulator.user(ADMIN_ID, "Ewa", language_code="en")
    await admin.send("/pending")
    first = await admin.wait_for("Fundacja Nowa")
    await admin.send("/pending")
    second = await admin.wait_for("Fundacja Nowa")
    assert first["message_id"] != second["message_id"]
    await admin.wait_for_answer(await admin.press("✅ Verify", message_id=first["message_id"]))
    await admin.wait_for_answer(
        await admin.press("✅ Yes, verify", message_id=first["message_id"])
    )
    await admin.wait_for("✅ Verified")
    stale = await admin.press("✖️ Reject", message_id=second["message_id"])
    answer = await admin.wait_for_answer(stale)
    assert answer.show_alert
    assert "already been reviewed" in (answer.text or "")
    shown = await admin.wait_for(r"Fundacja Nowa.*✅ Verified")
    assert shown["message_id"] == second["message_id"]
    assert await status_of(bot, organisation.id) is OrgStatus.VERIFIED


async def test_members_may_not_list_or_review_and_nothing_changes(bot: RunningBot) -> None:
    async with seeding(bot) as seed:
        organisation = await pending_organisation(bot, seed, (3031,))
    member = bot.emulator.user(3031, "Member")
    await member.send("/pending")
    await member.wait_for("This command is for city staff only.")
    for data in (f"org:{kind}:{organisation.id}" for kind in ("v", "r", "vy", "ry", "vb")):
        answer = await member.wait_for_answer(await member.press_data(data))
        assert answer.show_alert
        assert "Only city staff" in (answer.text or "")
    assert await status_of(bot, organisation.id) is OrgStatus.PENDING


async def test_demoted_staff_cannot_use_a_card_they_were_shown(bot: RunningBot) -> None:
    staff = bot.emulator.user(3041, "Staff", language_code="en")
    await staff.send("/help")
    await staff.wait_for("What I can do")
    async with seeding(bot) as seed:
        organisation = await pending_organisation(bot, seed, (3042,))
        await seed.set_role(3041, Role.STAFF)
    await staff.send("/pending")
    await staff.wait_for("Fundacja Nowa")
    async with seeding(bot) as seed:
        await seed.set_role(3041, Role.MEMBER)
    answer = await staff.wait_for_answer(await staff.press("✅ Verify"))
    assert answer.show_alert
    assert "Only city staff" in (answer.text or "")
    assert await status_of(bot, organisation.id) is OrgStatus.PENDING


async def test_forged_review_buttons_are_refused_and_change_nothing(bot: RunningBot) -> None:
    async with seeding(bot) as seed:
        organisation = await pending_organisation(bot, seed, (3051,))
    admin = bot.emulator.user(ADMIN_ID, "Ewa", language_code="en")
    await admin.send("/pending")
    card = await admin.wait_for("Fundacja Nowa")
    for data in ("org:v:abc", "org:v:99999", "org:r:", "org:v:1:2", "org:r:-1"):
        answer = await admin.wait_for_answer(await admin.press_data(data))
        assert answer.show_alert, data
        assert "no longer valid" in (answer.text or ""), data
    assert admin.messages()[-1] == card
    assert await status_of(bot, organisation.id) is OrgStatus.PENDING


async def test_pending_cards_are_not_shown_in_a_group(bot: RunningBot) -> None:
    async with seeding(bot) as seed:
        await pending_organisation(bot, seed, (3061,))
    admin = bot.emulator.user(ADMIN_ID, "Ewa", language_code="en")
    group = bot.emulator.group(-3201, "NGO Forum", admins=[admin])
    await admin.send_in(group, "/pending")
    await admin.wait_for_in(group, "Please send this command to me in a private chat.")
    assert not any("Fundacja Nowa" in (m.get("text") or "") for m in group.messages())
