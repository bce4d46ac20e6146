"""Several bot replicas in webhook mode on one PostgreSQL database, behind a test 'balancer'."""

from __future__ import annotations

import socket
from collections import Counter
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any

from bot.sandbox import BotApiEmulator
from tests.conftest import BotProcess

WEBHOOK_PATH = "/telegram"
SENDER_LOG = "this replica is the sender"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@dataclass
class Replica:
    process: BotProcess
    port: int

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}{WEBHOOK_PATH}"

    @property
    def alive(self) -> bool:
        return self.process.process.returncode is None

    def is_sender(self) -> bool:
        return SENDER_LOG in self.process.log()


@dataclass
class Balancer:
    """Chooses each delivery's replica: `choose(update_id)` first, the next one on a retry
    (as nginx's proxy_next_upstream does when a replica does not answer)."""

    replicas: list[Replica]
    choose: Callable[[int], int] = lambda update_id: update_id
    attempts: Counter[int] = field(default_factory=Counter)
    received: dict[int, list[int]] = field(default_factory=dict)  # replica index -> update ids

    def __call__(self, update: dict[str, Any]) -> str:
        update_id = int(update["update_id"])
        index = (self.choose(update_id) + self.attempts[update_id]) % len(self.replicas)
        self.attempts[update_id] += 1
        self.received.setdefault(index, []).append(update_id)
        return self.replicas[index].url


StartProcess = Callable[..., Awaitable[BotProcess]]


async def start_replicas(
    bot_process: StartProcess, emulator: BotApiEmulator, db_url: str, count: int, **env: str
) -> Balancer:
    """`count` replicas of `python -m bot`, each listening on a port of its own."""
    ports = [free_port() for _ in range(count)]
    public = f"http://127.0.0.1:{ports[0]}{WEBHOOK_PATH}"  # what Telegram is told
    replicas = []
    for port in ports:
        process = await bot_process(
            NGOBOT_DB=db_url,
            NGOBOT_WEBHOOK_URL=public,
            NGOBOT_WEBHOOK_LISTEN=f"127.0.0.1:{port}",
            **env,
        )
        replicas.append(Replica(process, port))
    balancer = Balancer(replicas)
    emulator.state.webhook.route = balancer
    return balancer
