"""/topics toggles in private chats and groups, /subscriptions, /stop, blocking and migration."""

from __future__ import annotations

import asyncio

from tests.conftest import RunningBot, StartBot
from tests.seeding import seeding


def keyboard_labels(message: dict[str, object]) -> list[str]:
    markup = message.get("reply_markup") or {}
    assert isinstance(markup, dict)
    return [button["text"] for row in markup.get("inline_keyboard", []) for button in row]


async def test_toggles_edit_the_message_in_place_and_survive_a_restart(
    start_bot: StartBot,
) -> None:
    bot = await start_bot()
    ewa = bot.emulator.user(1201, "Ewa", language_code="en")
    await ewa.send("/topics")
    keyboard_message = await ewa.wait_for("What would you like to hear about")
    await ewa.wait_for_answer(await ewa.press("▫️ Education"))
    await ewa.wait_for("1 topic chosen")
    await ewa.wait_for_answer(await ewa.press("✅ Trainings"))  # turn a kind off
    edited = await ewa.wait_for("1 topic chosen")
    assert edited["message_id"] == keyboard_message["message_id"]
    assert len([m for m in ewa.messages() if "hear about" in (m.get("text") or "")]) == 1
    await bot.stop()
    await start_bot()
    await ewa.send("/subscriptions")
    summary = await ewa.wait_for("Topics:")
    assert "Education" in summary["text"]
    assert "Trainings" not in summary["text"] and "Events" in summary["text"]


async def test_all_twelve_topics_fit_on_one_screen_under_their_heading(bot: RunningBot) -> None:
    ewa = bot.emulator.user(1201, "Ewa", language_code="pl")
    await ewa.send("/tematy")
    first = await ewa.wait_for("O czym chcesz otrzymywać informacje")
    rows = [[b["text"] for b in row] for row in first["reply_markup"]["inline_keyboard"]]
    assert rows[0] == ["— Tematy —"] and rows[7] == ["— Rodzaje ogłoszeń —"]
    assert all(len(row) == 2 for row in rows[1:7])  # 12 topics, two a row, no pages
    assert sum(label.startswith("▫️ ") for row in rows[1:7] for label in row) == 12
    assert not any("strona" in label for row in rows for label in row)
    heading = await ewa.wait_for_answer(await ewa.press("— Tematy —"))
    assert heading.text == "To nagłówek: naciśnij przyciski pod nim." and not heading.show_alert
    await ewa.wait_for_answer(await ewa.press("▫️ Uchodźcy z Ukrainy"))
    second = await ewa.wait_for("Wybrane tematy: 1.")
    assert "✅ Uchodźcy z Ukrainy" in keyboard_labels(second)


async def test_stop_pauses_and_start_resumes(bot: RunningBot) -> None:
    ewa = bot.emulator.user(1201, "Ewa", language_code="en")
    await ewa.send("/topics")
    await ewa.wait_for("hear about")
    await ewa.send("/stop")
    await ewa.wait_for("Messages are paused")
    await ewa.send("/subscriptions")
    await ewa.wait_for("paused")
    await ewa.send("/start")
    await ewa.wait_for("Messages resumed")


async def test_group_admin_subscribes_the_group_and_a_member_is_refused(bot: RunningBot) -> None:
    admin = bot.emulator.user(1202, "Adam", language_code="en")
    member = bot.emulator.user(1203, "Maria", language_code="en")
    group = bot.emulator.group(-4001, "Fundacja Razem", admins=[admin], members=[member])
    group.remove_bot()
    group.add_bot(by=admin)
    await admin.wait_for_in(group, "announcements in this group")
    await member.send_in(group, "/topics@ngobot_test_bot")
    await member.wait_for_in(group, "Only this group's administrators")
    await admin.send_in(group, "/topics@ngobot_test_bot")
    await admin.wait_for_in(group, "What should the group Fundacja Razem receive")
    await admin.wait_for_answer(await admin.press_in(group, "▫️ Culture"))
    await admin.wait_for_in(group, "1 topic chosen")
    refused = await member.wait_for_answer(await member.press_in(group, "▫️ Ecology"))
    assert refused.show_alert is True
    await admin.send_in(group, "/subscriptions@ngobot_test_bot")
    summary = await admin.wait_for_in(group, "Topics:")
    assert "Culture" in summary["text"] and "Ecology" not in summary["text"]


async def test_group_removed_and_re_added_keeps_its_topics(bot: RunningBot) -> None:
    admin = bot.emulator.user(1202, "Adam", language_code="en")
    group = bot.emulator.group(-4002, "Klub Seniora", admins=[admin])
    await admin.send_in(group, "/topics@ngobot_test_bot")
    await admin.wait_for_in(group, "receive")
    await admin.wait_for_answer(await admin.press_in(group, "▫️ Sport and recreation"))
    await admin.wait_for_in(group, "1 topic chosen")
    group.remove_bot(by=admin)
    group.add_bot(by=admin)
    await admin.wait_for_in(group, "announcements in this group")
    await admin.send_in(group, "/subscriptions@ngobot_test_bot")
    await admin.wait_for_in(group, "Topics:.*Sport and recreation")


async def test_group_ordinary_chatter_is_ignored(bot: RunningBot) -> None:
    admin = bot.emulator.user(1202, "Adam", language_code="en")
    group = bot.emulator.group(-4003, "Grupa", admins=[admin])
    await admin.send_in(group, "hello everyone")
    await admin.send_in(group, "/help@ngobot_test_bot")
    reply = await admin.wait_for_in(group, "What I can do")
    bot_messages = [m for m in group.messages() if m.get("from", {}).get("is_bot")]
    assert bot_messages == [reply]


async def test_forged_topic_buttons_are_refused(bot: RunningBot) -> None:
    ewa = bot.emulator.user(1201, "Ewa", language_code="en")
    await ewa.send("/topics")
    await ewa.wait_for("hear about")
    for forged in ("sub:t:999:0", "sub:t:abc:0", "sub:k:party:0", "sub:t:1", "sub:x"):
        answer = await ewa.wait_for_answer(await ewa.press_data(forged))
        assert answer.show_alert is True, forged
    await ewa.send("/subscriptions")
    await ewa.wait_for("not chosen any topics")


async def chat_state(bot: RunningBot, chat_id: int) -> tuple[bool, frozenset[int]] | None:
    async with seeding(bot) as seed:
        settings = await seed.subscriptions.settings(chat_id)
    return None if settings is None else (settings.active, settings.topic_ids)


async def test_blocking_marks_the_chat_inactive_and_unblocking_restores_it(
    bot: RunningBot,
) -> None:
    ewa = bot.emulator.user(1201, "Ewa", language_code="en")
    await ewa.send("/topics")
    await ewa.wait_for("hear about")
    await ewa.wait_for_answer(await ewa.press("▫️ Culture"))
    await ewa.wait_for("1 topic chosen")
    before = await chat_state(bot, 1201)
    assert before is not None and before[0] is True and len(before[1]) == 1
    ewa.block()
    await wait_for_state(bot, 1201, (False, before[1]))
    ewa.unblock()
    await wait_for_state(bot, 1201, (True, before[1]))


async def wait_for_state(
    bot: RunningBot, chat_id: int, expected: tuple[bool, frozenset[int]]
) -> None:
    deadline = asyncio.get_running_loop().time() + 5
    while (state := await chat_state(bot, chat_id)) != expected:
        assert asyncio.get_running_loop().time() < deadline, state
        await asyncio.sleep(0.05)


async def test_group_upgraded_to_supergroup_keeps_its_topics(bot: RunningBot) -> None:
    admin = bot.emulator.user(1202, "Adam", language_code="en")
    group = bot.emulator.group(-4004, "Koło Gospodyń", admins=[admin])
    await admin.send_in(group, "/topics@ngobot_test_bot")
    await admin.wait_for_in(group, "receive")
    await admin.wait_for_answer(await admin.press_in(group, "▫️ Culture"))
    await admin.wait_for_in(group, "1 topic chosen")
    old_state = await chat_state(bot, -4004)
    new_id = group.migrate_to_supergroup(by=admin)
    await wait_for_state(bot, new_id, (True, old_state[1] if old_state else frozenset()))
    assert await chat_state(bot, -4004) is None
