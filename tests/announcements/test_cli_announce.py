"""`ngobot announce` and `ngobot topics`: in-process, and as the operator runs them."""

from __future__ import annotations

import argparse
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from bot.cli.announce import add_parsers, run
from bot.sandbox import BotApiEmulator
from tests.announce_support import WARSAW, later, latest, member_of
from tests.conftest import RunningBot, bot_env, run_cli
from tests.seeding import seeding


def parse(*argv: str) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="ngobot")
    add_parsers(parser.add_subparsers(dest="command"))
    return parser.parse_args(argv)


async def cli(bot: RunningBot, *argv: str) -> int:
    return await run(parse(*argv), bot.settings)


async def count_announcements(bot: RunningBot) -> object:
    async with seeding(bot) as seed:
        return await seed.db.fetch_value("SELECT count(*) FROM announcements")


async def test_topics_lists_codes_and_polish_names(
    bot: RunningBot, capsys: pytest.CaptureFixture[str]
) -> None:
    assert await cli(bot, "topics") == 0
    lines = capsys.readouterr().out.splitlines()
    assert "culture          Kultura" in lines
    assert len(lines) == 12


async def test_an_announcement_from_a_script_reaches_subscribers(
    bot: RunningBot, capsys: pytest.CaptureFixture[str]
) -> None:
    ania = await member_of(bot, 6001, "Fundacja Alfa", ("culture",))
    deadline = later(days=20)
    status = await cli(
        bot, "announce", "--kind", "call", "--title", "Grants for culture",
        "--text", "Apply <b>now</b> & win", "--topic", "Kultura",
        "--deadline", deadline.strftime("%Y-%m-%dT%H:%M"), "--link", "https://krakow.pl/g",
    )  # fmt: skip
    assert status == 0
    announcement = await latest(bot)
    assert capsys.readouterr().out.strip() == str(announcement.id)
    message = await ania.wait_for(r"📝 Call for proposals\nGrants for culture", timeout=10)
    assert message["text"].endswith("Apply now & win")
    assert "⏳ Deadline: " in message["text"]


async def test_a_script_can_schedule_for_later(bot: RunningBot) -> None:
    ania = await member_of(bot, 6001, "Fundacja Alfa", ("sport",))
    at = datetime.now(WARSAW) + timedelta(seconds=2)
    status = await cli(
        bot, "announce", "--kind", "notice", "--title", "Later", "--text", "Soon.",
        "--topic", "sport", "--at", at.strftime("%Y-%m-%dT%H:%M:%S"),
    )  # fmt: skip
    assert status == 0
    await ania.wait_for("Later", timeout=10)


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (("--topic", "astrology"), "unknown topic 'astrology'; `ngobot topics` lists the topics"),
        ((), "give at least one --topic, or --all-topics, or --organisation"),
        (
            ("--topic", "sport", "--starts", "jutro 9:00"),
            "--starts does not apply to --kind notice",
        ),
        (("--topic", "sport", "--at", "01.01.2020 10:00"), "--at is in the past"),
        (("--topic", "sport", "--link", "not a link"), "--link is not an http(s) address"),
        (
            ("--organisation", "Nobody"),
            "--organisation 'Nobody' matches none; give its exact name or id",
        ),
    ],
)
async def test_bad_arguments_exit_2_with_a_clear_message(
    bot: RunningBot, capsys: pytest.CaptureFixture[str], argv: tuple[str, ...], message: str
) -> None:
    base = ("announce", "--kind", "notice", "--title", "T", "--text", "x")
    assert await cli(bot, *base, *argv) == 2
    assert capsys.readouterr().err.strip() == f"ngobot: error: {message}"
    assert await count_announcements(bot) == 0


async def test_kind_fields_are_required_and_dates_ordered(
    bot: RunningBot, capsys: pytest.CaptureFixture[str]
) -> None:
    base = ("announce", "--kind", "event", "--title", "T", "--text", "x", "--all-topics")
    assert await cli(bot, *base, "--place", "Hall") == 2
    assert "--starts is required for --kind event" in capsys.readouterr().err
    start, end = later(days=3), later(days=2)
    argv = ("--place", "Hall", "--starts", start.isoformat()[:16], "--ends", end.isoformat()[:16])
    assert await cli(bot, *base, *argv) == 2
    assert "--ends is not after --starts" in capsys.readouterr().err
    assert await count_announcements(bot) == 0


def test_an_unknown_kind_is_an_argparse_error(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        parse("announce", "--kind", "party", "--title", "T", "--text", "x")
    assert exit_info.value.code == 2
    assert "invalid choice: 'party'" in capsys.readouterr().err


async def test_the_operator_commands(emulator: BotApiEmulator, tmp_path: Path) -> None:
    """`python -m bot announce|topics` as an operator runs them (needs bot.cli.main's wiring)."""
    env = bot_env(tmp_path, emulator)
    status, out, _ = await run_cli("topics", env=env, cwd=tmp_path)
    assert status == 0
    assert "refugees         Uchodźcy z Ukrainy" in out
    argv = ("announce", "--kind", "notice", "--title", "Hello", "--text", "Hi", "--all-topics")
    status, out, _ = await run_cli(*argv, env=env, cwd=tmp_path)
    assert (status, out.strip()) == (0, "1")
    status, out, err = await run_cli(*argv[:-1], "--topic", "nope", env=env, cwd=tmp_path)
    assert status == 2 and "unknown topic 'nope'" in err
