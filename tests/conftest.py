"""Shared fixtures: the Bot API emulator, the bot in-process, and the bot as a subprocess."""

from __future__ import annotations

import asyncio
import os
import signal
import sys
import time
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from bot.app import serve
from bot.config import Settings, load_settings
from bot.sandbox import BotApiEmulator
from storage import Database, connect, migrate
from tests import backends
from tests.constants import ADMIN_ID, TOKEN

ROOT = Path(__file__).resolve().parent.parent
# As bot.cli.main does for the real bot: RetryAfter.retry_after is a timedelta, without a warning.
os.environ.setdefault("PTB_TIMEDELTA", "true")
# Tests never leave 127.0.0.1: feeds added in tests with made-up addresses (example.pl) are
# polled by the running bot, and httpx honours these, so those polls fail at once on a closed
# local port instead of resolving names. The emulator and the feed server are exempt.
for _name in ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY"):
    os.environ[_name] = "http://127.0.0.1:9"
os.environ["NO_PROXY"] = "127.0.0.1,localhost"


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    """Run the modules listed in tests/backends.py on both backends, the rest on SQLite."""
    if "backend" not in metafunc.fixturenames:
        return
    if metafunc.definition.get_closest_marker("postgresql_only"):
        metafunc.parametrize("backend", [backends.POSTGRESQL])
    elif not metafunc.definition.get_closest_marker("sqlite_only"):
        module = metafunc.module.__name__.rsplit(".", 1)[-1]
        metafunc.parametrize("backend", backends.backends_for(module))


def pytest_sessionfinish() -> None:
    backends.stop()


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    for line in backends.summary_lines():
        terminalreporter.write_line(line, red=True, bold=True)


@pytest.fixture
def backend() -> str:
    """Overridden by pytest_generate_tests: which database engine the test runs on."""
    return backends.SQLITE


@pytest.fixture
async def database_target(backend: str, tmp_path: Path) -> AsyncIterator[str]:
    """What NGOBOT_DB names: a file in a temporary folder, or a fresh PostgreSQL database
    (already migrated, from the session's template)."""
    if backend == backends.SQLITE:
        yield str(tmp_path / "data" / "ngobot.sqlite3")
        return
    url = await backends.new_database()
    yield url
    await backends.drop_database(url)


@pytest.fixture
async def db(database_target: str) -> AsyncIterator[Database]:
    """A real database (SQLite, or PostgreSQL for the modules run on both), migrated by the
    real migrate()."""
    database = await connect(database_target)
    await migrate(database)
    yield database
    await database.close()


@pytest.fixture
async def emulator() -> AsyncIterator[BotApiEmulator]:
    async with BotApiEmulator(token=TOKEN) as emu:
        yield emu


def bot_env(tmp_path: Path, emulator: BotApiEmulator, **overrides: str) -> dict[str, str]:
    """The environment an operator would give the bot, pointed at the emulator."""
    env = {
        "TELEGRAM_BOT_TOKEN": TOKEN,
        "TELEGRAM_API_BASE_URL": emulator.base_url,
        "NGOBOT_DB": str(tmp_path / "data" / "ngobot.sqlite3"),
        "NGOBOT_ADMINS": str(ADMIN_ID),
        "NGOBOT_LOG_LEVEL": "DEBUG",
    }
    env.update(overrides)
    return env


@dataclass
class RunningBot:
    """The bot running in the test's event loop, polling the emulator."""

    emulator: BotApiEmulator
    settings: Settings
    stop_event: asyncio.Event
    task: asyncio.Task[None]

    async def stop(self) -> None:
        self.stop_event.set()
        await asyncio.wait_for(self.task, timeout=15)


StartBot = Callable[..., Awaitable[RunningBot]]


@pytest.fixture
async def start_bot(
    emulator: BotApiEmulator, tmp_path: Path, database_target: str
) -> AsyncIterator[StartBot]:
    """Start the real Application in-process (settings overridable); stopped after the test."""
    running: list[RunningBot] = []

    async def start(**overrides: str) -> RunningBot:
        overrides = {"NGOBOT_DB": database_target, **overrides}
        settings = load_settings(bot_env(tmp_path, emulator, **overrides))
        stop = asyncio.Event()
        # Ready once it polls, or (webhook mode) once it set its webhook.
        polls = len(emulator.calls("getUpdates")) + len(emulator.calls("setWebhook"))
        task = asyncio.create_task(serve(settings, stop))
        await emulator.wait_until(
            lambda: (
                task.done()
                or len(emulator.calls("getUpdates")) + len(emulator.calls("setWebhook")) > polls
            ),
            timeout=15,
        )
        if task.done():
            task.result()  # surfaces the start-up failure
        bot = RunningBot(emulator, settings, stop, task)
        running.append(bot)
        return bot

    yield start
    for bot in running:
        if not bot.task.done():
            await bot.stop()


@pytest.fixture
async def bot(start_bot: StartBot) -> RunningBot:
    return await start_bot()


@dataclass
class BotProcess:
    """The bot started as an operator starts it: `python -m bot` with an environment."""

    process: asyncio.subprocess.Process
    log_path: Path
    started_at: float = field(default_factory=time.monotonic)

    def log(self) -> str:
        return self.log_path.read_text(encoding="utf-8", errors="replace")

    async def wait_log(self, text: str, timeout: float = 15.0) -> None:
        deadline = time.monotonic() + timeout
        while text not in self.log():
            if self.process.returncode is not None or time.monotonic() > deadline:
                raise AssertionError(f"{text!r} not logged; log so far:\n{self.log()}")
            await asyncio.sleep(0.05)

    async def terminate(
        self, timeout: float = 10.0, signum: int = signal.SIGTERM
    ) -> tuple[int, float]:
        """Send SIGTERM (or `signum`), then wait; returns (exit status, seconds it took)."""
        began = time.monotonic()
        self.process.send_signal(signum)
        code = await asyncio.wait_for(self.process.wait(), timeout)
        return code, time.monotonic() - began


def child_env(env: dict[str, str]) -> dict[str, str]:
    """Only what the child needs: no developer's real token leaks in from os.environ."""
    base = {key: os.environ[key] for key in ("PATH", "HOME", "LANG") if key in os.environ}
    return {**base, "PYTHONUNBUFFERED": "1", **env}


async def run_cli(
    *args: str, env: dict[str, str], cwd: Path, timeout: float = 30.0
) -> tuple[int, str, str]:
    """Run `python -m bot ARGS` to completion; returns (status, stdout, stderr)."""
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "bot",
        *args,
        env=child_env(env),
        cwd=cwd,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )
    out, err = await asyncio.wait_for(process.communicate(), timeout)
    assert process.returncode is not None
    return process.returncode, out.decode(), err.decode()


@pytest.fixture
async def bot_process(
    emulator: BotApiEmulator, tmp_path: Path
) -> AsyncIterator[Callable[..., Awaitable[BotProcess]]]:
    """Start `python -m bot` against the emulator; killed after the test if still running."""
    started: list[BotProcess] = []

    async def start(**overrides: str) -> BotProcess:
        log_path = tmp_path / f"bot-{len(started)}.log"
        with log_path.open("wb") as log_file:
            process = await asyncio.create_subprocess_exec(
                sys.executable,
                "-m",
                "bot",
                "run",
                env=child_env(bot_env(tmp_path, emulator, **overrides)),
                cwd=tmp_path,
                stdout=log_file,
                stderr=log_file,
            )
        bot = BotProcess(process, log_path)
        started.append(bot)
        await bot.wait_log("is running as @")
        return bot

    yield start
    for bot in started:
        if bot.process.returncode is None:
            bot.process.kill()
            await bot.process.wait()
