"""A group speaks for an organisation only through its members: the membership is checked on
every command and button in the group's name, and a member can clear or change the link."""

from __future__ import annotations

from bot.organisations.memberships import MembershipService
from bot.sandbox.driver import SimulatedUser
from bot.sandbox.driver_group import SimulatedGroup
from tests.announce_support import member_of
from tests.conftest import RunningBot
from tests.constants import ADMIN_ID
from tests.seeding import seeding

BOT = "@ngobot_test_bot"


async def group_of(bot: RunningBot, chat_id: int) -> tuple[int | None, frozenset[int], bool]:
    """The group's organisation id, topics and whether it is paused, read from the database."""
    async with seeding(bot) as seed:
        settings = await seed.subscriptions.settings(chat_id)
    assert settings is not None
    return settings.organisation_id, settings.topic_ids, settings.paused


async def razem_group(
    bot: RunningBot, *others: SimulatedUser
) -> tuple[SimulatedUser, SimulatedGroup]:
    """Ewa, a member of Fundacja Razem, adds the bot to her group: it speaks for Razem."""
    ewa = await member_of(bot, 7301, "Fundacja Razem", ())
    group = bot.emulator.group(-4301, "Razem – zespół", admins=[ewa, *others])
    group.remove_bot()
    group.add_bot(by=ewa)
    await ewa.wait_for_in(group, "announcements in this group")
    return ewa, group


async def test_an_admin_who_is_not_a_member_is_refused_in_his_language(bot: RunningBot) -> None:
    adam = bot.emulator.user(7302, "Adam", language_code="pl")
    olha = bot.emulator.user(7303, "Olha", language_code="uk")
    ewa, group = await razem_group(bot, adam, olha)
    before = await group_of(bot, group.chat_id)
    assert before[0] is not None
    await adam.send_in(group, f"/tematy{BOT}")
    await adam.wait_for_in(group, "Ta grupa występuje w imieniu organizacji Fundacja Razem")
    await olha.send_in(group, f"/stop{BOT}")
    await olha.wait_for_in(group, "Ця група виступає від імені організації Fundacja Razem")
    await ewa.send_in(group, f"/topics{BOT}")  # a member: the toggles
    await ewa.wait_for_in(group, "What should the group")
    refused = await adam.wait_for_answer(await adam.press_in(group, "▫️ Culture"))
    assert refused.show_alert and "Fundacja Razem" in (refused.text or "")
    await adam.send_in(group, f"/organizacja{BOT}")
    screen = await adam.wait_for_in(group, "Organizacja tej grupy")
    assert "najpierw dołącz" in screen["text"] and "inline_keyboard" not in str(screen)
    forged = await adam.wait_for_answer(await adam.press_data(f"grp:u:{before[0]}", chat=group))
    assert forged.show_alert and "Nie należysz" in (forged.text or "")
    assert await group_of(bot, group.chat_id) == before  # nothing changed


async def test_a_member_clears_and_links_again_and_a_second_press_changes_nothing(
    bot: RunningBot,
) -> None:
    bogdan = await member_of(bot, 7304, "Stowarzyszenie Beta", ())
    ewa, group = await razem_group(bot, bogdan)
    razem, _, _ = await group_of(bot, group.chat_id)
    await ewa.send_in(group, f"/organisation{BOT}")
    await ewa.wait_for_in(group, "This group speaks for Fundacja Razem")
    await ewa.wait_for_answer(await ewa.press_in(group, "✖️ Stop speaking for Fundacja Razem"))
    await ewa.wait_for_in(group, "no longer speaks for Fundacja Razem")
    assert (await group_of(bot, group.chat_id))[0] is None
    again = await ewa.wait_for_answer(await ewa.press_data(f"grp:u:{razem}", chat=group))
    assert again.show_alert  # stale: the group speaks for nobody now
    await ewa.wait_for_answer(await ewa.press_in(group, "🔗 Speak for Fundacja Razem"))
    await ewa.wait_for_in(group, "now speaks for Fundacja Razem")
    twice = await ewa.wait_for_answer(await ewa.press_data(f"grp:l:{razem}", chat=group))
    assert twice.show_alert and (await group_of(bot, group.chat_id))[0] == razem
    # A member of another organisation who administers the group links it to his own.
    await bogdan.send_in(group, f"/organisation{BOT}")
    await bogdan.wait_for_in(group, "This group speaks for Fundacja Razem")
    await bogdan.wait_for_answer(await bogdan.press_in(group, "🔗 Speak for Stowarzyszenie Beta"))
    await bogdan.wait_for_in(group, "now speaks for Stowarzyszenie Beta")
    beta, _, _ = await group_of(bot, group.chat_id)
    assert beta not in (None, razem)
    refused = await ewa.wait_for_answer(await ewa.press_data(f"grp:l:{beta}", chat=group))
    assert refused.show_alert and (await group_of(bot, group.chat_id))[0] == beta


async def test_a_former_member_is_refused_on_the_next_message_and_press(bot: RunningBot) -> None:
    ewa, group = await razem_group(bot)
    razem, topics, _ = await group_of(bot, group.chat_id)
    await ewa.send_in(group, f"/topics{BOT}")
    await ewa.wait_for_in(group, "What should the group")
    await ewa.send_in(group, f"/organisation{BOT}")
    await ewa.wait_for_in(group, "Organisation of this group")
    async with seeding(bot) as seed:  # a fellow member or staff removes her
        removal = await MembershipService(seed.db, seed.organisations).remove(
            ADMIN_ID, ewa.id, staff=True
        )
    assert removal is not None
    refused = await ewa.wait_for_answer(await ewa.press_in(group, "▫️ Culture"))
    assert refused.show_alert and "Fundacja Razem" in (refused.text or "")
    unlink = await ewa.wait_for_answer(
        await ewa.press_in(group, "✖️ Stop speaking for Fundacja Razem")
    )
    assert unlink.show_alert and "not a member" in (unlink.text or "")
    await ewa.send_in(group, f"/topics{BOT}")
    await ewa.wait_for_in(group, "Only a group administrator who is a member of Fundacja Razem")
    assert await group_of(bot, group.chat_id) == (razem, topics, False)


async def test_staff_administering_a_group_may_clear_its_organisation(bot: RunningBot) -> None:
    staff = bot.emulator.user(ADMIN_ID, "Urzędniczka", language_code="en")
    ewa, group = await razem_group(bot, staff)
    await staff.send_in(group, f"/topics{BOT}")
    await staff.wait_for_in(group, "What should the group")
    await staff.send_in(group, f"/organisation{BOT}")
    await staff.wait_for_answer(await staff.press_in(group, "✖️ Stop speaking for Fundacja Razem"))
    await staff.wait_for_in(group, "no longer speaks for Fundacja Razem")
    await ewa.send_in(group, f"/subscriptions{BOT}")
    await ewa.wait_for_in(group, "Organisation:</b> none|Organisation: none")
