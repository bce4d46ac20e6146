"""Fixtures of the feed tests: a local HTTP server that serves feeds (feed_server)."""

from tests.feeds_server import feed_server_fixture

# Fixtures are found by name in a conftest's namespace: importing them is how they are shared.
__all__ = ["feed_server_fixture"]
