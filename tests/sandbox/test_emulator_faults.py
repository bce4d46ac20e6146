"""Fault injection and Telegram's refusals, as PTB's exceptions see them."""

import datetime as dtm
import time

import pytest
from telegram import Bot
from telegram.error import BadRequest, ChatMigrated, Forbidden, NetworkError, RetryAfter, TimedOut

from bot.sandbox import BotApiEmulator
from tests.emulator_fixtures import bot_fixture, emu_fixture  # noqa: F401

ALICE = 1001


async def start_users(emu: BotApiEmulator, *user_ids: int) -> None:
    for user_id in user_ids:
        await emu.user(user_id, f"User {user_id}").send("/start")


async def test_flood_limit_per_chat_is_a_retry_after(emu: BotApiEmulator, bot: Bot) -> None:
    await start_users(emu, ALICE, 1002)
    emu.faults.rate_limit(per_chat_per_second=1)
    await bot.send_message(ALICE, "1")
    with pytest.raises(RetryAfter) as caught:
        await bot.send_message(ALICE, "2")
    assert caught.value.retry_after == dtm.timedelta(seconds=1)
    await bot.send_message(1002, "another chat is fine")
    emu.advance_clock(1.0)
    await bot.send_message(ALICE, "3")
    assert [e.text for e in emu.chat_history(ALICE) if e.from_bot] == ["1", "3"]
    assert (emu.stats.rate_limited, emu.stats.delivered[ALICE]) == (1, 2)


async def test_a_chat_may_have_a_short_burst(emu: BotApiEmulator, bot: Bot) -> None:
    await start_users(emu, ALICE)
    emu.faults.rate_limit(per_chat_per_second=1, per_chat_burst=3)
    for text in ("1", "2", "3"):
        await bot.send_message(ALICE, text)
    with pytest.raises(RetryAfter) as caught:
        await bot.send_message(ALICE, "4")
    assert caught.value.retry_after == dtm.timedelta(seconds=3)
    emu.advance_clock(3.0)
    await bot.send_message(ALICE, "5")
    assert (emu.stats.rate_limited, emu.stats.delivered[ALICE]) == (1, 4)


async def test_group_and_global_windows(emu: BotApiEmulator, bot: Bot) -> None:
    await start_users(emu, ALICE, 1002, 1003)
    group = emu.group(-2001, "Fundacja X", admins=[emu.user(ALICE, "Alicja")])
    emu.faults.rate_limit(global_per_second=2, per_chat_per_second=10, per_group_per_minute=3)
    for text in "abc":
        await bot.send_message(group.chat_id, text)
        emu.advance_clock(1.0)
    with pytest.raises(RetryAfter) as caught:
        await bot.send_message(group.chat_id, "d")
    assert caught.value.retry_after == dtm.timedelta(seconds=57)
    await bot.send_message(ALICE, "1")
    await bot.send_message(1002, "2")
    emu.faults.rate_limit(global_per_second=0, retry_after=7)
    with pytest.raises(RetryAfter) as caught:
        await bot.send_message(1003, "3")
    assert caught.value.retry_after == dtm.timedelta(seconds=7)


async def test_blocked_user_gives_forbidden_and_my_chat_member(
    emu: BotApiEmulator, bot: Bot
) -> None:
    alice = emu.user(ALICE, "Alicja")
    await alice.send("/start")
    alice.block()
    with pytest.raises(Forbidden, match="bot was blocked by the user"):
        await bot.send_message(ALICE, "news")
    update = emu.pending_updates[-1]["my_chat_member"]
    assert (update["old_chat_member"]["status"], update["new_chat_member"]["status"]) == (
        "member",
        "kicked",
    )
    alice.unblock()
    assert emu.pending_updates[-1]["my_chat_member"]["new_chat_member"]["status"] == "member"
    assert await bot.send_message(ALICE, "welcome back")


@pytest.mark.parametrize(
    ("status", "text"), [(500, "Internal Server Error"), (502, "Bad Gateway")]
)
async def test_server_errors_are_network_errors_and_not_delivered(
    emu: BotApiEmulator, bot: Bot, status: int, text: str
) -> None:
    await start_users(emu, ALICE)
    emu.faults.error_rate(1.0, status=status)
    with pytest.raises(NetworkError, match=text):
        await bot.send_message(ALICE, "x")
    assert (emu.stats.server_errors, emu.stats.delivered[ALICE]) == (1, 0)
    assert await bot.get_me()  # start-up methods are not affected by default


async def test_random_faults_repeat_for_a_seed(emu: BotApiEmulator, bot: Bot) -> None:
    await start_users(emu, ALICE)
    emu.faults.error_rate(0.5)

    async def outcomes() -> list[bool]:
        result = []
        for number in range(12):
            try:
                await bot.send_message(ALICE, str(number))
                result.append(True)
            except NetworkError:
                result.append(False)
        return result

    emu.seed(7)
    first = await outcomes()
    emu.seed(7)
    assert await outcomes() == first
    assert True in first and False in first


async def test_lost_answer_still_delivers_the_message(emu: BotApiEmulator, bot: Bot) -> None:
    await start_users(emu, ALICE)
    emu.faults.lost_answer_rate(1.0)
    with pytest.raises(NetworkError):
        await bot.send_message(ALICE, "maybe delivered")
    assert emu.chat_history(ALICE)[-1].text == "maybe delivered"
    assert emu.stats.lost_answers == 1
    emu.faults.clear()
    assert await bot.send_message(ALICE, "after")


async def test_scripted_failures_and_slowness(emu: BotApiEmulator, bot: Bot) -> None:
    await start_users(emu, ALICE)
    emu.faults.fail_next("sendmessage", 429, "Too Many Requests: retry after 3", retry_after=3)
    emu.faults.fail_next("sendMessage", 400, "Bad Request: chat not found")
    with pytest.raises(RetryAfter):
        await bot.send_message(ALICE, "a")
    with pytest.raises(BadRequest, match="Chat not found"):
        await bot.send_message(ALICE, "b")
    emu.faults.slow(0.3, methods=["sendMessage"])
    with pytest.raises(TimedOut):
        await bot.send_message(ALICE, "slow", read_timeout=0.05)
    assert emu.stats.scripted_failures == 2
    assert [e.text for e in emu.chat_history(ALICE) if e.from_bot] == ["slow"]


async def test_a_stall_holds_the_sends_that_arrive_during_it(
    emu: BotApiEmulator, bot: Bot
) -> None:
    await start_users(emu, ALICE, 1002)
    emu.faults.rate_limit(global_per_second=2, per_chat_per_second=10)
    emu.faults.stall(0.3, after=1)
    await bot.send_message(ALICE, "before")
    began = time.monotonic()
    await bot.get_me()  # not a send: neither counted nor held
    assert time.monotonic() - began < 0.2
    await bot.send_message(ALICE, "held")
    assert time.monotonic() - began >= 0.3
    # Counted when the stall ended: a second later, "before" has left the one-second window
    # and "held" has not.
    emu.advance_clock(0.9)
    await bot.send_message(1002, "within the limit")
    with pytest.raises(RetryAfter):
        await bot.send_message(1002, "over the limit")
    assert emu.stats.rate_limited == 1


async def test_group_removal_and_migration(emu: BotApiEmulator, bot: Bot) -> None:
    alice = emu.user(ALICE, "Alicja")
    group = emu.group(-2001, "Fundacja X", admins=[alice])
    group.remove_bot()
    with pytest.raises(Forbidden, match="bot was kicked from the group chat"):
        await bot.send_message(-2001, "x")
    group.add_bot(by=alice)
    assert await bot.send_message(-2001, "back")
    kinds = [next(k for k in u if k != "update_id") for u in emu.pending_updates]
    assert kinds == ["my_chat_member", "my_chat_member", "message"]
    new_id = group.migrate_to_supergroup()
    assert str(new_id).startswith("-100") and group.chat_id == new_id
    with pytest.raises(ChatMigrated) as caught:
        await bot.send_message(-2001, "old id")
    assert caught.value.new_chat_id == new_id
    sent = await bot.send_message(new_id, "new id")
    assert sent.chat.type == "supergroup"
    migrations = [u["message"] for u in emu.pending_updates[-2:]]
    assert migrations[0]["migrate_to_chat_id"] == new_id
    assert migrations[1]["migrate_from_chat_id"] == -2001
