"""The main menu: a persistent keyboard in the user's language, its buttons run the commands."""

from __future__ import annotations

import pytest

from bot.sandbox.driver import SimulatedUser
from bot.sandbox.reply_keyboard import is_persistent, reply_keyboard_labels
from tests.conftest import RunningBot
from tests.constants import ADMIN_ID

MEMBER_MENU = {
    "pl": [
        ["🏷 Moje tematy", "📆 Nadchodzące terminy"],
        ["✍️ Zgłoś postulat", "📋 Moje postulaty"],
        ["⚙️ Ustawienia", "❓ Pomoc"],
    ],
    "uk": [
        ["🏷 Мої теми", "📆 Найближчі терміни"],
        ["✍️ Надіслати пропозицію", "📋 Мої пропозиції"],
        ["⚙️ Налаштування", "❓ Допомога"],
    ],
    "en": [
        ["🏷 My topics", "📆 Coming deadlines"],
        ["✍️ Send a postulate", "📋 My postulates"],
        ["⚙️ Settings", "❓ Help"],
    ],
}


def menu_of(bot: RunningBot, user: SimulatedUser) -> list[list[str]]:
    """The keyboard under the user's text field, which must stay there."""
    chat = bot.emulator.state.chats.get(user.chat_id)
    assert is_persistent(chat)
    return reply_keyboard_labels(chat)


@pytest.mark.parametrize("language", ["pl", "uk", "en"])
async def test_start_and_menu_show_the_members_menu_in_their_language(
    bot: RunningBot, language: str
) -> None:
    user = bot.emulator.user(1301, "Ola", language_code=language)
    await user.send("/start")
    await user.wait_for({"pl": "Dzień dobry", "uk": "Вітаю", "en": "Hello"}[language])
    assert menu_of(bot, user) == MEMBER_MENU[language]
    await user.send("/menu")
    await user.wait_for({"pl": "Menu główne", "uk": "Головне меню", "en": "Main menu"}[language])
    assert menu_of(bot, user) == MEMBER_MENU[language]


async def test_a_menu_button_runs_its_command(bot: RunningBot) -> None:
    ola = bot.emulator.user(1302, "Ola", language_code="pl")
    await ola.send("/menu")
    await ola.wait_for("Menu główne")
    await ola.send("📆 Nadchodzące terminy")
    await ola.wait_for("W Twoich tematach nie ma nadchodzących terminów")
    await ola.send("❓ Pomoc")
    await ola.wait_for(r"Co potrafię.*Dla wszystkich")
    await ola.send("dzień dobry")  # any other text is not a button
    await ola.wait_for("Działam za pomocą poleceń i przycisków")


async def test_staff_get_their_buttons_and_members_cannot_use_them(bot: RunningBot) -> None:
    admin = bot.emulator.user(ADMIN_ID, "Ewa", language_code="pl")
    await admin.send("/menu")
    await admin.wait_for("Menu główne")
    rows = menu_of(bot, admin)
    assert rows[:3] == MEMBER_MENU["pl"]
    assert rows[3:] == [
        ["📣 Nowe ogłoszenie", "📨 Ostatnie ogłoszenia"],
        ["🗳 Rozpatrz postulaty", "📑 Raport z konsultacji"],
    ]
    member = bot.emulator.user(1303, "Jan", language_code="pl")
    await member.send("🗳 Rozpatrz postulaty")  # typed, or kept from a revoked role
    await member.wait_for("To polecenie jest tylko dla pracowników Miasta")


async def test_a_button_of_another_language_still_works(bot: RunningBot) -> None:
    olena = bot.emulator.user(1304, "Olena", language_code="uk")
    await olena.send("❓ Pomoc")  # a Polish keyboard kept after switching to Ukrainian
    await olena.wait_for("Що я вмію")
