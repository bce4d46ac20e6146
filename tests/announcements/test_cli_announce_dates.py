"""`ngobot announce`: the dates it understood echoed in long form, --dry-run, art. 13."""

from __future__ import annotations

import argparse
from datetime import date, datetime, time, timedelta
from pathlib import Path

import pytest

from bot.cli.announce import add_parsers, run
from bot.core.dates import format_long
from bot.sandbox import BotApiEmulator
from tests.announce_support import WARSAW, later, latest, member_of, typed
from tests.conftest import RunningBot, bot_env, run_cli
from tests.seeding import seeding

CALL = ("announce", "--kind", "call", "--title", "Granty", "--link", "https://krakow.pl/g")


async def cli(bot: RunningBot, *argv: str) -> int:
    parser = argparse.ArgumentParser(prog="ngobot")
    add_parsers(parser.add_subparsers(dest="command"))
    return await run(parser.parse_args(argv), bot.settings)


def next_occurrence(day: int, month: int, at: time) -> datetime:
    """The day.month at `at` still ahead in Kraków: what "15.01" means for a call."""
    now = datetime.now(WARSAW)
    moment = datetime.combine(date(now.year, month, day), at, WARSAW)
    return moment if moment > now else moment.replace(year=now.year + 1)


def coming_friday() -> date:
    today = datetime.now(WARSAW).date()
    return today + timedelta(days=(4 - today.weekday() - 1) % 7 + 1)


async def stored_counts(bot: RunningBot) -> tuple[object, object]:
    async with seeding(bot) as seed:
        announcements = await seed.db.fetch_value("SELECT count(*) FROM announcements")
        queued = await seed.db.fetch_value("SELECT count(*) FROM outbox")
    return announcements, queued


async def test_a_day_and_month_is_echoed_as_the_date_it_means(
    bot: RunningBot, capsys: pytest.CaptureFixture[str]
) -> None:
    status = await cli(bot, *CALL, "--text", "x", "--all-topics", "--deadline", "15.01")
    out, err = capsys.readouterr()
    meant = next_occurrence(15, 1, time(15, 0))
    assert status == 0
    assert out.strip() == str((await latest(bot)).id), "stdout stays the id, for scripts"
    assert f"deadline: 15 stycznia {meant.year}, 15:00" in err.splitlines()
    assert (await latest(bot)).deadline == meant


async def test_every_date_given_is_echoed_and_a_bare_end_time_is_the_start_day(
    bot: RunningBot, capsys: pytest.CaptureFixture[str]
) -> None:
    friday = coming_friday()
    at = later(days=1)
    argv = ("announce", "--kind", "event", "--title", "Dzień otwarty", "--text", "x")
    status = await cli(
        bot, *argv, "--all-topics", "--place", "Rynek", "--starts", "w piątek o 10",
        "--ends", "12:00", "--at", typed(at),
    )  # fmt: skip
    assert status == 0
    start = datetime.combine(friday, time(10, 0), WARSAW)
    assert capsys.readouterr().err.splitlines() == [
        f"starts: {format_long(start, 'pl', WARSAW)}",
        f"ends: {format_long(start.replace(hour=12), 'pl', WARSAW)}",
        f"publish at: {format_long(at, 'pl', WARSAW)}",
    ]


@pytest.mark.parametrize(
    ("deadline", "message"),
    [
        (
            "jutro 25:00",
            "--deadline names a time that does not exist (hours run from 0:00 to 23:59)",
        ),
        ("31.02", "--deadline names a day that does not exist (such as 31.02)"),
        ("30 lutego", "--deadline names a day that does not exist (such as 31.02)"),
    ],
)
async def test_an_impossible_date_is_refused_with_its_reason(
    bot: RunningBot, capsys: pytest.CaptureFixture[str], deadline: str, message: str
) -> None:
    status = await cli(bot, *CALL, "--text", "x", "--all-topics", "--deadline", deadline)
    assert status == 2
    assert capsys.readouterr().err.strip() == f"ngobot: error: {message}"
    assert await stored_counts(bot) == (0, 0)


async def test_a_call_closing_within_21_days_is_published_with_the_art_13_warning(
    bot: RunningBot, capsys: pytest.CaptureFixture[str]
) -> None:
    status = await cli(
        bot, *CALL, "--text", "x", "--all-topics", "--deadline", typed(later(days=10))
    )
    err = capsys.readouterr().err
    assert status == 0
    assert "warning: the deadline is less than 21 days away; art. 13" in err
    status = await cli(
        bot, *CALL, "--text", "x", "--all-topics", "--deadline", typed(later(days=22))
    )
    assert status == 0
    assert "art. 13" not in capsys.readouterr().err


async def test_a_dry_run_shows_the_polish_message_and_audience_and_queues_nothing(
    bot: RunningBot, capsys: pytest.CaptureFixture[str]
) -> None:
    ania = await member_of(bot, 6001, "Fundacja Alfa", ("culture",))
    await member_of(bot, 6002, "Stowarzyszenie Beta", ("culture",), language="uk")
    text = "Składajcie <b>oferty</b> &amp; wnioski"
    status = await cli(
        bot, *CALL, "--text", text, "--topic", "culture", "--deadline", "15.01", "--dry-run"
    )
    out, err = capsys.readouterr()
    assert status == 0
    lines = out.splitlines()
    assert lines[:3] == [
        "dry run: nothing was published or queued",
        "audience: 2 chats in 2 organisations",
        "--- message (pl) ---",
    ]
    message = "\n".join(lines[3:])
    assert "Granty" in message and "Kultura" in message
    assert "Składajcie oferty & wnioski" in message, "as Telegram shows it: tags off"
    assert f"15 stycznia {next_occurrence(15, 1, time(15, 0)).year}, 15:00" in message
    assert "deadline: 15 stycznia" in err
    assert await stored_counts(bot) == (0, 0)
    assert not ania.messages()


async def test_the_operator_sees_the_dates_and_a_dry_run(
    emulator: BotApiEmulator, tmp_path: Path
) -> None:
    """`python -m bot announce` as an operator runs it."""
    env = bot_env(tmp_path, emulator)
    argv = (*CALL, "--text", "x", "--all-topics", "--deadline", "15.01 12:00")
    status, out, err = await run_cli(*argv, "--dry-run", env=env, cwd=tmp_path)
    meant = next_occurrence(15, 1, time(12, 0))
    assert status == 0
    assert out.startswith("dry run: nothing was published or queued\n")
    assert f"deadline: 15 stycznia {meant.year}, 12:00" in err
    status, out, err = await run_cli(*argv, env=env, cwd=tmp_path)
    assert (status, out.strip()) == (0, "1"), "the dry run stored nothing: this is the first"
    assert f"deadline: 15 stycznia {meant.year}, 12:00" in err
