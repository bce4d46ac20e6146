"""Onboarding after /start: language, organisation (search, register, invite link), topics."""

from __future__ import annotations

import re

from bot.sandbox import SimulatedUser
from tests.conftest import RunningBot, StartBot


async def start_onboarding(user: SimulatedUser) -> None:
    await user.send("/start")
    await user.wait_for("Step 1 of 3")


async def to_organisation_step(user: SimulatedUser) -> None:
    await start_onboarding(user)
    await user.wait_for_answer(await user.press("Next ▶️"))
    await user.wait_for("Step 2 of 3")


async def register(user: SimulatedUser, name: str, krs: str = "0000123456") -> None:
    """Walk through registration from the organisation step."""
    await user.wait_for_answer(await user.press("➕ Register a new organisation"))
    await user.wait_for("full name")
    await user.send(name)
    await user.wait_for("KRS number")
    await user.send(krs)
    await user.wait_for("district")
    await user.wait_for_answer(await user.press("Nowa Huta"))
    await user.wait_for("contact e-mail")
    await user.send("biuro@example.org")
    await user.wait_for("Please check")


async def test_onboarding_by_registering_a_new_organisation(bot: RunningBot) -> None:
    anna = bot.emulator.user(1101, "Anna", language_code="en")
    await to_organisation_step(anna)
    await register(anna, "Fundacja Pomocy Sąsiedzkiej")
    reply = anna.last_bot_message()
    assert reply is not None
    for shown in ("Fundacja Pomocy Sąsiedzkiej", "0000123456", "Nowa Huta", "biuro@example.org"):
        assert shown in reply["text"]
    await anna.wait_for_answer(await anna.press("✅ Register"))
    await anna.wait_for(r"Registered: Fundacja Pomocy Sąsiedzkiej.*awaiting verification")
    await anna.wait_for_answer(await anna.press("Skip ▶️"))  # the optional areas of work
    await anna.wait_for("Step 3 of 3")
    await anna.wait_for("What would you like to hear about")
    await anna.wait_for_answer(await anna.press("▫️ Education"))
    await anna.wait_for(r"1 topic chosen")
    await anna.wait_for_answer(await anna.press("Done"))
    await anna.wait_for(
        r"All set!.*Education.*Fundacja Pomocy Sąsiedzkiej \(awaiting verification"
    )


async def test_onboarding_by_searching_and_joining(bot: RunningBot) -> None:
    anna = bot.emulator.user(1101, "Anna", language_code="en")
    await to_organisation_step(anna)
    await register(anna, "Stowarzyszenie „Łąka”")
    await anna.wait_for_answer(await anna.press("✅ Register"))
    await anna.wait_for("Registered")
    bogdan = bot.emulator.user(1102, "Bogdan", language_code="en")
    await to_organisation_step(bogdan)
    await bogdan.send("laka")  # no diacritics, lower case
    await bogdan.wait_for("Is it one of these")
    await bogdan.wait_for_answer(await bogdan.press(re.compile("Łąka")))
    await bogdan.wait_for("Your request to join Stowarzyszenie „Łąka” has gone to its members")
    await bogdan.wait_for("Step 3 of 3")
    await anna.wait_for("Bogdan asks to join Stowarzyszenie „Łąka”")
    await anna.wait_for_answer(await anna.press("✅ Accept"))
    await anna.wait_for("Bogdan is now a member of Stowarzyszenie „Łąka”")
    await bogdan.wait_for("you are now a member of Stowarzyszenie „Łąka”")
    await bogdan.send("/subscriptions")
    await bogdan.wait_for("Stowarzyszenie „Łąka” \\(awaiting verification")


async def test_search_with_no_match_offers_registration(bot: RunningBot) -> None:
    anna = bot.emulator.user(1101, "Anna", language_code="en")
    await to_organisation_step(anna)
    await anna.send("<b>nothing</b> like this")
    reply = await anna.wait_for("I found no organisation matching “<b>nothing</b> like this”")
    assert "Register a new organisation" in str(reply.get("reply_markup"))


async def test_onboarding_by_invite_link(bot: RunningBot) -> None:
    anna = bot.emulator.user(1101, "Anna", language_code="en")
    await to_organisation_step(anna)
    await register(anna, "Fundacja Dom")
    await anna.wait_for_answer(await anna.press("✅ Register"))
    await anna.wait_for("Areas of work of Fundacja Dom")
    await anna.wait_for_answer(await anna.press("Skip ▶️"))  # the optional areas of work
    await anna.wait_for("Step 3 of 3")
    await anna.send("/invite")
    invite = await anna.wait_for(r"https://t\.me/ngobot_test_bot\?start=([\w-]+)")
    code = re.search(r"start=([\w-]+)", invite["text"])
    assert code is not None
    celina = bot.emulator.user(1103, "Celina", language_code="en")
    await celina.send(f"/start {code.group(1)}")
    await celina.wait_for("You are now a member of Fundacja Dom")
    await celina.wait_for("Step 1 of 3")
    await anna.wait_for("Celina joined Fundacja Dom in the bot")


async def test_revoked_or_made_up_invite_links_do_not_work(bot: RunningBot) -> None:
    anna = bot.emulator.user(1101, "Anna", language_code="en")
    await to_organisation_step(anna)
    await register(anna, "Fundacja Dom")
    await anna.wait_for_answer(await anna.press("✅ Register"))
    await anna.send("/invite")
    invite = await anna.wait_for(r"start=")
    code = re.search(r"start=([\w-]+)", invite["text"])
    assert code is not None
    await anna.wait_for_answer(await anna.press("Revoke this link"))
    await anna.wait_for("has been revoked")
    for attempt in (code.group(1), "guessed-code-123", "x" * 200):
        dorota = bot.emulator.user(1104, "Dorota", language_code="en")
        await dorota.send(f"/start {attempt}")
        await dorota.wait_for("This invite link is no longer valid")
    await dorota.send("/organisation")
    await dorota.wait_for("Type a part of your organisation's name")


async def test_invalid_registration_answers_are_explained_and_nothing_is_saved(
    bot: RunningBot,
) -> None:
    anna = bot.emulator.user(1101, "Anna", language_code="en")
    await to_organisation_step(anna)
    await anna.wait_for_answer(await anna.press("➕ Register a new organisation"))
    await anna.send("x" * 121)
    await anna.wait_for("at most 120 characters")
    await anna.send("Fundacja Test")
    await anna.wait_for("KRS number")
    await anna.send("12345")
    await anna.wait_for("exactly 10 digits")
    await anna.send("0000 123-456")
    await anna.wait_for("district")
    await anna.send("Atlantis")
    await anna.wait_for("choose a district")
    await anna.wait_for_answer(await anna.press("Skip ▶️"))
    await anna.wait_for("contact e-mail")
    await anna.send("not an address")
    await anna.wait_for("does not look like an e-mail")
    await anna.send("/cancel")
    await anna.wait_for("Cancelled")
    await anna.send("/organisation")
    await anna.wait_for("Type a part of your organisation's name")


async def test_duplicate_name_offers_the_existing_organisation(bot: RunningBot) -> None:
    anna = bot.emulator.user(1101, "Anna", language_code="en")
    await to_organisation_step(anna)
    await register(anna, "Fundacja Dom")
    await anna.wait_for_answer(await anna.press("✅ Register"))
    await anna.wait_for("Registered")
    bogdan = bot.emulator.user(1102, "Bogdan", language_code="en")
    await to_organisation_step(bogdan)
    await register(bogdan, "fundacja  DOM", krs="0000999999")
    await bogdan.wait_for_answer(await bogdan.press("✅ Register"))
    await bogdan.wait_for("already registered")
    await bogdan.wait_for_answer(await bogdan.press("Join Fundacja Dom"))
    await bogdan.wait_for("Your request to join Fundacja Dom has gone to its members")


async def test_registration_survives_a_restart(start_bot: StartBot) -> None:
    bot = await start_bot()
    anna = bot.emulator.user(1101, "Anna", language_code="en")
    await to_organisation_step(anna)
    await anna.wait_for_answer(await anna.press("➕ Register a new organisation"))
    await anna.send("Fundacja Po Restarcie")
    await anna.wait_for("KRS number")
    await bot.stop()
    await start_bot()
    await anna.send("0000555555")
    await anna.wait_for("district")
    await anna.wait_for_answer(await anna.press("Skip ▶️"))
    await anna.wait_for_answer(await anna.press("Skip ▶️"))
    reply = await anna.wait_for("Please check")
    assert "Fundacja Po Restarcie" in reply["text"] and "0000555555" in reply["text"]


async def test_stale_and_forged_onboarding_buttons_are_refused(bot: RunningBot) -> None:
    anna = bot.emulator.user(1101, "Anna", language_code="en")
    await start_onboarding(anna)
    for forged in ("org:ok", "org:d:3", "org:j:999", "org:j:x", "onb:lang:de", "org:skip"):
        answer = await anna.wait_for_answer(await anna.press_data(forged))
        assert answer.show_alert is True, forged
        assert "no longer valid" in (answer.text or "")
