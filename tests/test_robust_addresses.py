"""Addresses with '[' or ']' (urlsplit's "Invalid IPv6 URL") are refused, never a traceback."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest

from bot.announcements.model import http_address
from bot.sandbox import BotApiEmulator
from tests.announce_support import make_staff
from tests.conftest import RunningBot, bot_env, run_cli
from tests.robust_support import logged_errors, refused_requests


@pytest.mark.parametrize("text", ["abc[def", "http://[x", "www.a[b.pl", "https://a]b.pl/"])
def test_an_address_urlsplit_refuses_is_no_address(text: str) -> None:
    assert http_address(text) is None


async def test_a_feed_address_with_a_bracket_is_refused_and_the_step_stays(
    bot: RunningBot, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.ERROR)
    staff = await make_staff(bot)
    await staff.send("/feeds")
    await staff.wait_for("No feeds yet")
    await staff.wait_for_answer(await staff.press("➕ Add feed"))
    await staff.wait_for("Send the feed's address")
    await staff.send("abc[def")
    await staff.wait_for("does not look like a feed address.*Send the feed's address")
    assert logged_errors(caplog) == []
    assert refused_requests(bot.emulator) == []


async def test_the_cli_refuses_bracketed_addresses_with_status_2_and_a_message(
    emulator: BotApiEmulator, tmp_path: Path
) -> None:
    env = bot_env(tmp_path, emulator)
    status, _, err = await run_cli(
        "feeds", "add", "http://[x", "--kind", "call", "--all-topics", env=env, cwd=tmp_path
    )
    assert status == 2, err
    assert "'http://[x' is not an http(s) address" in err
    assert "Traceback" not in err
    argv = ("announce", "--kind", "notice", "--title", "Hi", "--text", "Hi", "--all-topics")
    status, _, err = await run_cli(*argv, "--link", "www.a[b.pl", env=env, cwd=tmp_path)
    assert status == 2, err
    assert "Traceback" not in err and "http(s) address" in err
