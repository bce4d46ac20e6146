"""Benchmark of webhook replicas on PostgreSQL: update handling, failover, memory.

    .venv/bin/python -m tests.bench.replicas                # everything, ~6 minutes
    .venv/bin/python -m tests.bench.replicas --only rate    # or: latency, failover, memory

rate: updates per second that 1 and 3 replicas handle, a closed loop of simulated people each
doing /start, a button press and a conversation step (a search) as fast as replies come.
latency: p50/p95 from an update to its reply with updates offered at 100/s (open loop) to 3
replicas. failover: seconds from SIGKILL of the elected sender, mid-broadcast, to the first
message its successor sends. memory: RSS (peak) of one bot with 100,000 subscribed chats
after publishing to all of them, on SQLite and on PostgreSQL.

The replicas are `python -m bot run` processes in webhook mode on a throwaway local
PostgreSQL (tests/pg_cluster.py); the Bot API emulator runs in this process and routes each
update to a replica in turn. NGOBOT_SEND_RATE is 1000 so the bot's own pacing of replies (a
paid-broadcast bot's) does not cap the rates measured.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import sys
import tempfile
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

os.environ.setdefault("PTB_TIMEDELTA", "true")

from bot.delivery import OutboxService
from bot.sandbox import BotApiEmulator, SimulatedUser
from bot.sandbox.server import RecordedRequest
from storage import connect, migrate
from tests.bench.audience import build
from tests.bench.databases import DATABASES
from tests.conftest import ROOT, bot_env, child_env
from tests.constants import TOKEN
from tests.delivery_support import add_announcement, queue_broadcast, wait_for
from tests.replica_support import WEBHOOK_PATH, free_port

STEPS_PER_PERSON = 3


class Process:
    """A bot process with its log file."""

    def __init__(self, process: asyncio.subprocess.Process, log: Path) -> None:
        self.process, self.log = process, log

    def logged(self, text: str) -> bool:
        return text in self.log.read_text(errors="replace")

    async def wait_logged(self, text: str, timeout: float = 60.0) -> None:
        deadline = time.monotonic() + timeout
        while not self.logged(text):
            if self.process.returncode is not None or time.monotonic() > deadline:
                raise RuntimeError(f"{text!r} not in {self.log}:\n{self.log.read_text()[-3000:]}")
            await asyncio.sleep(0.05)


async def start_bot(emulator: BotApiEmulator, folder: Path, index: int, **env: str) -> Process:
    log = folder / f"bot-{index}.log"
    settings = {"NGOBOT_LOG_LEVEL": "INFO", "NGOBOT_SEND_RATE": "1000", **env}
    full = bot_env(folder, emulator, **settings)
    with log.open("wb") as out:
        process = await asyncio.create_subprocess_exec(
            sys.executable, "-m", "bot", "run", env=child_env(full), cwd=ROOT,
            stdout=out, stderr=out,
        )  # fmt: skip
    bot = Process(process, log)
    await bot.wait_logged("is running as @")
    return bot


@asynccontextmanager
async def replicas(
    emulator: BotApiEmulator, folder: Path, db_url: str, count: int, **env: str
) -> AsyncIterator[list[Process]]:
    ports = [free_port() for _ in range(count)]
    urls = [f"http://127.0.0.1:{port}{WEBHOOK_PATH}" for port in ports]
    started = []
    try:
        for index, port in enumerate(ports):
            started.append(
                await start_bot(
                    emulator,
                    folder,
                    index,
                    NGOBOT_DB=db_url,
                    NGOBOT_WEBHOOK_URL=urls[0],
                    NGOBOT_WEBHOOK_LISTEN=f"127.0.0.1:{port}",
                    **env,
                )
            )
        attempts: dict[int, int] = {}

        def route(update: dict[str, object]) -> str:
            update_id = int(str(update["update_id"]))
            attempts[update_id] = attempts.get(update_id, 0) + 1
            return urls[(update_id + attempts[update_id]) % count]

        emulator.state.webhook.route = route
        yield started
    finally:
        for bot in started:
            if bot.process.returncode is None:
                bot.process.terminate()
                await bot.process.wait()


async def person(emulator: BotApiEmulator, user_id: int, latencies: list[float]) -> None:
    """/start, a button press, a conversation step: each timed until its reply."""
    user: SimulatedUser = emulator.user(user_id, f"U{user_id}", language_code="en")
    began = time.perf_counter()
    await user.send("/start")
    await user.wait_for("Step 1 of 3", timeout=60)
    latencies.append(time.perf_counter() - began)
    began = time.perf_counter()
    await user.press("Next ▶️")
    await user.wait_for("Step 2 of 3", timeout=60)
    latencies.append(time.perf_counter() - began)
    began = time.perf_counter()
    await user.send("zzz nothing")
    await user.wait_for("I found no organisation", timeout=60)
    latencies.append(time.perf_counter() - began)


async def rate(folder: Path, count: int, people: int, concurrency: int) -> str:
    async with BotApiEmulator(token=TOKEN) as emulator:
        url = await DATABASES.target(folder, f"rate_{count}")
        async with replicas(emulator, folder, url, count):
            latencies: list[float] = []
            queue = iter(range(10_000, 10_000 + people))

            async def worker() -> None:
                for user_id in queue:
                    await person(emulator, user_id, latencies)

            began = time.perf_counter()
            await asyncio.gather(*(worker() for _ in range(concurrency)))
            took = time.perf_counter() - began
    handled = people * STEPS_PER_PERSON
    return (
        f"rate: {count} replica(s): {handled} updates in {took:.1f} s = {handled / took:.0f}/s "
        f"({concurrency} people at a time; p95 {_p95(latencies) * 1000:.0f} ms)"
    )


async def latency(folder: Path, count: int, per_second: float, seconds: float) -> str:
    async with BotApiEmulator(token=TOKEN) as emulator:
        url = await DATABASES.target(folder, f"latency_{count}")
        async with replicas(emulator, folder, url, count):
            latencies: list[float] = []
            people = int(per_second * seconds / STEPS_PER_PERSON)
            gap = STEPS_PER_PERSON / per_second
            tasks = []
            began = time.perf_counter()
            for n in range(people):
                await asyncio.sleep(max(0.0, began + n * gap - time.perf_counter()))
                tasks.append(asyncio.create_task(person(emulator, 20_000 + n, latencies)))
            await asyncio.gather(*tasks)
    return (
        f"latency: {per_second:.0f} updates/s offered to {count} replicas for {seconds:.0f} s: "
        f"p50 {statistics.median(latencies) * 1000:.0f} ms, p95 {_p95(latencies) * 1000:.0f} ms"
    )


async def failover(folder: Path) -> str:
    async with BotApiEmulator(token=TOKEN) as emulator:
        url = await DATABASES.target(folder, "failover")
        async with replicas(emulator, folder, url, 3, NGOBOT_SEND_RATE="100") as bots:
            sender = next(b for b in bots if b.logged("this replica is the sender"))
            db = await connect(url)
            try:
                await queue_broadcast(db, emulator, 2000)
                await wait_for(lambda: emulator.stats.delivered_total >= 200, 60, "200 sends")
                sender.process.kill()
                killed = time.time()
                await sender.process.wait()
                await wait_for(
                    lambda: any(r.timestamp > killed + 0.05 for r in _sends(emulator)), 60, "more"
                )
                first = min(r.timestamp for r in _sends(emulator) if r.timestamp > killed + 0.05)
            finally:
                await db.close()
    return f"failover: first message from the successor {first - killed:.2f} s after SIGKILL"


def _sends(emulator: BotApiEmulator) -> list[RecordedRequest]:
    return [r for r in emulator.requests if r.method == "sendMessage"]


async def memory(folder: Path, backend: str, chats: int) -> str:
    async with BotApiEmulator(token=TOKEN) as emulator:
        if backend == "sqlite":
            target = str(folder / "memory.sqlite3")
        else:
            target = await DATABASES.target(folder, "memory")
        db = await connect(target)
        try:
            await migrate(db)
            await build(db, chats, seed=5)
            announcement = await add_announcement(db)
        finally:
            await db.close()
        bot = await start_bot(emulator, folder, 99, NGOBOT_DB=target)
        try:
            db = await connect(target)
            try:
                queued = await OutboxService(db).enqueue_audience(announcement)
            finally:
                await db.close()
            await asyncio.sleep(15)  # the sender works through the outbox meanwhile
            rss, peak = _memory(bot.process.pid)
        finally:
            bot.process.terminate()
            await bot.process.wait()
    return f"memory ({backend}): {chats} chats, {queued} queued: RSS {rss}, peak {peak}"


def _memory(pid: int) -> tuple[str, str]:
    """(RSS now, peak RSS) of a process, as /proc reports them."""
    status = Path(f"/proc/{pid}/status").read_text()
    fields = dict(line.split(":", 1) for line in status.splitlines() if ":" in line)
    return fields["VmRSS"].strip(), fields["VmHWM"].strip()


def _p95(values: list[float]) -> float:
    return statistics.quantiles(values, n=20)[-1] if len(values) >= 20 else max(values)


async def main(args: argparse.Namespace) -> None:
    print("command: .venv/bin/python -m tests.bench.replicas " + " ".join(sys.argv[1:]))
    DATABASES.start_postgres()
    try:
        with tempfile.TemporaryDirectory() as name:
            folder = Path(name)
            if args.only in (None, "rate"):
                for count in (1, 3):
                    print(await rate(folder, count, args.people, args.concurrency), flush=True)
            if args.only in (None, "latency"):
                print(await latency(folder, 3, 100.0, args.seconds), flush=True)
            if args.only in (None, "failover"):
                print(await failover(folder), flush=True)
            if args.only in (None, "memory"):
                for backend in ("sqlite", "postgresql"):
                    print(await memory(folder, backend, args.chats), flush=True)
    finally:
        DATABASES.stop()


if __name__ == "__main__":
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--only", choices=("rate", "latency", "failover", "memory"))
    parser.add_argument("--people", type=int, default=300)
    parser.add_argument("--concurrency", type=int, default=30)
    parser.add_argument("--seconds", type=float, default=20.0)
    parser.add_argument("--chats", type=int, default=100_000)
    asyncio.run(main(parser.parse_args()))
