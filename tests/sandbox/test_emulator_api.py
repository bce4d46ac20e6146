"""The emulator's Bot API answers, exercised through the real PTB Bot client."""

import asyncio
import datetime as dtm
import json

import aiohttp
import pytest
from telegram import (
    Bot,
    BotCommand,
    BotCommandScopeAllPrivateChats,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    InputFile,
    MessageEntity,
    ReplyParameters,
)
from telegram.constants import ParseMode
from telegram.error import BadRequest, Forbidden

from bot.sandbox import BotApiEmulator, SimulatedUser
from tests.emulator_fixtures import TOKEN, bot_fixture, emu_fixture  # noqa: F401

ALICE = 1001


def keyboard(*pairs: tuple[str, str]) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup([[InlineKeyboardButton(t, callback_data=d)] for t, d in pairs])


async def started_alice(emu: BotApiEmulator) -> SimulatedUser:
    alice = emu.user(ALICE, "Alicja", language_code="pl", username="alicja")
    await alice.send("/start")
    return alice


async def test_get_me_returns_the_bot_user(bot: Bot) -> None:
    me = await bot.get_me()
    assert (me.id, me.username, me.is_bot) == (123456, "ngobot_test_bot", True)
    assert me.can_read_all_group_messages is False


async def test_token_method_names_and_body_encodings(emu: BotApiEmulator) -> None:
    await started_alice(emu)
    async with aiohttp.ClientSession() as session:
        async with session.get(f"{emu.base_url}123:wrong/getMe") as response:
            assert response.status == 401
            assert await response.json() == {
                "ok": False,
                "error_code": 401,
                "description": "Unauthorized",
            }
        async with session.post(f"{emu.base_url}{TOKEN}/noSuchMethod") as response:
            assert (response.status, (await response.json())["description"]) == (404, "Not Found")
        async with session.get(f"{emu.base_url}{TOKEN}/GETME") as response:
            assert (await response.json())["result"]["username"] == "ngobot_test_bot"
        url = f"{emu.base_url}{TOKEN}/sendMessage"
        async with session.post(url, json={"chat_id": ALICE, "text": "json"}) as response:
            assert (await response.json())["result"]["text"] == "json"
        async with session.get(url, params={"chat_id": str(ALICE), "text": "query"}) as response:
            assert (await response.json())["result"]["chat"]["id"] == ALICE
        form = {
            "chat_id": str(ALICE),
            "text": "form",
            "reply_markup": json.dumps(
                {"inline_keyboard": [[{"text": "A", "callback_data": "a"}]]}
            ),
        }
        async with session.post(url, data=form) as response:
            assert (await response.json())["result"]["reply_markup"]["inline_keyboard"]
    assert [p["text"] for p in emu.calls("sendmessage")] == ["json", "query", "form"]


async def test_send_message_with_html_gives_real_entities(emu: BotApiEmulator, bot: Bot) -> None:
    await started_alice(emu)
    message = await bot.send_message(
        ALICE,
        "😀 <b>Zdrowie</b> &amp; <a href='https://ngo.pl'>strona</a>",
        parse_mode=ParseMode.HTML,
        reply_markup=keyboard(("✅ Zdrowie", "topic:1")),
        disable_notification=True,
        protect_content=True,
    )
    assert message.text == "😀 Zdrowie & strona"
    assert message.entities == (
        MessageEntity("bold", 3, 7),
        MessageEntity("text_link", 13, 6, url="https://ngo.pl"),
    )
    assert message.parse_entity(message.entities[0]) == "Zdrowie"
    assert message.from_user.is_bot and message.chat.first_name == "Alicja"
    assert message.reply_markup == keyboard(("✅ Zdrowie", "topic:1"))
    assert message.has_protected_content
    assert emu.chat_history(ALICE)[-1].disable_notification


@pytest.mark.parametrize(
    ("html", "fragment"),
    [
        ("<foo>x</foo>", 'unsupported start tag "foo" at byte offset 0'),
        ("<b>never closed", 'can\'t find end tag corresponding to start tag "b"'),
        ("Fish & chips", "can't parse entities"),
        ("2 < 3", 'unsupported start tag "" at byte offset 2'),
    ],
)
async def test_invalid_html_is_a_bad_request(
    emu: BotApiEmulator, bot: Bot, html: str, fragment: str
) -> None:
    await started_alice(emu)
    with pytest.raises(BadRequest) as caught:
        await bot.send_message(ALICE, html, parse_mode=ParseMode.HTML)
    assert fragment in caught.value.message.lower()
    assert emu.stats.delivered[ALICE] == 0


async def test_4096_units_pass_and_4097_are_too_long(emu: BotApiEmulator, bot: Bot) -> None:
    await started_alice(emu)
    assert await bot.send_message(ALICE, "😀" * 2047 + "źż")
    assert await bot.send_message(ALICE, "<i>" + "ą" * 4096 + "</i>", parse_mode="HTML")
    with pytest.raises(BadRequest, match="Message is too long"):
        await bot.send_message(ALICE, "😀" * 2048 + "ą")
    with pytest.raises(BadRequest, match="Message text is empty"):
        await bot.send_message(ALICE, "<b> </b>", parse_mode="HTML")


async def test_callback_data_is_limited_to_64_utf8_bytes(emu: BotApiEmulator, bot: Bot) -> None:
    await started_alice(emu)
    assert await bot.send_message(ALICE, "ok", reply_markup=keyboard(("x", "ż" * 32)))
    with pytest.raises(BadRequest, match="Button_data_invalid"):
        await bot.send_message(ALICE, "no", reply_markup=keyboard(("x", "ż" * 32 + "a")))
    with pytest.raises(BadRequest, match="text buttons are unallowed"):
        await bot.send_message(
            ALICE, "no", reply_markup=InlineKeyboardMarkup([[InlineKeyboardButton("x")]])
        )


async def test_unknown_and_unstarted_chats(emu: BotApiEmulator, bot: Bot) -> None:
    emu.user(1002, "Bartek")
    with pytest.raises(BadRequest, match="Chat not found"):
        await bot.send_message(999, "hello")
    with pytest.raises(Forbidden, match="bot can't initiate conversation with a user"):
        await bot.send_message(1002, "hello")


async def test_edit_removes_keyboard_and_identical_edit_is_refused(
    emu: BotApiEmulator, bot: Bot
) -> None:
    alice = await started_alice(emu)
    sent = await bot.send_message(ALICE, "Wybierz", reply_markup=keyboard(("A", "a")))
    edited = await bot.edit_message_text(
        "<b>Wybrano</b>", ALICE, sent.message_id, parse_mode="HTML"
    )
    assert (edited.text, edited.reply_markup, edited.edit_date is not None) == (
        "Wybrano",
        None,
        True,
    )
    with pytest.raises(BadRequest, match="Message is not modified: specified new message"):
        await bot.edit_message_text("<b>Wybrano</b>", ALICE, sent.message_id, parse_mode="HTML")
    await bot.edit_message_reply_markup(ALICE, sent.message_id, reply_markup=keyboard(("B", "b")))
    entry = emu.chat_history(ALICE)[-1]
    assert (entry.text, entry.edited, entry.reply_markup["inline_keyboard"][0][0]["text"]) == (
        "Wybrano",
        True,
        "B",
    )
    with pytest.raises(BadRequest, match="Message to edit not found"):
        await bot.edit_message_text("x", ALICE, 999)
    with pytest.raises(BadRequest, match="Message can't be edited"):
        await bot.edit_message_text("x", ALICE, alice.messages()[0]["message_id"] - 1)
    assert await bot.delete_message(ALICE, sent.message_id)
    with pytest.raises(BadRequest, match="Message to delete not found"):
        await bot.delete_message(ALICE, sent.message_id)
    assert alice.messages() == []


async def test_callback_query_is_answered_once(emu: BotApiEmulator, bot: Bot) -> None:
    alice = await started_alice(emu)
    await bot.send_message(ALICE, "Temat?", reply_markup=keyboard(("✅ Zdrowie", "topic:1")))
    query_id = await alice.press("✅ Zdrowie")
    update = emu.pending_updates[-1]
    assert update["callback_query"]["data"] == "topic:1"
    assert await bot.answer_callback_query(query_id, "Zapisano", show_alert=True)
    answer = await alice.wait_for_answer(query_id, timeout=1)
    assert (answer.text, answer.show_alert) == ("Zapisano", True)
    with pytest.raises(BadRequest, match="Query is too old"):
        await bot.answer_callback_query(query_id)
    with pytest.raises(BadRequest, match="query id is invalid"):
        await bot.answer_callback_query("123")
    late = await alice.press("✅ Zdrowie")
    emu.advance_clock(16)
    with pytest.raises(BadRequest, match="Query is too old"):
        await bot.answer_callback_query(late)


async def test_replies_reference_the_replied_message(emu: BotApiEmulator, bot: Bot) -> None:
    alice = await started_alice(emu)
    question = await alice.send("Kiedy dyżur?")
    answer = await bot.send_message(
        ALICE, "We wtorek", reply_parameters=ReplyParameters(question["message_id"])
    )
    assert answer.reply_to_message.text == "Kiedy dyżur?"
    with pytest.raises(BadRequest, match="Message to be replied not found"):
        await bot.send_message(ALICE, "x", reply_parameters=ReplyParameters(999))
    tolerant = ReplyParameters(999, allow_sending_without_reply=True)
    assert (await bot.send_message(ALICE, "x", reply_parameters=tolerant)).reply_to_message is None


async def test_send_document_round_trip(emu: BotApiEmulator, bot: Bot) -> None:
    alice = await started_alice(emu)
    content = b"<?xml version='1.0'?><opml version='2.0'/>"
    message = await bot.send_document(
        ALICE,
        InputFile(content, filename="tematy.opml"),
        caption="<b>Lista</b> tematów",
        parse_mode="HTML",
    )
    assert (message.document.file_name, message.document.file_size) == ("tematy.opml", 42)
    assert message.caption_entities == (MessageEntity("bold", 0, 5),)
    received = await alice.wait_for_document(timeout=1)
    assert (received.file_name, received.data, received.caption) == (
        "tematy.opml",
        content,
        "Lista tematów",
    )
    file = await bot.get_file(message.document.file_id)
    assert bytes(await file.download_as_bytearray()) == content
    again = await bot.send_document(ALICE, message.document.file_id)
    assert again.document.file_id == message.document.file_id
    assert emu.calls("sendDocument")[0]["document"] == {"file_name": "tematy.opml", "size": 42}
    with pytest.raises(BadRequest, match="Message caption is too long"):
        await bot.send_document(ALICE, InputFile(b"x", filename="a.txt"), caption="ż" * 1025)


async def test_commands_are_stored_per_scope_and_language(emu: BotApiEmulator, bot: Bot) -> None:
    await bot.set_my_commands([BotCommand("start", "Start"), BotCommand("help", "Help")])
    await bot.set_my_commands([BotCommand("tematy", "Tematy")], language_code="pl")
    private = BotCommandScopeAllPrivateChats()
    await bot.set_my_commands([BotCommand("menu", "Menu")], scope=private, language_code="pl")
    assert [c.command for c in await bot.get_my_commands(language_code="pl")] == ["tematy"]
    assert [c["command"] for c in emu.commands()] == ["start", "help"]
    assert emu.commands(private, "pl") == [{"command": "menu", "description": "Menu"}]
    assert await bot.delete_my_commands(language_code="pl")
    assert emu.commands(language_code="pl") == []
    with pytest.raises(BadRequest, match="Bot_command_invalid"):
        await bot.set_my_commands([BotCommand("Start", "x")])


async def test_profile_texts_chat_info_and_chat_action(emu: BotApiEmulator, bot: Bot) -> None:
    alice = await started_alice(emu)
    group = emu.group(-2001, "Fundacja X", admins=[alice], members=[emu.user(1002, "Bartek")])
    await bot.set_my_description("Opis", language_code="pl")
    await bot.set_my_short_description("Krótko")
    await bot.set_my_name("NGO bot PL", language_code="pl")
    assert emu.profile_text("description", "pl") == "Opis"
    assert (await bot.get_my_name(language_code="pl")).name == "NGO bot PL"
    chat = await bot.get_chat(group.chat_id)
    assert (chat.type, chat.title) == ("group", "Fundacja X")
    assert (await bot.get_chat_member(group.chat_id, ALICE)).status == "creator"
    assert (await bot.get_chat_member(group.chat_id, 1002)).status == "member"
    admins = await bot.get_chat_administrators(group.chat_id)
    assert [a.user.id for a in admins] == [ALICE]
    assert await bot.send_chat_action(ALICE, "typing")
    assert emu.state.chat_actions == [(ALICE, "typing")]


async def test_long_poll_answers_as_soon_as_an_update_arrives(
    emu: BotApiEmulator, bot: Bot
) -> None:
    alice = emu.user(ALICE, "Alicja")
    poll = asyncio.create_task(bot.get_updates(timeout=dtm.timedelta(seconds=10)))
    await emu.wait_until(lambda: emu.calls("getUpdates"), timeout=2)
    started = asyncio.get_running_loop().time()
    await alice.send("/start payload")
    updates = await asyncio.wait_for(poll, timeout=2)
    assert asyncio.get_running_loop().time() - started < 1
    assert updates[0].message.text == "/start payload"
    assert updates[0].message.entities == (MessageEntity("bot_command", 0, 6),)
    await alice.send("drugi")
    again = await bot.get_updates(timeout=0)
    assert [u.update_id for u in again] == [updates[0].update_id, updates[0].update_id + 1]
    assert len(await bot.get_updates(offset=again[-1].update_id + 1, timeout=0)) == 0
    assert emu.pending_updates == []


async def test_allowed_updates_filter_new_updates(emu: BotApiEmulator, bot: Bot) -> None:
    alice = await started_alice(emu)
    await bot.get_updates(offset=-1, timeout=0, allowed_updates=["callback_query"])
    await bot.get_updates(offset=emu.pending_updates[-1]["update_id"] + 1, timeout=0)
    await alice.send("ignored")
    assert emu.pending_updates == []
