"""The emulator's webhook delivery: the secret token on every call, retries until a 200, one
chat's updates in order, and getUpdates refused while a webhook is set."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator

import pytest
from aiohttp import web
from telegram import Bot
from telegram.error import BadRequest, Conflict

from bot.sandbox import BotApiEmulator
from tests.emulator_fixtures import bot_fixture, emu_fixture  # noqa: F401
from tests.replica_support import free_port

SECRET = "s3cret-token_for-tests"


class Receiver:
    """A webhook that refuses the first `refuse` calls with 503, then answers 200."""

    def __init__(self, refuse: int) -> None:
        self.refuse = refuse
        self.calls: list[tuple[int, str, int]] = []  # (update_id, secret, status)

    async def handle(self, request: web.Request) -> web.Response:
        update = json.loads(await request.read())
        status = 503 if len(self.calls) < self.refuse else 200
        secret = request.headers.get("X-Telegram-Bot-Api-Secret-Token", "")
        self.calls.append((update["update_id"], secret, status))
        return web.Response(status=status)


@pytest.fixture
async def receiver() -> AsyncIterator[tuple[Receiver, str]]:
    found = Receiver(refuse=2)
    app = web.Application()
    app.router.add_post("/hook", found.handle)
    runner = web.AppRunner(app)
    await runner.setup()
    port = free_port()
    await web.TCPSite(runner, "127.0.0.1", port).start()
    yield found, f"http://127.0.0.1:{port}/hook"
    await runner.cleanup()


async def test_updates_are_posted_with_the_secret_and_retried_until_accepted(
    emu: BotApiEmulator, bot: Bot, receiver: tuple[Receiver, str]
) -> None:
    found, url = receiver
    assert await bot.set_webhook(url, secret_token=SECRET)
    alice = emu.user(501, "Alice")
    await alice.send("first")
    await alice.send("second")
    await emu.wait_until(lambda: sum(1 for c in found.calls if c[2] == 200) == 2, timeout=10)
    assert [status for _, _, status in found.calls] == [503, 503, 200, 200]
    ids = [update_id for update_id, _, _ in found.calls]
    assert ids[0] == ids[1] == ids[2] < ids[3], "the chat's second waits for its first"
    assert {secret for _, secret, _ in found.calls} == {SECRET}
    assert emu.pending_updates == []
    with pytest.raises(Conflict):
        await bot.get_updates()
    assert await bot.delete_webhook()
    assert await bot.get_updates() == ()


async def test_a_webhook_off_this_machine_is_refused(bot: Bot) -> None:
    with pytest.raises(BadRequest, match=r"127\.0\.0\.1"):
        await bot.set_webhook("https://example.org/hook", secret_token=SECRET)
