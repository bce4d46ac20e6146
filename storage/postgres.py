"""The PostgreSQL backend: PgDatabase, opening its connections, and change notifications.

The storage modules talk to `Database` and to the connection its `connection()` and
`transaction()` yield; here that connection is storage.pg_connection's. Like the SQLite
backend, one connection and a lock serialise the units of work of this process; other
processes (replicas, the CLI) have connections of their own, and PostgreSQL's row locks order
their writes.

Changes are announced by a statement trigger on every table (`pg_notify`, made by
storage.migrate_postgres); a second connection LISTENs and counts them, which is what
`changes()` reports to bot.watching instead of SQLite's data_version, and wakes whoever waits
for another process's writes to a table, or for what it told (`on_notice`, `tell`).
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from decimal import Decimal
from pathlib import Path
from typing import Final, cast

import asyncpg

from storage.connection import Connection, Params, Row
from storage.db import Database, StorageError
from storage.pg_connection import PgConnection

log = logging.getLogger(__name__)

CHANGES_CHANNEL: Final = "ngobot_changes"
_SERVER_SETTINGS: Final = {
    "standard_conforming_strings": "on",  # storage.dialect's literals rely on it
    "TimeZone": "UTC",
}


def _numeric(text: str) -> int | float:
    """sum() of integers is numeric in PostgreSQL; the storage modules expect int, as SQLite."""
    value = Decimal(text)
    return int(value) if value == value.to_integral_value() else float(value)


class PgDatabase(Database):
    """The PostgreSQL flavour of Database: same methods, same one-at-a-time units of work."""

    dialect = "postgresql"

    def __init__(self, conn: asyncpg.Connection, listener: asyncpg.Connection, url: str) -> None:
        self._pg = PgConnection(conn)
        super().__init__(self._pg, Path(), url)
        self._listener = listener
        self.url = url
        self._external = 0
        self._own = 0
        self._pid = conn.get_server_pid()
        self._wakes: dict[str, list[Callable[[], None]]] = {}

    @asynccontextmanager
    async def transaction(self) -> AsyncIterator[Connection]:
        async with self.connection() as conn:
            try:
                await self._pg.raw.execute("BEGIN")
                yield conn
                await self._pg.raw.execute("COMMIT")
            except BaseException:
                await self._pg.rollback()
                raise

    @asynccontextmanager
    async def raw_transaction(self) -> AsyncIterator[asyncpg.Connection]:
        """The asyncpg connection itself in a transaction, for bulk work (COPY) in storage."""
        async with self.connection(), self._pg.raw.transaction():
            yield self._pg.raw

    async def fetch_all(self, sql: str, params: Params = ()) -> list[Row]:
        async with self.connection():
            rows = await self._pg.execute_fetchall(sql, params)
        return rows

    async def changes(self) -> tuple[int, int]:
        """(changes committed by other connections, all changes): counted from notifications.

        The round trip lets the server deliver notifications of commits made before it, so a
        change this process just committed is counted when this returns, as with SQLite.
        """
        await self._listener.execute("SELECT 1")
        return self._external, self._own

    tells_writes = True

    def on_notice(self, name: str, wake: Callable[[], None]) -> None:
        self._wakes.setdefault(name, []).append(wake)

    async def tell(self, name: str) -> None:
        # On the main connection, in the payload's form of the tables' trigger.
        async with self.connection() as conn:
            await conn.execute("SELECT pg_notify(?, ?)", (CHANGES_CHANNEL, f"{self._pid}:{name}"))

    def _notified(self, _conn: object, _pid: int, _channel: str, payload: str) -> None:
        # "<writing backend's pid>:<table>"; a database migrated before the table was named
        # sends the pid alone, and then every listener is woken.
        writer, _, table = payload.partition(":")
        self._own += 1
        if writer == str(self._pid):
            return
        self._external += 1
        lists = [self._wakes.get(table, [])] if table else list(self._wakes.values())
        for wakes in lists:
            for wake in wakes:
                wake()

    async def start_listening(self) -> None:
        await self._listener.add_listener(CHANGES_CHANNEL, self._notified)

    async def close(self) -> None:
        async with self._lock:
            await self._listener.close()
            await self._pg.close()


async def open_connection(url: str, application_name: str = "ngobot") -> asyncpg.Connection:
    """One asyncpg connection set up as the storage modules expect."""
    settings = {**_SERVER_SETTINGS, "application_name": application_name}
    try:
        conn = await asyncpg.connect(url, statement_cache_size=0, server_settings=settings)
    except (OSError, asyncpg.PostgresError) as exc:
        raise StorageError(f"could not connect to PostgreSQL: {exc}") from exc
    await conn.set_type_codec(
        "numeric", encoder=str, decoder=_numeric, schema="pg_catalog", format="text"
    )
    return cast(asyncpg.Connection, conn)


async def connect_postgres(url: str) -> PgDatabase:
    conn = await open_connection(url)
    try:
        listener = await open_connection(url)
    except BaseException:
        await conn.close()
        raise
    db = PgDatabase(conn, listener, url)
    await db.start_listening()
    return db
