"""BotApiEmulator: the aiohttp server answering /bot{token}/{method} on 127.0.0.1."""

from __future__ import annotations

import asyncio
import json
import time
from collections.abc import Callable
from types import TracebackType
from typing import Any, NamedTuple, Self, TypeVar

from aiohttp import web

from bot.sandbox import errors, methods_bot, methods_chat, methods_edit, methods_send, registry
from bot.sandbox.driver import SimulatedGroup, SimulatedUser
from bot.sandbox.faults import SENDING_METHODS, Faults, Stats
from bot.sandbox.model import HistoryEntry, UserRecord
from bot.sandbox.params import read_params
from bot.sandbox.state import EmulatorState

T = TypeVar("T")
# Importing these modules registers their handlers in the registry.
METHOD_MODULES = (methods_bot, methods_chat, methods_edit, methods_send)
SHUTDOWN_GRACE_SECONDS = 1.0


class RecordedRequest(NamedTuple):
    """One API call as received (before any fault was applied)."""

    method: str
    params: dict[str, Any]
    timestamp: float


class Refusal(NamedTuple):
    """A request the emulator refused by Telegram's rules (bad HTML, too long, not modified)."""

    method: str
    params: dict[str, Any]
    status: int
    description: str


class BotApiEmulator:
    """A local Telegram Bot API for tests: real HTTP, Telegram's rules, injectable faults."""

    def __init__(
        self,
        token: str = "123456:" + "A" * 35,
        bot_username: str = "ngobot_test_bot",
        *,
        bot_name: str = "NGO Bot",
        strict_html: bool = True,
        privacy_mode: bool = True,
        host: str = "127.0.0.1",
        port: int = 0,
    ) -> None:
        self.token = token
        self.host = host
        self._port = port
        bot = UserRecord(int(token.split(":")[0]), bot_name, username=bot_username, is_bot=True)
        self.state = EmulatorState(bot, strict_html=strict_html, privacy_mode=privacy_mode)
        self.faults = Faults(lambda: self.state.rng, registry.canonical)
        self.requests: list[RecordedRequest] = []
        # Requests Telegram's rules refused (not injected faults): a correct bot makes none
        # but 403s from people who blocked it and 429s of flood limits.
        self.refused: list[Refusal] = []
        self._runner: web.AppRunner | None = None

    # -- lifecycle -------------------------------------------------------------------------

    async def start(self) -> None:
        app = web.Application(client_max_size=64 * 1024 * 1024)
        app.router.add_route("*", "/bot{token}/{method}", self._handle_api)
        app.router.add_get("/file/bot{token}/{path:.+}", self._handle_file)
        self._runner = web.AppRunner(app, access_log=None, shutdown_timeout=SHUTDOWN_GRACE_SECONDS)
        await self._runner.setup()
        site = web.TCPSite(self._runner, self.host, self._port)
        await site.start()
        self._port = self._runner.addresses[0][1]

    async def stop(self) -> None:
        """Answer pending long polls at once, then close the server."""
        self.state.updates.closing = True
        self.state.notifier.notify()
        await self.state.webhook.delete()
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    async def __aenter__(self) -> Self:
        await self.start()
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.stop()

    @property
    def port(self) -> int:
        return self._port

    @property
    def base_url(self) -> str:
        """For ApplicationBuilder().base_url(...): PTB appends the token and /method."""
        return f"http://{self.host}:{self._port}/bot"

    @property
    def base_file_url(self) -> str:
        return f"http://{self.host}:{self._port}/file/bot"

    # -- inspection ------------------------------------------------------------------------

    @property
    def stats(self) -> Stats:
        return self.state.stats

    @property
    def bot_user(self) -> dict[str, Any]:
        return self.state.bot.to_dict()

    @property
    def pending_updates(self) -> list[dict[str, Any]]:
        """Updates queued and not yet confirmed by the bot."""
        return self.state.updates.pending

    def calls(self, method: str) -> list[dict[str, Any]]:
        """Parameters of every request to one method (name case-insensitive), oldest first."""
        name = registry.canonical(method)
        return [request.params for request in self.requests if request.method == name]

    def chat_history(self, chat_id: int) -> list[HistoryEntry]:
        chat = self.state.chats.get(chat_id)
        return list(chat.history) if chat else []

    def commands(
        self, scope: dict[str, Any] | Any | None = None, language_code: str = ""
    ) -> list[dict[str, str]]:
        """Commands set for a scope (dict or PTB BotCommandScope) and language."""
        if scope is not None and not isinstance(scope, dict):
            scope = scope.to_dict()
        key = json.dumps(scope or {"type": "default"}, sort_keys=True)
        return list(self.state.commands.get((key, language_code), []))

    def profile_text(self, field: str, language_code: str = "") -> str | None:
        """A stored description / short_description / name set by the bot."""
        return self.state.profile.get((field, language_code))

    # -- control ---------------------------------------------------------------------------

    def seed(self, seed: int) -> None:
        """Make every random fault decision reproducible."""
        self.state.rng.seed(seed)

    def advance_clock(self, seconds: float) -> None:
        """Move the clock of flood limits and callback expiry forward without sleeping."""
        self.state.clock_offset += seconds
        self.state.notifier.notify()

    async def wait_until(self, predicate: Callable[[], T | None], timeout: float = 5.0) -> T:
        """Wait for predicate() to become truthy, re-checked on every change in the emulator."""
        return await self.state.notifier.wait_until(predicate, timeout)

    def user(
        self,
        user_id: int,
        first_name: str,
        *,
        language_code: str | None = None,
        username: str | None = None,
        last_name: str | None = None,
    ) -> SimulatedUser:
        """Create (or get) a simulated user; their private chat id is their user id."""
        if user_id not in self.state.users:
            self.state.users[user_id] = UserRecord(
                user_id, first_name, username, last_name, language_code
            )
        return SimulatedUser(self.state, self.state.users[user_id])

    def group(
        self,
        chat_id: int,
        title: str,
        *,
        admins: list[SimulatedUser] | tuple[SimulatedUser, ...] = (),
        members: list[SimulatedUser] | tuple[SimulatedUser, ...] = (),
        supergroup: bool = False,
        bot_is_admin: bool = False,
    ) -> SimulatedGroup:
        """Create a group (the first admin is its creator) with the bot already in it."""
        return SimulatedGroup.create(
            self.state, chat_id, title, list(admins), list(members), supergroup, bot_is_admin
        )

    # -- HTTP ------------------------------------------------------------------------------

    async def _handle_api(self, request: web.Request) -> web.StreamResponse:
        if request.match_info["token"] != self.token:
            return reply(errors.ApiError(401, errors.UNAUTHORIZED).payload(), 401)
        found = registry.lookup(request.match_info["method"])
        if found is None:
            return reply(errors.ApiError(404, errors.NOT_FOUND).payload(), 404)
        name, handler = found
        try:
            params, files = await read_params(request)
        except (ValueError, errors.ApiError):
            return reply(errors.bad_request("Bad Request: invalid request body").payload(), 400)
        uploads = {k: {"file_name": f.file_name, "size": len(f.data)} for k, f in files.items()}
        self.requests.append(RecordedRequest(name, {**params, **uploads}, time.time()))
        stalled = self.faults.stall_wait(name, self.state.now())
        if stalled:
            await asyncio.sleep(stalled)
        context = registry.CallContext(self.state, params, files, gone_check(request))
        status, payload, delivered = await self._answer(name, handler, context)
        delay = self.faults.delay_for(name)
        if delay:
            await asyncio.sleep(delay)
        if delivered and self.faults.answer_lost(name) and request.transport is not None:
            self.stats.lost_answers += 1
            request.transport.abort()
        return reply(payload, status)

    async def _answer(
        self, name: str, handler: registry.Handler, context: registry.CallContext
    ) -> tuple[int, dict[str, Any], bool]:
        """(HTTP status, body, whether the action was applied)."""
        try:
            self._inject_failure(name, context.params)
        except errors.ApiError as exc:
            return exc.status, exc.payload(), False
        try:
            result = await handler(context)
        except errors.ApiError as exc:
            self.refused.append(Refusal(name, context.params, exc.status, exc.description))
            return exc.status, exc.payload(), False
        if name in SENDING_METHODS and self.faults.limits is not None:
            self.faults.limits.record(chat_key(context.params), self.state.now())
        return 200, {"ok": True, "result": result}, True

    def _inject_failure(self, name: str, params: dict[str, Any]) -> None:
        failure = self.faults.take_scripted(name)
        if failure is not None:
            self.stats.scripted_failures += 1
            raise failure
        failure = self.faults.random_error(name)
        if failure is not None:
            self.stats.server_errors += 1
            raise failure
        limits = self.faults.limits
        if limits is None or name not in SENDING_METHODS:
            return
        retry_after = limits.check(chat_key(params), self.state.now())
        if retry_after is not None:
            self.stats.rate_limited += 1
            raise errors.too_many_requests(retry_after)

    async def _handle_file(self, request: web.Request) -> web.StreamResponse:
        if request.match_info["token"] != self.token:
            return reply(errors.ApiError(401, errors.UNAUTHORIZED).payload(), 401)
        for stored in self.state.files.values():
            if stored.file_path == request.match_info["path"]:
                return web.Response(body=stored.data, content_type=stored.mime_type)
        return reply(errors.ApiError(404, errors.NOT_FOUND).payload(), 404)


def reply(payload: dict[str, Any], status: int) -> web.Response:
    return web.json_response(payload, status=status)


def gone_check(request: web.Request) -> Callable[[], bool]:
    def gone() -> bool:
        transport = request.transport
        return transport is None or transport.is_closing()

    return gone


def chat_key(params: dict[str, Any]) -> int | None:
    try:
        return int(params.get("chat_id"))  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return None
