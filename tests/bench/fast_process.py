"""The fast benchmark server (tests/bench/fast_server.py) in a child process, run over a pipe."""

from __future__ import annotations

import asyncio
import time
from multiprocessing.connection import Connection
from typing import Any

from tests.bench.broadcast_emulator import CHAT_BURST, FIRST_USER, PROBE_FIRST_USER, ChildServer
from tests.bench.fast_server import FastBotApi, HttpProtocol
from tests.constants import TOKEN

PROBE_TIMEOUT = 30.0


class FastServer(ChildServer):
    """The fast server, with the same commands as broadcast_emulator.Emulator."""

    def __init__(self) -> None:
        super().__init__(run, TOKEN)


def run(conn: Connection, token: str) -> None:
    """Entry point of the child process: serve until told to quit."""
    asyncio.run(_serve(conn, token))


async def _serve(conn: Connection, token: str) -> None:
    api = FastBotApi(token, PROBE_FIRST_USER)
    loop = asyncio.get_running_loop()
    server = await loop.create_server(lambda: HttpProtocol(api), "127.0.0.1", 0)
    port = server.sockets[0].getsockname()[1]
    conn.send(f"http://127.0.0.1:{port}/bot")
    probe = Probe(api)
    cpu_at_start = time.process_time()
    try:
        while True:
            command, argument = await loop.run_in_executor(None, conn.recv)
            if command == "limit":
                api.reset(int(argument), CHAT_BURST)
                cpu_at_start = time.process_time()
                conn.send(None)
            elif command == "probe":
                probe.start(float(argument))
                conn.send(None)
            elif command == "report":
                report = await probe.report(range(FIRST_USER, FIRST_USER + int(argument)))
                conn.send({**report, "emulator_cpu": time.process_time() - cpu_at_start})
            else:
                break
    finally:
        server.close()


class Probe:
    """A new person sends /start every `interval` seconds; the server times the first reply."""

    def __init__(self, api: FastBotApi) -> None:
        self._api = api
        self._next_user = PROBE_FIRST_USER
        self._task: asyncio.Task[None] | None = None
        self._sent: dict[int, float] = {}

    def start(self, interval: float) -> None:
        self._sent = {}
        self._task = asyncio.create_task(self._run(interval))

    async def _run(self, interval: float) -> None:
        while True:
            self._next_user += 1
            self._sent[self._next_user] = time.monotonic()
            self._api.queue_update(start_update(self._next_user))
            await asyncio.sleep(interval)

    async def report(self, recipients: range) -> dict[str, Any]:
        if self._task is not None:
            self._task.cancel()
            self._task = None
        replies = self._api.first_reply
        deadline = time.monotonic() + PROBE_TIMEOUT
        # The replies arrive in the protocol's callbacks: polled, the report is rare.
        while time.monotonic() < deadline and any(c not in replies for c in self._sent):  # noqa: ASYNC110
            await asyncio.sleep(0.05)
        latencies = [replies[chat] - at for chat, at in self._sent.items() if chat in replies]
        delivered = self._api.delivered
        return {
            "rate_limited": self._api.rate_limited - self._api.interactive_429s,
            "interactive_429s": self._api.interactive_429s,
            "delivered": sum(delivered[chat] for chat in recipients),
            "missing": sum(1 for chat in recipients if delivered[chat] == 0),
            "duplicates": sum(max(0, delivered[chat] - 1) for chat in recipients),
            "latencies": latencies,
            "unanswered": len(self._sent) - len(latencies),
            "methods": dict(self._api.methods),
        }


def start_update(user_id: int) -> dict[str, Any]:
    """A new person's /start in their private chat, as Telegram delivers it."""
    person = {"id": user_id, "is_bot": False, "first_name": "Probe", "language_code": "pl"}
    return {
        "message": {
            "message_id": 1,
            "date": int(time.time()),
            "chat": {"id": user_id, "type": "private", "first_name": "Probe"},
            "from": person,
            "text": "/start",
            "entities": [{"type": "bot_command", "offset": 0, "length": 6}],
        }
    }
