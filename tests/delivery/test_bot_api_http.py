"""BotApiHttp against tiny local servers: reuse, server closes, chunking, failures, pool, TLS."""

from __future__ import annotations

import asyncio
import contextlib
import shutil
import socket
import ssl
import subprocess
import time
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from bot.delivery.bot_api_http import IDLE_EXPIRY, MAX_ANSWER, BotApiHttp, BotApiHttpError
from tests.constants import TOKEN

SECRET = TOKEN.split(":")[1]
FAST = 0.2  # seconds: the short timeouts the failure tests use
OK = b'{"ok":true,"result":{"message_id":1}}'


@dataclass
class Request:
    head: list[str]
    body: bytes


# A server's answer to one request: what to write, and whether to keep the connection.
Answer = Callable[["Server", Request], Awaitable[tuple[bytes, bool]]]


def answer(body: bytes = OK, status: str = "200 OK", headers: str = "") -> bytes:
    head = f"HTTP/1.1 {status}\r\nContent-Type: application/json\r\n{headers}"
    return b"%sContent-Length: %d\r\n\r\n%s" % (head.encode(), len(body), body)


async def echo(server: Server, request: Request) -> tuple[bytes, bool]:
    return answer(request.body), True


async def first_unanswered(server: Server, request: Request) -> tuple[bytes, bool]:
    if len(server.requests) == 1:
        await server.stopping.wait()
    return answer(), True


def writes(data: bytes, keep: bool = False) -> Answer:
    async def respond(server: Server, request: Request) -> tuple[bytes, bool]:
        return data, keep

    return respond


@dataclass
class Server:
    respond: Answer
    connections: int = 0
    open_now: int = 0
    most_open: int = 0
    requests: list[Request] = field(default_factory=list)
    stopping: asyncio.Event = field(default_factory=asyncio.Event)  # what silent servers await
    tasks: set[asyncio.Task[None]] = field(default_factory=set)

    async def serve(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        self.connections += 1
        self.open_now += 1
        self.most_open = max(self.most_open, self.open_now)
        if task := asyncio.current_task():
            self.tasks.add(task)
        try:
            while (request := await read_request(reader)) is not None:
                self.requests.append(request)
                data, keep = await self.respond(self, request)
                writer.write(data)
                await writer.drain()
                if not keep:
                    break
        except ConnectionError:
            pass
        finally:
            self.open_now -= 1
            writer.close()
            with contextlib.suppress(ConnectionError, ssl.SSLError):
                await writer.wait_closed()


async def read_request(reader: asyncio.StreamReader) -> Request | None:
    try:
        head = (await reader.readuntil(b"\r\n\r\n")).decode().split("\r\n")[:-2]
    except (asyncio.IncompleteReadError, ConnectionError):
        return None
    lengths = [line.split(":")[1] for line in head if line.lower().startswith("content-length")]
    body = await reader.readexactly(int(lengths[0])) if lengths else b""
    return Request(head, body)


Start = Callable[..., Awaitable[tuple[Server, str]]]
Make = Callable[..., BotApiHttp]


@pytest.fixture
async def start_server() -> AsyncIterator[Start]:
    servers: list[tuple[asyncio.Server, Server]] = []

    async def start(
        respond: Answer = echo, tls: ssl.SSLContext | None = None
    ) -> tuple[Server, str]:
        state = Server(respond)
        server = await asyncio.start_server(state.serve, "127.0.0.1", 0, ssl=tls)
        servers.append((server, state))
        port = server.sockets[0].getsockname()[1]
        return state, f"{'https' if tls else 'http'}://127.0.0.1:{port}/bot"

    yield start
    for server, state in servers:
        state.stopping.set()
        server.close()
        if state.tasks:
            await asyncio.wait(state.tasks, timeout=5)
        await server.wait_closed()


@pytest.fixture
async def clients() -> AsyncIterator[Make]:
    made: list[BotApiHttp] = []

    def make(
        base_url: str,
        pool_size: int = 2,
        connect_timeout: float = FAST,
        read_timeout: float = FAST,
        ssl_context: ssl.SSLContext | None = None,
        idle_expiry: float = IDLE_EXPIRY,
    ) -> BotApiHttp:
        options = (connect_timeout, read_timeout, ssl_context, idle_expiry)
        made.append(BotApiHttp(base_url, TOKEN, pool_size, *options))
        return made[-1]

    yield make
    for client in made:
        await client.close()


async def failure(request: Awaitable[object]) -> str:
    with pytest.raises(BotApiHttpError) as caught:
        await request
    assert SECRET not in str(caught.value) and SECRET not in repr(caught.value)
    return str(caught.value)


async def until(condition: Callable[[], bool], timeout: float = 5.0) -> None:
    """Poll: the servers only count, they have nothing to wait on."""
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "condition not met in time"
        await asyncio.sleep(0.01)


async def test_sequential_requests_share_one_keep_alive_connection(
    start_server: Start, clients: Make
) -> None:
    server, base_url = await start_server()
    client = clients(base_url)
    for n in range(20):
        assert await client.post("sendMessage", b'{"n":%d}' % n) == (200, b'{"n":%d}' % n)
    assert server.connections == 1
    head = server.requests[0].head
    assert head[0] == f"POST /bot{TOKEN}/sendMessage HTTP/1.1"
    headers = {name.lower(): value for name, _, value in (h.partition(": ") for h in head[1:])}
    assert headers == {
        "host": base_url.split("/")[2],
        "user-agent": "ngobot broadcast",
        "content-type": "application/json",
        "content-length": "7",
    }


async def test_a_connection_the_server_closed_while_idle_is_replaced(
    start_server: Start, clients: Make
) -> None:
    # Keep-alive announced, yet closed after the answer: as an idle timeout does.
    server, base_url = await start_server(writes(answer()))
    client = clients(base_url)
    assert (await client.post("sendMessage", b"{}"))[0] == 200
    await until(lambda: client.open_connections == 0)
    assert (await client.post("sendMessage", b"{}"))[0] == 200
    assert server.connections == 2


async def test_an_expired_idle_connection_is_closed_not_reused(
    start_server: Start, clients: Make
) -> None:
    server, base_url = await start_server()
    client = clients(base_url, idle_expiry=0.0)
    for _ in range(3):
        assert (await client.post("sendMessage", b"{}"))[0] == 200
    assert server.connections == 3
    await until(lambda: server.open_now == 1)


async def test_connection_close_answers_work_and_each_uses_a_new_connection(
    start_server: Start, clients: Make
) -> None:
    # The server waits for the client to hang up.
    server, base_url = await start_server(writes(answer(headers="Connection: close\r\n"), True))
    client = clients(base_url)
    for _ in range(3):
        assert await client.post("sendMessage", b"{}") == (200, OK)
    assert server.connections == 3


async def test_a_chunked_answer_is_joined(start_server: Start, clients: Make) -> None:
    parts = b"".join(b"%x\r\n%s\r\n" % (len(p), p) for p in (OK[:5], OK[5:20], OK[20:]))
    head = b"HTTP/1.1 400 Bad Request\r\nTransfer-Encoding: chunked\r\n\r\n"
    server, base_url = await start_server(writes(head + parts + b"0\r\n\r\n", True))
    client = clients(base_url)
    assert await client.post("sendMessage", b"{}") == (400, OK)
    assert await client.post("sendMessage", b"{}") == (400, OK)
    assert server.connections == 1


async def test_a_server_that_never_answers_times_out_and_the_next_request_works(
    start_server: Start, clients: Make
) -> None:
    server, base_url = await start_server(first_unanswered)
    client = clients(base_url)
    assert await failure(client.post("sendMessage", b"{}")) == "read timeout"
    assert await client.post("sendMessage", b"{}") == (200, OK)
    assert server.connections == 2


async def test_a_cancelled_request_frees_its_slot_and_its_connection_is_not_reused(
    start_server: Start, clients: Make
) -> None:
    server, base_url = await start_server(first_unanswered)
    client = clients(base_url, pool_size=1, read_timeout=10.0)
    stuck = asyncio.create_task(client.post("sendMessage", b"{}"))
    await until(lambda: len(server.requests) == 1)
    stuck.cancel()
    with pytest.raises(asyncio.CancelledError):
        await stuck
    assert await client.post("sendMessage", b"{}") == (200, OK)
    assert server.connections == 2


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"SMTP ready\r\n\r\n", "malformed answer"),
        (answer(b"x" * MAX_ANSWER), "answer too large"),
        (
            b"HTTP/1.1 200 OK\r\nContent-Length: 99\r\n\r\n{}",
            "connection closed before the answer",
        ),
    ],
)
async def test_a_bad_answer_fails_with_its_reason(
    start_server: Start, clients: Make, data: bytes, reason: str
) -> None:
    _, base_url = await start_server(writes(data))
    client = clients(base_url)
    assert await failure(client.post("sendMessage", b"{}")) == reason
    assert client.open_connections == 0


async def test_a_closed_port_is_refused(clients: Make) -> None:
    with socket.socket() as probe:  # a port nobody listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    client = clients(f"http://127.0.0.1:{port}/bot")
    assert await failure(client.post("sendMessage", b"{}")) == "ConnectionRefusedError"


async def test_callers_beyond_the_pool_wait_and_all_complete(
    start_server: Start, clients: Make
) -> None:
    pool, gate = 3, asyncio.Event()

    async def held(server: Server, request: Request) -> tuple[bytes, bool]:
        if len(server.requests) >= pool:  # answer once the whole pool is busy
            gate.set()
        await gate.wait()
        return answer(request.body), True

    server, base_url = await start_server(held)
    client = clients(base_url, pool_size=pool, read_timeout=10.0)
    bodies = [b"%d" % n for n in range(pool + 5)]
    results = await asyncio.gather(*(client.post("sendMessage", body) for body in bodies))
    assert results == [(200, body) for body in bodies]
    assert server.connections == server.most_open == pool


async def test_close_fails_requests_in_flight_and_waiting(
    start_server: Start, clients: Make
) -> None:
    server, base_url = await start_server(first_unanswered)
    client = clients(base_url, pool_size=1, read_timeout=10.0)
    in_flight = asyncio.create_task(failure(client.post("sendMessage", b"{}")))
    waiting = asyncio.create_task(failure(client.post("sendMessage", b"{}")))
    await until(lambda: len(server.requests) == 1)
    await client.close()
    assert await asyncio.gather(in_flight, waiting) == ["client closed", "client closed"]
    assert await failure(client.post("sendMessage", b"{}")) == "client closed"
    assert client.open_connections == 0


@pytest.fixture
def certificate(tmp_path: Path) -> tuple[Path, Path]:
    openssl = shutil.which("openssl")
    if openssl is None:
        pytest.skip("openssl is needed to make a self-signed certificate")
    cert, key = tmp_path / "cert.pem", tmp_path / "key.pem"
    request = "req -x509 -newkey rsa:2048 -nodes -subj /CN=localhost -days 1"
    names = "subjectAltName=IP:127.0.0.1,DNS:localhost"
    arguments = [*request.split(), "-addext", names, "-keyout", str(key), "-out", str(cert)]
    subprocess.run([openssl, *arguments], check=True, capture_output=True)
    return cert, key


async def test_https_works_with_a_trusted_certificate_and_fails_without(
    start_server: Start, clients: Make, certificate: tuple[Path, Path]
) -> None:
    cert, key = certificate
    tls = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    tls.load_cert_chain(cert, key)
    server, base_url = await start_server(echo, tls)
    trusting = clients(base_url, ssl_context=ssl.create_default_context(cafile=str(cert)))
    assert await trusting.post("sendMessage", b"{}") == (200, b"{}")
    assert await trusting.post("sendMessage", b"{}") == (200, b"{}")
    assert server.connections == 1
    default = clients(base_url, connect_timeout=5.0)
    assert await failure(default.post("sendMessage", b"{}")) == "SSLCertVerificationError"
