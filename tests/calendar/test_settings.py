"""/settings through the emulator: toggles stored per chat, restarts, forged buttons, groups."""

from __future__ import annotations

import re

from storage import preferences
from storage.preferences import DEFAULT_ROW, PreferencesRow
from tests.conftest import RunningBot, StartBot
from tests.seeding import seeding
from tests.subscriptions.test_subscriptions import keyboard_labels

QUIET = re.compile(r"^🌙 Quiet hours")


async def stored(bot: RunningBot, chat_id: int) -> PreferencesRow:
    async with seeding(bot) as seed:
        return await preferences.get_preferences(seed.db, chat_id)


async def test_member_changes_every_setting_in_place_and_the_database_follows(
    bot: RunningBot,
) -> None:
    ewa = bot.emulator.user(1301, "Ewa", language_code="en")
    await ewa.send("/settings")  # before /topics: the chat is created on first use
    shown = await ewa.wait_for("Your settings.*Reminders: on")
    await ewa.wait_for_answer(await ewa.press("▫️ 14 days before the deadline"))
    await ewa.wait_for("14 days, 7 days, and 1 day before deadlines")
    await ewa.wait_for_answer(await ewa.press(QUIET))
    await ewa.wait_for("Quiet hours: 10:00.PM–7:00.AM")
    await ewa.wait_for_answer(await ewa.press("✅ Weekly digest: on"))
    await ewa.wait_for("Weekly digest: off")
    await ewa.wait_for_answer(await ewa.press("✅ Reminders: on"))
    edited = await ewa.wait_for("Reminders: off")
    assert edited["message_id"] == shown["message_id"]
    assert not any("before the" in label for label in keyboard_labels(edited))
    assert await stored(bot, 1301) == PreferencesRow(
        False, "14d,7d,1d", None, "22:00-07:00", False
    )


async def test_settings_survive_a_restart_and_reset_brings_the_defaults_back(
    start_bot: StartBot,
) -> None:
    bot = await start_bot()
    ewa = bot.emulator.user(1302, "Ewa", language_code="en")
    await ewa.send("/settings")
    await ewa.wait_for("Your settings")
    await ewa.wait_for_answer(await ewa.press("✅ 2 hours before the event"))
    await ewa.wait_for("1 day before events")
    await bot.stop()
    bot = await start_bot()
    await ewa.send("/settings")
    reopened = await ewa.wait_for("1 day before events")
    assert "▫️ 2 hours before the event" in keyboard_labels(reopened)
    await ewa.wait_for_answer(await ewa.press("↩️ Reset to defaults"))
    reset = await ewa.wait_for("1 day and 2 hours before events")
    assert "↩️ Reset to defaults" not in keyboard_labels(reset)
    assert await stored(bot, 1302) == DEFAULT_ROW
    await ewa.wait_for_answer(await ewa.press("Done"))
    done = await ewa.wait_for("Change them again with /settings")
    assert keyboard_labels(done) == []


async def test_forged_and_stale_settings_buttons_are_refused_and_change_nothing(
    bot: RunningBot,
) -> None:
    ewa = bot.emulator.user(1303, "Ewa", language_code="en")
    await ewa.send("/settings")
    await ewa.wait_for("Your settings")
    await ewa.wait_for_answer(await ewa.press("✅ Reminders: on"))
    await ewa.wait_for("Reminders: off")
    forged = (
        "set:l:dl:5d",  # a lead time nobody offers
        "set:l:ev:14d",  # offered for deadlines only
        "set:l:dl:14d",  # offered, but its button is gone while reminders are off
        "set:q:5",
        "set:q:999",
        "set:r:2",
        "set:l:xx:7d",
        "set:x",
        "garbage",
    )
    for data in forged:
        answer = await ewa.wait_for_answer(await ewa.press_data(data))
        assert answer.show_alert is True, data
    assert await stored(bot, 1303) == PreferencesRow(False, None, None, None, True)


async def test_without_a_deployment_digest_there_is_no_digest_to_switch(
    start_bot: StartBot,
) -> None:
    bot = await start_bot(NGOBOT_DIGEST="off")
    ewa = bot.emulator.user(1304, "Ewa", language_code="en")
    await ewa.send("/settings")
    shown = await ewa.wait_for("Your settings")
    assert "digest" not in shown["text"].lower()
    assert not any("digest" in label.lower() for label in keyboard_labels(shown))
    answer = await ewa.wait_for_answer(await ewa.press_data("set:d:0"))
    assert answer.show_alert is True
    assert await stored(bot, 1304) == DEFAULT_ROW


async def test_in_a_group_only_administrators_change_the_settings(bot: RunningBot) -> None:
    admin = bot.emulator.user(1305, "Adam", language_code="en")
    member = bot.emulator.user(1306, "Maria", language_code="en")
    group = bot.emulator.group(-4101, "Fundacja Razem", admins=[admin], members=[member])
    await member.send_in(group, "/settings@ngobot_test_bot")
    await member.wait_for_in(group, "Only this group's administrators")
    await admin.send_in(group, "/settings@ngobot_test_bot")
    await admin.wait_for_in(group, "Settings of the group Fundacja Razem")
    refused = await member.wait_for_answer(await member.press_in(group, "✅ Reminders: on"))
    assert refused.show_alert is True
    assert await stored(bot, -4101) == DEFAULT_ROW
    await admin.wait_for_answer(await admin.press_in(group, "✅ Reminders: on"))
    await admin.wait_for_in(group, "Reminders: off")
    assert (await stored(bot, -4101)).reminders is False
