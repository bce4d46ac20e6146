"""PostgreSQL migrations: the common files translated, version in schema_version, one migrator.

The shipped migrations are written for SQLite; storage.pg_translate spells them for
PostgreSQL, and triggers are written twice: `NNNN_name.postgresql.sql` holds PostgreSQL's.

Every PostgreSQL database starts empty at the latest schema (SQLite databases move with
`ngobot copy-to`), so the SQLite migrations that rebuild a table copy no rows here.
"""

from __future__ import annotations

import logging
from typing import Final

from storage.connection import Connection
from storage.db import Database, as_int
from storage.migration_files import (
    DatabaseTooNewError,
    MigrationError,
    MigrationResult,
    available_migrations,
)

log = logging.getLogger(__name__)

# Held while migrating, so replicas started together migrate one after the other.
_MIGRATION_LOCK: Final = 0x6E676F_01  # "ngo" + 1
_NOTICES_VERSION: Final = "ngobot notices 2"
# What a table's notice is for, where not every write: a claim of a stored update (or its
# renewal) finds nothing to tell, and its notice woke the other replicas to claim in turn,
# without end. Only a stored update, or one finished (the chat's next may go), is news.
_NOTIFIED_WRITES: Final = {"inbound_updates": "INSERT OR DELETE OR UPDATE OF done_at"}
_NOTIFY_FUNCTION: Final = """
CREATE OR REPLACE FUNCTION ngobot_notify_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    -- ngobot notices 2 (storage.migrate_postgres gives older databases this version)
    -- The payload names the writing connection, so a process can tell others' writes apart,
    -- and the table, so that a process waiting for one table's rows wakes for those alone.
    PERFORM pg_notify('ngobot_changes', pg_backend_pid()::text || ':' || TG_TABLE_NAME);
    RETURN NULL;
END $$;
"""

# What translated migrations call: a CHECK must answer false on bad JSON, not raise.
_HELPERS: Final = """
CREATE TABLE IF NOT EXISTS schema_version (version BIGINT NOT NULL);
INSERT INTO schema_version SELECT 0 WHERE NOT EXISTS (SELECT 1 FROM schema_version);
CREATE OR REPLACE FUNCTION ngobot_json_object(value text) RETURNS boolean
LANGUAGE plpgsql IMMUTABLE AS $$
BEGIN
    RETURN json_typeof(value::json) = 'object';
EXCEPTION WHEN invalid_text_representation THEN
    RETURN false;
END $$;
"""


async def schema_version(db: Database) -> int:
    if await db.fetch_value("SELECT to_regclass('schema_version')") is None:
        return 0  # a new database
    value = await db.fetch_value("SELECT version FROM schema_version")
    return 0 if value is None else as_int(value)


async def migrate_postgres(db: Database) -> MigrationResult:
    """Apply every pending migration, each in its own transaction, under an advisory lock."""
    migrations = available_migrations("postgresql")
    async with db.connection() as conn:
        await conn.execute(f"SELECT pg_advisory_lock({_MIGRATION_LOCK})")
        try:
            await conn.executescript(_HELPERS)
            rows = await conn.execute_fetchall("SELECT version FROM schema_version")
            before = as_int(next(iter(rows))[0])
            if before > len(migrations):
                raise DatabaseTooNewError(before, len(migrations))
            applied = []
            for migration in migrations[before:]:
                await _apply(conn, migration.sql, migration.version, migration.name)
                applied.append(migration.version)
            if applied or not await _notifications_name_tables(conn):
                await _announce_changes(conn)
        finally:
            await conn.execute(f"SELECT pg_advisory_unlock({_MIGRATION_LOCK})")
    return MigrationResult(before=before, after=len(migrations), applied=applied)


async def _apply(conn: Connection, sql: str, version: int, name: str) -> None:
    script = f"BEGIN;\n{sql}\n;\nUPDATE schema_version SET version = {version:d};\nCOMMIT;"
    try:
        await conn.executescript(script)
    except Exception as exc:
        await conn.rollback()
        raise MigrationError(
            f"migration {version:04d}_{name} failed and was rolled back: {exc}"
        ) from exc
    log.info("applied migration %04d_%s", version, name)


async def _notifications_name_tables(conn: Connection) -> bool:
    """Whether the notifying function is this version's (databases migrated before it was are
    given it once, though no migration is pending)."""
    rows = await conn.execute_fetchall(
        "SELECT prosrc FROM pg_proc WHERE proname = 'ngobot_notify_change'"
    )
    return any(_NOTICES_VERSION in str(row[0]) for row in rows)


async def _announce_changes(conn: Connection) -> None:
    """A statement trigger on every table notifies listeners (storage.postgres) of writes."""
    rows = await conn.execute_fetchall(
        "SELECT tablename FROM pg_tables WHERE schemaname = current_schema() "
        "AND tablename <> 'schema_version'"
    )
    statements = [_NOTIFY_FUNCTION]
    for (table,) in rows:
        writes = _NOTIFIED_WRITES.get(table, "INSERT OR UPDATE OR DELETE")
        statements.append(
            f"CREATE OR REPLACE TRIGGER ngobot_notify AFTER {writes} "
            f'ON "{table}" FOR EACH STATEMENT EXECUTE FUNCTION ngobot_notify_change();'
        )
    await conn.executescript("\n".join(statements))
