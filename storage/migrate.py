"""Schema migrations: numbered SQL files in storage/migrations, tracked by PRAGMA user_version
(SQLite) or the schema_version table (PostgreSQL, see storage.migrate_postgres)."""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass, field
from importlib.resources import files
from importlib.resources.abc import Traversable

import aiosqlite

from storage.db import Database, StorageError, as_int

log = logging.getLogger(__name__)

# Read through importlib.resources so the files are found inside an installed wheel too.
MIGRATIONS_DIR: Traversable = files("storage").joinpath("migrations")

_FILE_NAME = re.compile(r"(?P<version>\d{4})_(?P<name>[a-z0-9_]+)(?P<dialect>\.postgresql)?\.sql")


class MigrationError(StorageError):
    """The migration files are inconsistent, or one of them failed to apply."""


class DatabaseTooNewError(StorageError):
    """The database was migrated by a newer ngobot; running older code on it could corrupt it."""

    def __init__(self, found: int, supported: int) -> None:
        super().__init__(
            f"database schema version {found} is newer than this ngobot supports "
            f"({supported}); upgrade ngobot or restore a backup"
        )
        self.found = found
        self.supported = supported


@dataclass(frozen=True, slots=True)
class Migration:
    version: int
    name: str
    sql: str = field(repr=False)


@dataclass(frozen=True, slots=True)
class MigrationResult:
    before: int
    after: int
    applied: list[int]


def available_migrations(dialect: str = "sqlite") -> list[Migration]:
    """Return the shipped migrations in order, after checking they are numbered 1, 2, 3, ...

    For PostgreSQL a migration's `NNNN_name.postgresql.sql` replaces `NNNN_name.sql` where
    the dialects differ; elsewhere the common file is used as translate() rewrites it.
    """
    migrations, variants = [], {}
    for entry in MIGRATIONS_DIR.iterdir():
        if not entry.name.endswith(".sql"):
            continue
        match = _FILE_NAME.fullmatch(entry.name)
        if match is None:
            raise MigrationError(f"migration file {entry.name!r} is not named NNNN_short_name.sql")
        version, sql = int(match["version"]), entry.read_text(encoding="utf-8")
        if match["dialect"]:
            variants[version] = sql
        else:
            migrations.append(Migration(version, match["name"], sql))
    if dialect == "postgresql":
        from storage.migrate_postgres import translate

        migrations = [
            Migration(m.version, m.name, variants.get(m.version) or translate(m.sql))
            for m in migrations
        ]
    migrations.sort(key=lambda m: m.version)
    _check_numbering(migrations)
    return migrations


def _check_numbering(migrations: list[Migration]) -> None:
    for expected, migration in enumerate(migrations, start=1):
        if migration.version != expected:
            found = [m.version for m in migrations]
            raise MigrationError(
                f"migration versions must be 1, 2, 3, ... without gaps or duplicates; "
                f"found {found}"
            )


def latest_version() -> int:
    return len(available_migrations())


async def current_version(db: Database) -> int:
    if db.dialect == "postgresql":
        from storage.migrate_postgres import schema_version

        return await schema_version(db)
    return as_int(await db.fetch_value("PRAGMA user_version"))


async def check_version(db: Database) -> None:
    """Refuse to work on a database written by a newer ngobot."""
    found, supported = await current_version(db), latest_version()
    if found > supported:
        raise DatabaseTooNewError(found, supported)


async def migrate(db: Database) -> MigrationResult:
    """Apply every pending migration, each in a transaction of its own."""
    if db.dialect == "postgresql":
        from storage.migrate_postgres import migrate_postgres

        return await migrate_postgres(db)
    migrations = available_migrations()
    # One lock for the whole run, so no other task sees a half-migrated schema.
    async with db.connection() as conn:
        async with conn.execute("PRAGMA user_version") as cursor:
            row = await cursor.fetchone()
        before = as_int(None if row is None else row[0])
        if before > len(migrations):
            raise DatabaseTooNewError(before, len(migrations))
        applied = []
        for migration in migrations[before:]:
            await _apply(conn, migration)
            applied.append(migration.version)
    return MigrationResult(before=before, after=len(migrations), applied=applied)


async def _apply(conn: aiosqlite.Connection, migration: Migration) -> None:
    """Run one migration and bump user_version atomically; on failure roll everything back.

    sqlite3's executescript() COMMITs any open transaction before it starts, so the transaction
    has to be part of the script itself. user_version lives in the file header and is rolled
    back with the rest. The migration must not contain BEGIN/COMMIT of its own.
    """
    script = (
        f"BEGIN IMMEDIATE;\n{migration.sql}\n;\n"
        f"PRAGMA user_version = {migration.version:d};\nCOMMIT;"
    )
    try:
        await conn.executescript(script)
    except Exception as exc:
        await conn.rollback()  # no-op if the failure happened at BEGIN
        raise MigrationError(
            f"migration {migration.version:04d}_{migration.name} failed and was rolled back: {exc}"
        ) from exc
    log.info("applied migration %04d_%s", migration.version, migration.name)
