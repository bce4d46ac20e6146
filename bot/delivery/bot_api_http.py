"""BotApiHttp: keep-alive HTTP/1.1 POSTs to the one Bot API origin via llhttp; no proxy support."""

from __future__ import annotations

import asyncio
import ssl
from collections import deque
from collections.abc import Callable
from typing import Final, cast
from urllib.parse import urlsplit

import httptools

USER_AGENT: Final = "ngobot broadcast"
# Bytes of one answer, headers included: Telegram's are a few hundred; more is not the Bot API.
MAX_ANSWER: Final = 1 << 20
# Seconds an idle connection is kept: servers drop idle keep-alive connections (nginx after 75 s
# by default), and a request written into one they are dropping is lost without an answer.
IDLE_EXPIRY: Final = 30.0
CLOSE_WAIT: Final = 1.0  # seconds close() waits for the sockets to be gone

Answer = tuple[int, bytes]


class BotApiHttpError(Exception):
    """A request that failed; the text is a short reason, never the URL (it holds the token)."""


class _Connection(asyncio.Protocol):
    """One connection: one request at a time (no pipelining), its answer parsed by llhttp."""

    def __init__(self, on_lost: Callable[[_Connection], None]) -> None:
        self._on_lost = on_lost
        self._transport: asyncio.Transport | None = None
        self._parser = httptools.HttpResponseParser(self)
        self._answer: asyncio.Future[Answer] | None = None
        self._timer: asyncio.TimerHandle | None = None
        self._body: list[bytes] = []
        self._received = 0
        self._keep_alive = False
        self.closed = False
        self.idle_since = 0.0
        self.lost: asyncio.Future[None] = asyncio.get_running_loop().create_future()

    @property
    def usable(self) -> bool:
        """Open, and not being closed by us or by the server."""
        transport = self._transport
        return not self.closed and transport is not None and not transport.is_closing()

    @property
    def waiting(self) -> bool:
        return self._answer is not None

    def request(self, data: bytes, timeout: float) -> asyncio.Future[Answer]:
        transport = self._transport
        if transport is None or self.closed:
            raise BotApiHttpError("connection closed before the request")
        loop = asyncio.get_running_loop()
        self._answer = answer = loop.create_future()
        self._received = 0
        self._timer = loop.call_later(timeout, self.fail, "read timeout")
        transport.write(data)
        return answer

    def fail(self, reason: str) -> None:
        """End the pending request, if any, with the reason, and the connection with it."""
        self.abort()
        self._end(reason)

    def abort(self) -> None:
        self.closed = True
        if self._transport is not None:
            self._transport.abort()

    def close(self) -> None:
        self.closed = True
        if self._transport is not None:
            self._transport.close()

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        self._transport = cast(asyncio.Transport, transport)

    def connection_lost(self, exc: Exception | None) -> None:
        self.closed = True
        self._end("connection closed before the answer")
        self._on_lost(self)
        if not self.lost.done():
            self.lost.set_result(None)

    def data_received(self, data: bytes) -> None:
        if self._answer is None:  # unasked: a server's goodbye (such as a 408) on an idle one
            self.abort()
            return
        self._received += len(data)
        if self._received > MAX_ANSWER:
            self.fail("answer too large")
            return
        try:
            self._parser.feed_data(data)
        except (httptools.HttpParserError, httptools.HttpParserUpgrade):
            self.fail("malformed answer")

    def on_headers_complete(self) -> None:
        self._keep_alive = self._parser.should_keep_alive()

    def on_body(self, body: bytes) -> None:
        self._body.append(body)

    def on_message_complete(self) -> None:
        answer, self._answer = self._answer, None
        self._stop_timer()
        body = b"".join(self._body)
        self._body.clear()
        if not self._keep_alive:
            self.close()
        if answer is not None and not answer.done():
            answer.set_result((self._parser.get_status_code(), body))

    def _end(self, reason: str) -> None:
        answer, self._answer = self._answer, None
        self._stop_timer()
        if answer is not None and not answer.done():
            answer.set_exception(BotApiHttpError(reason))

    def _stop_timer(self) -> None:
        if self._timer is not None:
            self._timer.cancel()
            self._timer = None


class BotApiHttp:
    """POSTs JSON bodies to `{base_url}{token}/{method}` over at most `pool_size` connections.

    Never retries a request once written (sendMessage is not idempotent); every failure raises
    BotApiHttpError and closes its connection. Answers must carry a length or be chunked.
    """

    def __init__(
        self,
        base_url: str,
        token: str,
        pool_size: int,
        connect_timeout: float = 10.0,
        read_timeout: float = 10.0,
        ssl_context: ssl.SSLContext | None = None,
        idle_expiry: float = IDLE_EXPIRY,
    ) -> None:
        parts = urlsplit(base_url)
        if parts.scheme not in ("http", "https") or not parts.hostname or pool_size < 1:
            raise ValueError("expected an http(s)://host[:port]/path base URL and a pool size")
        https = parts.scheme == "https"
        self._host = parts.hostname
        self._port = parts.port or (443 if https else 80)
        self._ssl = (ssl_context or ssl.create_default_context()) if https else None
        # The token stays in the prebuilt requests and never reaches an error text.
        self._target = f"{parts.path or '/'}{token}/"
        self._host_header = parts.netloc.rpartition("@")[2]
        self._heads: dict[str, bytes] = {}
        self._connect_timeout = connect_timeout
        self._read_timeout = read_timeout
        self._idle_expiry = idle_expiry
        self._slots = asyncio.Semaphore(pool_size)  # FIFO: callers beyond the pool wait in turn
        self._idle: deque[_Connection] = deque()  # oldest first; reused from the newest end
        self._connections: set[_Connection] = set()
        self._closed = False

    @property
    def open_connections(self) -> int:
        return len(self._connections)

    async def post(self, method: str, body: bytes) -> Answer:
        head = self._heads.get(method) or self._prebuild(method)
        async with self._slots:
            if self._closed:
                raise BotApiHttpError("client closed")
            connection = self._reusable() or await self._connect()
            try:
                data = b"%s%d\r\n\r\n%s" % (head, len(body), body)
                return await connection.request(data, self._read_timeout)
            finally:
                self._release(connection)

    async def close(self) -> None:
        """Close every connection; requests in flight or waiting fail with "client closed"."""
        self._closed = True
        self._idle.clear()
        connections = list(self._connections)
        for connection in connections:
            connection.fail("client closed")
        if connections:
            await asyncio.wait([c.lost for c in connections], timeout=CLOSE_WAIT)

    def _prebuild(self, method: str) -> bytes:
        head = (
            f"POST {self._target}{method} HTTP/1.1\r\nHost: {self._host_header}\r\n"
            f"User-Agent: {USER_AGENT}\r\nContent-Type: application/json\r\nContent-Length: "
        )
        self._heads[method] = encoded = head.encode()
        return encoded

    def _reusable(self) -> _Connection | None:
        """The most recently used live idle connection; the expired and the dead are closed."""
        expired = asyncio.get_running_loop().time() - self._idle_expiry
        while self._idle and self._idle[0].idle_since <= expired:
            self._idle.popleft().close()
        while self._idle:
            connection = self._idle.pop()
            if connection.usable:  # nothing was written on it yet: safe to skip if not
                return connection
            connection.close()
        return None

    async def _connect(self) -> _Connection:
        loop = asyncio.get_running_loop()
        server_hostname = self._host if self._ssl is not None else None
        try:
            async with asyncio.timeout(self._connect_timeout):  # the TLS handshake included
                _, connection = await loop.create_connection(
                    lambda: _Connection(self._forget),
                    self._host,
                    self._port,
                    ssl=self._ssl,
                    server_hostname=server_hostname,
                )
        except TimeoutError as error:
            raise BotApiHttpError("connect timeout") from error
        except OSError as error:  # refused, unreachable, unknown host, a certificate refused
            raise BotApiHttpError(type(error).__name__) from error
        if self._closed:
            connection.abort()
            raise BotApiHttpError("client closed")
        self._connections.add(connection)
        return connection

    def _release(self, connection: _Connection) -> None:
        if connection.waiting:  # the caller was cancelled mid-request: the answer may still come
            connection.abort()
        if connection.usable and not self._closed:
            connection.idle_since = asyncio.get_running_loop().time()
            self._idle.append(connection)
        else:
            connection.close()
            self._forget(connection)

    def _forget(self, connection: _Connection) -> None:
        self._connections.discard(connection)
