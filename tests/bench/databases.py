"""The benchmarks' databases: a SQLite file per run, or a database per run on a local PostgreSQL.

With PostgreSQL the server's CPU is read from /proc (the postmaster's own and its children's,
live and exited), so it can be reported beside the bot's.
"""

from __future__ import annotations

import itertools
import os
from pathlib import Path

import asyncpg

from tests.pg_cluster import Cluster, start_cluster

_TICKS = os.sysconf("SC_CLK_TCK")


class Databases:
    def __init__(self) -> None:
        self.cluster: Cluster | None = None
        self._names = itertools.count(1)

    def start_postgres(self) -> None:
        self.cluster = start_cluster()

    def stop(self) -> None:
        if self.cluster is not None:
            self.cluster.stop()
            self.cluster = None

    async def target(self, folder: Path, name: str) -> str:
        """A new, empty database for one run: a file in `folder`, or a PostgreSQL database."""
        if self.cluster is None:
            return str(folder / f"{name}.sqlite3")
        database = f"{name}_{next(self._names)}".lower()
        admin = await asyncpg.connect(self.cluster.url())
        try:
            await admin.execute(f'CREATE DATABASE "{database}"')
        finally:
            await admin.close()
        return self.cluster.url(database)

    def server_cpu(self) -> float:
        """CPU seconds the PostgreSQL server has spent so far (0 without one)."""
        if self.cluster is None:
            return 0.0
        pid_file = self.cluster.folder / "data" / "postmaster.pid"
        postmaster = int(pid_file.read_text().split()[0])
        total = _ticks(postmaster, own_children=True)
        for entry in Path("/proc").iterdir():
            if entry.name.isdigit() and _parent(entry) == postmaster:
                total += _ticks(int(entry.name), own_children=False)
        return total / _TICKS


def _stat(pid: int) -> list[str]:
    text = Path(f"/proc/{pid}/stat").read_text()
    return text[text.rindex(")") + 2 :].split()


def _parent(entry: Path) -> int:
    try:
        return int(_stat(int(entry.name))[1])
    except (OSError, ValueError, IndexError):
        return -1


def _ticks(pid: int, *, own_children: bool) -> int:
    try:
        fields = _stat(pid)
    except OSError:
        return 0
    utime, stime, cutime, cstime = (int(f) for f in fields[11:15])
    return utime + stime + (cutime + cstime if own_children else 0)


DATABASES = Databases()
