"""`ngobot feeds add|list|remove`: operators manage feeds from the command line."""

from __future__ import annotations

import argparse
from typing import Any, Final

from bot.cli.common import UsageError, topic_ids, with_database
from bot.config import Settings
from bot.core.topics import Kind
from bot.feeds.model import Feed, FeedProblem, Mode
from bot.feeds.service import FeedService
from storage import Database

PROBLEMS: Final = {
    FeedProblem.INVALID_URL: "is not an http(s) address",
    FeedProblem.DUPLICATE: "is already a feed (`ngobot feeds list`)",
    FeedProblem.NO_TOPICS: "needs at least one --topic, or --all-topics",
}


def add_parsers(subparsers: Any) -> None:
    """Add `feeds` with its own sub-commands to ngobot's."""
    feeds = subparsers.add_parser("feeds", help="add, list or remove RSS/Atom feeds")
    actions = feeds.add_subparsers(dest="feeds_command", metavar="ACTION", required=True)
    add = actions.add_parser("add", help="add a feed; prints its id (the running bot polls it)")
    add.add_argument("url", help="the feed's http(s) address")
    add.add_argument("--kind", required=True, choices=[kind.value for kind in Kind])
    add.add_argument("--topic", action="append", default=[], help="code or Polish name; repeat")
    add.add_argument("--all-topics", action="store_true", help="every topic's subscribers")
    add.add_argument(
        "--mode",
        choices=[mode.value for mode in Mode],
        default=Mode.AUTO.value,
        help="auto: publish items as they come (default); review: staff approve each one",
    )
    actions.add_parser("list", help="the feeds with their state and figures")
    remove = actions.add_parser("remove", help="remove a feed (its items stay recorded)")
    remove.add_argument("id", type=int)


async def run(args: argparse.Namespace, settings: Settings) -> int:
    """Run one `feeds` action; bad arguments print a message and return 2."""
    return await with_database(settings, lambda db: _run(args, db))


async def _run(args: argparse.Namespace, db: Database) -> None:
    service = FeedService(db)
    if args.feeds_command == "add":
        print((await _add(args, service, db)).id)
    elif args.feeds_command == "list":
        for feed in await service.list():
            print(describe(feed))
    elif not await service.remove(args.id):
        raise UsageError(f"there is no feed {args.id} (`ngobot feeds list`)")


async def _add(args: argparse.Namespace, service: FeedService, db: Database) -> Feed:
    topics = None if args.all_topics else await topic_ids(args.topic, db)
    result = await service.add(args.url, Kind(args.kind), topics, Mode(args.mode), None)
    if isinstance(result, FeedProblem):
        subject = "--topic" if result is FeedProblem.NO_TOPICS else repr(args.url)
        raise UsageError(f"{subject} {PROBLEMS.get(result, result.value)}")
    return result


def describe(feed: Feed) -> str:
    """One line per feed: id, state, mode, kind, figures, address, and the last error."""
    state = "active" if feed.active else "paused"
    if feed.paused_reason:
        state = "paused after failures"
    last = "never" if feed.last_success_at is None else f"{feed.last_success_at:%Y-%m-%d %H:%M}Z"
    line = (
        f"{feed.id:>4}  {state:<8} {feed.mode.value:<6} {feed.kind.value:<12} "
        f"published {feed.published}, held {feed.held}, last success {last}  {feed.url}"
    )
    error = feed.paused_reason or feed.last_error
    return f"{line}  (last error: {error})" if error else line
