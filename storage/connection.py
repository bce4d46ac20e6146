"""What the storage modules use of a database connection, whichever the backend.

SQLite's connection (aiosqlite) has these methods as they are; PostgreSQL's
(storage.postgres.PgConnection) offers the same over asyncpg. The storage modules are typed
against these Protocols, so the type checker holds each backend to them.
"""

from __future__ import annotations

from collections.abc import Generator, Iterable, Iterator, Mapping, Sequence
from typing import Any, Protocol, TypeAlias, overload

Params: TypeAlias = Sequence[object] | Mapping[str, object]


class Row(Protocol):
    """A result row, read by position or by column name, sliced or unpacked like a tuple."""

    @overload
    def __getitem__(self, key: int | str, /) -> Any: ...

    @overload
    def __getitem__(self, key: slice, /) -> tuple[Any, ...]: ...

    def __iter__(self) -> Iterator[Any]: ...

    def __len__(self) -> int: ...


class Cursor(Protocol):
    """A statement's result: its rows (at most a few are read this way) and counts."""

    @property
    def rowcount(self) -> int: ...

    @property
    def lastrowid(self) -> int | None: ...

    async def fetchone(self) -> Row | None: ...

    async def fetchall(self) -> Iterable[Row]: ...

    async def close(self) -> None: ...


class PendingCursor(Protocol):
    """What `execute` returns: awaited for the cursor, or used as `async with ... as cursor`."""

    def __await__(self) -> Generator[Any, None, Cursor]: ...

    async def __aenter__(self) -> Cursor: ...

    async def __aexit__(self, kind: Any, error: Any, trace: Any, /) -> Any: ...


class Connection(Protocol):
    """The statements a unit of work runs, and the end of its transaction."""

    def execute(self, sql: str, parameters: Params = ..., /) -> PendingCursor: ...

    async def execute_fetchall(self, sql: str, parameters: Params = ..., /) -> Iterable[Row]: ...

    async def executemany(self, sql: str, parameters: Iterable[Params], /) -> Cursor: ...

    async def executescript(self, sql_script: str, /) -> object: ...

    async def commit(self) -> None: ...

    async def rollback(self) -> None: ...

    async def close(self) -> None: ...
