"""Irreversible staff actions ask once, through the running bot: merging (both titles shown, a
typo merges nothing), publishing an answer, verifying, and rejecting with a reason that the
organisation's members receive in their own language."""

from __future__ import annotations

import re

from bot.announcements.model import Status as AnnouncementStatus
from bot.organisations.service import OrgStatus
from bot.postulates.model import Status
from tests.announce_support import latest, make_staff, member_of
from tests.announcements.test_announce_flow import fill_event
from tests.announcements.test_announce_schedule import notice_preview, schedule_in
from tests.conftest import RunningBot
from tests.constants import ADMIN_ID
from tests.organisations.test_verification import pending_organisation, status_of
from tests.postulate_chat_support import stored_postulates, submit
from tests.seeding import seeding


async def test_a_typo_in_the_merge_number_shows_the_wrong_title_and_merges_nothing(
    bot: RunningBot,
) -> None:
    await member_of(bot, 7401, "Fundacja Razem", ())
    first = await submit(bot, 7401, "Dom kultury")
    second = await submit(bot, 7401, "Domy kultury")
    third = await submit(bot, 7401, "Ścieżki rowerowe")
    staff = await make_staff(bot)
    await staff.send("/review")
    await staff.wait_for_answer(await staff.press(f"№{first.id} Dom kultury"))
    await staff.wait_for_answer(await staff.press("🔗 Merge into…"))
    await staff.send(str(third.id))  # meant №2
    await staff.wait_for(f"Merge №{first.id} Dom kultury\ninto №{third.id} Ścieżki rowerowe?")
    await staff.wait_for_answer(await staff.press("✖️ Cancel"))
    await staff.wait_for("Cancelled")
    await staff.send("9999")
    assert all(p.status is Status.NEW for p in await stored_postulates(bot))
    forged = await staff.wait_for_answer(await staff.press_data(f"prv:mc:{first.id}:{first.id}:0"))
    assert forged.show_alert
    assert all(p.status is Status.NEW for p in await stored_postulates(bot))
    assert second.status is Status.NEW


async def test_publishing_an_answer_asks_once_and_back_publishes_nothing(bot: RunningBot) -> None:
    await member_of(bot, 7411, "Fundacja Razem", ())
    postulate = await submit(bot, 7411, "Kluby seniora")
    staff = await make_staff(bot)
    await staff.send("/review")
    await staff.wait_for_answer(await staff.press(f"№{postulate.id} Kluby seniora"))
    await staff.wait_for_answer(await staff.press("✍️ Answer"))
    await staff.wait_for_answer(await staff.press("accepted"))
    await staff.send("Tak.")
    await staff.wait_for("Drafted answer")
    await staff.wait_for_answer(await staff.press("📢 Publish answer"))
    await staff.wait_for(f"Publish the answer to №{postulate.id} Kluby seniora \\(accepted\\)")
    await staff.wait_for_answer(await staff.press("◀️ Back"))
    await staff.wait_for("Drafted answer")
    [stored] = await stored_postulates(bot)
    assert stored.status is Status.NEW and stored.answered_at is None


async def test_a_rejection_reason_reaches_members_in_their_language(bot: RunningBot) -> None:
    async with seeding(bot) as seed:
        organisation = await pending_organisation(bot, seed, (7421,))
        await seed.users.choose_language(7421, "uk")
    admin = bot.emulator.user(ADMIN_ID, "Ewa", language_code="en")
    await admin.send("/pending")
    await admin.wait_for("Fundacja Nowa")
    await admin.wait_for_answer(await admin.press("✖️ Reject"))
    await admin.wait_for("Why can Fundacja Nowa not be verified")
    unready = await admin.wait_for_answer(await admin.press_data(f"org:ry:{organisation.id}"))
    assert unready.show_alert  # no reason typed yet
    await admin.send("x" * 501)
    await admin.wait_for("at most 500 characters")
    await admin.send("Numer KRS należy do innej fundacji.")
    await admin.wait_for("Reject Fundacja Nowa\\?")
    await admin.wait_for_answer(await admin.press("✖️ Yes, reject"))
    member = bot.emulator.user(7421, "Member")
    await member.wait_for(
        "Місто не змогло підтвердити організацію Fundacja Nowa. Причина: Numer KRS należy"
    )
    assert await status_of(bot, organisation.id) is OrgStatus.REJECTED


async def test_back_from_a_verify_question_keeps_the_organisation_pending(
    bot: RunningBot,
) -> None:
    async with seeding(bot) as seed:
        organisation = await pending_organisation(bot, seed, (7431,))
    admin = bot.emulator.user(ADMIN_ID, "Ewa", language_code="en")
    await admin.send("/pending")
    await admin.wait_for_answer(await admin.press("✅ Verify"))
    await admin.wait_for("It will appear in the directory")
    await admin.wait_for_answer(await admin.press("◀️ Back"))
    await admin.wait_for("Registered:")
    assert await status_of(bot, organisation.id) is OrgStatus.PENDING


async def test_send_now_says_how_many_it_reaches_and_back_sends_nothing(
    bot: RunningBot,
) -> None:
    staff = await make_staff(bot)
    ania = await member_of(bot, 7441, "Fundacja Alfa", ("culture",))
    await fill_event(staff, "Dzień otwarty")
    await staff.wait_for("Will reach 1 person")
    await staff.wait_for_answer(await staff.press("🚀 Send now"))
    await staff.wait_for("Send it now to 1 person\\? .*not taken back\\.\nWill reach 1 person")
    await staff.wait_for_answer(await staff.press("◀️ Back"))
    await staff.wait_for("exactly what recipients will see")
    assert (await latest(bot)).status is AnnouncementStatus.DRAFT
    assert not ania.messages()


async def test_a_published_answer_is_corrected_and_those_told_get_the_correction(
    bot: RunningBot,
) -> None:
    ewa = await member_of(bot, 7451, "Fundacja Razem", ())
    postulate = await submit(bot, 7451, "Kluby seniora")
    staff = await make_staff(bot)
    await staff.send("/review")
    await staff.wait_for_answer(await staff.press(f"№{postulate.id} Kluby seniora"))
    await staff.wait_for_answer(await staff.press("✍️ Answer"))
    await staff.wait_for_answer(await staff.press("rejected"))
    await staff.send("Odrzucamy z powodu braku środków.")
    await staff.wait_for("Drafted answer")
    await staff.wait_for_answer(await staff.press("📢 Publish answer"))
    await staff.wait_for_answer(await staff.press("📢 Yes, publish"))
    await ewa.wait_for("The City has answered your postulate.*braku środków", timeout=10)
    card = await staff.wait_for("The City's position")
    await staff.wait_for_answer(
        await staff.press("✏️ Correct the answer", message_id=card["message_id"])
    )
    choice = await staff.press("partly accepted", message_id=card["message_id"])
    await staff.wait_for_answer(choice)
    await staff.send("Przyjmujemy w części: dwa nowe kluby w 2027 roku.")
    await staff.wait_for("Correct the answer to №1 Kluby seniora\\? New status: partly accepted")
    [before] = await stored_postulates(bot)
    assert before.status is Status.REJECTED  # nothing changes before the confirmation
    await staff.wait_for_answer(await staff.press("✏️ Send the correction"))
    await staff.wait_for("The answer to №1 is corrected: 1 person will be told")
    await ewa.wait_for(
        "The City has corrected its answer.*partly accepted.*dwa nowe kluby", timeout=10
    )
    [after] = await stored_postulates(bot)
    assert after.status is Status.PARTLY_ACCEPTED and "dwa nowe" in (after.position or "")
    stale = await staff.wait_for_answer(await staff.press_data(f"prv:cy:{postulate.id}:0"))
    assert stale.show_alert  # the correction went out; the button is spent


async def test_a_scheduled_announcement_is_edited_and_goes_back_on_its_time(
    bot: RunningBot,
) -> None:
    staff = await make_staff(bot)
    await notice_preview(staff, "Spotkanie")
    at = await schedule_in(staff, 3600)
    await staff.send("/announcements")
    await staff.wait_for("Spotkanie\n🕒 Scheduled for")
    await staff.wait_for_answer(await staff.press("✏️ Edit"))
    await staff.wait_for("off the schedule while you edit it")
    assert (await latest(bot)).status is AnnouncementStatus.DRAFT
    await staff.wait_for_answer(await staff.press(re.compile("Title")))
    await staff.wait_for("Send the title")
    await staff.send("Spotkanie przeniesione do sali 2")
    await staff.wait_for("exactly what recipients will see")
    await staff.wait_for_answer(await staff.press(re.compile("Schedule again for")))
    await staff.wait_for("🕒 Scheduled for")
    edited = await latest(bot)
    assert edited.status is AnnouncementStatus.SCHEDULED
    assert edited.title == "Spotkanie przeniesione do sali 2"
    assert edited.publish_at is not None and edited.publish_at.timestamp() == at.timestamp()


async def test_cancelling_the_edit_of_a_scheduled_announcement_keeps_it_scheduled(
    bot: RunningBot,
) -> None:
    staff = await make_staff(bot)
    await notice_preview(staff, "Zebranie")
    at = await schedule_in(staff, 3600)
    await staff.send("/announcements")
    await staff.wait_for("Zebranie\n🕒 Scheduled for")
    await staff.wait_for_answer(await staff.press("✏️ Edit"))
    await staff.wait_for("off the schedule while you edit it")
    await staff.wait_for_answer(await staff.press("✖️ Cancel"))
    await staff.wait_for("🕒 Scheduled for")
    kept = await latest(bot)
    assert kept.status is AnnouncementStatus.SCHEDULED and kept.title == "Zebranie"
    assert kept.publish_at is not None and kept.publish_at.timestamp() == at.timestamp()


async def test_slash_cancel_while_editing_a_scheduled_announcement_keeps_it_scheduled(
    bot: RunningBot,
) -> None:
    staff = await make_staff(bot)
    await notice_preview(staff, "Narada")
    await schedule_in(staff, 3600)
    await staff.send("/announcements")
    await staff.wait_for("Narada\n🕒 Scheduled for")
    await staff.wait_for_answer(await staff.press("✏️ Edit"))
    await staff.wait_for_answer(await staff.press(re.compile("Title")))
    await staff.wait_for("Send the title")
    await staff.send("/cancel")
    await staff.wait_for("🕒 Scheduled for")
    assert (await latest(bot)).status is AnnouncementStatus.SCHEDULED
