"""`ngobot export` and `ngobot rounds`: the report written to a file, rounds opened by scripts."""

from __future__ import annotations

import argparse
import csv
import io
from pathlib import Path

import pytest

from bot.cli.postulates import add_parsers, run
from tests.announce_support import later, member_of
from tests.conftest import RunningBot
from tests.postulate_export_support import Entry, add_postulate, add_round, docx_table
from tests.seeding import seeding


def parse(*argv: str) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="ngobot")
    add_parsers(parser.add_subparsers(dest="command"))
    return parser.parse_args(argv)


async def cli(bot: RunningBot, *argv: str) -> int:
    return await run(parse(*argv), bot.settings)


async def count_rounds(bot: RunningBot) -> object:
    async with seeding(bot) as seed:
        return await seed.db.fetch_value("SELECT count(*) FROM rounds")


async def seed_report(bot: RunningBot) -> int:
    async with seeding(bot) as seed:
        round_id = await add_round(seed.db, "Roczny program współpracy 2027")
        await add_postulate(seed.db, round_id, Entry("Kluby seniora", 1))
        await add_postulate(seed.db, round_id, Entry('Lokale, "tanie"', 2, description="a\nb"))
        await add_postulate(seed.db, None, Entry("Ze skrzynki", 3))
    return round_id


def printed_path(capsys: pytest.CaptureFixture[str]) -> Path:
    return Path(capsys.readouterr().out.strip())


async def test_export_writes_the_docx_into_the_given_folder(
    bot: RunningBot, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    round_id = await seed_report(bot)
    argv = ("export", "--round", str(round_id), "--format", "docx", "--output", str(tmp_path))
    assert await cli(bot, *argv) == 0
    path = printed_path(capsys)
    assert path == tmp_path / "postulaty-roczny-program-wspolpracy-2027.docx"
    paragraphs, cells = docx_table(path.read_bytes())
    assert paragraphs[0].startswith("Propozycje do projektu „Roczny program współpracy 2027”")
    assert [row[1].split(".")[0] for row in cells[1:]] == ["Kluby seniora", 'Lokale, "tanie"']


async def test_export_writes_the_csv_to_a_file_or_the_current_folder(
    bot: RunningBot,
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    round_id = await seed_report(bot)
    target = tmp_path / "raport.csv"
    argv = ("export", "--round", str(round_id), "--format", "csv")
    assert await cli(bot, *argv, "--output", str(target)) == 0
    assert printed_path(capsys) == target
    text = io.StringIO(target.read_text("utf-8-sig"), newline="")
    rows = list(csv.DictReader(text, delimiter=";"))
    assert [(row["Tytuł"], row["Opis"]) for row in rows][1] == ('Lokale, "tanie"', "a\nb")
    monkeypatch.chdir(tmp_path)
    assert await cli(bot, "export", "--round", "inbox", "--format", "csv") == 0
    path = printed_path(capsys)
    assert path == tmp_path / "postulaty-skrzynka-ogolna.csv"
    assert "Ze skrzynki" in path.read_text("utf-8-sig")


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (("--round", "99"), "no round 99; `ngobot rounds list` lists the rounds"),
        (("--round", "first"), "--round takes a round's id or 'inbox', not 'first'"),
        (("--round", "inbox", "--output", "/nonexistent/dir/r.docx"), "cannot write "),
    ],
)
async def test_export_refuses_bad_arguments_with_exit_2(
    bot: RunningBot, capsys: pytest.CaptureFixture[str], argv: tuple[str, ...], message: str
) -> None:
    assert await cli(bot, "export", "--format", "docx", *argv) == 2
    assert capsys.readouterr().err.startswith(f"ngobot: error: {message}")


async def test_a_round_opened_from_a_script_is_announced_and_listed(
    bot: RunningBot, capsys: pytest.CaptureFixture[str]
) -> None:
    ania = await member_of(bot, 6001, "Fundacja Alfa", ("culture",))
    closes = later(days=20).strftime("%Y-%m-%d")
    status = await cli(
        bot, "rounds", "open", "--title", "Program współpracy 2028",
        "--description", "Zgłaszajcie <postulaty>", "--topic", "culture", "--closes", closes,
    )  # fmt: skip
    assert status == 0
    round_id = int(capsys.readouterr().out.strip())
    message = await ania.wait_for("Program współpracy 2028", timeout=10)
    assert "Zgłaszajcie <postulaty>" in message["text"]
    upcoming = later(days=2).strftime("%Y-%m-%dT%H:%M")
    argv = ("--description", "", "--topic", "sport", "--opens", upcoming, "--closes", closes)
    assert await cli(bot, "rounds", "open", "--title", "Później", *argv) == 0
    later_id = int(capsys.readouterr().out.strip())
    assert await cli(bot, "rounds", "list") == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].split()[0] == str(later_id) and lines[0].endswith("upcoming  Później")
    assert lines[1].split()[0] == str(round_id)
    assert lines[1].endswith("23:59  open      Program współpracy 2028")


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (("--topic", "astrology"), "unknown topic 'astrology'; `ngobot topics` lists the topics"),
        (("--closes", "01.01.2020"), "--closes is in the past"),
        (("--closes", "whenever"), "--closes is not a date I can read (try 2027-01-15T15:00)"),
        (("--opens", "sometime"), "--opens is not a date I can read (try 2027-01-15T15:00)"),
        (("--title", "   "), "--title is empty"),
        (("--title", "x" * 201), "--title is 1 characters too long"),
        (("--description", "y" * 4001), "--description is 1 characters too long"),
        (("--opens", "+40d"), "--closes must be after --opens and in the future"),
    ],
)
async def test_rounds_open_refuses_bad_arguments_with_exit_2(
    bot: RunningBot, capsys: pytest.CaptureFixture[str], argv: tuple[str, ...], message: str
) -> None:
    values = {
        "--title": "T",
        "--description": "D",
        "--topic": "sport",
        "--closes": later(days=20).strftime("%Y-%m-%dT%H:%M"),
    }
    if "+40d" in argv:  # an opening after the closing
        argv = ("--opens", later(days=40).strftime("%Y-%m-%dT%H:%M"))
    values.update(dict(zip(argv[::2], argv[1::2], strict=True)))
    flat = [part for pair in values.items() for part in pair]
    assert await cli(bot, "rounds", "open", *flat) == 2
    assert capsys.readouterr().err.strip() == f"ngobot: error: {message}"
    assert await count_rounds(bot) == 0


def test_rounds_needs_an_action(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        parse("rounds")
    assert exit_info.value.code == 2
    assert "required: ACTION" in capsys.readouterr().err
