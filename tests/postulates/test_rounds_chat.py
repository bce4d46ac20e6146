"""/rounds through the emulator: staff open a round step by step (surviving a restart), its
subscribers get the opening announcement, it is listed; members are refused."""

from __future__ import annotations

from tests.announce_support import later, make_staff, member_of, typed
from tests.conftest import RunningBot, StartBot
from tests.subscriptions.test_subscriptions import keyboard_labels

STAFF_ONLY = "This command is for city staff only."


async def test_staff_open_a_round_step_by_step_and_subscribers_are_told(
    bot: RunningBot, start_bot: StartBot
) -> None:
    ola = await member_of(bot, 7101, "Fundacja Dach", ("homelessness",))
    staff = await make_staff(bot)
    await staff.send("/rounds")
    await staff.wait_for("Consultation rounds.*No rounds yet")
    await staff.wait_for_answer(await staff.press("➕ Open a round"))
    await staff.wait_for("New consultation round.*Send its title")
    await staff.send("   ")
    await staff.wait_for("cannot be empty.*Send its title")
    await staff.send("Program <b>2027</b>")
    await staff.wait_for("description of the round")
    await staff.send("x" * 4001)
    await staff.wait_for("1 character too long.*description of the round")
    await staff.send("Zbieramy propozycje & uwagi.")
    await staff.wait_for("Which topics?")
    await staff.wait_for_answer(await staff.press("▫️ Homelessness"))
    await staff.wait_for("Which topics?")
    await bot.stop()
    restarted = await start_bot()
    await staff.wait_for_answer(await staff.press("Done ▶️"))
    await staff.wait_for("When does the round open?")
    await staff.send("wczoraj")
    await staff.wait_for("already passed.*When does the round open?")
    await staff.wait_for_answer(await staff.press("▶️ Now"))
    await staff.wait_for("When does it close?")
    await staff.send("bla bla")
    await staff.wait_for("could not read that date.*When does it close?")
    closes = later(days=10)
    await staff.send(typed(closes))
    summary = await staff.wait_for("Open this round?")
    assert "Title: Program <b>2027</b>" in summary["text"]
    assert "Topics: Homelessness" in summary["text"] and "Opens: now" in summary["text"]
    await staff.wait_for_answer(await staff.press("✅ Confirm"))
    await staff.wait_for("Round opened: Program <b>2027</b>.*announcement now.*reminders")
    await ola.wait_for("Program <b>2027</b>", timeout=15)
    await staff.send("/rounds")
    listing = await staff.wait_for("Program <b>2027</b> — 🟢 open")
    assert closes.strftime("%Y") in listing["text"]
    assert keyboard_labels(listing) == ["➕ Open a round"]
    await restarted.stop()


async def test_closing_before_opening_is_refused_and_the_step_stays(bot: RunningBot) -> None:
    staff = await make_staff(bot)
    await staff.send("/rounds")
    await staff.wait_for_answer(await staff.press("➕ Open a round"))
    await staff.send("Runda")
    await staff.wait_for("description of the round")
    await staff.wait_for_answer(await staff.press("⏭ Skip"))
    await staff.wait_for_answer(await staff.press("🌐 All topics"))
    await staff.wait_for_answer(await staff.press("Done ▶️"))
    await staff.send(typed(later(days=20)))
    await staff.wait_for("When does it close?")
    await staff.send(typed(later(days=5)))
    await staff.wait_for("must close after it opens.*When does it close?")
    await staff.send("/cancel")
    await staff.wait_for("Cancelled")


async def test_members_are_refused_the_command_and_forged_buttons(bot: RunningBot) -> None:
    ewa = await member_of(bot, 7102, "Fundacja Razem", ())
    await ewa.send("/rounds")
    await ewa.wait_for(STAFF_ONLY)
    for data in ("rnd:n", "rnd:y", "rnd:t:1"):
        refused = await ewa.wait_for_answer(await ewa.press_data(data))
        assert refused.show_alert and refused.text == STAFF_ONLY
    staff = await make_staff(bot)
    await staff.send("/rounds")
    await staff.wait_for("Consultation rounds")
    for data in ("rnd:y", "rnd:t:99999", "rnd:zz", "rnd:t:x"):
        stale = await staff.wait_for_answer(await staff.press_data(data))
        assert stale.show_alert and "no longer valid" in (stale.text or "")
