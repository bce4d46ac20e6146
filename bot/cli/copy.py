"""`ngobot copy-to URL`: move the configured SQLite database into an empty PostgreSQL one."""

from __future__ import annotations

import argparse

from bot.config import ConfigError, Settings
from storage import connect
from storage.copy import copy_database
from storage.db import is_postgres_url


def add_parsers(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    copy = sub.add_parser(
        "copy-to",
        help="copy the SQLite database (NGOBOT_DB) into an empty PostgreSQL database; "
        "stop the bot first",
    )
    copy.add_argument("url", help="the new database, postgresql://user:password@host/name")


async def run(args: argparse.Namespace, settings: Settings) -> int:
    """Copy, verify, and say how many rows moved; then NGOBOT_DB may name the new database."""
    if is_postgres_url(settings.db_url):
        raise ConfigError("NGOBOT_DB", "copy-to reads a SQLite database; NGOBOT_DB is not one")
    if not is_postgres_url(args.url):
        raise ConfigError("copy-to", f"not a postgresql:// address: {args.url}")
    if not settings.db_path.exists():
        raise ConfigError("NGOBOT_DB", f"no database at {settings.db_path} (NGOBOT_DB)")
    source = await connect(settings.db_path)
    try:
        target = await connect(args.url)
        try:
            result = await copy_database(source, target)
        finally:
            await target.close()
    finally:
        await source.close()
    total = sum(result.rows.values())
    print(f"copied {total} rows in {len(result.rows)} tables; every row verified")
    print("set NGOBOT_DB to the new address and start the bot")
    return 0
