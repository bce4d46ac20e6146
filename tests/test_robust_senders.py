"""Updates without a person behind them, and commands addressed to other bots or privately."""

from __future__ import annotations

import logging

import pytest

from bot.core.commands import COMMANDS
from bot.sandbox.driver_kinds import MoreKinds
from tests.conftest import RunningBot
from tests.constants import ADMIN_ID
from tests.robust_support import logged_errors, refused_requests

BOT = "ngobot_test_bot"


def sent_to(bot: RunningBot, chat_id: int) -> list[dict[str, object]]:
    return [
        call
        for method in ("sendMessage", "sendDocument")
        for call in bot.emulator.calls(method)
        if str(call.get("chat_id")) == str(chat_id)
    ]


async def settle(bot: RunningBot) -> None:
    """Every update so far taken and handled: the queue is empty and a /start is answered."""
    probe = bot.emulator.user(1899, "Probe", language_code="en")
    await probe.send("/start")
    await probe.wait_for("Hello|Welcome back")


async def test_a_channel_post_to_the_bot_is_ignored_and_nothing_is_posted_there(
    bot: RunningBot, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.ERROR)
    kinds = MoreKinds(bot.emulator.state)
    channel = kinds.channel(-1009001, "Kanał MOPS")
    for text in (f"/start@{BOT}", "/start", f"/topics@{BOT}", "zwykły wpis", "/help"):
        kinds.post_in_channel(channel, text)
    kinds.edit_channel_post(channel, f"/settings@{BOT}")
    await settle(bot)
    assert sent_to(bot, channel.id) == []
    assert logged_errors(caplog) == []
    assert refused_requests(bot.emulator) == []


async def test_anonymous_admins_and_linked_channel_forwards_are_handled_quietly(
    bot: RunningBot, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.ERROR)
    kinds = MoreKinds(bot.emulator.state)
    admin = bot.emulator.user(1801, "Ola", language_code="pl")
    group = bot.emulator.group(-4801, "Fundacja", admins=[admin], bot_is_admin=True)
    kinds.anonymous_in(group, f"/topics@{BOT}")
    await admin.wait_for_in(group, "Nie wiem, kto wysłał tę wiadomość.*Pozostań anonimowy")
    kinds.anonymous_in(group, "zwykła wiadomość")
    kinds.automatic_forward_in(group, kinds.channel(-1009002, "Kanał"), "/start")
    await settle(bot)
    assert len(sent_to(bot, group.id)) == 1
    assert logged_errors(caplog) == []
    assert refused_requests(bot.emulator) == []


async def test_an_edited_command_is_not_run_again(bot: RunningBot) -> None:
    ewa = bot.emulator.user(1802, "Ewa", language_code="en")
    sent = await ewa.send("/help")
    await ewa.wait_for("What I can do")
    MoreKinds(bot.emulator.state).edit(sent, "/privacy")
    await settle(bot)
    assert len(sent_to(bot, ewa.id)) == 1


async def test_a_command_for_another_bot_is_ignored_in_a_private_chat(bot: RunningBot) -> None:
    ewa = bot.emulator.user(1803, "Ewa", language_code="en")
    await ewa.send("/start@OtherBot")
    await ewa.send("/nosuch@OtherBot hello")
    await settle(bot)
    assert sent_to(bot, ewa.id) == []


@pytest.mark.parametrize("command", [c.name for c in COMMANDS])
async def test_every_command_addressed_to_the_bot_in_a_group_gets_an_answer(
    bot: RunningBot, caplog: pytest.LogCaptureFixture, command: str
) -> None:
    caplog.set_level(logging.ERROR)
    admin = bot.emulator.user(ADMIN_ID, "Admin", language_code="en")
    group = bot.emulator.group(-4802, "Grupa", admins=[admin])
    await admin.send_in(group, f"/{command}@{BOT}")
    await bot.emulator.wait_until(lambda: sent_to(bot, group.id) or None)
    assert logged_errors(caplog) == []
    assert refused_requests(bot.emulator) == []
