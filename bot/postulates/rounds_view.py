"""/rounds screens: the list of consultation rounds and the open-a-round conversation's steps."""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import Any, Final
from zoneinfo import ZoneInfo

from bot.core.callbacks import Keyboard, pack, unpack
from bot.core.dates import NO_SUCH_DAY, NO_SUCH_TIME, DateProblem, format_long
from bot.core.i18n import N_, Translator
from bot.core.render import Html, escape
from bot.core.screens import Screen
from bot.core.topic_view import topic_names, topic_rows
from bot.core.topics import Topic
from bot.numbers import parse_natural
from bot.postulates.actions import problem_text
from bot.postulates.model import Problem, Refusal, Round

PREFIX: Final = "rnd"
FLOW: Final = "rounds"
# Button names: n new round, s skip description, t toggle topic, a all topics, d topics done,
# w opens now, y confirm, x cancel.
NAMES: Final = frozenset({"n", "s", "t", "a", "d", "w", "y", "x"})


class Step(StrEnum):
    TITLE = "title"
    DESCRIPTION = "description"
    TOPICS = "topics"
    OPENS = "opens"
    CLOSES = "closes"
    CONFIRM = "confirm"


@dataclass(frozen=True, slots=True)
class Action:
    """A pressed /rounds button: its name and (for a topic toggle) the topic id."""

    name: str
    topic_id: int = 0


def parse(data: str | None) -> Action | None:
    """The button's action, or None for anything malformed (forged or stale)."""
    parts = unpack(data, PREFIX, 1)
    if parts is not None and parts[0] in NAMES and parts[0] != "t":
        return Action(parts[0])
    parts = unpack(data, PREFIX, 2)
    if parts is None or parts[0] != "t" or parse_natural(parts[1], max_digits=99) is None:
        return None
    return Action("t", int(parts[1][:12]))


@dataclass(frozen=True, slots=True)
class Choices:
    """What the conversation has gathered; kept as JSON in the saved dialog."""

    title: str = ""
    description: str = ""
    topic_ids: tuple[int, ...] = ()
    all_topics: bool = False
    opens_now: bool = False
    opens_at: str | None = None  # ISO 8601, aware
    closes_at: str | None = None

    @classmethod
    def of(cls, data: Mapping[str, Any]) -> Choices:
        """Read back what data() saved; anything damaged becomes "not chosen"."""
        topics = data.get("topic_ids")
        return cls(
            title=_text(data.get("title")) or "",
            description=_text(data.get("description")) or "",
            topic_ids=tuple(i for i in topics if isinstance(i, int))
            if isinstance(topics, list)
            else (),
            all_topics=data.get("all_topics") is True,
            opens_now=data.get("opens_now") is True,
            opens_at=_text(data.get("opens_at")),
            closes_at=_text(data.get("closes_at")),
        )

    def data(self) -> dict[str, Any]:
        values = dataclasses.asdict(self)
        values["topic_ids"] = list(self.topic_ids)
        return values

    @property
    def opening(self) -> datetime | None:
        return _moment(self.opens_at)

    @property
    def closing(self) -> datetime | None:
        return _moment(self.closes_at)


def _text(value: object) -> str | None:
    return value if isinstance(value, str) else None


def _moment(value: str | None) -> datetime | None:
    try:
        moment = datetime.fromisoformat(value) if value else None
    except ValueError:
        return None
    return moment if moment is not None and moment.tzinfo is not None else None


def round_list(t: Translator, rounds: list[Round], now: datetime, zone: ZoneInfo) -> Screen:
    """Every round with its state and dates, then the button opening a new one."""
    if not rounds:
        head = t.gettext("<b>Consultation rounds</b>\nNo rounds yet.")
    else:
        head = t.gettext("<b>Consultation rounds</b>")
    lines = [head, *(_round_line(t, item, now, zone) for item in rounds)]
    rows: Keyboard = [[(t.plain("➕ Open a round"), pack(PREFIX, "n"))]]
    return Screen(Html("\n\n".join(lines)), rows)


def _round_line(t: Translator, item: Round, now: datetime, zone: ZoneInfo) -> Html:
    if item.is_open(now):
        state = t.gettext("🟢 open")
    elif now < item.opens_at:
        state = t.gettext("🕒 upcoming")
    else:
        state = t.gettext("⚪️ closed")
    span = t.gettext(
        "{opens} – {closes}",
        opens=format_long(item.opens_at, t.language, zone),
        closes=format_long(item.closes_at, t.language, zone),
    )
    return Html(f"<b>{escape(item.title)}</b> — {state}\n{span}")


_PROMPTS: Final = {
    Step.TITLE: N_(
        "<b>New consultation round</b>\nSend its title, for example "
        "“Roczny program współpracy 2027” (at most 200 characters). Send /cancel to stop."
    ),
    Step.DESCRIPTION: N_(
        "Send a description of the round: what the city asks about. It goes into the "
        "announcement. Or press Skip."
    ),
    Step.OPENS: N_(
        "When does the round open? Press ▶️ Now, or type a date, for example "
        "“1.03 9:00” or “tomorrow at 9”."
    ),
    Step.CLOSES: N_(
        "When does it close? Type a date, for example “31.03” (the end of that day) "
        "or “31.03 15:00”."
    ),
}


def prompt(t: Translator, step: Step) -> Screen:
    """The question of a typed step (with its button, if any)."""
    rows: Keyboard = []
    if step is Step.DESCRIPTION:
        rows = [[(t.plain("⏭ Skip"), pack(PREFIX, "s"))]]
    elif step is Step.OPENS:
        rows = [[(t.plain("▶️ Now"), pack(PREFIX, "w"))]]
    return Screen(t.gettext(_PROMPTS.get(step, _PROMPTS[Step.TITLE])), rows)


def topics_screen(t: Translator, topics: list[Topic], choices: Choices) -> Screen:
    text = t.gettext(
        "<b>Which topics?</b>\nThe opening is announced to subscribers of any topic you "
        "choose, or of every topic with all topics."
    )
    rows = topic_rows(
        t,
        topics,
        choices.topic_ids,
        lambda topic_id: pack(PREFIX, "t", topic_id),
        pack(PREFIX, "a"),
        all_topics=choices.all_topics,
    )
    rows.append([(t.plain("Done ▶️"), pack(PREFIX, "d"))])
    return Screen(text, rows)


def confirm_screen(
    t: Translator, choices: Choices, topics: list[Topic], now: datetime, zone: ZoneInfo
) -> Screen:
    """The summary before the round is opened."""
    opening, closing = choices.opening, choices.closing
    opens = t.plain("now") if choices.opens_now or opening is None else _long(t, opening, zone)
    lines = [
        t.gettext("<b>Open this round?</b>"),
        t.gettext("Title: {title}", title=choices.title),
        t.gettext("Description: {text}", text=choices.description or "—"),
        t.gettext(
            "🏷 Topics: {names}",
            names=topic_names(t, topics, choices.topic_ids, choices.all_topics),
        ),
        t.gettext("Opens: {when}", when=opens),
        t.gettext("Closes: {when}", when=_long(t, closing or now, zone)),
    ]
    rows: Keyboard = [
        [(t.plain("✅ Confirm"), pack(PREFIX, "y"))],
        [(t.plain("✖️ Cancel"), pack(PREFIX, "x"))],
    ]
    return Screen(Html("\n".join(lines)), rows)


def _long(t: Translator, moment: datetime, zone: ZoneInfo) -> str:
    return format_long(moment, t.language, zone)


def opened(t: Translator, item: Round, now: datetime, zone: ZoneInfo) -> Html:
    if item.opens_at <= now:
        when = t.gettext("now")
    else:
        when = t.gettext("at {when}", when=_long(t, item.opens_at, zone))
    return t.gettext(
        "✅ Round opened: {title}. Subscribers of its topics get the announcement {when}, "
        "and reminders before it closes on {closes}.",
        title=item.title,
        when=Html(when),
        closes=_long(t, item.closes_at, zone),
    )


def refusal(t: Translator, refused: Refusal) -> Html:
    """Why the round's answer or the round itself was refused."""
    if refused.problem is Problem.BAD_DATES:
        return t.gettext("The round must close after it opens, and in the future.")
    if refused.problem is Problem.UNKNOWN_TOPIC:
        return t.gettext("Choose at least one current topic, or all topics.")
    return problem_text(t, refused)


_DATE_PROBLEMS: Final = {
    DateProblem.PAST: N_("That moment has already passed."),
    DateProblem.TOO_FAR: N_("That is more than three years ahead — please check the year."),
    DateProblem.BAD_DATE: NO_SUCH_DAY,
    DateProblem.BAD_TIME: NO_SUCH_TIME,
}


def date_problem(t: Translator, problem: DateProblem) -> Html:
    default = N_("I could not read that date. Try “31.03 15:00” or “on Friday at 12”.")
    return t.gettext(_DATE_PROBLEMS.get(problem, default))


def cancelled(t: Translator) -> Html:
    return t.gettext("Cancelled: no round was opened.")


def use_buttons(t: Translator) -> Html:
    return t.gettext("Please use the buttons above, or send /cancel to stop.")


def at_least_one_topic(t: Translator) -> str:
    return t.plain("Choose at least one topic, or all topics.")
