"""/newtopic and /managetopics through the emulator: admins only, persisted, validated."""

from __future__ import annotations

from bot.core.topics import Topic
from bot.core.users import Role
from tests.conftest import RunningBot, StartBot
from tests.constants import ADMIN_ID
from tests.seeding import seeding

CODE_PROMPT = "Send a short code for it"


async def find_topic(bot: RunningBot, code: str) -> Topic | None:
    async with seeding(bot) as seed:
        return await seed.topics.find(code)


async def test_newtopic_asks_step_by_step_and_repeats_a_step_after_bad_input(
    bot: RunningBot,
) -> None:
    admin = bot.emulator.user(ADMIN_ID, "Ewa", language_code="en")
    await admin.send("/newtopic")
    await admin.wait_for(f"New topic.*{CODE_PROMPT}")
    await admin.send("Bad Code!")
    await admin.wait_for(f"That is not a valid code.*{CODE_PROMPT}")
    await admin.send("Health")
    await admin.wait_for(f"Another topic already has this code.*{CODE_PROMPT}")
    await admin.send("animals")
    await admin.wait_for("name in Polish")
    await admin.send("x" * 61)
    await admin.wait_for("The name is too long: at most 60 characters.*name in Polish")
    await admin.send("Zwierzęta")
    await admin.wait_for("name in Ukrainian")
    await admin.send("   ")
    await admin.wait_for("The name cannot be empty.*name in Ukrainian")
    await admin.send("Тварини")
    await admin.wait_for("name in English")
    assert await find_topic(bot, "animals") is None, "nothing is saved before the last answer"
    await admin.send("Animals & <pets>")
    await admin.wait_for(r"Topic added: Animals & <pets>\. Chats can choose it in /topics")
    topic = await find_topic(bot, "animals")
    assert topic is not None
    assert topic.names == {"pl": "Zwierzęta", "uk": "Тварини", "en": "Animals & <pets>"}
    assert not topic.retired
    await admin.send("more text")
    await admin.wait_for("I work with commands and buttons")  # the conversation has ended


async def test_newtopic_conversation_survives_a_restart(
    bot: RunningBot, start_bot: StartBot
) -> None:
    admin = bot.emulator.user(ADMIN_ID, "Ewa", language_code="en")
    await admin.send("/newtopic")
    await admin.wait_for(CODE_PROMPT)
    await admin.send("mentoring")
    await admin.wait_for("name in Polish")
    await admin.send("Mentoring")
    await admin.wait_for("name in Ukrainian")
    await bot.stop()
    restarted = await start_bot()
    await admin.send("Наставництво")
    await admin.wait_for("name in English")
    await admin.send("Mentoring")
    await admin.wait_for("Topic added: Mentoring")
    topic = await find_topic(restarted, "mentoring")
    assert topic is not None
    assert topic.names["uk"] == "Наставництво"


async def test_cancel_leaves_nothing_half_written(bot: RunningBot) -> None:
    admin = bot.emulator.user(ADMIN_ID, "Ewa", language_code="en")
    await admin.send("/newtopic")
    await admin.send("gardens")
    await admin.wait_for("name in Polish")
    await admin.send("/cancel")
    await admin.wait_for("Cancelled")
    assert await find_topic(bot, "gardens") is None


async def test_members_are_refused_every_admin_command_and_button(bot: RunningBot) -> None:
    member = bot.emulator.user(4001, "Member", language_code="en")
    for command in ("/newtopic", "/managetopics"):
        await member.send(command)
        await member.wait_for("This is for administrators only.")
    culture = await find_topic(bot, "culture")
    assert culture is not None
    for data in (f"tadm:x:{culture.id}:1", f"tadm:n:{culture.id}:en", f"tadm:s:{culture.id}"):
        answer = await member.wait_for_answer(await member.press_data(data))
        assert answer.show_alert
        assert "administrators only" in (answer.text or "")
    await member.send("Culture and arts")
    await member.wait_for("I work with commands and buttons")  # no rename was started
    assert await find_topic(bot, "culture") == culture


async def test_an_admin_demoted_mid_conversation_is_stopped(bot: RunningBot) -> None:
    async with seeding(bot) as seed:
        await seed.users.register(4002, "en")
        await seed.set_role(4002, Role.ADMIN)
    admin = bot.emulator.user(4002, "Temp", language_code="en")
    await admin.send("/newtopic")
    await admin.send("archives")
    await admin.wait_for("name in Polish")
    async with seeding(bot) as seed:
        await seed.set_role(4002, Role.MEMBER)
    await admin.send("Archiwa")
    await admin.wait_for("This is for administrators only.")
    await admin.send("Архіви")
    await admin.wait_for("I work with commands and buttons")
    assert await find_topic(bot, "archives") is None


async def test_retire_and_restore_a_topic_in_place(bot: RunningBot) -> None:
    admin = bot.emulator.user(ADMIN_ID, "Ewa", language_code="en")
    await admin.send("/managetopics")
    await admin.wait_for("Choose a topic to rename, retire or restore it")
    await admin.wait_for_answer(await admin.press("Culture"))
    await admin.wait_for(r"Culture \(culture\)\n🇵🇱 Kultura\n🇺🇦 Культура\n🇬🇧 Culture\nActive\.")
    answer = await admin.wait_for_answer(await admin.press("🗄 Retire"))
    assert not answer.show_alert
    assert "hidden from new subscriptions" in (answer.text or "")
    await admin.wait_for("🗄 Retired: hidden from new subscriptions.")
    topic = await find_topic(bot, "culture")
    assert topic is not None and topic.retired
    async with seeding(bot) as seed:
        assert topic.id not in [t.id for t in await seed.topics.list_topics()]
    await admin.wait_for_answer(await admin.press("◀️ Back"))
    await admin.wait_for("Choose a topic")
    await admin.wait_for_answer(await admin.press("🗄 Culture"))
    await admin.wait_for_answer(await admin.press("♻️ Restore"))
    await admin.wait_for(r"Culture \(culture\).*Active\.")
    restored = await find_topic(bot, "culture")
    assert restored is not None and not restored.retired
    assert len(admin.messages()) == 1, "the list and the cards edit one message"


async def test_rename_asks_for_the_name_and_shows_the_card(bot: RunningBot) -> None:
    admin = bot.emulator.user(ADMIN_ID, "Ewa", language_code="en")
    await admin.send("/managetopics")
    await admin.wait_for_answer(await admin.press("Ecology"))
    await admin.wait_for_answer(await admin.press("Rename 🇬🇧"))
    await admin.wait_for("Send the new English name of the topic Ecology:")
    await admin.send("y" * 61)
    await admin.wait_for("too long.*Send the new English name of the topic Ecology:")
    assert (await find_topic(bot, "ecology")) is not None
    await admin.send("Ecology and climate")
    await admin.wait_for(r"Name saved\.\n\nEcology and climate \(ecology\)")
    topic = await find_topic(bot, "ecology")
    assert topic is not None
    assert topic.names == {"pl": "Ekologia", "uk": "Екологія", "en": "Ecology and climate"}


async def test_forged_topic_buttons_are_refused(bot: RunningBot) -> None:
    admin = bot.emulator.user(ADMIN_ID, "Ewa", language_code="en")
    await admin.send("/managetopics")
    listing = await admin.wait_for("Choose a topic")
    for data in (
        "tadm:s:999",
        "tadm:n:1:de",
        "tadm:n:999:en",
        "tadm:x:1:2",
        "tadm:zzz",
        "tadm:s:x",
    ):
        answer = await admin.wait_for_answer(await admin.press_data(data))
        assert answer.show_alert, data
        assert "no longer valid" in (answer.text or ""), data
    assert admin.messages() == [listing]
    async with seeding(bot) as seed:
        assert await seed.dialogs.get(ADMIN_ID) is None
