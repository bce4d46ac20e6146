"""A minimal Bot API for the 1,000/s benchmark: HTTP/1.1 on a raw asyncio Protocol, limits only.

The full emulator (bot/sandbox) validates HTML, keeps histories and builds real Message
objects; one process of it tops out near 600 messages/s. This one answers just what the
benchmark's bot calls, enforces Telegram's limits as the emulator does (a global sliding window
per second and one message per second per chat, bursts as configured, refused with 429 and
retry_after; a refused send is not delivered and not counted), and counts deliveries per chat.
"""

from __future__ import annotations

import asyncio
import json
import math
import time
from collections import Counter, deque
from collections.abc import Callable
from typing import Any
from urllib.parse import parse_qsl

BOT_ID = 123456789
GET_ME = {"id": BOT_ID, "is_bot": True, "first_name": "ngobot", "username": "ngobot_test_bot"}
SENDS = frozenset({"sendMessage", "editMessageText"})
_OK = b'{"ok":true,"result":true}'
_STATUS = {200: b"200 OK", 400: b"400 Bad Request", 401: b"401 Unauthorized", 429: b"429 Too Many"}


class Limits:
    """At most `per_second` sends in any second, 20/min per group, and per chat one a second:
    at most `chat_burst` in any `chat_burst` seconds, as the emulator's per_chat_burst."""

    def __init__(self, per_second: int, chat_burst: int = 1) -> None:
        self.per_second = per_second
        self.chat_burst = chat_burst
        self._recent: deque[float] = deque()
        self._chats: dict[int, deque[float]] = {}
        self._groups: dict[int, deque[float]] = {}

    def refuse(self, chat_id: int, now: float) -> int | None:
        """retry_after (whole seconds, at least 1) if this send would break a limit."""
        recent = self._recent
        while recent and recent[0] <= now - 1.0:
            recent.popleft()
        wait = recent[0] + 1.0 - now if len(recent) >= self.per_second else 0.0
        chat = self._chats.get(chat_id)
        if chat is not None and len(chat) == self.chat_burst and chat[0] > now - self.chat_burst:
            wait = max(wait, chat[0] + self.chat_burst - now)
        group = self._groups.get(chat_id)
        if group is not None:
            while group and group[0] <= now - 60.0:
                group.popleft()
            if len(group) >= 20:
                wait = max(wait, group[0] + 60.0 - now)
        return max(1, math.ceil(wait)) if wait > 0 else None

    def record(self, chat_id: int, now: float) -> None:
        self._recent.append(now)
        self._chats.setdefault(chat_id, deque(maxlen=self.chat_burst)).append(now)
        if chat_id < 0:
            self._groups.setdefault(chat_id, deque()).append(now)


class FastBotApi:
    """The server's state: limits, counts, queued updates and waiting long polls."""

    def __init__(self, token: str, interactive_from: int) -> None:
        self.prefix = f"/bot{token}/".encode()
        self.interactive_from = interactive_from  # chat ids from here on are /start probes
        self.limits: Limits | None = None
        self.delivered: Counter[int] = Counter()
        self.methods: Counter[str] = Counter()
        self.rate_limited = 0
        self.interactive_429s = 0
        self.updates: list[dict[str, Any]] = []
        self.next_update_id = 1
        self.polls: list[Callable[[], None]] = []
        self.first_reply: dict[int, float] = {}  # probe chat -> when its first reply came
        self._message_id = 0

    def reset(self, per_second: int, chat_burst: int = 1) -> None:
        self.limits = Limits(per_second, chat_burst)
        self.delivered.clear()
        self.methods.clear()
        self.rate_limited = self.interactive_429s = 0

    def queue_update(self, update: dict[str, Any]) -> None:
        update["update_id"] = self.next_update_id
        self.next_update_id += 1
        self.updates.append(update)
        polls, self.polls = self.polls, []
        for answer in polls:
            answer()

    def pending(self, offset: int) -> list[dict[str, Any]]:
        """Updates from `offset` on; the ones before it are confirmed and forgotten."""
        self.updates = [u for u in self.updates if u["update_id"] >= offset]
        return self.updates

    def send(self, method: str, params: dict[str, Any]) -> tuple[int, bytes]:
        chat_id = int(params["chat_id"])
        now = time.monotonic()
        if self.limits is not None:
            retry_after = self.limits.refuse(chat_id, now)
            if retry_after is not None:
                self.rate_limited += 1
                if chat_id >= self.interactive_from:
                    self.interactive_429s += 1
                return 429, _too_many(retry_after)
            self.limits.record(chat_id, now)
        if method == "sendMessage":
            self.delivered[chat_id] += 1
            if chat_id >= self.interactive_from:
                self.first_reply.setdefault(chat_id, now)
            self._message_id += 1
            message_id = self._message_id
        else:
            message_id = int(params.get("message_id", 0))
        kind = "private" if chat_id > 0 else "group"
        return 200, (
            b'{"ok":true,"result":{"message_id":%d,"date":%d,"chat":{"id":%d,"type":"%s"}}}'
            % (message_id, int(time.time()), chat_id, kind.encode())
        )

    def answer(self, method: str, params: dict[str, Any]) -> tuple[int, bytes] | None:
        """(status, body) at once, or None for a getUpdates that must wait."""
        self.methods[method] += 1
        if method in SENDS:
            return self.send(method, params)
        if method == "getUpdates":
            found = self.pending(int(params.get("offset") or 0))
            if not found and float(params.get("timeout") or 0) > 0:
                return None
            return 200, json.dumps({"ok": True, "result": found}).encode()
        if method == "getMe":
            return 200, json.dumps({"ok": True, "result": GET_ME}).encode()
        if method == "getMyCommands":
            return 200, b'{"ok":true,"result":[]}'
        return 200, _OK  # setMyCommands, deleteWebhook, answerCallbackQuery, ...


def _too_many(retry_after: int) -> bytes:
    body = {
        "ok": False,
        "error_code": 429,
        "description": f"Too Many Requests: retry after {retry_after}",
        "parameters": {"retry_after": retry_after},
    }
    return json.dumps(body).encode()


def parse_body(content_type: bytes, body: bytes) -> dict[str, Any]:
    """JSON (our transport) or a url-encoded form with JSON-encoded values (PTB)."""
    if not body:
        return {}
    if content_type.startswith(b"application/json"):
        parsed = json.loads(body)
        return parsed if isinstance(parsed, dict) else {}
    return dict(parse_qsl(body.decode()))


class HttpProtocol(asyncio.Protocol):
    """Keep-alive HTTP/1.1 with Content-Length bodies, one request at a time per connection."""

    def __init__(self, api: FastBotApi) -> None:
        self._api = api
        self._buffer = b""
        self._transport: asyncio.Transport | None = None
        self._waiting = False  # a long poll is open: later bytes wait for its answer
        self._polls = 0

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        assert isinstance(transport, asyncio.Transport)
        self._transport = transport

    def connection_lost(self, exc: Exception | None) -> None:
        self._transport = None

    def data_received(self, data: bytes) -> None:
        self._buffer += data
        self._process()

    def _process(self) -> None:
        while not self._waiting and self._transport is not None:
            end = self._buffer.find(b"\r\n\r\n")
            if end < 0:
                return
            head = self._buffer[:end].split(b"\r\n")
            headers = dict(_header(line) for line in head[1:])
            length = int(headers.get(b"content-length", b"0"))
            if len(self._buffer) < end + 4 + length:
                return
            body = self._buffer[end + 4 : end + 4 + length]
            self._buffer = self._buffer[end + 4 + length :]
            self._request(head[0], headers.get(b"content-type", b""), body)

    def _request(self, line: bytes, content_type: bytes, body: bytes) -> None:
        path = line.split(b" ")[1].split(b"?")[0]
        if not path.startswith(self._api.prefix):
            self._reply(401, b'{"ok":false,"error_code":401,"description":"Unauthorized"}')
            return
        method = path[len(self._api.prefix) :].decode()
        params = parse_body(content_type, body)
        answered = self._api.answer(method, params)
        if answered is not None:
            self._reply(*answered)
            return
        self._waiting = True
        self._polls += 1
        poll, seconds = self._polls, float(params["timeout"])
        timer = asyncio.get_running_loop().call_later(seconds, self._poll_over, poll, params)

        def updated() -> None:
            timer.cancel()
            self._poll_over(poll, params)

        self._api.polls.append(updated)

    def _poll_over(self, poll: int, params: dict[str, Any]) -> None:
        """Answer long poll number `poll` (an update came, or its time is up), if still open."""
        if not self._waiting or poll != self._polls:
            return
        self._waiting = False
        found = self._api.pending(int(params.get("offset") or 0))
        self._reply(200, json.dumps({"ok": True, "result": found}).encode())
        self._process()

    def _reply(self, status: int, body: bytes) -> None:
        if self._transport is None:
            return
        self._transport.write(
            b"HTTP/1.1 %s\r\nContent-Type: application/json\r\nContent-Length: %d\r\n\r\n%s"
            % (_STATUS.get(status, b"%d Error" % status), len(body), body)
        )


def _header(line: bytes) -> tuple[bytes, bytes]:
    name, _, value = line.partition(b":")
    return name.strip().lower(), value.strip()
