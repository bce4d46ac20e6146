"""Consistent online backups of the database file, safe to take while the bot is writing."""

from __future__ import annotations

import asyncio
import os
import sqlite3
import tempfile
from collections.abc import Iterator
from contextlib import closing, contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from storage.db import StorageError

_FILE_MODE = 0o600


class BackupError(StorageError):
    """The backup was refused or failed; the destination was left untouched."""


@dataclass(frozen=True, slots=True)
class BackupResult:
    destination: Path
    size_bytes: int
    pages: int


async def backup_database(source: Path, destination: Path) -> BackupResult:
    """Copy the ngobot database at `source` to `destination` (a file, or a folder to put it in).

    A folder gets a new file named ngobot-YYYYmmdd-HHMMSS.sqlite3 (UTC); an existing file is
    replaced atomically, so a reader never sees a half-written backup. The copy is a single
    self-contained file (journal_mode DELETE, no -wal needed) readable by its owner only.
    """
    # Runs in a thread: the copy and the integrity check read the whole file.
    return await asyncio.to_thread(_backup, Path(source), Path(destination))


def _backup(source: Path, destination: Path) -> BackupResult:
    target = _resolve_destination(source, destination)
    with _temporary_file_next_to(target) as temporary:
        pages = _copy(source, temporary)
        temporary.chmod(_FILE_MODE)
        _fsync(temporary)
        os.replace(temporary, target)
    _fsync(target.parent)  # makes the rename itself durable
    return BackupResult(destination=target, size_bytes=target.stat().st_size, pages=pages)


def _resolve_destination(source: Path, destination: Path) -> Path:
    if not source.is_file():
        raise BackupError(f"cannot back up {source}: no such database file")
    if destination.is_dir():
        stamp = datetime.now(UTC).strftime("%Y%m%d-%H%M%S")
        destination = destination / f"ngobot-{stamp}.sqlite3"
    elif not destination.parent.is_dir():
        raise BackupError(
            f"cannot write the backup to {destination}: no folder {destination.parent}"
        )
    if destination.exists() and destination.samefile(source):
        raise BackupError(f"refusing to overwrite the database {source} with its own backup")
    return destination


@contextmanager
def _temporary_file_next_to(target: Path) -> Iterator[Path]:
    """Yield a new owner-only file in target's folder, removed unless it was moved away.

    Same folder, so the final os.replace is a rename within one filesystem, hence atomic.
    """
    fd, name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    os.close(fd)
    temporary = Path(name)
    try:
        yield temporary
    finally:
        # The copy briefly is a WAL database (see _copy), so it may leave sidecars on failure.
        for suffix in ("", "-journal", "-wal", "-shm"):
            temporary.with_name(temporary.name + suffix).unlink(missing_ok=True)


def _copy(source: Path, temporary: Path) -> int:
    """Copy source into the (empty) temporary database; return its page count."""
    with closing(_open_source(source)) as src, closing(sqlite3.connect(temporary)) as dst:
        _check_is_ngobot_database(src, source)
        # One step (pages=-1) reads the whole database inside one read transaction: a
        # consistent snapshot, and in WAL mode the bot's writers are not blocked meanwhile.
        src.backup(dst)
        # The copy inherits WAL mode from the source header; DELETE makes it self-contained.
        dst.execute("PRAGMA journal_mode = DELETE")
        _check_integrity(dst, source)
        page_count = dst.execute("PRAGMA page_count").fetchone()[0]
    return int(page_count)


def _open_source(source: Path) -> sqlite3.Connection:
    # mode=rw: never create a database that vanished after the is_file() check. Not mode=ro,
    # because reading a WAL database may need to create its -shm index file.
    uri = source.resolve().as_uri() + "?mode=rw"
    try:
        return sqlite3.connect(uri, uri=True, timeout=5)
    except sqlite3.Error as exc:
        raise BackupError(f"cannot open {source}: {exc}") from exc


def _check_is_ngobot_database(conn: sqlite3.Connection, source: Path) -> None:
    try:
        version = conn.execute("PRAGMA user_version").fetchone()[0]
        has_users = conn.execute(
            "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'users'"
        ).fetchone()
    except sqlite3.DatabaseError as exc:
        raise BackupError(f"{source} is not an SQLite database: {exc}") from exc
    if version < 1 or has_users is None:
        raise BackupError(f"{source} is not an ngobot database (schema version {version})")


def _check_integrity(conn: sqlite3.Connection, source: Path) -> None:
    problems = [row[0] for row in conn.execute("PRAGMA integrity_check")]
    if problems != ["ok"]:
        raise BackupError(f"the copy of {source} failed its integrity check: {problems[:5]}")


def _fsync(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
