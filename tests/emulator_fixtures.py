"""Pytest fixtures for the emulator: a started server, a PTB Bot and a polling Application."""

from __future__ import annotations

from collections.abc import AsyncIterator, Sequence
from contextlib import asynccontextmanager

import pytest
from telegram import Bot
from telegram.ext import Application, ApplicationBuilder, BaseHandler

from bot.sandbox.server import BotApiEmulator

TOKEN = "123456:ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghi"
BOT_USERNAME = "ngobot_test_bot"


@pytest.fixture(name="emu")
async def emu_fixture(monkeypatch: pytest.MonkeyPatch) -> AsyncIterator[BotApiEmulator]:
    """A started emulator. PTB_TIMEDELTA is set because PTB 22 warns (an error under
    filterwarnings=error) whenever a RetryAfter is built while it is unset."""
    monkeypatch.setenv("PTB_TIMEDELTA", "true")
    async with BotApiEmulator(TOKEN, bot_username=BOT_USERNAME) as emulator:
        yield emulator


@pytest.fixture(name="bot")
async def bot_fixture(emu: BotApiEmulator) -> AsyncIterator[Bot]:
    """A real PTB Bot talking to the emulator."""
    async with Bot(TOKEN, base_url=emu.base_url, base_file_url=emu.base_file_url) as bot:
        yield bot


def build_application(emu: BotApiEmulator) -> Application:  # type: ignore[type-arg]
    return (
        ApplicationBuilder()
        .token(emu.token)
        .base_url(emu.base_url)
        .base_file_url(emu.base_file_url)
        .build()
    )


@asynccontextmanager
async def polling(
    emu: BotApiEmulator,
    handlers: Sequence[BaseHandler] = (),  # type: ignore[type-arg]
) -> AsyncIterator[Application]:  # type: ignore[type-arg]
    """Run a real Application polling the emulator for the duration of the block."""
    app = build_application(emu)
    for handler in handlers:
        app.add_handler(handler)
    async with app:
        await app.start()
        assert app.updater is not None
        await app.updater.start_polling(poll_interval=0.0, timeout=5)
        try:
            yield app
        finally:
            await app.updater.stop()
            await app.stop()
