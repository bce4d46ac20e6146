"""Every command has a Polish name beside the English one, and both work through the bot."""

from __future__ import annotations

import re

import pytest

from bot.core.commands import COMMANDS, Audience, commands_for, help_text
from bot.core.i18n import Catalogs
from bot.core.users import Role
from bot.sandbox.driver import SimulatedUser
from bot.sandbox.reply_keyboard import reply_keyboard_labels
from tests.conftest import RunningBot
from tests.constants import ADMIN_ID

TELEGRAM_NAME = re.compile(r"^[a-z0-9_]{1,32}$")
UNKNOWN = re.compile(r"I don't know the command|Nie znam polecenia|Я не знаю команди")


def test_every_command_has_a_polish_name_telegram_accepts() -> None:
    names = [name for c in COMMANDS for name in {c.name, c.polish}]
    assert all(TELEGRAM_NAME.match(name) for name in names)
    assert len(names) == len(set(names)), "a name is used by two commands"
    # Only commands whose English name is also Polish ("start", "menu") keep one name.
    assert {c.name for c in COMMANDS if c.polish == c.name} == {"start", "menu"}


async def answered(user: SimulatedUser, bot: RunningBot, text: str) -> list[str]:
    """Send `text` and return the texts of the bot's new messages once one has come."""
    before = len(user.messages())
    await user.send(text)
    await bot.emulator.wait_until(lambda: len(user.messages()) > before or None, timeout=5)
    return [m.get("text") or m.get("caption") or "" for m in user.messages()[before:]]


@pytest.mark.parametrize("language", ["en", "pl"])
async def test_both_names_of_every_command_work_through_the_bot(
    bot: RunningBot, language: str
) -> None:
    admin = bot.emulator.user(ADMIN_ID, "Ewa", language_code=language)
    await answered(admin, bot, "/start")
    for command in COMMANDS:
        for name in dict.fromkeys((command.name, command.polish)):
            replies = await answered(admin, bot, f"/{name}")
            assert not any(UNKNOWN.search(r) for r in replies), (name, replies)
    assert not any(UNKNOWN.search(m.get("text") or "") for m in admin.messages())


async def test_a_polish_command_works_in_a_group_when_addressed_to_the_bot(
    bot: RunningBot,
) -> None:
    alice = bot.emulator.user(1101, "Alicja", language_code="pl")
    group = bot.emulator.group(-100_701, "Stowarzyszenie Razem", admins=[alice])
    await alice.send_in(group, "/pomoc@ngobot_test_bot")
    await alice.wait_for_in(group, "Co potrafię")


def test_help_is_grouped_and_names_the_commands_in_the_readers_language() -> None:
    catalogs = Catalogs("pl")
    polish = help_text(Role.STAFF, catalogs.translator("pl"))
    assert re.search(
        r"Dla wszystkich.*/tematy.*Dla organizacji.*/postulat.*Dla pracowników", polish, re.S
    )
    assert "/topics" not in polish and "/nadaj_role" not in polish  # granting is for admins
    ukrainian = help_text(Role.MEMBER, catalogs.translator("uk"))
    assert re.search(r"Для всіх.*/topics.*Для організацій.*/postulate", ukrainian, re.S)
    assert "Для працівників" not in ukrainian
    everyone = [c for c in commands_for(Role.MEMBER) if c.audience is Audience.EVERYONE]
    assert everyone[0].name == "start"


async def test_choosing_polish_gives_the_person_polish_names_and_buttons(bot: RunningBot) -> None:
    emu = bot.emulator
    jan = emu.user(1102, "Jan", language_code="en")  # Telegram in English, the bot in Polish
    await jan.send("/language")
    await jan.wait_for("Choose the language")
    await jan.wait_for_answer(await jan.press("Polski"))
    own = {"type": "chat", "chat_id": jan.id}
    await emu.wait_until(lambda: any(c["command"] == "tematy" for c in emu.commands(own)))
    await jan.wait_for("Menu główne")
    assert reply_keyboard_labels(emu.state.chats.get(jan.chat_id))[0][0] == "🏷 Moje tematy"
