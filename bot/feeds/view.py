"""Staff's /feeds list: each feed's state and buttons, and the "fd" callback data."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Final
from zoneinfo import ZoneInfo

from bot.announcements.render import KIND_HEADINGS
from bot.core.callbacks import Keyboard, pack, unpack
from bot.core.dates import format_long
from bot.core.i18n import N_, Translator
from bot.core.pages import page_bounds
from bot.core.render import Html, escape
from bot.core.screens import Screen
from bot.core.topic_view import topic_names, topic_rows
from bot.core.topics import Kind, Topic
from bot.feeds.model import Feed, Mode
from bot.numbers import parse_natural

PREFIX: Final = "fd"
PAGE_SIZE: Final = 5
# Addresses, titles, errors and topic lists are cut so that a page of feeds fits one message.
NAME_SHOWN: Final = 80
LINE_SHOWN: Final = 120
EXPORT_NAME: Final = "ngobot-feeds.opml"
MODE_LABELS: Final[dict[Mode, str]] = {
    Mode.AUTO: N_("🚀 published automatically"),
    Mode.REVIEW: N_("✋ held for approval"),
}
# Action name -> how many integer arguments follow it in the callback data.
# fmt: off
_INT_ARGS: Final[dict[str, int]] = {
    # the list: page; pause, resume, remove (ask, confirmed), topics: feed and page
    "l": 1, "p": 2, "r": 2, "d": 2, "dy": 2, "t": 2, "tt": 3, "ta": 2,
    # global buttons: add, import, export, held items
    "a": 0, "i": 0, "e": 0, "h": 0,
    # the add/import conversation: topic toggle, all topics, done, confirm, cancel
    "ct": 1, "ca": 0, "cd": 0, "cy": 0, "cx": 0,
    # a held item: publish, topics, deadline, discard, all topics, done, no deadline; toggle
    "hp": 1, "ht": 1, "hl": 1, "hq": 1, "ha": 1, "hd": 1, "hn": 1, "hx": 2,
}
# fmt: on
# Actions whose one argument is a word: the conversation's kind and mode.
_WORD_ARGS: Final[dict[str, frozenset[str]]] = {
    "ck": frozenset(kind.value for kind in Kind),
    "cm": frozenset(mode.value for mode in Mode),
}


@dataclass(frozen=True, slots=True)
class Action:
    """A parsed /feeds button: its name, its ids (feed, topic, item, page) or its word."""

    name: str
    ids: tuple[int, ...] = ()
    word: str = ""


def parse(data: str | None) -> Action | None:
    """A /feeds button; None for anything malformed or forged."""
    head = unpack(data, PREFIX, len((data or "").split(":")) - 1)
    if not head:
        return None
    name, *args = head
    if name in _WORD_ARGS:
        valid = len(args) == 1 and args[0] in _WORD_ARGS[name]
        return Action(name, word=args[0]) if valid else None
    if _INT_ARGS.get(name) != len(args):
        return None
    numbers = [parse_natural(arg) for arg in args]
    if None in numbers:
        return None
    return Action(name, tuple(n for n in numbers if n is not None))


def shorten(text: str, limit: int) -> str:
    """At most `limit` characters, an ellipsis marking a cut."""
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def kind_label(t: Translator, kind: Kind) -> str:
    return t.plain(KIND_HEADINGS[kind])


def feed_list(
    t: Translator, feeds: list[Feed], page: int, topics: list[Topic], held: int, zone: ZoneInfo
) -> Screen:
    """One page of feeds with their state and buttons, then the global buttons."""
    page, pages = page_bounds(len(feeds), page, PAGE_SIZE)
    first = page * PAGE_SIZE
    shown = feeds[first : first + PAGE_SIZE]
    if not feeds:
        head = t.gettext(
            "<b>Feeds</b>\nNo feeds yet. Add one, or import an OPML file from a feed reader."
        )
    else:
        head = t.ngettext("<b>Feeds</b>: {n} in all", "<b>Feeds</b>: {n} in all", len(feeds))
        if pages > 1:
            where = t.gettext("page {page} of {pages}", page=page + 1, pages=pages)
            head = Html(f"{head} · {where}")
    blocks = [head]
    rows: Keyboard = []
    for number, feed in enumerate(shown, start=first + 1):
        blocks.append(feed_block(t, feed, number, topics, zone))
        rows.append(feed_buttons(t, feed, number, page))
    if pages > 1:
        rows.append(
            [("«", pack(PREFIX, "l", max(page - 1, 0))), ("»", pack(PREFIX, "l", page + 1))]
        )
    rows.append(
        [
            (t.plain("➕ Add feed"), pack(PREFIX, "a")),
            (t.plain("📥 Import OPML"), pack(PREFIX, "i")),
        ]
    )
    rows.append(
        [
            (t.plain("📤 Export OPML"), pack(PREFIX, "e")),
            (t.plain("📝 Held items ({n})", n=held), pack(PREFIX, "h")),
        ]
    )
    return Screen(Html("\n\n".join(blocks)), rows)


def feed_block(
    t: Translator, feed: Feed, number: int, topics: list[Topic], zone: ZoneInfo
) -> Html:
    """A feed's lines in the list: name and address, what it makes, its state and counts."""
    lines = [f"<b>{number}. {escape(shorten(feed.name, NAME_SHOWN))}</b>"]
    if feed.title:
        lines.append(escape(shorten(feed.url, NAME_SHOWN)))
    names = shorten(topic_names(t, topics, feed.topic_ids, feed.all_topics), LINE_SHOWN)
    lines.append(
        f"{escape(kind_label(t, feed.kind))} · "
        + t.gettext("🏷 {names}", names=names)
        + f" · {escape(t.plain(MODE_LABELS[feed.mode]))}"
    )
    lines.append(state_line(t, feed))
    lines.append(t.gettext("Last success: {when}", when=_moment(t, feed.last_success_at, zone)))
    if feed.last_error:
        error = shorten(feed.last_error, LINE_SHOWN)
        lines.append(t.gettext("Last error: {error}", error=error))
    lines.append(
        t.gettext(
            "Published: {published} · held: {held}", published=feed.published, held=feed.held
        )
    )
    return Html("\n".join(lines))


def state_line(t: Translator, feed: Feed) -> Html:
    if feed.active:
        return t.gettext("✅ Active")
    if feed.paused_reason:
        reason = shorten(feed.paused_reason, LINE_SHOWN)
        return t.gettext("⚠️ Paused after failures: {reason}", reason=reason)
    return t.gettext("⏸ Paused by staff")


def feed_buttons(t: Translator, feed: Feed, number: int, page: int) -> list[tuple[str, str]]:
    if feed.active:
        toggle = (t.plain("⏸ Pause #{n}", n=number), pack(PREFIX, "p", feed.id, page))
    else:
        toggle = (t.plain("▶️ Resume #{n}", n=number), pack(PREFIX, "r", feed.id, page))
    return [
        toggle,
        (t.plain("🏷 Topics #{n}", n=number), pack(PREFIX, "t", feed.id, page)),
        (t.plain("🗑 Remove #{n}", n=number), pack(PREFIX, "d", feed.id, page)),
    ]


def _moment(t: Translator, moment: datetime | None, zone: ZoneInfo) -> str:
    return t.plain("never") if moment is None else format_long(moment, t.language, zone)


def remove_confirm(t: Translator, feed: Feed, page: int) -> Screen:
    text = t.gettext(
        "Remove the feed <b>{name}</b>? Announcements already published from it stay. Its "
        "items are remembered, so adding it again sends none of them twice.",
        name=shorten(feed.name, NAME_SHOWN),
    )
    rows: Keyboard = [
        [(t.plain("🗑 Yes, remove it"), pack(PREFIX, "dy", feed.id, page))],
        [(t.plain("◀️ Back"), pack(PREFIX, "l", page))],
    ]
    return Screen(text, rows)


def feed_topics(t: Translator, feed: Feed, topics: list[Topic], page: int) -> Screen:
    """The topics a feed's items go to, toggled in place; Done goes back to the list."""
    text = t.gettext(
        "<b>Topics of {name}</b>\nIts new items go to subscribers of any chosen topic.",
        name=shorten(feed.name, NAME_SHOWN),
    )
    rows = topic_rows(
        t,
        topics,
        feed.topic_ids,
        lambda topic_id: pack(PREFIX, "tt", feed.id, topic_id, page),
        pack(PREFIX, "ta", feed.id, page),
        all_topics=feed.all_topics,
    )
    rows.append([(t.plain("Done ▶️"), pack(PREFIX, "l", page))])
    return Screen(text, rows)


def paused_toast(t: Translator) -> str:
    return t.plain("Paused: it is not polled until you resume it.")


def resumed_toast(t: Translator) -> str:
    return t.plain("Resumed: it is polled again in a moment.")


def removed_toast(t: Translator) -> str:
    return t.plain("Removed.")


def at_least_one_topic(t: Translator) -> str:
    return t.plain("Choose at least one topic, or all topics.")
