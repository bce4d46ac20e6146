"""The add-feed and OPML-import conversation's prompts, choices and results (Telegram-free)."""

from __future__ import annotations

import dataclasses
from collections.abc import Collection, Mapping
from dataclasses import dataclass
from enum import StrEnum
from typing import Any, Final

from bot.core.callbacks import Keyboard, pack
from bot.core.i18n import Translator
from bot.core.render import Html
from bot.core.screens import Screen, refused
from bot.core.topic_view import topic_names, topic_rows
from bot.core.topics import Kind, Topic
from bot.feeds.model import Feed, FeedProblem, Mode
from bot.feeds.view import MODE_LABELS, NAME_SHOWN, PREFIX, kind_label, shorten

FLOW: Final = "feeds"
FILE_MAX: Final = 1024 * 1024  # an OPML file of a thousand feeds is well under this


@dataclass(frozen=True, slots=True)
class Choices:
    """What the conversation has gathered so far; kept as JSON in the saved dialog."""

    url: str | None = None
    file_id: str | None = None  # an OPML file, fetched again when the import is confirmed
    file_name: str = ""
    count: int = 0  # feeds the file lists
    topic_ids: tuple[int, ...] = ()
    all_topics: bool = False
    kind: Kind | None = None
    mode: Mode | None = None

    @classmethod
    def of(cls, data: Mapping[str, Any]) -> Choices:
        """Read back what data() saved; anything damaged or missing becomes "not chosen"."""
        topics = data.get("topic_ids")
        kind, mode = data.get("kind"), data.get("mode")
        return cls(
            url=_text(data.get("url")),
            file_id=_text(data.get("file_id")),
            file_name=_text(data.get("file_name")) or "",
            count=data["count"] if isinstance(data.get("count"), int) else 0,
            topic_ids=tuple(i for i in topics if isinstance(i, int))
            if isinstance(topics, list)
            else (),
            all_topics=data.get("all_topics") is True,
            kind=Kind(kind) if kind in set(Kind) else None,
            mode=Mode(mode) if mode in set(Mode) else None,
        )

    def data(self) -> dict[str, Any]:
        values = dataclasses.asdict(self)
        values["topic_ids"] = list(self.topic_ids)
        return values


def _text(value: object) -> str | None:
    return value if isinstance(value, str) else None


class Step(StrEnum):
    """Where the conversation is; URL also takes an OPML file, FILE only a file."""

    URL = "url"
    FILE = "file"
    TOPICS = "topics"
    KIND = "kind"
    MODE = "mode"
    CONFIRM = "confirm"


def url_prompt(t: Translator) -> Screen:
    return Screen(
        t.gettext(
            "<b>New feed</b>\nSend the feed's address (RSS or Atom), for example "
            "https://www.example.pl/rss. To add many feeds at once, send an OPML file instead. "
            "Send /cancel to stop."
        )
    )


def file_prompt(t: Translator) -> Screen:
    return Screen(
        t.gettext(
            "<b>Import feeds</b>\nSend the OPML file (.opml or .xml, at most 1 MB) as a "
            "document; feed readers export one. Send /cancel to stop."
        )
    )


def problem_text(t: Translator, problem: FeedProblem) -> Html:
    if problem is FeedProblem.INVALID_URL:
        return t.gettext("That does not look like a feed address (https://…).")
    if problem is FeedProblem.DUPLICATE:
        return t.gettext("This feed is already on the list: /feeds shows it.")
    if problem is FeedProblem.NO_TOPICS:
        return t.gettext("Choose at least one topic, or all topics.")
    return t.gettext(
        "I could not read that file as OPML. Export it again from the feed reader, or send "
        "the addresses one by one."
    )


def again(t: Translator, problem: FeedProblem, prompt: Screen) -> Screen:
    """The refusal, then the same step's prompt: the step stays."""
    return refused(problem_text(t, problem), prompt)


def file_expected(t: Translator) -> Screen:
    return again_text(t, t.gettext("Please send the OPML file as a document."))


def file_too_big(t: Translator) -> Screen:
    return again_text(t, t.gettext("That file is too big: at most 1 MB, please."))


def again_text(t: Translator, refusal: Html) -> Screen:
    return Screen(Html(f"{refusal}\n\n{file_prompt(t).text}"))


def file_read(t: Translator, count: int) -> Html:
    return t.ngettext("The file lists {n} feed.", "The file lists {n} feeds.", count)


def topics_screen(t: Translator, topics: list[Topic], chosen: Collection[int]) -> Screen:
    text = t.gettext(
        "<b>Which topics?</b>\nIts items go to subscribers of any topic you choose, or to "
        "everyone with all topics."
    )
    rows = topic_rows(
        t,
        topics,
        chosen,
        lambda topic_id: pack(PREFIX, "ct", topic_id),
        pack(PREFIX, "ca"),
        all_topics=False,
    )
    rows.append([(t.plain("Done ▶️"), pack(PREFIX, "cd"))])
    return Screen(text, rows)


def kind_screen(t: Translator) -> Screen:
    rows: Keyboard = [[(kind_label(t, kind), pack(PREFIX, "ck", kind.value))] for kind in Kind]
    return Screen(
        t.gettext("<b>What are its items?</b>\nEach becomes an announcement of this kind."), rows
    )


def mode_screen(t: Translator) -> Screen:
    rows: Keyboard = [
        [(t.plain("🚀 Publish automatically"), pack(PREFIX, "cm", Mode.AUTO.value))],
        [(t.plain("✋ Hold each item for approval"), pack(PREFIX, "cm", Mode.REVIEW.value))],
    ]
    text = t.gettext(
        "<b>Publish its items automatically, or hold each one for approval?</b>\nHeld items "
        "reach staff with Publish and Discard buttons."
    )
    return Screen(text, rows)


def confirm_screen(t: Translator, choices: Choices, topics: list[Topic]) -> Screen:
    """The summary before anything is added."""
    if choices.file_id is not None:
        source = file_line(t, choices.file_name, choices.count)
    else:
        source = t.gettext("Feed: {url}", url=shorten(choices.url or "—", NAME_SHOWN))
    names = topic_names(t, topics, choices.topic_ids, choices.all_topics)
    lines = [source, t.gettext("🏷 Topics: {names}", names=names)]
    if choices.kind is not None:
        lines.append(t.gettext("Kind: {kind}", kind=kind_label(t, choices.kind)))
    if choices.mode is not None:
        lines.append(t.gettext("Items: {mode}", mode=t.plain(MODE_LABELS[choices.mode])))
    rows: Keyboard = [
        [(t.plain("✅ Add"), pack(PREFIX, "cy"))],
        [(t.plain("✖️ Cancel"), pack(PREFIX, "cx"))],
    ]
    return Screen(Html("\n".join(lines)), rows)


def file_line(t: Translator, name: str, count: int) -> Html:
    return t.ngettext(
        "OPML file: {name} ({n} feed)", "OPML file: {name} ({n} feeds)", count, name=name
    )


def next_steps(t: Translator, mode: Mode) -> Html:
    """What happens after adding: the first poll only records; then items flow in `mode`."""
    first = t.gettext(
        "The first poll, in a moment, records what the feed already holds without sending it, "
        "so there is no flood of old news."
    )
    if mode is Mode.AUTO:
        then = t.gettext(
            "From then on each new item is published to subscribers of its topics as it comes."
        )
    else:
        then = t.gettext(
            "From then on each new item is held: staff get it with Publish, Change topics and "
            "Discard buttons."
        )
    where = t.gettext("/feeds shows how its polling goes.")
    return Html(f"{first} {then} {where}")


def added(t: Translator, feed: Feed) -> Html:
    head = t.gettext("✅ Feed added: {name}.", name=shorten(feed.name, NAME_SHOWN))
    return Html(f"{head}\n{next_steps(t, feed.mode)}")


def imported(t: Translator, added: int, skipped: int, mode: Mode) -> Html:
    counts = t.ngettext("✅ {n} feed added", "✅ {n} feeds added", added)
    rest = t.ngettext(
        "{n} skipped (invalid or already on the list).",
        "{n} skipped (invalid or already on the list).",
        skipped,
    )
    text = f"{counts}, {rest}"
    return Html(f"{text}\n{next_steps(t, mode)}" if added else text)


def cancelled(t: Translator) -> Html:
    return t.gettext("Cancelled: no feed was added.")


def use_buttons(t: Translator) -> Html:
    return t.gettext("Please use the buttons above, or send /cancel to stop.")
