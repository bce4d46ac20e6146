"""The `ngobot` command line: run the bot, migrate the database, back it up."""

from __future__ import annotations

import argparse
import asyncio
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from telegram.error import InvalidToken, NetworkError

from bot.app import open_database, serve
from bot.cli import announce as cli_announce
from bot.cli import copy as cli_copy
from bot.cli import demo as cli_demo
from bot.cli import feeds as cli_feeds
from bot.cli import postulates as cli_postulates
from bot.cli.common import EXIT_USAGE
from bot.config import ConfigError, Settings, environment, load_settings
from bot.logs import configure_logging, redact
from bot.wiring import ngobot_version
from storage import DatabaseTooNewError, StorageError, backup_database, current_version
from storage.backup_postgres import backup_postgres
from storage.db import is_postgres_url

EXIT_FAILURE = 1


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="ngobot",
        description="Telegram bot connecting a city's social-welfare office with NGOs. "
        "Settings come from environment variables or ./.env (see deploy/.env.example).",
    )
    parser.add_argument("--version", action="version", version=f"ngobot {ngobot_version()}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    sub.add_parser("run", help="start the bot (the default when no command is given)")
    sub.add_parser("migrate", help="bring the database schema up to date and exit")
    backup = sub.add_parser(
        "backup", help="write a consistent copy of the database, even while the bot runs"
    )
    backup.add_argument("path", type=Path, help="file to write, or a folder for a dated file name")
    cli_announce.add_parsers(sub)
    cli_feeds.add_parsers(sub)
    cli_postulates.add_parsers(sub)
    cli_demo.add_parsers(sub)
    cli_copy.add_parsers(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the console script and of `python -m bot`."""
    args = build_parser().parse_args(argv)
    command = args.command or "run"
    # PTB 22 reports flood waits (retry_after) as timedelta only when asked; we always want that.
    os.environ.setdefault("PTB_TIMEDELTA", "true")
    if command == "demo":
        # Its own fixed settings: nothing from the environment (a real token) is used.
        return cli_demo.run(args)
    try:
        settings = load_settings(environment(), need_token=command == "run")
        configure_logging(settings.log_level, settings.token.reveal())
        if command == "run":
            asyncio.run(serve(settings))
        elif command in ("announce", "topics"):
            return asyncio.run(cli_announce.run(args, settings))
        elif command == "feeds":
            return asyncio.run(cli_feeds.run(args, settings))
        elif command in ("export", "rounds"):
            return asyncio.run(cli_postulates.run(args, settings))
        elif command == "copy-to":
            return asyncio.run(cli_copy.run(args, settings))
        elif command == "migrate":
            asyncio.run(_migrate(settings))
        else:
            asyncio.run(_backup(settings, args.path))
    except (ConfigError, DatabaseTooNewError, StorageError) as error:
        return _fail(str(error))
    except InvalidToken:
        return _fail("Telegram rejected TELEGRAM_BOT_TOKEN. Check it with @BotFather (/token).")
    except NetworkError as error:
        # Worth a restart (systemd does that): exit 1, not the configuration status 2.
        _fail(f"cannot reach the Bot API at {settings.api_base_url}: {error}")
        return EXIT_FAILURE
    except KeyboardInterrupt:
        return 130
    return 0


def _fail(message: str) -> int:
    print(f"ngobot: error: {redact(message)}", file=sys.stderr)
    return EXIT_USAGE


async def _migrate(settings: Settings) -> None:
    db = await open_database(settings)
    try:
        schema = await current_version(db)
    finally:
        await db.close()
    print(f"database {settings.db_path} is up to date (schema version {schema})")


async def _backup(settings: Settings, path: Path) -> None:
    if is_postgres_url(settings.db_url):
        dump = await backup_postgres(settings.db_url, path)
        print(f"backup written to {dump.destination} ({dump.size_bytes} bytes, pg_dump format)")
        return
    if not settings.db_path.exists():
        raise ConfigError("NGOBOT_DB", f"no database at {settings.db_path} (NGOBOT_DB)")
    result = await backup_database(settings.db_path, path)
    print(f"backup written to {result.destination} ({result.size_bytes} bytes)")
