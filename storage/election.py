"""Electing one sender among replicas: a PostgreSQL session-level advisory lock.

The lock is held by a connection of its own, so it lasts exactly as long as the process that
took it: when that process dies (even by SIGKILL) PostgreSQL closes its session and the lock
is free for the next replica to take. A SQLite database has one process, which always leads.
"""

from __future__ import annotations

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


class Lease:
    """The right to send; `held()` says whether it still is (the connection is alive)."""

    def __init__(self, connection: asyncpg.Connection | None) -> None:
        self._connection = connection

    async def held(self) -> bool:
        if self._connection is None:
            return True
        try:
            await self._connection.fetchval("SELECT 1")
        except Exception:  # any failure means the session, and the lock with it, is gone
            return False
        return True

    async def release(self) -> None:
        if self._connection is not None:
            await self._connection.close()
            self._connection = None


async def try_lead(db: Database, key: int) -> Lease | None:
    """Take the sender's lock if it is free; None while another replica holds it."""
    if db.dialect != "postgresql":
        return Lease(None)
    from storage.postgres import open_connection

    connection = await open_connection(str(db.target))
    try:
        taken = await connection.fetchval("SELECT pg_try_advisory_lock($1)", key)
    except Exception as exc:
        await connection.close()
        raise StorageError(f"could not ask for the sender's lock: {exc}") from exc
    if not taken:
        await connection.close()
        return None
    return Lease(connection)
