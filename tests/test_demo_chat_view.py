"""What the demo page is given of a chat: reply keyboards kept until removed, the command menu
Telegram would show (chat scope first, the person's language first), documents as links."""

from __future__ import annotations

from telegram import (
    Bot,
    BotCommand,
    BotCommandScopeChat,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    ReplyKeyboardMarkup,
    ReplyKeyboardRemove,
)

from bot.demo.chat_view import chat_json
from bot.demo.people import Person
from bot.sandbox import BotApiEmulator
from tests.emulator_fixtures import bot_fixture, emu_fixture  # noqa: F401

OLENA = Person(2002, "Olena Bondar", "uk", "volunteer", 2002, 2002)


async def test_a_reply_keyboard_stays_until_the_bot_removes_it(
    emu: BotApiEmulator, bot: Bot
) -> None:
    emu.state.private_chat(emu.user(OLENA.id, "Olena", language_code="uk").record)
    yes_no = ReplyKeyboardMarkup([["Так", "Ні"]])
    await bot.send_message(OLENA.chat_id, "Так чи ні?", reply_markup=yes_no)
    await bot.send_message(
        OLENA.chat_id,
        "<b>Далі</b>",
        parse_mode="HTML",
        reply_markup=InlineKeyboardMarkup([[InlineKeyboardButton("OK", callback_data="ok")]]),
    )
    shown = chat_json(emu, OLENA)
    assert shown["reply_keyboard"] == [["Так", "Ні"]]
    latest = shown["messages"][-1]
    assert (latest["text"], latest["entities"]) == (
        "Далі",
        [{"offset": 0, "length": 4, "type": "bold"}],
    ), shown["messages"]
    assert latest["buttons"] == [[{"text": "OK", "callback_data": "ok"}]]
    await bot.send_message(OLENA.chat_id, "Дякую", reply_markup=ReplyKeyboardRemove())
    assert chat_json(emu, OLENA)["reply_keyboard"] is None


async def test_the_menu_is_the_chats_own_then_the_persons_language_then_the_default(
    emu: BotApiEmulator, bot: Bot
) -> None:
    await bot.set_my_commands([BotCommand("start", "Start")])
    assert chat_json(emu, OLENA)["commands"] == [{"command": "start", "description": "Start"}]
    await bot.set_my_commands([BotCommand("start", "Почати")], language_code="uk")
    assert chat_json(emu, OLENA)["commands"][0]["description"] == "Почати"
    await bot.set_my_commands(
        [BotCommand("review", "Розгляд")], scope=BotCommandScopeChat(OLENA.chat_id)
    )
    assert chat_json(emu, OLENA)["commands"] == [{"command": "review", "description": "Розгляд"}]


async def test_a_document_is_offered_as_a_download_link(emu: BotApiEmulator, bot: Bot) -> None:
    emu.state.private_chat(emu.user(OLENA.id, "Olena", language_code="uk").record)
    await bot.send_document(OLENA.chat_id, b"BEGIN:VCALENDAR", filename="Piknik.ics")
    [message] = chat_json(emu, OLENA)["messages"]
    assert message["document"]["name"] == "Piknik.ics"
    assert message["document"]["url"].startswith("/api/file/")
