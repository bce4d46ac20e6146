"""Backups of a PostgreSQL database: pg_dump's custom format, written atomically, owner-only.

pg_dump takes one consistent snapshot while the bot and its replicas keep writing; restore
with `pg_restore --clean --dbname=URL FILE` into a database of the same name and owner.
"""

from __future__ import annotations

import asyncio
import os
import shutil
import subprocess
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit

from storage.backup import BackupError, BackupResult

_FILE_MODE = 0o600
# Debian installs the client programs on PATH, the server's copies in its own folder.
_DEBIAN_BINDIRS = tuple(f"/usr/lib/postgresql/{v}/bin" for v in (17, 16, 15))


async def backup_postgres(url: str, destination: Path) -> BackupResult:
    """Dump the database at `url` to `destination` (a file, or a folder for a dated name)."""
    pg_dump = _find_pg_dump()
    destination = _resolve(destination)
    temporary = destination.with_name(f".{destination.name}.part")
    process = await asyncio.create_subprocess_exec(
        pg_dump, "--format=custom", f"--file={temporary}", env=_libpq_environment(url),
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
    )  # fmt: skip
    _, err = await process.communicate()
    if process.returncode != 0:
        temporary.unlink(missing_ok=True)
        raise BackupError(f"pg_dump failed: {err.decode(errors='replace').strip()}")
    temporary.chmod(_FILE_MODE)
    os.replace(temporary, destination)
    return BackupResult(destination=destination, size_bytes=destination.stat().st_size, pages=0)


def _resolve(destination: Path) -> Path:
    if destination.is_dir():
        stamp = datetime.now(UTC).strftime("%Y%m%d-%H%M%S")
        return destination / f"ngobot-{stamp}.pgdump"
    if not destination.parent.is_dir():
        raise BackupError(f"cannot write the backup to {destination}: no folder")
    return destination


def _libpq_environment(url: str) -> dict[str, str]:
    """The URL as libpq's variables: a password on the command line would show in `ps`."""
    parts = urlsplit(url)
    env = dict(os.environ)
    given = {
        "PGHOST": parts.hostname,
        "PGPORT": None if parts.port is None else str(parts.port),
        "PGUSER": None if parts.username is None else unquote(parts.username),
        "PGPASSWORD": None if parts.password is None else unquote(parts.password),
        "PGDATABASE": unquote(parts.path.lstrip("/")) or None,
    }
    env.update({name: value for name, value in given.items() if value})
    for name, values in parse_qs(parts.query).items():  # e.g. sslmode=require
        if name == "sslmode":
            env["PGSSLMODE"] = values[-1]
    return env


def _find_pg_dump() -> str:
    found = shutil.which("pg_dump")
    if found is not None:
        return found
    for folder in _DEBIAN_BINDIRS:
        if Path(folder, "pg_dump").exists():
            return str(Path(folder, "pg_dump"))
    raise BackupError(
        "pg_dump is not installed (Debian: apt-get install postgresql-client); "
        "or back up the PostgreSQL database with your provider's tools"
    )
