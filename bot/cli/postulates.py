"""`ngobot export` and `ngobot rounds`: the consultation report and rounds from the shell."""

from __future__ import annotations

import argparse
from datetime import datetime, time
from pathlib import Path
from typing import Any, Final

from bot.cli.common import UsageError, topic_ids, with_database
from bot.config import Settings
from bot.core.dates import CLOSING_TIME, MIDNIGHT, DateProblem, parse_when
from bot.numbers import parse_natural
from bot.postulates.model import (
    ROUND_DESCRIPTION_MAX,
    ROUND_TITLE_MAX,
    Problem,
    Refusal,
    Round,
)
from bot.postulates.report import ReportFormat, ReportService
from bot.postulates.rounds import RoundService
from bot.wiring import build_services
from storage import Database

FORMATS: Final = ("docx", "odt", "csv", "xlsx")
INBOX: Final = "inbox"
DATE_HELP: Final = 'ISO 8601 local time ("2027-01-15T15:00") or Polish ("15.01.2027 15:00")'
DATE_PROBLEMS: Final = {
    DateProblem.UNREADABLE: "is not a date I can read (try 2027-01-15T15:00)",
    DateProblem.PAST: "is in the past",
    DateProblem.TOO_FAR: "is more than three years ahead",
    DateProblem.BAD_DATE: "names a day that does not exist (such as 31.02)",
    DateProblem.BAD_TIME: "names a time that does not exist (hours run from 0:00 to 23:59)",
}


def add_parsers(subparsers: Any) -> None:
    """Add `export` and `rounds` (`rounds list`, `rounds open`) to ngobot's sub-commands."""
    export = subparsers.add_parser(
        "export",
        help="write a consultation round's report (DOCX, ODT, CSV or XLSX); prints its path",
    )
    export.add_argument("--round", required=True, help=f"the round's id, or {INBOX!r}")
    export.add_argument("--format", required=True, choices=FORMATS)
    export.add_argument(
        "--public",
        action="store_true",
        help="the version to publish: published positions only, no drafts",
    )
    export.add_argument(
        "--output", type=Path, help="file or folder to write (default: the current folder)"
    )
    rounds = subparsers.add_parser("rounds", help="list or open consultation rounds")
    actions = rounds.add_subparsers(dest="rounds_command", metavar="ACTION", required=True)
    actions.add_parser("list", help="every round, newest first")
    opening = actions.add_parser("open", help="open a round and announce it; prints its id")
    opening.add_argument("--title", required=True, help=f"at most {ROUND_TITLE_MAX} characters")
    opening.add_argument(
        "--description", required=True, help=f"at most {ROUND_DESCRIPTION_MAX} characters"
    )
    opening.add_argument(
        "--topic", action="append", required=True, help="a topic's code or Polish name; repeatable"
    )
    opening.add_argument("--opens", help=f"when it opens (default: now): {DATE_HELP}")
    opening.add_argument(
        "--closes", required=True, help=f"{DATE_HELP}; a date alone means 23:59 that day"
    )


async def run(args: argparse.Namespace, settings: Settings) -> int:
    """Run `export` or `rounds`; bad arguments print a message and return 2."""
    return await with_database(settings, lambda db: _run(args, settings, db))


async def _run(args: argparse.Namespace, settings: Settings, db: Database) -> None:
    if args.command == "export":
        print(await _export(args, settings, db))
    elif args.rounds_command == "list":
        await _list_rounds(settings, db)
    else:
        print((await _open_round(args, settings, db)).id)


async def _export(args: argparse.Namespace, settings: Settings, db: Database) -> Path:
    reports = ReportService(
        db,
        settings.timezone,
        institution=settings.institution,
        institution_genitive=settings.institution_genitive,
    )
    round_id = _round_id(args.round)
    public = bool(args.public)
    name = await reports.file_name(round_id, args.format, public=public)
    data = await reports.render(round_id, ReportFormat(args.format), public=public)
    if name is None or data is None:
        raise UsageError(f"no round {args.round}; `ngobot rounds list` lists the rounds")
    path = _destination(args.output, name)
    try:
        path.write_bytes(data)
    except OSError as error:
        raise UsageError(f"cannot write {path}: {error.strerror}") from None
    return path


def _round_id(raw: str) -> int | None:
    if raw.strip().lower() == INBOX:
        return None
    round_id = parse_natural(raw, typed=True)
    if round_id is None:
        raise UsageError(f"--round takes a round's id or {INBOX!r}, not {raw!r}")
    return round_id


def _destination(output: Path | None, name: str) -> Path:
    """`--output` as given; a folder (or nothing: the current one) gets the round's file name."""
    if output is None:
        return Path.cwd() / name
    return output / name if output.is_dir() else output


async def _list_rounds(settings: Settings, db: Database) -> None:
    service = _rounds(settings, db)
    now = datetime.now(settings.timezone)
    for round_ in await service.list_all():
        print(_round_line(round_, now, settings))


def _round_line(round_: Round, now: datetime, settings: Settings) -> str:
    state = "open" if round_.is_open(now) else "upcoming" if round_.opens_at > now else "closed"
    opens, closes = (_local(moment, settings) for moment in (round_.opens_at, round_.closes_at))
    return f"{round_.id:>4}  {opens} → {closes}  {state:<8}  {round_.title}"


def _local(moment: datetime, settings: Settings) -> str:
    return moment.astimezone(settings.timezone).strftime("%Y-%m-%d %H:%M")


async def _open_round(args: argparse.Namespace, settings: Settings, db: Database) -> Round:
    service = _rounds(settings, db)
    now = datetime.now(settings.timezone)
    topics = await topic_ids(args.topic, db)
    opens = _when("--opens", args.opens, settings, now, MIDNIGHT) if args.opens else now
    closes = _when("--closes", args.closes, settings, now, CLOSING_TIME)
    result = await service.open_round(args.title, args.description, topics, opens, closes, None)
    if isinstance(result, Refusal):
        raise UsageError(_refusal_text(result, args))
    return result


def _rounds(settings: Settings, db: Database) -> RoundService:
    # The announcements service as the bot wires it, so the round's announcement plans its
    # reminders here too.
    return RoundService(db, build_services(settings, db).announcements)


def _when(option: str, raw: str, settings: Settings, now: datetime, default: time) -> datetime:
    parsed = parse_when(raw, settings.timezone, now, default_time=default)
    if isinstance(parsed, DateProblem):
        raise UsageError(f"{option} {DATE_PROBLEMS.get(parsed, parsed.value)}")
    return parsed


def _refusal_text(refusal: Refusal, args: argparse.Namespace) -> str:
    if refusal.problem in (Problem.EMPTY, Problem.TOO_LONG):
        option = "--title" if _bad_title(args.title) else "--description"
        if refusal.problem is Problem.EMPTY:
            return f"{option} is empty"
        return f"{option} is {refusal.excess} characters too long"
    if refusal.problem is Problem.BAD_DATES:
        return "--closes must be after --opens and in the future"
    if refusal.problem is Problem.UNKNOWN_TOPIC:
        return "unknown or retired --topic; `ngobot topics` lists the topics"
    return f"the round was refused: {refusal.problem.value}"


def _bad_title(title: str) -> bool:
    cleaned = title.strip()
    return not cleaned or len(cleaned) > ROUND_TITLE_MAX
