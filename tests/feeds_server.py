"""A scriptable local HTTP server for feed tests: fixtures, validators, delays, redirects, gzip."""

from __future__ import annotations

import asyncio
import gzip
from collections import Counter
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from pathlib import Path
from types import TracebackType
from typing import Any, Self

import pytest
from aiohttp import web
from multidict import CIMultiDict, CIMultiDictProxy

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "feeds"
RSS = "application/rss+xml; charset=utf-8"
SHUTDOWN_GRACE_SECONDS = 0.5


def fixture(name: str) -> bytes:
    return (FIXTURES / name).read_bytes()


def entity_bomb_doctype(root: str) -> str:
    """A DOCTYPE whose &lol9; would expand to a billion "lol"s (billion laughs)."""
    levels = "".join(f'<!ENTITY lol{i} "{f"&lol{i - 1};" * 10}">\n' for i in range(1, 10))
    return f"<!DOCTYPE {root} [\n{levels.replace('&lol0;', 'lol')}]>"


@dataclass
class Route:
    """How the server answers one path; change a route's fields while the server runs."""

    body: bytes = b""
    status: int = 200
    content_type: str = RSS
    headers: dict[str, str] = field(default_factory=dict)
    etag: str | None = None  # answered with 304 when If-None-Match matches
    last_modified: str | None = None  # ... or, without If-None-Match, If-Modified-Since
    location: str | None = None  # with a 3xx status: where to
    delay: float = 0.0  # seconds before the status line
    gate: asyncio.Event | None = None  # the answer waits until the test sets it
    trickle: float | None = None  # seconds between chunks: a slow body
    chunk: int = 16  # trickled chunk size
    chunked: bool = False  # no Content-Length
    gzip: bool = False  # Content-Encoding: gzip when the client accepts it


@dataclass(frozen=True)
class Seen:
    """One request as received."""

    path: str
    host: str
    headers: CIMultiDictProxy[str]


class FeedServer:
    """Serves `routes` on 127.0.0.1; counts requests and concurrent requests per host."""

    def __init__(self) -> None:
        self.routes: dict[str, Route] = {}
        self.requests: list[Seen] = []
        self.in_flight: Counter[str] = Counter()
        self.max_in_flight: Counter[str] = Counter()
        self.port = 0
        self._runner: web.AppRunner | None = None

    async def start(self) -> None:
        app = web.Application()
        app.router.add_get("/{path:.*}", self._handle)
        self._runner = web.AppRunner(app, access_log=None, shutdown_timeout=SHUTDOWN_GRACE_SECONDS)
        await self._runner.setup()
        await web.TCPSite(self._runner, "127.0.0.1", 0).start()
        self.port = self._runner.addresses[0][1]

    async def stop(self) -> None:
        for route in self.routes.values():
            if route.gate is not None:
                route.gate.set()
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    async def __aenter__(self) -> Self:
        await self.start()
        return self

    async def __aexit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        await self.stop()

    # -- scripting -------------------------------------------------------------------------

    def url(self, path: str, host: str = "127.0.0.1") -> str:
        return f"http://{host}:{self.port}{path}"

    def serve(self, path: str, body: bytes = b"", **fields: Any) -> Route:
        route = Route(body=body, **fields)
        self.routes[path] = route
        return route

    def redirect_chain(self, paths: list[str], statuses: list[int], target: str) -> None:
        """paths[0] -status[0]-> paths[1] ... -> target, each hop a relative Location."""
        for path, status, following in zip(paths, statuses, [*paths[1:], target], strict=True):
            self.serve(path, status=status, location=following)

    def count(self, path: str) -> int:
        return sum(1 for seen in self.requests if seen.path == path)

    def headers_seen(self, path: str) -> list[CIMultiDictProxy[str]]:
        return [seen.headers for seen in self.requests if seen.path == path]

    # -- answering -------------------------------------------------------------------------

    async def _handle(self, request: web.Request) -> web.StreamResponse:
        host = request.host
        self.requests.append(Seen(request.path, host, request.headers))
        self.in_flight[host] += 1
        self.max_in_flight[host] = max(self.max_in_flight[host], self.in_flight[host])
        try:
            route = self.routes.get(request.path)
            if route is None:
                return web.Response(status=404, text="no such route")
            if route.gate is not None:
                await route.gate.wait()
            if route.delay:
                await asyncio.sleep(route.delay)
            return await self._answer(request, route)
        finally:
            self.in_flight[host] -= 1

    async def _answer(self, request: web.Request, route: Route) -> web.StreamResponse:
        headers = CIMultiDict(route.headers)
        if route.etag:
            headers["ETag"] = route.etag
        if route.last_modified:
            headers["Last-Modified"] = route.last_modified
        if route.location:
            headers["Location"] = route.location
        if not_modified(request, route):
            return web.Response(status=304, headers=headers)
        body = route.body
        if route.gzip and "gzip" in request.headers.get("Accept-Encoding", ""):
            body = gzip.compress(body)
            headers["Content-Encoding"] = "gzip"
        headers["Content-Type"] = route.content_type
        if route.trickle is None and not route.chunked:
            return web.Response(status=route.status, body=body, headers=headers)
        response = web.StreamResponse(status=route.status, headers=headers)
        response.enable_chunked_encoding()
        await response.prepare(request)
        try:
            for start in range(0, len(body), route.chunk):
                await response.write(body[start : start + route.chunk])
                if route.trickle is not None:
                    await asyncio.sleep(route.trickle)
            await response.write_eof()
        except ConnectionError:
            pass  # the client gave up, as a fetcher with a size or time limit should
        return response


def not_modified(request: web.Request, route: Route) -> bool:
    """RFC 9110: If-None-Match decides when present; If-Modified-Since only otherwise."""
    if_none_match = request.headers.get("If-None-Match")
    if if_none_match is not None:
        tags = {tag.strip() for tag in if_none_match.split(",")}
        return route.etag is not None and (route.etag in tags or "*" in tags)
    if_modified_since = request.headers.get("If-Modified-Since")
    return bool(route.last_modified) and if_modified_since == route.last_modified


@pytest.fixture(name="feed_server")
async def feed_server_fixture() -> AsyncIterator[FeedServer]:
    async with FeedServer() as server:
        yield server
