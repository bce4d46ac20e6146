"""The shared database connection and its serialised units of work (storage.opening opens
it: a SQLite file, or PostgreSQL by URL)."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from pathlib import Path

from storage.connection import Connection, Params, Row


class StorageError(Exception):
    """Base class of every error raised on purpose by the storage layer."""


def as_int(value: object) -> int:
    """Narrow a value read from SQLite (typed `object`) to int, failing loudly otherwise."""
    if not isinstance(value, int):
        raise StorageError(f"expected an integer from SQLite, got {value!r}")
    return value


def is_postgres_url(target: str | Path) -> bool:
    """Whether NGOBOT_DB names a PostgreSQL database rather than a SQLite file."""
    return isinstance(target, str) and target.startswith(("postgresql://", "postgres://"))


async def insert_id(conn: Connection, sql: str, params: Params) -> int | None:
    """Run an INSERT and return the new row's id, or None when nothing was inserted.

    RETURNING rather than the cursor's lastrowid, which only SQLite has.
    """
    async with conn.execute(f"{sql} RETURNING id", params) as cursor:
        row = await cursor.fetchone()
    return None if row is None else as_int(row[0])


class Database:
    """One aiosqlite connection shared by all tasks, with a lock per unit of work.

    Every statement runs on aiosqlite's single worker thread, but two tasks awaiting between
    statements would still mix their statements into one SQLite transaction. The lock makes each
    `transaction()` (and each read helper) run alone.
    """

    dialect = "sqlite"

    def __init__(self, conn: Connection, path: Path, target: str | Path = "") -> None:
        self._conn = conn
        self._lock = asyncio.Lock()
        self._owner: asyncio.Task[object] | None = None
        self.path = path
        # What connect() takes to open this database again (a path, or a PostgreSQL URL).
        self.target: str | Path = target or path

    @asynccontextmanager
    async def connection(self) -> AsyncIterator[Connection]:
        """Hold the lock and yield the raw connection without opening a transaction.

        For work that manages its own transaction, such as a migration script. Prefer
        `transaction()` everywhere else.
        """
        current = asyncio.current_task()
        # asyncio.Lock is not reentrant: catch the deadlock instead of hanging forever.
        if current is not None and current is self._owner:
            raise StorageError("this task already holds the database: use its connection")
        async with self._lock:
            self._owner = current
            try:
                yield self._conn
            finally:
                self._owner = None

    @asynccontextmanager
    async def transaction(self) -> AsyncIterator[Connection]:
        """Run the body alone in one write transaction; commit on success, roll back on error."""
        async with self.connection() as conn:
            # IMMEDIATE takes the write lock up front, so a second process fails at BEGIN
            # (after busy_timeout) rather than halfway through our statements.
            try:
                # Inside the try: a task cancelled while BEGIN waits must still roll back,
                # or the next unit of work finds a transaction already open.
                await conn.execute("BEGIN IMMEDIATE")
                yield conn
                await conn.execute("COMMIT")
            except BaseException:
                # Also on cancellation. sqlite3's rollback() is a no-op when no transaction is
                # open, and aiosqlite's queue is FIFO, so it runs before any later statement.
                await conn.rollback()
                raise

    # One hop to aiosqlite's thread each (a cursor would take three: execute, fetch, close);
    # on this project's 2-core machine a hop costs about 0.1 ms of CPU, more than most reads.
    async def fetch_one(self, sql: str, params: Params = ()) -> Row | None:
        """The first row of a query that returns at most a few (it reads them all)."""
        rows = await self.fetch_all(sql, params)
        return rows[0] if rows else None

    async def fetch_all(self, sql: str, params: Params = ()) -> list[Row]:
        async with self.connection() as conn:
            return list(await conn.execute_fetchall(sql, params))

    async def fetch_value(self, sql: str, params: Params = ()) -> object:
        """Return the first column of the first row, or None when there is no row."""
        row = await self.fetch_one(sql, params)
        return None if row is None else row[0]

    # Whether another process's writes to a table are told as they happen (on_notice);
    # SQLite's are found by looking (changes()).
    tells_writes = False

    def on_notice(self, name: str, wake: Callable[[], None]) -> None:
        """Call `wake` when another process wrote to table `name` or told `name` (tell()),
        where the backend passes such notices between processes."""

    async def tell(self, name: str) -> None:
        """Tell the other processes `name` (see on_notice); SQLite has only this one."""

    async def changes(self) -> tuple[int, int]:
        """(commits by other connections, rows changed by this one): each grows when the
        database changed, the first when another process (the CLI) wrote to it."""
        row = await self.fetch_one("SELECT data_version, total_changes() FROM pragma_data_version")
        if row is None:  # the pragma always has a row; kept for the type checker
            raise StorageError("PRAGMA data_version returned nothing")
        return as_int(row[0]), as_int(row[1])

    async def close(self) -> None:
        """Close the connection once the unit of work in progress (if any) has finished."""
        async with self._lock:
            await self._conn.close()
