"""Opening the database its target names: a private SQLite file with its PRAGMAs, or
PostgreSQL by URL (storage.postgres)."""

from __future__ import annotations

import logging
import os
import stat
from pathlib import Path

import aiosqlite

from storage.db import Database, StorageError, is_postgres_url

log = logging.getLogger(__name__)

# busy_timeout first, so that switching to WAL waits for another process instead of failing.
# synchronous=NORMAL is durable enough in WAL mode (a power cut may lose the last commits, never
# corrupt the file) and avoids an fsync on every commit.
_PRAGMAS = (
    "PRAGMA busy_timeout = 5000",
    "PRAGMA foreign_keys = ON",
    "PRAGMA journal_mode = WAL",
    "PRAGMA synchronous = NORMAL",
)

# The database holds personal data (who talks to a welfare office), so only its owner may read it.
_FILE_MODE = 0o600
_DIR_MODE = 0o700


async def connect(path: str | Path) -> Database:
    """Open the database: a PostgreSQL URL (postgresql://...), or a SQLite file at `path`
    (created if needed, readable by its owner only)."""
    if is_postgres_url(path):
        from storage.postgres import connect_postgres  # asyncpg only when it is used

        return await connect_postgres(str(path))
    path = Path(path)
    _create_private_file(path)
    conn = await aiosqlite.connect(path, isolation_level=None)  # we issue BEGIN/COMMIT ourselves
    try:
        conn.row_factory = aiosqlite.Row
        await _set_pragmas(conn)
    except BaseException:
        await conn.close()
        raise
    _restrict_sidecar_files(path)
    return Database(conn, path)


def _create_private_file(path: Path) -> None:
    """Create the folder and an empty database file with owner-only modes, if missing.

    SQLite would create the file itself, but with the process umask (usually world-readable).
    An empty file is a valid empty database to SQLite. The explicit chmods make the result
    independent of the umask, which can only remove bits from the mode given to open/mkdir.
    """
    if not path.parent.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.parent.chmod(_DIR_MODE)
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, _FILE_MODE)
    except FileExistsError:
        _warn_if_readable_by_others(path)
        return
    try:
        os.fchmod(fd, _FILE_MODE)
    finally:
        os.close(fd)


def _warn_if_readable_by_others(path: Path) -> None:
    # An existing file's mode is the operator's decision; say so rather than silently change it.
    if path.stat().st_mode & (stat.S_IRWXG | stat.S_IRWXO):
        log.warning("%s is accessible by other users; consider chmod 600", path)


def _restrict_sidecar_files(path: Path) -> None:
    """Make the -wal and -shm files owner-only too.

    SQLite gives them the database file's mode when it creates them, so this only matters for
    leftovers created under a looser mode; they hold recent rows in clear text.
    """
    for suffix in ("-wal", "-shm"):
        sidecar = path.with_name(path.name + suffix)
        if sidecar.exists():
            sidecar.chmod(_FILE_MODE)


async def _set_pragmas(conn: aiosqlite.Connection) -> None:
    for pragma in _PRAGMAS:
        await conn.execute(pragma)
    async with conn.execute("PRAGMA journal_mode") as cursor:
        row = await cursor.fetchone()
    # WAL lets backups and readers run while the bot writes; some filesystems refuse it.
    if row is None or str(row[0]).lower() != "wal":
        raise StorageError(f"could not switch the database to WAL mode (got {row and row[0]})")
