"""The benchmark's fast Bot API: Telegram's limits, counting, and long polls with probes."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator

import aiohttp
import pytest

from bot.delivery import Outgoing
from bot.delivery.transport import BotApiTransport
from tests.bench.fast_process import start_update
from tests.bench.fast_server import FastBotApi, HttpProtocol
from tests.constants import TOKEN

PROBES_FROM = 800_000_000


@pytest.fixture
async def api() -> AsyncIterator[tuple[FastBotApi, str]]:
    state = FastBotApi(TOKEN, PROBES_FROM)
    loop = asyncio.get_running_loop()
    server = await loop.create_server(lambda: HttpProtocol(state), "127.0.0.1", 0)
    port = server.sockets[0].getsockname()[1]
    yield state, f"http://127.0.0.1:{port}/bot"
    server.close()
    await server.wait_closed()


async def test_sends_past_the_limits_are_refused_and_not_counted(
    api: tuple[FastBotApi, str],
) -> None:
    state, base_url = api
    state.reset(per_second=2)
    sender = BotApiTransport(TOKEN, base_url, concurrency=2)
    await sender.start()
    try:
        first = await sender.deliver(1, Outgoing("Hi"))
        same_chat = await sender.deliver(1, Outgoing("Hi"))
        second = await sender.deliver(2, Outgoing("Hi"))
        over_global = await sender.deliver(3, Outgoing("Hi"))
    finally:
        await sender.close()
    assert (first.kind, second.kind) == ("ok", "ok")
    assert (same_chat.kind, same_chat.retry_after) == ("retry_after", 1.0)
    assert over_global.kind == "retry_after"
    assert dict(state.delivered) == {1: 1, 2: 1}
    assert state.rate_limited == 2


async def test_a_chat_may_have_a_burst_of_the_configured_size(
    api: tuple[FastBotApi, str],
) -> None:
    state, base_url = api
    state.reset(per_second=10, chat_burst=3)
    sender = BotApiTransport(TOKEN, base_url, concurrency=1)
    await sender.start()
    try:
        kinds = [(await sender.deliver(1, Outgoing("Hi"))).kind for _ in range(4)]
    finally:
        await sender.close()
    assert kinds == ["ok", "ok", "ok", "retry_after"]
    assert dict(state.delivered) == {1: 3}


async def test_a_long_poll_ends_with_a_probe_and_its_reply_is_timed(
    api: tuple[FastBotApi, str],
) -> None:
    state, base_url = api
    async with aiohttp.ClientSession() as session:
        poll = asyncio.create_task(
            session.post(f"{base_url}{TOKEN}/getUpdates", data={"timeout": "5", "offset": "0"})
        )
        await asyncio.sleep(0.05)
        state.queue_update(start_update(PROBES_FROM + 1))
        async with await poll as reply:
            body = await reply.json()
        (update,) = body["result"]
        assert update["message"]["text"] == "/start"
        url = f"{base_url}{TOKEN}/sendMessage"
        async with session.post(url, json={"chat_id": PROBES_FROM + 1, "text": "Hi"}) as sent:
            assert (await sent.json())["ok"]
        async with session.post(f"{base_url}bad-token/getMe") as refused:
            assert refused.status == 401
    assert PROBES_FROM + 1 in state.first_reply
