"""The /postulate conversation's screens: prompts with their limits, choices, the review card."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Final
from zoneinfo import ZoneInfo

from bot.core.callbacks import Keyboard, pack
from bot.core.dates import format_long
from bot.core.i18n import N_, Translator
from bot.core.render import Html
from bot.core.screens import Screen
from bot.core.topics import Topic
from bot.postulates.actions import FIELDS, INBOX, MEMBER
from bot.postulates.card import status_label
from bot.postulates.model import (
    BENEFICIARIES_MAX,
    DESCRIPTION_MAX,
    PER_DAY,
    TITLE_MAX,
    Draft,
    Postulate,
    Round,
)

FLOW: Final = "postulate"
LABEL_SHOWN: Final = 40  # round titles on buttons are cut to this


class Step(StrEnum):
    """Where the /postulate conversation is; the text steps take typed answers."""

    ROUND = "round"
    TOPIC = "topic"
    TITLE = "title"
    DESCRIPTION = "description"
    BENEFICIARIES = "beneficiaries"
    BEHALF = "behalf"
    REVIEW = "review"


TEXT_STEPS: Final = (Step.TITLE, Step.DESCRIPTION, Step.BENEFICIARIES)
_PROMPTS: Final[dict[Step, str]] = {
    Step.TITLE: N_("<b>Title</b>: at most {limit} characters. Send a short title."),
    Step.DESCRIPTION: N_(
        "<b>Description</b>: at most {limit} characters. What should the city do, and why?"
    ),
    Step.BENEFICIARIES: N_(
        "<b>Who it concerns</b>: at most {limit} characters. Which group of people would it"
        " help (for example: seniors in Nowa Huta)?"
    ),
}
_LIMITS: Final = {
    Step.TITLE: TITLE_MAX,
    Step.DESCRIPTION: DESCRIPTION_MAX,
    Step.BENEFICIARIES: BENEFICIARIES_MAX,
}
_EDIT_LABELS: Final[dict[str, str]] = {
    "round": N_("✏️ Round"),
    "topic": N_("✏️ Topic"),
    "title": N_("✏️ Title"),
    "description": N_("✏️ Description"),
    "beneficiaries": N_("✏️ Who it concerns"),
    "behalf": N_("✏️ On behalf of"),
}


@dataclass(frozen=True, slots=True)
class Summary:
    """What the review card names besides the draft itself."""

    draft: Draft
    round_title: str | None  # None: the general inbox
    topic_name: str
    organisation: str | None  # the user's organisation, if any
    left_today: int
    several_rounds: bool  # whether the round can be changed


def shorten(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def cancel_row(t: Translator) -> list[tuple[str, str]]:
    return [(t.plain("✖️ Cancel"), pack(MEMBER, "x"))]


def left_today(t: Translator, left: int) -> Html:
    return t.ngettext(
        "You can send {limit} postulates a day; {n} left today.",
        "You can send {limit} postulates a day; {n} left today.",
        left,
        limit=PER_DAY,
    )


def none_left(t: Translator) -> Html:
    return t.gettext(
        "You can send {limit} postulates a day and none are left today. Please try again"
        " tomorrow.",
        limit=PER_DAY,
    )


def resume_offer(t: Translator, draft: Draft) -> Screen:
    """A saved draft exists: go on with it, or throw it away and start again."""
    if draft.title:
        text = t.gettext(
            "You have an unfinished postulate, <b>{title}</b>. Continue it or start again?",
            title=draft.title,
        )
    else:
        text = t.gettext("You have an unfinished postulate. Continue it or start again?")
    rows: Keyboard = [
        [
            (t.plain("▶️ Continue"), pack(MEMBER, "cr")),
            (t.plain("🆕 Start again"), pack(MEMBER, "cn")),
        ]
    ]
    return Screen(text, rows)


def round_screen(t: Translator, rounds: list[Round], zone: ZoneInfo) -> Screen:
    """Several rounds are open: which one (or the general inbox)?"""
    lines = [t.gettext("Which consultation round is your postulate for?")]
    rows: Keyboard = []
    for item in rounds:
        closes = format_long(item.closes_at, t.language, zone)
        lines.append(
            t.gettext("• <b>{title}</b>, open until {date}", title=item.title, date=closes)
        )
        rows.append([(shorten(item.title, LABEL_SHOWN), pack(MEMBER, "r", item.id))])
    rows.append([(t.plain("📥 General inbox, outside any round"), pack(MEMBER, "r", INBOX))])
    rows.append(cancel_row(t))
    return Screen(Html("\n".join(lines)), rows)


def one_round_line(t: Translator, item: Round, zone: ZoneInfo) -> Html:
    return t.gettext(
        "The consultation round <b>{title}</b> is open until {date}: your postulate goes to it.",
        title=item.title,
        date=format_long(item.closes_at, t.language, zone),
    )


def inbox_line(t: Translator) -> Html:
    return t.gettext(
        "No consultation round is open now: your postulate goes to the general inbox, where"
        " the city reads proposals outside any round."
    )


def topic_screen(t: Translator, topics: list[Topic], lead: Html | None = None) -> Screen:
    """The topics to choose from, two to a row."""
    rows: Keyboard = [
        [(topic.name(t.language), pack(MEMBER, "t", topic.id)) for topic in topics[i : i + 2]]
        for i in range(0, len(topics), 2)
    ]
    rows.append(cancel_row(t))
    question = t.gettext("Which topic is it about?")
    return Screen(Html(f"{lead}\n\n{question}") if lead else question, rows)


def text_prompt(t: Translator, step: Step, lead: Html | None = None) -> Screen:
    """Ask for a text field, stating its limit before it bites."""
    prompt = t.gettext(_PROMPTS[step], limit=_LIMITS[step])
    hint = t.gettext("Send /cancel to stop; your draft is kept until then.")
    body = f"{prompt}\n{hint}"
    return Screen(Html(f"{lead}\n\n{body}" if lead else body), [cancel_row(t)])


def behalf_screen(t: Translator, organisation: str) -> Screen:
    text = t.gettext(
        "Do you send it on behalf of <b>{organisation}</b> or in your own name?",
        organisation=organisation,
    )
    rows: Keyboard = [
        [
            (
                t.plain("🏢 On behalf of {organisation}", organisation=shorten(organisation, 40)),
                pack(MEMBER, "b", 1),
            )
        ],
        [(t.plain("👤 In my own name"), pack(MEMBER, "b", 0))],
        cancel_row(t),
    ]
    return Screen(text, rows)


def review_screen(t: Translator, summary: Summary) -> Screen:
    """The whole draft, each typed field shown literally, with an edit button per field."""
    draft = summary.draft
    where = summary.round_title or t.plain("the general inbox (outside any round)")
    if draft.on_behalf and summary.organisation:
        who = t.plain("on behalf of {organisation}", organisation=summary.organisation)
    else:
        who = t.plain("in your own name")
    lines = [
        t.gettext("<b>Your postulate — please check it</b>"),
        t.gettext("Round: {round}", round=where),
        t.gettext("Topic: {topic}", topic=summary.topic_name),
        t.gettext("Title: <b>{title}</b>", title=draft.title),
        t.gettext("Description:\n{description}", description=draft.description),
        t.gettext("Who it concerns: {beneficiaries}", beneficiaries=draft.beneficiaries),
        t.gettext("Sent: {who}", who=who),
        "",
        left_today(t, summary.left_today),
    ]
    shown = [
        name
        for name in FIELDS
        if (name != "round" or summary.several_rounds)
        and (name != "behalf" or summary.organisation is not None)
    ]
    edits = [
        (t.plain(_EDIT_LABELS[name]), pack(MEMBER, "e", FIELDS.index(name))) for name in shown
    ]
    rows: Keyboard = [edits[i : i + 2] for i in range(0, len(edits), 2)]
    rows.append([(t.plain("✅ Submit"), pack(MEMBER, "s"))])
    rows.append(cancel_row(t))
    return Screen(Html("\n".join(lines)), rows)


def submitted(t: Translator, postulate: Postulate) -> Screen:
    return Screen(
        t.gettext(
            "✅ Your postulate №{number} has been sent. Status: {status}.\n"
            "See it and what happens to it with /mypostulates.",
            number=postulate.id,
            status=status_label(t, postulate.status),
        )
    )


def use_buttons(t: Translator) -> Html:
    return t.gettext("Please choose with the buttons above, or send /cancel to stop.")


def text_expected(t: Translator) -> Html:
    return t.gettext("Please send it as a text message.")


def cancelled(t: Translator) -> Html:
    return t.gettext("Cancelled: the postulate was not sent and its draft is deleted.")
