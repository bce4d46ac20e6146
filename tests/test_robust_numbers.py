"""Numbers from outside: one parser, and forged buttons with odd digits refused politely."""

from __future__ import annotations

import argparse
import logging

import pytest

from bot.cli.announce import add_parsers, run
from bot.numbers import parse_natural
from tests.conftest import RunningBot
from tests.constants import ADMIN_ID
from tests.robust_support import logged_errors, refused_requests

# '²' and '①' pass str.isdigit() but int() refuses them; '１２' (full-width) and '١٢'
# (Arabic-Indic) pass str.isdecimal() and int() accepts them.
ODD = ("²", "①", "１２", "١٢", "12²", "-1", "+1", " 1", "1_0", "٣")


@pytest.mark.parametrize("text", ODD)
def test_machine_numbers_are_ascii_digits_only(text: str) -> None:
    assert parse_natural(text) is None


def test_typed_numbers_accept_decimal_digits_of_any_script_but_not_superscripts() -> None:
    assert parse_natural(" １２ ", typed=True) == 12
    assert parse_natural("١٢", typed=True) == 12
    assert parse_natural("²", typed=True) is None
    assert parse_natural("12", max_digits=1) is None
    assert parse_natural("9" * 5000) is None  # int() refuses over 4,300 digits


FORGED = [
    "dir:t:²:0",
    "dir:d:0:²",
    "role:²:m",
    "sub:p:²",
    "sub:t:²:0",
    "tadm:s:²",
    "anl:c:²",
    "set:q:²",
    "inv:r:²",
    "inv:c:①",
    "org:j:²",
    "org:v:²",
    "fd:s:²",
    "pst:s:²",
    "upc:p:²",
]


@pytest.mark.parametrize("data", FORGED)
async def test_forged_buttons_with_unicode_digits_get_a_polite_answer(
    bot: RunningBot, caplog: pytest.LogCaptureFixture, data: str
) -> None:
    caplog.set_level(logging.ERROR)
    admin = bot.emulator.user(ADMIN_ID, "Admin", language_code="en")
    await admin.send("/help")
    await admin.wait_for("What I can do")
    await admin.wait_for_answer(await admin.press_data(data))
    assert logged_errors(caplog) == []
    assert refused_requests(bot.emulator) == []


@pytest.mark.parametrize("reference", ["²", "٣"])
async def test_the_cli_takes_odd_digits_in_an_organisation_for_a_name_not_a_crash(
    bot: RunningBot, capsys: pytest.CaptureFixture[str], reference: str
) -> None:
    parser = argparse.ArgumentParser(prog="ngobot")
    add_parsers(parser.add_subparsers(dest="command"))
    argv = ("announce", "--kind", "notice", "--title", "T", "--text", "T")
    args = parser.parse_args([*argv, "--organisation", reference])
    assert await run(args, bot.settings) == 2
    assert f"--organisation {reference!r} matches none" in capsys.readouterr().err
