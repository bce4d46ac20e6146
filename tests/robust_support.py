"""What robustness tests assert after driving the bot: nothing refused, no error logged."""

from __future__ import annotations

import logging

import pytest

from bot.sandbox import BotApiEmulator

# 403 (a person blocked the bot, the bot left a group) and 429 (flood limits) are Telegram
# answering a correct request; everything else refused is the bot's mistake.
EXPECTED_STATUSES = frozenset({403, 429})


def refused_requests(emulator: BotApiEmulator) -> list[str]:
    """Every request Telegram would have refused as malformed, described for a failure."""
    return [
        f"{r.method} {r.status} {r.description} {str(r.params)[:300]}"
        for r in emulator.refused
        if r.status not in EXPECTED_STATUSES
    ]


def logged_errors(caplog: pytest.LogCaptureFixture) -> list[str]:
    """Errors (and worse) the bot logged, with the exception that caused each."""
    return [
        f"{r.name}: {r.getMessage()} {r.exc_text or (r.exc_info and r.exc_info[1]) or ''}"
        for r in caplog.records
        if r.levelno >= logging.ERROR
    ]
