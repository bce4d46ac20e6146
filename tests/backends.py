"""Running tests on both backends: one PostgreSQL cluster per session, a database per test.

Storage, service and delivery tests (the modules in PARAMETRISED) and the end-to-end tests in
END_TO_END run once on SQLite and once on PostgreSQL; the rest on SQLite only. Each PostgreSQL
test gets a fresh database copied (CREATE DATABASE ... TEMPLATE) from one migrated at the start
of the session, which takes a few milliseconds instead of running every migration again.
Where no PostgreSQL can be started, those runs are skipped and the summary says so loudly.
"""

from __future__ import annotations

import itertools
import os
from collections.abc import Iterator
from dataclasses import dataclass

import asyncpg
import pytest

from storage import connect, migrate
from tests.pg_cluster import Cluster, NoPostgres, start_cluster

SQLITE, POSTGRESQL = "sqlite", "postgresql"
# Test modules whose `db` (and so everything built on it) runs on both backends.
PARAMETRISED = (
    "test_storage_",
    "test_services_",
    "test_delivery_outbox",
    "test_delivery_recording",
    "test_delivery_engine",
    "test_delivery_process",
    "test_delivery_progress",
    "test_announcements_service",
    "test_digest_service",
    "test_rounds_service",
    "test_postulate_notes",
    "test_postulate_report",
    "test_organisation_trust",
    "test_watching",
)
# End-to-end modules (the bot in-process against the emulator) that also run on PostgreSQL.
END_TO_END = (
    "test_onboarding",
    "test_announce_flow",
    "test_postulates_chat",
    "test_postulates_service",
    "test_reminders_service",
    "test_feeds_end_to_end",
    "test_reminders",
)
_TEMPLATE = "ngobot_template"
_names = itertools.count(1)


@dataclass
class PostgresState:
    """The session's cluster, or why there is none."""

    cluster: Cluster | None = None
    missing: str | None = None
    skipped: int = 0


STATE = PostgresState()


def backends_for(module: str) -> list[str]:
    if os.environ.get("NGOBOT_TEST_BACKENDS") == SQLITE:
        return [SQLITE]
    if module.startswith(PARAMETRISED) or module.startswith(END_TO_END):
        return [SQLITE, POSTGRESQL]
    return [SQLITE]


async def start() -> None:
    """Start the session's cluster and its migrated template database (once)."""
    if STATE.cluster is not None or STATE.missing is not None:
        return
    try:
        STATE.cluster = start_cluster()
        await _make_template(STATE.cluster)
    except (NoPostgres, OSError, asyncpg.PostgresError) as exc:
        STATE.missing = str(exc)
        if STATE.cluster is not None:
            STATE.cluster.stop()
            STATE.cluster = None


def stop() -> None:
    if STATE.cluster is not None:
        STATE.cluster.stop()
        STATE.cluster = None


async def _make_template(cluster: Cluster) -> None:
    admin = await asyncpg.connect(cluster.url())
    try:
        await admin.execute(f"CREATE DATABASE {_TEMPLATE}")
    finally:
        await admin.close()
    db = await connect(cluster.url(_TEMPLATE))
    await migrate(db)
    await db.close()


async def new_database(template: str = _TEMPLATE) -> str:
    """A fresh, migrated database's URL (an empty one with template0); skips the test when
    there is no PostgreSQL."""
    await start()
    if STATE.cluster is None:
        STATE.skipped += 1
        pytest.skip(f"PostgreSQL unavailable: {STATE.missing}")
    name = f"t{os.getpid()}_{next(_names)}"
    admin = await asyncpg.connect(STATE.cluster.url())
    try:
        await admin.execute(f"CREATE DATABASE {name} TEMPLATE {template}")
    finally:
        await admin.close()
    return STATE.cluster.url(name)


async def drop_database(url: str) -> None:
    """Drop a test's database (its connections are closed by then)."""
    if STATE.cluster is None:
        return
    name = url.rsplit("/", 1)[1]
    admin = await asyncpg.connect(STATE.cluster.url())
    try:
        await admin.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
    finally:
        await admin.close()


def summary_lines() -> Iterator[str]:
    """The loud note for the end of the run when PostgreSQL tests could not run."""
    if STATE.missing is None:
        return
    yield "!" * 78
    yield f"PostgreSQL tests SKIPPED ({STATE.skipped}): {STATE.missing.splitlines()[0]}"
    yield "Install postgresql-15 (apt-get install postgresql-15) to run them."
    yield "!" * 78
