"""A group's organisation is the group's, shown the same whoever of its people asks."""

from __future__ import annotations

import re

from tests.conftest import RunningBot
from tests.seeding import seeding

BOT = "ngobot_test_bot"


async def choose_a_topic_and_finish(bot: RunningBot, admin_id: int, group_id: int) -> str:
    admin = bot.emulator.user(admin_id, "Admin")
    group = bot.emulator.group(group_id, "Grupa")
    await admin.send_in(group, f"/topics@{BOT}")
    await admin.wait_for_in(group, "should the group")
    await admin.wait_for_answer(await admin.press_in(group, "▫️ Culture"))
    await admin.wait_for_answer(await admin.press_in(group, "Done"))
    return str((await admin.wait_for_in(group, "Organisation:"))["text"])


def organisation_line(text: str) -> str:
    match = re.search(r"Organisation:[^\n]*", text)
    assert match is not None, text
    return match.group(0)


async def test_the_topics_summary_and_subscriptions_name_the_same_organisation(
    bot: RunningBot,
) -> None:
    async with seeding(bot) as seed:
        await seed.organisation(1851, "Fundacja Alfa")
        await seed.organisation(1853, "Fundacja Gamma")
    adder = bot.emulator.user(1851, "Ala", language_code="en")
    other_admin = bot.emulator.user(1853, "Gosia", language_code="en")
    member = bot.emulator.user(1852, "Bartek", language_code="en")
    group = bot.emulator.group(
        -4851, "Grupa", admins=[adder, other_admin], members=[member], bot_is_admin=True
    )
    group.remove_bot(by=adder)
    group.add_bot(by=adder)  # added by a member of Fundacja Alfa: the group's organisation
    await adder.wait_for_in(group, "Hello|Dzień dobry")
    # Only a member of Fundacja Alfa may choose the group's topics now (Gosia, an admin from
    # Fundacja Gamma, is refused: tests/subscriptions/test_group_organisation.py).
    summary = await choose_a_topic_and_finish(bot, 1851, group.id)
    assert organisation_line(summary) == "Organisation: Fundacja Alfa"
    for person in (member, other_admin, adder):
        await person.send_in(group, f"/subscriptions@{BOT}")
        reply = await person.wait_for_in(group, "Organisation:")
        assert organisation_line(str(reply["text"])) == "Organisation: Fundacja Alfa"


async def test_a_group_without_an_organisation_shows_none_to_everyone(bot: RunningBot) -> None:
    async with seeding(bot) as seed:
        await seed.organisation(1861, "Fundacja Beta")
    admin = bot.emulator.user(1861, "Beata", language_code="en")
    member = bot.emulator.user(1862, "Bartek", language_code="en")
    group = bot.emulator.group(-4861, "Grupa", admins=[admin], members=[member])
    summary = await choose_a_topic_and_finish(bot, 1861, group.id)
    await member.send_in(group, f"/subscriptions@{BOT}")
    reply = await member.wait_for_in(group, "Organisation:")
    assert organisation_line(summary) == organisation_line(str(reply["text"]))
