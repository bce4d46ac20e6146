"""Staff hear about work waiting for them, through the running bot: a new postulate at once
or in one daily summary (each chooses in /settings), and a new organisation to verify."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from bot.sandbox.driver import SimulatedUser
from storage.timestamps import to_db
from tests.announce_support import make_staff
from tests.conftest import RunningBot, StartBot
from tests.postulate_chat_support import submit
from tests.seeding import seeding
from tests.test_onboarding import register, to_organisation_step


async def staff_member(bot: RunningBot, user_id: int) -> SimulatedUser:
    staff = await make_staff(bot, user_id)
    bot.emulator.state.private_chat(staff.record)  # they once wrote to the bot
    return staff


async def send_postulate(user: SimulatedUser, title: str) -> None:
    await user.send("/postulate")
    await user.wait_for("Which topic")
    await user.wait_for_answer(await user.press("Culture"))
    await user.wait_for("Title: at most")
    await user.send(title)
    await user.wait_for("Description: at most")
    await user.send("Więcej zajęć w domach kultury.")
    await user.wait_for("Who it concerns")
    await user.send("seniorzy")
    await user.wait_for("please check it")
    await user.wait_for_answer(await user.press("✅ Submit"))
    await user.wait_for("has been sent")


async def test_staff_choose_at_once_or_a_daily_summary_in_settings(bot: RunningBot) -> None:
    eager = await staff_member(bot, 5101)
    patient = await staff_member(bot, 5102)
    await patient.send("/settings")
    await patient.wait_for("New postulates.*how do you want to hear")
    await patient.wait_for_answer(await patient.press("Once a day, at 8:00"))
    await patient.wait_for("New postulates")
    ola = bot.emulator.user(7501, "Ola", language_code="en")
    await send_postulate(ola, "Zajęcia dla seniorów")
    await eager.wait_for("New postulate №1: Zajęcia dla seniorów. Open it with /review.")
    assert not any("New postulate №" in (m.get("text") or "") for m in patient.messages())
    member = bot.emulator.user(7502, "Member", language_code="en")
    await member.send("/settings")
    await member.wait_for("Reminders|reminders")
    refused = await member.wait_for_answer(await member.press_data("sal:off"))
    assert refused.show_alert


async def test_a_daily_summary_missed_while_down_arrives_at_start_once(
    bot: RunningBot, start_bot: StartBot
) -> None:
    await staff_member(bot, 5111)
    async with seeding(bot) as seed:
        yesterday = to_db(datetime.now(UTC) - timedelta(days=2))
        await seed.db.fetch_value(
            "INSERT INTO staff_postulate_alerts VALUES (5111, 'daily', ?) RETURNING 1",
            (yesterday,),
        )
        await seed.organisation(7511, "Fundacja Razem")
    await submit(bot, 7511, "Kluby seniora")
    await submit(bot, 7511, "Ławki w parku")
    await bot.stop()
    restarted = await start_bot()
    staff = restarted.emulator.user(5111, "Staff", language_code="en")
    # Start-up work under a loaded CI machine can take more than the default 5 s.
    await staff.wait_for(
        "2 new postulates since the last summary:\n№1 Kluby seniora\n№2 Ławki", timeout=20
    )
    await restarted.stop()
    again = await start_bot()
    await make_staff(again, 5120)  # a moment for the start-up summaries to run
    summaries = [m for m in staff.messages() if "since the last summary" in (m.get("text") or "")]
    assert len(summaries) == 1, [m["text"] for m in summaries]


async def test_staff_are_told_of_a_new_organisation_and_can_verify_from_the_message(
    bot: RunningBot,
) -> None:
    staff = await staff_member(bot, 5131)
    anna = bot.emulator.user(7531, "Anna", language_code="en")
    await to_organisation_step(anna)
    await register(anna, "Fundacja Nowy Dom", krs="0000765432")
    await anna.wait_for_answer(await anna.press("✅ Register"))
    await staff.wait_for("A new organisation is waiting for verification:\n\n🏢 Fundacja Nowy Dom")
    await staff.wait_for_answer(await staff.press("✅ Verify"))
    await staff.wait_for_answer(await staff.press("✅ Yes, verify"))
    await anna.wait_for("the city has verified Fundacja Nowy Dom")
