"""`ngobot announce` and `ngobot topics`: publishing from scripts through the same services."""

from __future__ import annotations

import argparse
import dataclasses
import sys
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Final

from bot.announcements.model import (
    KIND_FIELDS,
    MESSAGE_MAX,
    Announcement,
    Field,
    Refusal,
    Source,
    attributes,
    blank,
    check_dates,
    is_optional,
    parse_value,
)
from bot.announcements.render import AnnouncementRenderer
from bot.announcements.service import AnnouncementService
from bot.cli.announce_report import dry_run, understood, warnings
from bot.cli.common import UsageError, topic_ids, with_database
from bot.config import Settings
from bot.core.i18n import Catalogs
from bot.core.topics import Kind, TopicService
from bot.numbers import parse_natural
from bot.organisations.service import OrganisationService, fold_name
from bot.wiring import build_services
from storage import Database

# Command-line option -> the field it fills.
OPTIONS: Final = {
    "starts": Field.STARTS,
    "ends": Field.ENDS,
    "place": Field.PLACE,
    "deadline": Field.DEADLINE,
    "address": Field.ADDRESS,
    "link": Field.LINK,
}
DATE_HELP: Final = (
    'Polish ("15.01 15:00" = 15 January, its next occurrence; "15 stycznia o 15"; "jutro 9:00"),'
    ' Ukrainian, English, or ISO 8601 local time ("2027-01-15T15:00")'
)


def add_parsers(subparsers: Any) -> None:
    """Add `announce` and `topics` to ngobot's sub-commands."""
    announce = subparsers.add_parser(
        "announce",
        help="create and publish an announcement (the running bot delivers it); prints its id",
    )
    announce.add_argument("--kind", required=True, choices=[kind.value for kind in Kind])
    announce.add_argument("--title", required=True, help="at most 200 characters")
    announce.add_argument("--text", required=True, help="plain text or Telegram HTML")
    announce.add_argument(
        "--topic", action="append", default=[], help="a topic's code or Polish name; repeatable"
    )
    announce.add_argument("--all-topics", action="store_true", help="every topic's subscribers")
    announce.add_argument("--organisation", help="only this organisation (name or id)")
    for option in ("starts", "ends", "deadline"):
        announce.add_argument(f"--{option}", help=DATE_HELP)
    announce.add_argument("--place")
    announce.add_argument("--address")
    announce.add_argument("--link", help="https://…")
    announce.add_argument("--at", help=f"publish later, at this time: {DATE_HELP}")
    announce.add_argument(
        "--dry-run",
        action="store_true",
        help="print the recipients' message and audience size; publish nothing",
    )
    subparsers.add_parser("topics", help="list the topics with their codes")


async def run(args: argparse.Namespace, settings: Settings) -> int:
    """Run `announce` or `topics`; bad arguments print a message and return 2."""
    return await with_database(settings, lambda db: _run(args, settings, db))


async def _run(args: argparse.Namespace, settings: Settings, db: Database) -> None:
    if args.command == "topics":
        await _list_topics(db)
    else:
        created = await _announce(args, settings, db)
        if created is not None:
            print(created)


async def _list_topics(db: Database) -> None:
    for topic in await TopicService(db).list_topics(include_retired=True):
        mark = "  (retired)" if topic.retired else ""
        print(f"{topic.code:<16} {topic.names['pl']}{mark}")


@dataclass
class Draft:
    """What the arguments describe, validated, before anything is written."""

    kind: Kind
    values: dict[Field, object] = field(default_factory=dict)
    topic_ids: list[int] = field(default_factory=list)
    organisation_id: int | None = None


async def _announce(args: argparse.Namespace, settings: Settings, db: Database) -> int | None:
    """The new announcement's id; None for a dry run, which stores and queues nothing."""
    # All services wired as in the bot, so publishing here also plans the reminders.
    service = build_services(settings, db).announcements
    draft = await _validate(args, settings, db, service)
    candidate = await _check_whole(draft, service, db, settings)
    at = _time(args.at, Field.SCHEDULE, draft.kind, service) if args.at else None
    language = settings.default_language
    echo = understood(draft.values, at, language, service.zone)
    for line in [*echo, *warnings(candidate, service.now())]:
        print(line, file=sys.stderr)
    if args.dry_run:
        renderer = _renderer(service, db, settings)
        print(await dry_run(candidate, renderer, service, language))
        return None
    created = await service.create_draft(draft.kind, Source.CLI, None)
    await service.update_draft(created.id, draft.values)
    await service.set_audience(
        created.id,
        draft.topic_ids,
        all_topics=args.all_topics,
        organisation_id=draft.organisation_id,
    )
    result = await service.publish(created.id, at)
    if isinstance(result, Refusal):
        await service.delete_draft(created.id)
        raise UsageError(_refusal_text(result))
    return created.id


async def _validate(
    args: argparse.Namespace, settings: Settings, db: Database, service: AnnouncementService
) -> Draft:
    draft = Draft(Kind(args.kind))
    draft.values[Field.TITLE] = _value(Field.TITLE, args.title, draft.kind, service)
    draft.values[Field.TEXT] = _value(Field.TEXT, args.text, draft.kind, service)
    for option, target in OPTIONS.items():
        raw = getattr(args, option)
        if raw is None:
            continue
        if target not in KIND_FIELDS[draft.kind] and target is not Field.LINK:
            raise UsageError(f"--{option} does not apply to --kind {draft.kind.value}")
        starts = draft.values.get(Field.STARTS)
        draft.values[target] = _value(target, raw, draft.kind, service, starts)
    draft.topic_ids = await topic_ids(args.topic, db)
    if args.organisation:
        draft.organisation_id = await _organisation(args.organisation, db, settings)
    if not (draft.topic_ids or args.all_topics or draft.organisation_id):
        raise UsageError("give at least one --topic, or --all-topics, or --organisation")
    return draft


async def _check_whole(
    draft: Draft, service: AnnouncementService, db: Database, settings: Settings
) -> Announcement:
    """Required fields, date order and the message length, as the chat conversation checks."""
    for target in KIND_FIELDS[draft.kind]:
        if target not in draft.values and not is_optional(draft.kind, target):
            option = next(name for name, f in OPTIONS.items() if f is target)
            raise UsageError(f"--{option} is required for --kind {draft.kind.value}")
    candidate = dataclasses.replace(
        blank(draft.kind, Source.CLI, service.now()),
        topic_ids=tuple(draft.topic_ids),
        organisation_id=draft.organisation_id,
        **attributes(draft.values),
    )
    refusal = check_dates(candidate, service.now(), service.now())
    if refusal is not None:
        raise UsageError(_refusal_text(refusal))
    excess = await _renderer(service, db, settings).longest(candidate) - MESSAGE_MAX
    if excess > 0:
        raise UsageError(
            f"--text is too long: the message would be {excess} characters over {MESSAGE_MAX}"
        )
    return candidate


def _renderer(
    service: AnnouncementService, db: Database, settings: Settings
) -> AnnouncementRenderer:
    return AnnouncementRenderer(
        service,
        TopicService(db),
        OrganisationService(db, settings.districts),
        Catalogs(settings.default_language),
    )


def _value(
    target: Field, raw: str, kind: Kind, service: AnnouncementService, starts: object = None
) -> object:
    start = starts if isinstance(starts, datetime) else None
    value = parse_value(target, raw, raw, kind, service.zone, service.now(), starts=start)
    if isinstance(value, Refusal):
        raise UsageError(_refusal_text(value))
    return value


def _time(raw: str, target: Field, kind: Kind, service: AnnouncementService) -> Any:
    return _value(target, raw, kind, service)


async def _organisation(name_or_id: str, db: Database, settings: Settings) -> int:
    organisations = OrganisationService(db, settings.districts)
    if (org_id := parse_natural(name_or_id, typed=True)) is not None:
        by_id = await organisations.get(org_id)
        if by_id is not None:
            return by_id.id
    matches = await organisations.search(name_or_id)
    exact = [org for org in matches if fold_name(org.name) == fold_name(name_or_id)]
    chosen = exact or matches
    if len(chosen) != 1:
        names = ", ".join(org.name for org in chosen[:5]) or "none"
        raise UsageError(
            f"--organisation {name_or_id!r} matches {names}; give its exact name or id"
        )
    return chosen[0].id


def _refusal_text(refusal: Refusal) -> str:
    option = next((f"--{name}" for name, f in OPTIONS.items() if f is refusal.field), None)
    option = option or {Field.TITLE: "--title", Field.TEXT: "--text", Field.SCHEDULE: "--at"}.get(
        refusal.field or Field.TEXT, "the announcement"
    )
    reasons = {
        "unreadable": "is not a date I can read (try 2027-01-15T15:00)",
        "past": "is in the past",
        "too_far": "is more than three years ahead",
        "before_publication": "is before the announcement goes out",
        "end_before_start": "is not after --starts",
        "bad_date": "names a day that does not exist (such as 31.02)",
        "bad_time": "names a time that does not exist (hours run from 0:00 to 23:59)",
        "empty": "is empty",
        "too_long": f"is {refusal.excess} characters too long",
        "link_invalid": "is not an http(s) address",
    }
    return f"{option} {reasons.get(refusal.problem, refusal.problem.value)}"
