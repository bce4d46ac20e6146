"""The bot as an operator runs it: `python -m bot` / `ngobot` with an environment, signals, CLI."""

from __future__ import annotations

import signal
import socket
import sqlite3
from collections.abc import Awaitable, Callable
from pathlib import Path

import pytest

from bot.sandbox import BotApiEmulator
from storage import latest_version
from tests.conftest import BotProcess, bot_env, run_cli
from tests.constants import TOKEN

StartProcess = Callable[..., Awaitable[BotProcess]]


async def test_help_lists_the_subcommands(tmp_path: Path) -> None:
    status, out, _ = await run_cli("--help", env={}, cwd=tmp_path)
    assert status == 0
    for command in ("run", "migrate", "backup"):
        assert command in out


@pytest.mark.parametrize("token", ["", "   ", "not-a-token", "12345:short"])
async def test_missing_or_malformed_token_exits_2_with_botfather_hint(
    tmp_path: Path, token: str
) -> None:
    status, out, err = await run_cli("run", env={"TELEGRAM_BOT_TOKEN": token}, cwd=tmp_path)
    assert status == 2
    assert "TELEGRAM_BOT_TOKEN" in err
    assert "@BotFather" in err
    assert "Traceback" not in err + out
    if token.strip():
        assert token.strip() not in err  # a near-miss token is still not echoed


@pytest.mark.parametrize(
    ("variable", "value"),
    [
        ("NGOBOT_TIMEZONE", "Mars/Olympus"),
        ("NGOBOT_DEFAULT_LANGUAGE", "de"),
        ("NGOBOT_ADMINS", "12,abc"),
        ("NGOBOT_LOG_LEVEL", "LOUD"),
        ("TELEGRAM_API_BASE_URL", "ftp://example"),
    ],
)
async def test_an_invalid_setting_names_the_variable_and_exits_2(
    tmp_path: Path, variable: str, value: str
) -> None:
    status, _, err = await run_cli(
        "run", env={"TELEGRAM_BOT_TOKEN": TOKEN, variable: value}, cwd=tmp_path
    )
    assert status == 2
    assert variable in err
    assert "Traceback" not in err


async def test_settings_are_read_from_a_dotenv_file(tmp_path: Path) -> None:
    (tmp_path / ".env").write_text("# local settings\nNGOBOT_TIMEZONE=Nowhere/Land\n")
    status, _, err = await run_cli("run", env={"TELEGRAM_BOT_TOKEN": TOKEN}, cwd=tmp_path)
    assert status == 2
    assert "NGOBOT_TIMEZONE" in err


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGINT])
async def test_bot_answers_start_and_stops_cleanly_on_a_signal(
    bot_process: StartProcess, emulator: BotApiEmulator, signum: int
) -> None:
    bot = await bot_process()
    alice = emulator.user(1001, "Alicja", language_code="pl")
    await alice.send("/start")
    await alice.wait_for("Dzień dobry!")
    status, seconds = await bot.terminate(timeout=10, signum=signum)
    assert status == 0
    assert seconds < 10
    assert "ngobot stopped" in bot.log()


async def test_token_never_appears_in_the_log_even_at_debug(
    bot_process: StartProcess, emulator: BotApiEmulator
) -> None:
    bot = await bot_process(NGOBOT_LOG_LEVEL="DEBUG")
    user = emulator.user(1001, "Alicja", language_code="en")
    await user.send("/help")
    await user.wait_for("What I can do")
    await bot.terminate()
    log = bot.log()
    assert "getUpdates" in log  # PTB did log its requests...
    assert TOKEN not in log  # ...but never the token,
    assert TOKEN.split(":")[1] not in log  # nor its secret half.


async def test_telegram_rejecting_the_token_exits_2_without_traceback(
    tmp_path: Path, emulator: BotApiEmulator
) -> None:
    other_token = "987654321:SomeOtherTokenThatTheEmulatorRejects_x"
    env = bot_env(tmp_path, emulator, TELEGRAM_BOT_TOKEN=other_token)
    status, _, err = await run_cli("run", env=env, cwd=tmp_path)
    assert status == 2
    assert "rejected" in err
    assert other_token not in err


async def test_unreachable_bot_api_is_reported_without_traceback(tmp_path: Path) -> None:
    with socket.socket() as probe:  # a port nobody listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    env = {"TELEGRAM_BOT_TOKEN": TOKEN, "TELEGRAM_API_BASE_URL": f"http://127.0.0.1:{port}/bot"}
    status, _, err = await run_cli("run", env=env, cwd=tmp_path)
    assert status == 1
    assert f"cannot reach the Bot API at http://127.0.0.1:{port}/bot" in err
    assert "Traceback" not in err
    assert TOKEN.split(":")[1] not in err


async def test_database_file_is_private_to_its_owner(
    bot_process: StartProcess, tmp_path: Path
) -> None:
    bot = await bot_process()
    await bot.terminate()
    db = tmp_path / "data" / "ngobot.sqlite3"
    assert db.stat().st_mode & 0o777 == 0o600


async def test_migrate_creates_an_empty_database_and_is_idempotent(tmp_path: Path) -> None:
    db = tmp_path / "fresh" / "bot.sqlite3"
    env = {"NGOBOT_DB": str(db)}
    for _ in range(2):
        status, out, err = await run_cli("migrate", env=env, cwd=tmp_path)
        assert status == 0, err
        assert f"version {latest_version()}" in out
    with sqlite3.connect(db) as conn:
        assert conn.execute("PRAGMA user_version").fetchone()[0] == latest_version()


async def test_migrate_keeps_the_data_of_an_existing_database(
    bot_process: StartProcess, emulator: BotApiEmulator, tmp_path: Path
) -> None:
    bot = await bot_process()
    alice = emulator.user(1001, "Alicja", language_code="uk")
    await alice.send("/start")
    await alice.wait_for("Вітаю")
    await bot.terminate()
    env = bot_env(tmp_path, emulator)
    status, _, err = await run_cli("migrate", env=env, cwd=tmp_path)
    assert status == 0, err
    with sqlite3.connect(tmp_path / "data" / "ngobot.sqlite3") as conn:
        assert conn.execute("SELECT language FROM users WHERE telegram_id = 1001").fetchone() == (
            "uk",
        )


async def test_bot_refuses_a_database_from_a_newer_version(
    tmp_path: Path, emulator: BotApiEmulator
) -> None:
    env = bot_env(tmp_path, emulator)
    assert (await run_cli("migrate", env=env, cwd=tmp_path))[0] == 0
    db = tmp_path / "data" / "ngobot.sqlite3"
    with sqlite3.connect(db) as conn:
        conn.execute(f"PRAGMA user_version = {latest_version() + 1}")
    for command in ("run", "migrate"):
        status, _, err = await run_cli(command, env=env, cwd=tmp_path)
        assert status == 2
        assert "newer" in err
        assert "Traceback" not in err
    with sqlite3.connect(db) as conn:
        assert conn.execute("PRAGMA user_version").fetchone()[0] == latest_version() + 1


async def test_backup_while_the_bot_runs_holds_the_data(
    bot_process: StartProcess, emulator: BotApiEmulator, tmp_path: Path
) -> None:
    bot = await bot_process()
    for user_id, language in ((1001, "pl"), (1002, "uk"), (1003, "en")):
        user = emulator.user(user_id, "User", language_code=language)
        await user.send("/start")
        await user.wait_for("Dzień dobry!|Вітаю!|Hello!")
    backup = tmp_path / "backups" / "copy.sqlite3"
    backup.parent.mkdir()
    status, out, err = await run_cli(
        "backup", str(backup), env=bot_env(tmp_path, emulator), cwd=tmp_path
    )
    assert status == 0, err
    assert str(backup) in out
    assert bot.process.returncode is None  # the bot kept running
    with sqlite3.connect(backup) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        rows = conn.execute("SELECT telegram_id, language FROM users ORDER BY 1").fetchall()
    assert (1001, "pl") in rows and (1002, "uk") in rows and (1003, "en") in rows
    assert backup.stat().st_mode & 0o777 == 0o600
    await bot.terminate()


async def test_backup_without_a_database_is_a_clear_error(tmp_path: Path) -> None:
    env = {"NGOBOT_DB": str(tmp_path / "missing.sqlite3")}
    status, _, err = await run_cli("backup", str(tmp_path / "x.sqlite3"), env=env, cwd=tmp_path)
    assert status == 2
    assert "NGOBOT_DB" in err
