"""Electing one sender among replicas: a PostgreSQL session-level advisory lock.

The lock is held by a connection of its own, so it lasts exactly as long as the process that
took it: when that process dies (even by SIGKILL) PostgreSQL closes its session and the lock
is free for the next replica to take. A SQLite database has one process, which always leads.
"""

from __future__ import annotations

import contextlib
import hashlib
from typing import Final

import asyncpg

from storage.db import Database, StorageError

# Derived from the bot's id, so two bots sharing one database elect a sender each.
_NAMESPACE: Final = b"ngobot-sender:"


def lock_key(bot_id: int) -> int:
    """A signed 64-bit advisory lock key for this bot."""
    digest = hashlib.sha256(_NAMESPACE + str(bot_id).encode()).digest()
    return int.from_bytes(digest[:8], "big", signed=True)


def replica_name(key: int) -> str:
    """The application_name of a replica's election connection: replicas of one bot count
    each other by it (PostgreSQL shows every session's name to every user)."""
    return f"ngobot replica {key & 0xFFFFFFFF:08x}"


class Candidate:
    """This replica in the sender's election, on a connection of its own (none with SQLite,
    whose one process always leads). The lock, once taken, lasts as long as the connection."""

    def __init__(self, db: Database, key: int) -> None:
        self._db = db
        self._key = key
        self._connection: asyncpg.Connection | None = None

    @property
    def _alone(self) -> bool:
        return self._db.dialect != "postgresql"

    async def try_lead(self) -> bool:
        """Take the sender's lock if it is free; False while another replica holds it."""
        if self._alone:
            return True
        try:
            connection = await self._connect()
            return bool(await connection.fetchval("SELECT pg_try_advisory_lock($1)", self._key))
        except Exception as exc:
            await self.close()  # a broken connection is opened anew at the next question
            raise StorageError(f"could not ask for the sender's lock: {exc}") from exc

    async def held(self) -> bool:
        """Whether the lock taken is still this replica's (its connection is alive)."""
        if self._alone:
            return True
        if self._connection is None:
            return False
        try:
            await self._connection.fetchval("SELECT 1")
        except Exception:  # any failure means the session, and the lock with it, is gone
            return False
        return True

    async def replicas(self) -> int:
        """How many replicas of this bot take part in the election now (this one included)."""
        if self._alone:
            return 1
        try:
            connection = await self._connect()
            count = await connection.fetchval(
                "SELECT count(*) FROM pg_stat_activity"
                " WHERE datname = current_database() AND application_name = $1",
                replica_name(self._key),
            )
        except Exception as exc:
            raise StorageError(f"could not count the replicas: {exc}") from exc
        return max(1, int(count))

    async def close(self) -> None:
        if self._connection is not None:
            connection, self._connection = self._connection, None
            with contextlib.suppress(Exception):
                await connection.close()

    async def _connect(self) -> asyncpg.Connection:
        if self._connection is None:
            from storage.postgres import open_connection

            self._connection = await open_connection(
                str(self._db.target), application_name=replica_name(self._key)
            )
        return self._connection
