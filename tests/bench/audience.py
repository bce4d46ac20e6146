"""Benchmark of SubscriptionService.audience on 100,000 chats: `python -m tests.bench.audience`."""

from __future__ import annotations

import argparse
import asyncio
import random
import statistics
import tempfile
import time
from pathlib import Path

from bot.core.topics import Kind
from bot.subscriptions.service import SubscriptionService
from storage import Database, connect, migrate

TARGET_MS = 50.0
CREATED = "2026-01-01T00:00:00.000000+00:00"


def make_rows(
    chats: int, topic_ids: list[int], seed: int
) -> tuple[list[tuple[object, ...]], list[tuple[int, int]], list[tuple[int, str]]]:
    """Chats (~90% private, ~5% paused, ~3% inactive), 1-5 random topics, ~10% muting kinds."""
    rng = random.Random(seed)
    chat_rows: list[tuple[object, ...]] = []
    topics: list[tuple[int, int]] = []
    muted: list[tuple[int, str]] = []
    kinds = [kind.value for kind in Kind]
    for n in range(1, chats + 1):
        private = rng.random() < 0.9
        chat_id = 10_000_000 + n if private else -1_000_000_000_000 - n
        active = int(rng.random() >= 0.03)
        paused = int(rng.random() < 0.05)
        chat_type = "private" if private else "group"
        chat_rows.append((chat_id, chat_type, active, paused, CREATED, CREATED))
        topics += [(chat_id, t) for t in rng.sample(topic_ids, rng.randint(1, 5))]
        if rng.random() < 0.1:
            muted += [(chat_id, k) for k in rng.sample(kinds, rng.randint(1, 3))]
    return chat_rows, topics, muted


async def build(db: Database, chats: int, seed: int) -> None:
    """Fill the migrated database in one transaction with executemany."""
    topic_ids = [int(str(row[0])) for row in await db.fetch_all("SELECT id FROM topics")]
    chat_rows, topics, muted = make_rows(chats, topic_ids, seed)
    async with db.transaction() as conn:
        await conn.executemany(
            "INSERT INTO chats (chat_id, type, active, paused, created_at, updated_at) "
            "VALUES (?, ?, ?, ?, ?, ?)",
            chat_rows,
        )
        await conn.executemany("INSERT INTO chat_topics VALUES (?, ?)", topics)
        await conn.executemany("INSERT INTO chat_muted_kinds VALUES (?, ?)", muted)
    # No ANALYZE: the bot never runs it, so the planner works without statistics here too.


async def measure(service: SubscriptionService, topics: list[int], kind: Kind, runs: int) -> None:
    await service.audience(topics, kind)  # warm the page cache, as a running bot would be
    timings, size = [], 0
    for _ in range(runs):
        began = time.perf_counter()
        size = len(await service.audience(topics, kind))
        timings.append((time.perf_counter() - began) * 1000)
    timings.sort()
    p95 = timings[min(len(timings) - 1, round(0.95 * len(timings)) - 1)]
    verdict = "ok" if p95 <= TARGET_MS else "OVER TARGET"
    print(
        f"audience(topics={topics}, kind={kind.value}): {size} chats; "
        f"median {statistics.median(timings):.1f} ms, p95 {p95:.1f} ms, "
        f"max {timings[-1]:.1f} ms over {runs} runs [{verdict}, target {TARGET_MS:.0f} ms]"
    )


async def main(chats: int, runs: int, seed: int) -> None:
    with tempfile.TemporaryDirectory() as folder:
        db = await connect(Path(folder) / "bench.sqlite3")
        try:
            began = time.perf_counter()
            await migrate(db)
            await build(db, chats, seed)
            built = time.perf_counter() - began
            subscriptions = await db.fetch_value("SELECT count(*) FROM chat_topics")
            print(f"built {chats} chats, {subscriptions} subscriptions in {built:.1f} s")
            service = SubscriptionService(db)
            await measure(service, [1], Kind.EVENT, runs)
            await measure(service, [1, 5, 9], Kind.CALL, runs)
        finally:
            await db.close()


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--chats", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--seed", type=int, default=3)
    args = parser.parse_args()
    asyncio.run(main(args.chats, args.runs, args.seed))
