"""The broadcast benchmark's emulator, in a process of its own so its CPU is not the bot's."""

from __future__ import annotations

import asyncio
import multiprocessing
import os
import time
from collections.abc import Callable
from multiprocessing.connection import Connection
from typing import Any

from bot.sandbox import BotApiEmulator
from bot.sandbox.faults import Stats
from tests.constants import TOKEN

PROBE_FIRST_USER = 800_000_000
FIRST_USER = 10_000_000
# A chat may have up to 3 seconds' messages at once: Telegram allows short bursts, and the
# bot greets a new person with two messages (the greeting, then the first onboarding step).
# Strict 1/s refused every second one, a 429 no real chat would see.
CHAT_BURST = 3
# The CPUs this process may use when the benchmark starts (before own_cpu narrows them).
_CPUS = sorted(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else []


class ChildServer:
    """The parent's handle on a benchmark server in a child process, driven over a pipe with
    the commands limit, probe, report and quit. `target(pipe, *args)` sends its base URL."""

    def __init__(self, target: Callable[..., None], *args: object) -> None:
        context = multiprocessing.get_context("spawn")
        self._pipe, child = context.Pipe()
        self._process = context.Process(target=target, args=(child, *args), daemon=True)
        self._process.start()
        own_cpu(self._process.pid)
        self.base_url: str = self._pipe.recv()

    async def call(self, command: str, argument: object = None) -> Any:
        await asyncio.to_thread(self._pipe.send, (command, argument))
        return await asyncio.to_thread(self._pipe.recv)

    def close(self) -> None:
        self._pipe.send(("quit", None))
        self._process.join(10)


def own_cpu(pid: int) -> None:
    """Give the server process the last CPU and this process (the bot) the others, as
    Telegram's servers are not on the bot's machine. Sharing a CPU, the server's work between
    two answers evicts the bot's data from the caches, and the bot's CPU time pays for it
    (about a tenth at 25/s). Only where the system can (Linux) and has CPUs to spare."""
    if len(_CPUS) < 2:
        return
    os.sched_setaffinity(pid, {_CPUS[-1]})
    os.sched_setaffinity(0, set(_CPUS[:-1]))


class Emulator(ChildServer):
    """The full emulator, with `users` recipients who started the bot."""

    def __init__(self, users: int) -> None:
        super().__init__(run, TOKEN, FIRST_USER, users)


def run(conn: Connection, token: str, first_user: int, users: int) -> None:
    """Entry point of the child process: serve until told to quit."""
    asyncio.run(_serve(conn, token, first_user, users))


async def _serve(conn: Connection, token: str, first_user: int, users: int) -> None:
    async with BotApiEmulator(token) as emu:
        for user_id in range(first_user, first_user + users):
            # A private chat exists once a person started the bot; no update is queued.
            emu.state.private_chat(emu.user(user_id, "Recipient").record)
        conn.send(emu.base_url)
        probe = Probe(emu)
        cpu_at_start = time.process_time()
        loop = asyncio.get_running_loop()
        while True:
            command, argument = await loop.run_in_executor(None, conn.recv)
            if command == "limit":
                emu.faults.rate_limit(global_per_second=int(argument), per_chat_burst=CHAT_BURST)
                emu.state.stats = Stats()
                probe.count_refusals()
                cpu_at_start = time.process_time()
                conn.send(None)
            elif command == "probe":
                probe.start(float(argument))
                conn.send(None)
            elif command == "report":
                report = await probe.report(emu, range(first_user, first_user + int(argument)))
                conn.send({**report, "emulator_cpu": time.process_time() - cpu_at_start})
            else:
                break


class Probe:
    """A new person sends /start every `interval` seconds; we time the bot's first reply."""

    def __init__(self, emu: BotApiEmulator) -> None:
        self._emu = emu
        self._next_user = PROBE_FIRST_USER
        self._task: asyncio.Task[None] | None = None
        self._waiters: set[asyncio.Task[None]] = set()
        self.latencies: list[float] = []
        self.unanswered = 0
        self.interactive_429s = 0

    def count_refusals(self) -> None:
        """Tell the 429s of /start replies from the broadcast's (the emulator counts both)."""
        limits = self._emu.faults.limits
        assert limits is not None
        check = limits.check
        self.interactive_429s = 0

        def counting(chat_id: int | None, now: float) -> int | None:
            refused = check(chat_id, now)
            if refused is not None and chat_id is not None and chat_id >= PROBE_FIRST_USER:
                self.interactive_429s += 1
            return refused

        limits.check = counting  # type: ignore[method-assign]

    def start(self, interval: float) -> None:
        self.latencies, self.unanswered = [], 0
        self._task = asyncio.create_task(self._run(interval))

    async def _run(self, interval: float) -> None:
        while True:
            task = asyncio.create_task(self._one())
            self._waiters.add(task)
            task.add_done_callback(self._waiters.discard)
            await asyncio.sleep(interval)

    async def _one(self) -> None:
        self._next_user += 1
        user = self._emu.user(self._next_user, "Probe", language_code="pl")
        began = time.monotonic()
        await user.send("/start")
        chat = self._emu.state.chats[user.chat_id]
        try:
            await self._emu.wait_until(lambda: any(e.from_bot for e in chat.history), 30.0)
        except TimeoutError:
            self.unanswered += 1
            return
        self.latencies.append(time.monotonic() - began)

    async def report(self, emu: BotApiEmulator, recipients: range) -> dict[str, Any]:
        if self._task is not None:
            self._task.cancel()
            self._task = None
        if self._waiters:
            await asyncio.wait(self._waiters, timeout=30.0)
        delivered = emu.stats.delivered
        return {
            "rate_limited": emu.stats.rate_limited - self.interactive_429s,
            "interactive_429s": self.interactive_429s,
            "delivered": sum(delivered[chat] for chat in recipients),
            "missing": sum(1 for chat in recipients if delivered[chat] == 0),
            "duplicates": sum(max(0, delivered[chat] - 1) for chat in recipients),
            "latencies": self.latencies,
            "unanswered": self.unanswered,
        }
