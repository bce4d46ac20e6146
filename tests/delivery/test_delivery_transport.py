"""BotApiTransport against the emulator: every kind of answer becomes the right SendResult."""

from __future__ import annotations

import socket
from collections.abc import AsyncIterator

import pytest

from bot.delivery import Outgoing, SendResult
from bot.delivery.transport import BotApiTransport, result_of
from bot.sandbox import BotApiEmulator
from tests.constants import TOKEN

ROWS = [[("Calendar", "ics:1")]]
SECRET = TOKEN.split(":")[1]  # the part that must never leak; the bot id is public


@pytest.fixture
async def transport(emulator: BotApiEmulator) -> AsyncIterator[BotApiTransport]:
    sender = BotApiTransport(TOKEN, emulator.base_url, concurrency=4, read_timeout=0.5)
    await sender.start()
    yield sender
    await sender.close()


def recipient(emulator: BotApiEmulator, user_id: int = 7001) -> int:
    emulator.state.private_chat(emulator.user(user_id, "Ola").record)
    return user_id


def assert_no_token(result: SendResult) -> None:
    assert SECRET not in repr(result)


async def test_a_send_reaches_each_chat_as_html_without_preview_with_its_keyboard(
    emulator: BotApiEmulator, transport: BotApiTransport
) -> None:
    chats = [recipient(emulator, 7001), recipient(emulator, 7002)]
    outgoing = Outgoing("<b>Forum</b> & more".replace("&", "&amp;"), rows=ROWS)
    results = [await transport.deliver(chat, outgoing) for chat in chats]
    assert [r.kind for r in results] == ["ok", "ok"]
    for chat, result in zip(chats, results, strict=True):
        (entry,) = emulator.chat_history(chat)
        assert entry.text == "Forum & more" and result.message_id is not None
    sent = [r for r in emulator.requests if r.method == "sendMessage"]
    assert [r.params["chat_id"] for r in sent] == chats
    assert sent[0].params["parse_mode"] == "HTML"
    assert sent[0].params["link_preview_options"] == {"is_disabled": True}
    keyboard = [[{"text": "Calendar", "callback_data": "ics:1"}]]
    assert sent[0].params["reply_markup"] == {"inline_keyboard": keyboard}
    await transport.deliver(chats[0], Outgoing("Plain"))
    assert "reply_markup" not in emulator.requests[-1].params


async def test_a_429_carries_its_retry_after(
    emulator: BotApiEmulator, transport: BotApiTransport
) -> None:
    emulator.faults.fail_next("sendMessage", 429, "Too Many Requests: retry after 7", 7)
    result = await transport.deliver(recipient(emulator), Outgoing("Hi"))
    assert (result.kind, result.retry_after) == ("retry_after", 7.0)


async def test_a_blocked_recipient_is_reported_as_blocked(
    emulator: BotApiEmulator, transport: BotApiTransport
) -> None:
    chat = recipient(emulator)
    emulator.user(chat, "Ola").block()
    result = await transport.deliver(chat, Outgoing("Hi"))
    assert (result.kind, result.error) == ("blocked", "Forbidden: bot was blocked by the user")


async def test_a_migrated_group_gives_its_new_id(
    emulator: BotApiEmulator, transport: BotApiTransport
) -> None:
    group = emulator.group(-777, "NGO", admins=[emulator.user(5, "Admin")])
    new_id = group.migrate_to_supergroup()
    result = await transport.deliver(-777, Outgoing("Hi"))
    assert (result.kind, result.new_chat_id) == ("migrated", new_id)


async def test_a_bad_request_is_permanent_and_reads_as_ptb_wrote_it(
    emulator: BotApiEmulator, transport: BotApiTransport
) -> None:
    result = await transport.deliver(424242, Outgoing("Hi"))  # nobody ever started the bot
    assert (result.kind, result.error) == ("permanent", "Chat not found")


@pytest.mark.parametrize("status", [500, 502, 503])
async def test_server_errors_are_transient(
    emulator: BotApiEmulator, transport: BotApiTransport, status: int
) -> None:
    emulator.faults.fail_next("sendMessage", status)
    result = await transport.deliver(recipient(emulator), Outgoing("Hi"))
    assert result.kind == "transient"
    assert (await transport.deliver(recipient(emulator), Outgoing("Hi"))).kind == "ok"


async def test_an_edit_that_changes_nothing_counts_as_done(
    emulator: BotApiEmulator, transport: BotApiTransport
) -> None:
    chat = recipient(emulator)
    sent = await transport.deliver(chat, Outgoing("Text", rows=ROWS))
    again = Outgoing("Text", rows=ROWS, edit_message_id=sent.message_id, fallback_text="Note")
    assert await transport.deliver(chat, again) == SendResult("ok", message_id=sent.message_id)
    changed = Outgoing("New", rows=ROWS, edit_message_id=sent.message_id, fallback_text="Note")
    assert (await transport.deliver(chat, changed)).kind == "ok"
    (entry,) = emulator.chat_history(chat)
    assert entry.edited and entry.text == "New"


async def test_an_edit_that_cannot_happen_sends_the_fallback_as_a_new_message(
    emulator: BotApiEmulator, transport: BotApiTransport
) -> None:
    chat = recipient(emulator)
    sent = await transport.deliver(chat, Outgoing("Text"))
    emulator.chat_history(chat)[0].deleted = True
    edit = Outgoing("New", edit_message_id=sent.message_id, fallback_text="Correction")
    result = await transport.deliver(chat, edit)
    assert result.kind == "ok" and result.message_id != sent.message_id
    assert emulator.chat_history(chat)[-1].text == "Correction"


async def test_edit_text_edits_in_place_and_never_sends_a_new_message(
    emulator: BotApiEmulator, transport: BotApiTransport
) -> None:
    chat = recipient(emulator)
    sent = await transport.deliver(chat, Outgoing("Sending…"))
    assert sent.message_id is not None
    result = await transport.edit_text(chat, sent.message_id, "<b>Sent</b>: 2 of 2")
    assert result == SendResult("ok", message_id=sent.message_id)
    (entry,) = emulator.chat_history(chat)
    assert entry.edited and entry.text == "Sent: 2 of 2"
    assert emulator.requests[-1].params["parse_mode"] == "HTML"
    entry.deleted = True
    gone = await transport.edit_text(chat, sent.message_id, "Sent: 3 of 3")
    assert gone.kind == "permanent"
    assert [r.method for r in emulator.requests] == [
        "sendMessage",
        "editMessageText",
        "editMessageText",
    ]


async def test_other_edit_refusals_stay_permanent(
    emulator: BotApiEmulator, transport: BotApiTransport
) -> None:
    chat = recipient(emulator)
    emulator.faults.fail_next("editMessageText", 400, "Bad Request: MESSAGE_ID_INVALID")
    result = await transport.deliver(chat, Outgoing("New", edit_message_id=1))
    assert (result.kind, result.error) == ("permanent", "Message_id_invalid")
    assert [r.method for r in emulator.requests] == ["editMessageText"]


async def test_a_lost_answer_and_a_slow_one_are_transient_without_the_token(
    emulator: BotApiEmulator, transport: BotApiTransport
) -> None:
    chat = recipient(emulator)
    emulator.faults.lost_answer_rate(1.0)
    lost = await transport.deliver(chat, Outgoing("Hi"))
    emulator.faults.clear()
    emulator.faults.slow(2.0)  # past the transport's 0.5 s read timeout
    slow = await transport.deliver(chat, Outgoing("Hi"))
    assert (lost.kind, slow.kind) == ("transient", "transient")
    assert lost.error and slow.error
    assert_no_token(lost)
    assert_no_token(slow)


async def test_an_unreachable_server_is_transient_and_the_token_stays_secret() -> None:
    with socket.socket() as probe:  # a port nobody listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    sender = BotApiTransport(TOKEN, f"http://127.0.0.1:{port}/bot", concurrency=1)
    await sender.start()
    try:
        result = await sender.deliver(1, Outgoing("Hi"))
    finally:
        await sender.close()
    assert result.kind == "transient" and result.error
    assert_no_token(result)


async def test_a_server_quoting_the_url_does_not_leak_the_token(
    emulator: BotApiEmulator, transport: BotApiTransport
) -> None:
    echo = f"Bad Request: no such path /bot{TOKEN}/sendMessage"
    emulator.faults.fail_next("sendMessage", 400, echo)
    result = await transport.deliver(recipient(emulator), Outgoing("Hi"))
    assert result.kind == "permanent"
    assert_no_token(result)


def test_answers_without_a_usable_body_are_transient() -> None:
    assert result_of(502, b"<html>Bad Gateway</html>").kind == "transient"
    assert result_of(200, b"not json").kind == "transient"
    assert result_of(200, b'{"ok":true,"result":{}}').kind == "transient"
    assert result_of(401, b'{"ok":false,"description":"Unauthorized"}').kind == "transient"
    assert result_of(409, b'{"ok":false,"description":"Conflict"}').kind == "transient"
    # The parameters decide before the status, as in PTB.
    migrated = result_of(400, b'{"ok":false,"parameters":{"migrate_to_chat_id":-1009}}')
    assert (migrated.kind, migrated.new_chat_id) == ("migrated", -1009)


async def test_deliver_before_start_is_a_programming_error() -> None:
    sender = BotApiTransport(TOKEN, "http://127.0.0.1:9/bot", concurrency=1)
    with pytest.raises(RuntimeError):
        await sender.deliver(1, Outgoing("Hi"))
