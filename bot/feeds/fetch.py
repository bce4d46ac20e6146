"""Fetching feeds over HTTP: conditional GET, time and size bounds, redirects, per-host limits."""

from __future__ import annotations

import asyncio
import dataclasses
import email.utils
import logging
import math
import socket
import ssl
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Literal

import httpx

from bot.numbers import parse_natural

log = logging.getLogger(__name__)

DEFAULT_USER_AGENT = "ngobot feed reader (+https://github.com/ngobot/ngobot)"
ACCEPT = (
    "application/rss+xml, application/atom+xml, application/rdf+xml, "
    "application/xml;q=0.9, text/xml;q=0.9, */*;q=0.8"
)
MAX_REDIRECTS = 5
REDIRECTS = frozenset({301, 302, 303, 307, 308})
PERMANENT = frozenset({301, 308})
RETRY_AFTER_STATUSES = frozenset({429, 503})


@dataclass(frozen=True, slots=True)
class FetchResult:
    """What one fetch produced; `error` is a short English reason for logs and staff."""

    outcome: Literal["ok", "not_modified", "error"]
    body: bytes | None = None
    etag: str | None = None
    last_modified: str | None = None
    moved_to: str | None = None
    max_age: int | None = None
    status: int | None = None
    error: str | None = None
    retry_after: int | None = None


class FetchFailed(Exception):
    """Internal: a fetch ends with this reason (and the HTTP status, when there was one)."""

    def __init__(self, reason: str, status: int | None = None) -> None:
        super().__init__(reason)
        self.reason = reason
        self.status = status


class Fetcher:
    """One shared HTTP client for every feed; `fetch` never raises."""

    def __init__(
        self,
        *,
        timeout: float = 20.0,
        max_bytes: int = 2_000_000,
        per_host: int = 2,
        user_agent: str = DEFAULT_USER_AGENT,
        transport: httpx.AsyncBaseTransport | None = None,
    ) -> None:
        self._timeout = timeout
        self._max_bytes = max_bytes
        self._per_host = per_host
        self._hosts: dict[str, asyncio.Semaphore] = {}
        # Redirects are followed by hand to learn whether every hop was permanent. No pool
        # cap: the per-host semaphores and the poller bound concurrency, and waiting for a
        # pooled connection must not eat into a feed's time budget.
        self._client = httpx.AsyncClient(
            transport=transport,
            timeout=httpx.Timeout(timeout, pool=None),
            limits=httpx.Limits(max_connections=None, max_keepalive_connections=20),
            headers={"User-Agent": user_agent, "Accept": ACCEPT},
            follow_redirects=False,
        )

    async def close(self) -> None:
        await self._client.aclose()

    async def fetch(self, url: str, etag: str | None, last_modified: str | None) -> FetchResult:
        """GET `url` conditionally; every failure becomes an "error" result with a reason."""
        try:
            result = await self._follow(httpx.URL(url), conditional(etag, last_modified))
        except FetchFailed as failure:
            result = FetchResult("error", status=failure.status, error=failure.reason)
        except Exception as exc:  # the poller must keep going whatever happens
            result = FetchResult("error", error=self._describe(exc))
            # Only a surprise earns a traceback: known errors' messages may quote the URL.
            unexpected = result.error is not None and result.error.startswith("unexpected")
            log.debug("fetch failed: %s", type(exc).__name__, exc_info=unexpected)
        log.debug("fetched %s: %s %s", redact(url), result.outcome, result.error or result.status)
        return result

    async def _follow(self, url: httpx.URL, headers: dict[str, str]) -> FetchResult:
        """Send the request and follow up to MAX_REDIRECTS redirects within one time budget."""
        budget = self._timeout
        all_permanent = True
        for hop in range(MAX_REDIRECTS + 1):
            if url.scheme not in ("http", "https"):
                raise FetchFailed("not http(s)")
            # Waiting for the host's semaphore is not the server's fault: only time spent
            # talking to servers counts against the budget.
            async with self._semaphore(url.host):
                started = asyncio.get_running_loop().time()
                async with asyncio.timeout(budget):
                    status, answer = await self._request(url, headers)
                budget -= asyncio.get_running_loop().time() - started
            if isinstance(answer, FetchResult):
                moved = hop > 0 and all_permanent and answer.outcome != "error"
                return dataclasses.replace(answer, moved_to=str(url)) if moved else answer
            all_permanent = all_permanent and status in PERMANENT
            url = url.join(answer)
        raise FetchFailed("too many redirects")

    async def _request(
        self, url: httpx.URL, headers: dict[str, str]
    ) -> tuple[int, str | FetchResult]:
        """One hop: the status and either a redirect's Location or the final result."""
        request = self._client.build_request("GET", url, headers=headers)
        response = await self._client.send(request, stream=True)
        try:
            status = response.status_code
            if status not in REDIRECTS:
                return status, await self._result(response, headers)
            location = response.headers.get("Location")
            if not location:
                raise FetchFailed(f"HTTP {status} without a Location", status)
            return status, location
        finally:
            await response.aclose()

    async def _result(self, response: httpx.Response, sent: dict[str, str]) -> FetchResult:
        status = response.status_code
        max_age = cache_max_age(response.headers.get("Cache-Control"))
        if status == 304:
            # The validators stay valid unless the server sent fresher ones; no body is read.
            return FetchResult(
                "not_modified",
                etag=response.headers.get("ETag") or sent.get("If-None-Match"),
                last_modified=(
                    response.headers.get("Last-Modified") or sent.get("If-Modified-Since")
                ),
                max_age=max_age,
                status=status,
            )
        if not 200 <= status < 300:
            retry = response.headers.get("Retry-After") if status in RETRY_AFTER_STATUSES else None
            return FetchResult(
                "error", status=status, error=f"HTTP {status}", retry_after=retry_after(retry)
            )
        return FetchResult(
            "ok",
            body=await self._read(response),
            etag=response.headers.get("ETag"),
            last_modified=response.headers.get("Last-Modified"),
            max_age=max_age,
            status=status,
        )

    async def _read(self, response: httpx.Response) -> bytes:
        """Read the (decompressed) body, stopping as soon as it passes max_bytes."""
        too_large = FetchFailed(f"larger than {size_text(self._max_bytes)}", response.status_code)
        declared = parse_natural(response.headers.get("Content-Length"), max_digits=18)
        if declared is not None and declared > self._max_bytes:
            raise too_large
        body = bytearray()
        async for chunk in response.aiter_bytes():
            body += chunk
            if len(body) > self._max_bytes:
                raise too_large
        return bytes(body)

    def _semaphore(self, host: str) -> asyncio.Semaphore:
        if host not in self._hosts:
            self._hosts[host] = asyncio.Semaphore(self._per_host)
        return self._hosts[host]

    def _describe(self, exc: Exception) -> str:
        """A short reason that never repeats the URL (it may hold credentials)."""
        if isinstance(exc, TimeoutError | httpx.TimeoutException):
            return f"timed out after {self._timeout:g} s"
        if isinstance(exc, httpx.InvalidURL | httpx.UnsupportedProtocol):
            return "invalid URL"
        if isinstance(exc, httpx.ConnectError):
            return connect_reason(exc)
        if isinstance(exc, httpx.DecodingError):
            return "undecodable content encoding"
        if isinstance(exc, httpx.RemoteProtocolError):
            return "server broke the HTTP protocol"
        if isinstance(exc, httpx.NetworkError):
            return "connection lost"
        return f"unexpected {type(exc).__name__}"


def conditional(etag: str | None, last_modified: str | None) -> dict[str, str]:
    headers = {}
    if etag:
        headers["If-None-Match"] = etag
    if last_modified:
        headers["If-Modified-Since"] = last_modified
    return headers


def connect_reason(exc: BaseException) -> str:
    """Name the cause of a failed connection from the exception chain."""
    seen: BaseException | None = exc
    while seen is not None:
        if isinstance(seen, ConnectionRefusedError):
            return "connection refused"
        if isinstance(seen, socket.gaierror):
            return "host not found"
        if isinstance(seen, ssl.SSLCertVerificationError):
            return "TLS certificate not valid"
        if isinstance(seen, ssl.SSLError):
            return "TLS error"
        seen = seen.__cause__ or seen.__context__
    # anyio and httpcore may keep only the message of the OS error.
    return "connection refused" if "refused" in str(exc).lower() else "connection failed"


def cache_max_age(header: str | None) -> int | None:
    """The max-age of a Cache-Control header, in seconds."""
    for directive in (header or "").split(","):
        name, _, value = directive.strip().partition("=")
        value = value.strip().strip('"')
        seconds = parse_natural(value, max_digits=9)
        if name.strip().lower() == "max-age" and seconds is not None:
            return seconds
    return None


def retry_after(header: str | None) -> int | None:
    """Retry-After as seconds from now: either delay-seconds or an HTTP date."""
    if not header:
        return None
    header = header.strip()
    if (seconds := parse_natural(header, max_digits=9)) is not None:
        return seconds
    if header.isdecimal():  # a number too large, or in digits only people use: no usable wait
        return None
    try:
        moment = email.utils.parsedate_to_datetime(header)
    except (TypeError, ValueError):
        return None
    if moment.tzinfo is None:  # an HTTP date is GMT even when it fails to say so
        moment = moment.replace(tzinfo=UTC)
    return max(0, math.ceil((moment - datetime.now(UTC)).total_seconds()))


def size_text(size: int) -> str:
    if size >= 1_000_000:
        return f"{size / 1_000_000:g} MB"
    if size >= 1_000:
        return f"{size / 1_000:g} kB"
    return f"{size} bytes"


def redact(url: str) -> str:
    """The URL without user name and password, for logs."""
    try:
        return str(httpx.URL(url).copy_with(userinfo=b""))
    except Exception:  # an unparseable URL is logged as such
        return "<invalid URL>"
