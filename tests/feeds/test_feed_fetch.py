"""Fetching feeds from a local HTTP server: validators, bounds, redirects, errors, host limits."""

from __future__ import annotations

import asyncio
import email.utils
import logging
import socket
import time
from collections.abc import AsyncIterator, Callable
from datetime import UTC, datetime, timedelta

import pytest

from bot.feeds.fetch import Fetcher
from tests.feeds_server import FeedServer, fixture

KRAKOW = fixture("krakow_rss20.xml")
LAST_MODIFIED = "Mon, 14 Dec 2026 09:30:00 GMT"


@pytest.fixture(name="fetcher")
async def fetcher_fixture() -> AsyncIterator[Fetcher]:
    fetcher = Fetcher(timeout=5.0)
    yield fetcher
    await fetcher.close()


async def wait_until(condition: Callable[[], bool], deadline: float = 5.0) -> None:
    end = time.monotonic() + deadline
    while not condition():
        assert time.monotonic() < end, "condition not met in time"
        await asyncio.sleep(0.01)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


async def test_feed_arrives_with_validators_and_cache_lifetime(
    feed_server: FeedServer, fetcher: Fetcher
) -> None:
    feed_server.serve(
        "/rss",
        KRAKOW,
        etag='"v1"',
        last_modified=LAST_MODIFIED,
        headers={"Cache-Control": "public, max-age=900"},
    )
    result = await fetcher.fetch(feed_server.url("/rss"), None, None)
    assert (result.outcome, result.status, result.body) == ("ok", 200, KRAKOW)
    assert (result.etag, result.last_modified, result.max_age) == ('"v1"', LAST_MODIFIED, 900)
    assert result.moved_to is None and result.error is None
    (headers,) = feed_server.headers_seen("/rss")
    assert headers["User-Agent"].startswith("ngobot feed reader")
    assert "If-None-Match" not in headers and "If-Modified-Since" not in headers


async def test_unchanged_feed_is_a_304_for_the_stored_validators(
    feed_server: FeedServer, fetcher: Fetcher
) -> None:
    feed_server.serve("/rss", KRAKOW, etag='"v1"', last_modified=LAST_MODIFIED)
    result = await fetcher.fetch(feed_server.url("/rss"), '"v1"', LAST_MODIFIED)
    assert (result.outcome, result.status, result.body) == ("not_modified", 304, None)
    assert (result.etag, result.last_modified) == ('"v1"', LAST_MODIFIED)
    (headers,) = feed_server.headers_seen("/rss")
    assert headers["If-None-Match"] == '"v1"'
    assert headers["If-Modified-Since"] == LAST_MODIFIED


async def test_changed_etag_gives_the_new_body_and_validator(
    feed_server: FeedServer, fetcher: Fetcher
) -> None:
    feed_server.serve("/rss", KRAKOW, etag='"v2"')
    result = await fetcher.fetch(feed_server.url("/rss"), '"v1"', None)
    assert (result.outcome, result.etag, result.body) == ("ok", '"v2"', KRAKOW)


async def test_last_modified_alone_gives_a_304(feed_server: FeedServer, fetcher: Fetcher) -> None:
    feed_server.serve("/rss", KRAKOW, last_modified=LAST_MODIFIED)
    result = await fetcher.fetch(feed_server.url("/rss"), None, LAST_MODIFIED)
    assert (result.outcome, result.last_modified) == ("not_modified", LAST_MODIFIED)


async def test_gzip_body_is_decompressed(feed_server: FeedServer, fetcher: Fetcher) -> None:
    feed_server.serve("/rss", KRAKOW, gzip=True)
    result = await fetcher.fetch(feed_server.url("/rss"), None, None)
    assert (result.outcome, result.body) == ("ok", KRAKOW)
    assert "gzip" in feed_server.headers_seen("/rss")[0]["Accept-Encoding"]


async def test_declared_size_over_the_cap_is_refused(feed_server: FeedServer) -> None:
    feed_server.serve("/big", b"x" * 5000)
    fetcher = Fetcher(max_bytes=1000)
    try:
        result = await fetcher.fetch(feed_server.url("/big"), None, None)
    finally:
        await fetcher.close()
    assert (result.outcome, result.error, result.body) == ("error", "larger than 1 kB", None)


async def test_streamed_body_is_cut_at_the_cap(feed_server: FeedServer) -> None:
    feed_server.serve("/endless", b"<rss>" + b"x" * 50_000, chunked=True, chunk=1000)
    # Ten megabytes of zeros compress to about ten kilobytes: only the decoded size tells.
    feed_server.serve("/bomb", b"\0" * 10_000_000, gzip=True)
    fetcher = Fetcher(max_bytes=20_000)
    try:
        endless = await fetcher.fetch(feed_server.url("/endless"), None, None)
        bomb = await fetcher.fetch(feed_server.url("/bomb"), None, None)
    finally:
        await fetcher.close()
    assert (endless.outcome, endless.error) == ("error", "larger than 20 kB")
    assert (bomb.outcome, bomb.error) == ("error", "larger than 20 kB")


async def test_server_silent_before_the_first_byte_times_out(feed_server: FeedServer) -> None:
    feed_server.serve("/silent", KRAKOW, gate=asyncio.Event())
    fetcher = Fetcher(timeout=0.3)
    started = time.monotonic()
    try:
        result = await fetcher.fetch(feed_server.url("/silent"), None, None)
    finally:
        await fetcher.close()
    assert (result.outcome, result.error) == ("error", "timed out after 0.3 s")
    assert time.monotonic() - started < 5


async def test_trickling_server_is_cut_off_by_the_total_time_bound(
    feed_server: FeedServer,
) -> None:
    # A chunk every 50 ms never trips a read timeout: only the whole-request bound stops it.
    feed_server.serve("/trickle", b"<rss>" + b" " * 100_000, trickle=0.05, chunk=10)
    fetcher = Fetcher(timeout=0.5)
    started = time.monotonic()
    try:
        result = await fetcher.fetch(feed_server.url("/trickle"), None, None)
    finally:
        await fetcher.close()
    assert (result.outcome, result.error) == ("error", "timed out after 0.5 s")
    assert time.monotonic() - started < 5


async def test_permanent_redirects_report_the_new_address(
    feed_server: FeedServer, fetcher: Fetcher
) -> None:
    feed_server.redirect_chain(["/old", "/older"], [301, 308], "/new")
    feed_server.serve("/new", KRAKOW)
    result = await fetcher.fetch(feed_server.url("/old"), None, None)
    assert (result.outcome, result.body) == ("ok", KRAKOW)
    assert result.moved_to == feed_server.url("/new")
    assert [feed_server.count(p) for p in ("/old", "/older", "/new")] == [1, 1, 1]


@pytest.mark.parametrize("temporary", [302, 303, 307])
async def test_a_temporary_hop_means_no_move(
    feed_server: FeedServer, fetcher: Fetcher, temporary: int
) -> None:
    feed_server.redirect_chain(["/old", "/older"], [301, temporary], "/new")
    feed_server.serve("/new", KRAKOW)
    result = await fetcher.fetch(feed_server.url("/old"), None, None)
    assert (result.outcome, result.body, result.moved_to) == ("ok", KRAKOW, None)


async def test_permanent_redirect_to_a_missing_page_is_an_error_without_a_move(
    feed_server: FeedServer, fetcher: Fetcher
) -> None:
    feed_server.redirect_chain(["/old"], [301], "/gone")
    result = await fetcher.fetch(feed_server.url("/old"), None, None)
    assert (result.outcome, result.error, result.moved_to) == ("error", "HTTP 404", None)


async def test_redirect_loop_stops_after_five_hops(
    feed_server: FeedServer, fetcher: Fetcher
) -> None:
    feed_server.redirect_chain(["/a", "/b"], [302, 302], "/a")
    result = await fetcher.fetch(feed_server.url("/a"), None, None)
    assert (result.outcome, result.error) == ("error", "too many redirects")
    assert len(feed_server.requests) == 6


async def test_redirect_outside_http_is_refused(feed_server: FeedServer, fetcher: Fetcher) -> None:
    feed_server.serve("/rss", status=301, location="file:///etc/passwd")
    result = await fetcher.fetch(feed_server.url("/rss"), None, None)
    assert (result.outcome, result.error) == ("error", "not http(s)")


@pytest.mark.parametrize(
    ("url", "error"),
    [
        ("ftp://ftp.example.org/feed.xml", "not http(s)"),
        ("/relative/feed.xml", "not http(s)"),
        ("http://[::1/feed", "invalid URL"),
    ],
)
async def test_unusable_urls_are_errors(fetcher: Fetcher, url: str, error: str) -> None:
    result = await fetcher.fetch(url, None, None)
    assert (result.outcome, result.error) == ("error", error)


@pytest.mark.parametrize("status", [404, 410, 500])
async def test_http_errors_are_reported_by_status(
    feed_server: FeedServer, fetcher: Fetcher, status: int
) -> None:
    feed_server.serve("/rss", b"<html>Error</html>", status=status)
    result = await fetcher.fetch(feed_server.url("/rss"), None, None)
    assert (result.outcome, result.status, result.error) == ("error", status, f"HTTP {status}")
    assert result.body is None and result.retry_after is None


async def test_rate_limited_feed_says_when_to_retry(
    feed_server: FeedServer, fetcher: Fetcher
) -> None:
    feed_server.serve("/429", status=429, headers={"Retry-After": "120"})
    later = email.utils.format_datetime(datetime.now(UTC) + timedelta(seconds=90), usegmt=True)
    feed_server.serve("/503", status=503, headers={"Retry-After": later})
    limited = await fetcher.fetch(feed_server.url("/429"), None, None)
    unavailable = await fetcher.fetch(feed_server.url("/503"), None, None)
    assert (limited.error, limited.retry_after) == ("HTTP 429", 120)
    assert unavailable.error == "HTTP 503"
    assert unavailable.retry_after is not None and 0 < unavailable.retry_after <= 90


async def test_refused_connection_is_an_error(fetcher: Fetcher) -> None:
    result = await fetcher.fetch(f"http://127.0.0.1:{free_port()}/rss", None, None)
    assert (result.outcome, result.error, result.status) == ("error", "connection refused", None)


async def test_credentials_in_the_url_never_reach_errors_or_logs(
    feed_server: FeedServer, fetcher: Fetcher, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG, logger="bot.feeds")
    missing = await fetcher.fetch(f"http://ngo:s3cret@127.0.0.1:{feed_server.port}/x", None, None)
    refused = await fetcher.fetch(f"http://ngo:s3cret@127.0.0.1:{free_port()}/x", None, None)
    assert (missing.error, refused.error) == ("HTTP 404", "connection refused")
    assert caplog.records and "s3cret" not in caplog.text
    assert all(record.levelno == logging.DEBUG for record in caplog.records)


async def test_requests_to_one_host_are_limited_but_other_hosts_proceed(
    feed_server: FeedServer,
) -> None:
    gate = asyncio.Event()
    feed_server.serve("/rss", KRAKOW, gate=gate)
    fetcher = Fetcher(per_host=2)
    hosts = ["127.0.0.1", "localhost"]
    try:
        fetches = [
            asyncio.create_task(fetcher.fetch(feed_server.url("/rss", host), None, None))
            for host in hosts * 3
        ]
        await wait_until(lambda: sum(feed_server.in_flight.values()) == 4)
        await asyncio.sleep(0.1)  # room for a third request per host, were it let through
        gate.set()
        results = await asyncio.gather(*fetches)
    finally:
        await fetcher.close()
    assert [r.outcome for r in results] == ["ok"] * 6
    assert dict(feed_server.max_in_flight) == {f"{h}:{feed_server.port}": 2 for h in hosts}
