"""Simulated users driving a real PTB Application that polls the emulator over HTTP."""

import html
import re

import pytest
from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.ext import (
    CallbackQueryHandler,
    ChatMemberHandler,
    CommandHandler,
    ContextTypes,
    MessageHandler,
    filters,
)

from bot.sandbox import BotApiEmulator
from tests.emulator_fixtures import (
    emu_fixture,  # noqa: F401
    polling,
)

TOPICS = InlineKeyboardMarkup(
    [
        [InlineKeyboardButton("✅ Zdrowie", callback_data="topic:1")],
        [InlineKeyboardButton("Edukacja", callback_data="topic:2")],
    ]
)


async def start_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Greet, echoing the deep-link payload."""
    await update.effective_message.reply_text(f"Witaj! payload={context.args}")


async def topics_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    await update.effective_message.reply_text("Wybierz temat:", reply_markup=TOPICS)


async def echo(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    await update.effective_message.reply_html(
        f"<i>echo</i>: {html.escape(update.effective_message.text)}"
    )


async def topic_callback(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    query = update.callback_query
    await query.answer(f"Wybrano {query.data}")
    await query.edit_message_text(f"Subskrybujesz {query.data}")


async def document_received(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    document = update.effective_message.document
    content = await (await document.get_file()).download_as_bytearray()
    await update.effective_message.reply_text(f"{document.file_name}: {len(content)} B")


HANDLERS = [
    CommandHandler("start", start_command),
    CommandHandler("topics", topics_command),
    CallbackQueryHandler(topic_callback, pattern=r"^topic:"),
    MessageHandler(filters.Document.ALL, document_received),
    MessageHandler(filters.TEXT & ~filters.COMMAND, echo),
]


async def test_send_echo_and_deep_link(emu: BotApiEmulator) -> None:
    alice = emu.user(1001, "Alicja", language_code="pl", username="alicja")
    async with polling(emu, HANDLERS):
        await alice.send("/start zaproszenie-42")
        assert (await alice.wait_for(r"payload=\['zaproszenie-42'\]"))["chat"]["id"] == 1001
        await alice.send("cześć <b>&")
        reply = await alice.wait_for("echo: cześć")
    assert reply["text"] == "echo: cześć <b>&"
    assert reply["entities"] == [{"offset": 0, "length": 4, "type": "italic"}]
    assert alice.messages()[0]["text"].startswith("Witaj!")


async def test_press_answers_and_edits(emu: BotApiEmulator) -> None:
    alice = emu.user(1001, "Alicja")
    async with polling(emu, HANDLERS):
        await alice.send("/topics")
        await alice.wait_for("Wybierz temat")
        query_id = await alice.press("✅ Zdrowie")
        assert (await alice.wait_for_answer(query_id)).text == "Wybrano topic:1"
        edited = await alice.wait_for("^Subskrybujesz topic:1$")
        await alice.send("/topics")
        await alice.press(re.compile("^Edu"))
        await alice.wait_for("topic:2")
    assert "reply_markup" not in edited and "edit_date" in edited
    assert emu.chat_history(1001)[1].edited


async def test_group_commands_and_privacy_mode(emu: BotApiEmulator) -> None:
    alice, bob = emu.user(1001, "Alicja"), emu.user(1002, "Bob")
    group = emu.group(-2001, "Fundacja X", admins=[alice], members=[bob])
    async with polling(emu, HANDLERS):
        await bob.send_in(group, "just chatting")
        await alice.send_in(group, "/topics@ngobot_test_bot")
        await alice.wait_for_in(group, "Wybierz temat")
        await bob.press_in(group, "Edukacja")
        await bob.wait_for_in(group, "Subskrybujesz topic:2")
    assert not any("echo" in (m["text"]) for m in group.messages())
    assert [e.text for e in group.history() if not e.from_bot] == [
        "just chatting",
        "/topics@ngobot_test_bot",
    ]


async def test_user_document_is_downloadable(emu: BotApiEmulator) -> None:
    alice = emu.user(1001, "Alicja")
    async with polling(emu, HANDLERS):
        await alice.send_document(b"<opml version='2.0'/>", "lista.opml")
        assert await alice.wait_for(r"^lista\.opml: 21 B$")


async def test_my_chat_member_reaches_the_bot_when_user_blocks(emu: BotApiEmulator) -> None:
    seen: list[tuple[str, str]] = []

    async def track(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        change = update.my_chat_member
        seen.append((change.old_chat_member.status, change.new_chat_member.status))

    alice = emu.user(1001, "Alicja")
    await alice.send("/start")
    async with polling(emu, [ChatMemberHandler(track, ChatMemberHandler.MY_CHAT_MEMBER)]):
        alice.block()
        await emu.wait_until(lambda: seen, timeout=5)
        alice.unblock()
        await emu.wait_until(lambda: len(seen) == 2, timeout=5)
    assert seen == [("member", "kicked"), ("kicked", "member")]


async def test_press_data_forges_a_callback(emu: BotApiEmulator) -> None:
    alice = emu.user(1001, "Alicja")
    async with polling(emu, HANDLERS):
        await alice.send("/topics")
        await alice.wait_for("Wybierz")
        query_id = await alice.press_data("topic:999")
        assert (await alice.wait_for_answer(query_id)).text == "Wybrano topic:999"


async def test_wait_for_reports_the_history_when_nothing_matches(emu: BotApiEmulator) -> None:
    alice = emu.user(1001, "Alicja")
    await alice.send("/start")
    with pytest.raises(AssertionError, match=r"(?s)no a bot message matching.*#1 user 1001"):
        await alice.wait_for("never", timeout=0.05)
    with pytest.raises(AssertionError, match="no bot message with a button"):
        await alice.press("missing", timeout=0.05)
