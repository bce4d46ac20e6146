"""AiohttpRequest: a PTB networking backend on aiohttp for the broadcast's plain JSON calls.

Measured against the emulator on the 2-core benchmark machine, PTB's default HTTPXRequest
spends about 2 ms of CPU per request (httpx/httpcore/anyio and their connection-pool scans),
aiohttp about 0.45 ms; at hundreds of messages per second that is the bot's whole budget.
"""

from __future__ import annotations

import asyncio
from typing import Final

import aiohttp
from telegram.error import NetworkError, TimedOut
from telegram.request import BaseRequest, RequestData

USER_AGENT: Final = "ngobot broadcast (aiohttp)"


class AiohttpRequest(BaseRequest):
    """JSON requests only (no uploads), over one aiohttp session with `pool_size` connections."""

    def __init__(self, pool_size: int, read_timeout: float = 10.0) -> None:
        self._pool_size = pool_size
        self._read_timeout = read_timeout
        self._session: aiohttp.ClientSession | None = None

    @property
    def read_timeout(self) -> float:
        return self._read_timeout

    async def initialize(self) -> None:
        if self._session is None:
            self._session = aiohttp.ClientSession(
                connector=aiohttp.TCPConnector(limit=self._pool_size),
                headers={"User-Agent": USER_AGENT},
            )

    async def shutdown(self) -> None:
        if self._session is not None:
            await self._session.close()
            self._session = None

    async def do_request(
        self,
        url: str,
        method: str,
        request_data: RequestData | None = None,
        read_timeout: object = BaseRequest.DEFAULT_NONE,
        write_timeout: object = BaseRequest.DEFAULT_NONE,
        connect_timeout: object = BaseRequest.DEFAULT_NONE,
        pool_timeout: object = BaseRequest.DEFAULT_NONE,
    ) -> tuple[int, bytes]:
        if self._session is None:
            raise RuntimeError("AiohttpRequest is not initialized")
        if request_data is not None and request_data.contains_files:
            raise NotImplementedError("AiohttpRequest sends no files; use HTTPXRequest")
        read = _seconds(read_timeout, self._read_timeout)
        timeout = aiohttp.ClientTimeout(total=None, sock_connect=10.0, sock_read=read)
        data = request_data.json_parameters if request_data is not None else None
        try:
            async with self._session.request(method, url, data=data, timeout=timeout) as reply:
                return reply.status, await reply.read()
        except TimeoutError as error:
            raise TimedOut(f"aiohttp: {error!r}") from error
        except (aiohttp.ClientError, asyncio.IncompleteReadError) as error:
            raise NetworkError(f"aiohttp: {error!r}") from error


def _seconds(value: object, default: float) -> float | None:
    """A PTB timeout argument: a number, None (wait forever), or DEFAULT_NONE (not given)."""
    if value is None:
        return None
    if isinstance(value, int | float):
        return float(value)
    return default
