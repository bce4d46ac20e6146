"""Schema migrations: numbered SQL files in storage/migrations, tracked by PRAGMA user_version
(SQLite) or the schema_version table (PostgreSQL, see storage.migrate_postgres)."""

from __future__ import annotations

import logging

from storage.connection import Connection
from storage.db import Database, as_int
from storage.migrate_postgres import migrate_postgres, schema_version
from storage.migration_files import (
    DatabaseTooNewError,
    Migration,
    MigrationError,
    MigrationResult,
    available_migrations,
)

log = logging.getLogger(__name__)


def latest_version() -> int:
    return len(available_migrations())


async def current_version(db: Database) -> int:
    if db.dialect == "postgresql":
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


async def _apply(conn: Connection, migration: Migration) -> None:
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
