"""The /announce conversation's texts, buttons and callback data (Telegram-free)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import Final
from zoneinfo import ZoneInfo

from bot.announcements.model import (
    KIND_FIELDS,
    MESSAGE_MAX,
    Announcement,
    Field,
    Problem,
    Refusal,
    is_optional,
)
from bot.core.callbacks import Keyboard, pack, unpack
from bot.core.dates import NO_SUCH_DAY, NO_SUCH_TIME, format_long
from bot.core.i18n import N_, Translator
from bot.core.render import Html
from bot.core.screens import Screen
from bot.core.topics import KIND_LABELS, Kind, Topic
from bot.organisations.service import Organisation

FLOW, PREFIX = "announce", "ann"
ON, OFF = "✅", "▫️"


class Step(StrEnum):
    """Where the conversation is; a text step's value is its Field's."""

    KIND = "kind"
    ORGANISATION = "org"
    PREVIEW = "preview"
    FIELDS = "fields"
    SCHEDULE_CONFIRM = "schedok"


PROMPTS: Final[dict[Field, str]] = {
    Field.TITLE: N_("Send the <b>title</b> (at most 200 characters)."),
    Field.TEXT: N_(
        "Send the <b>text</b> of the announcement. Bold, italics and links you format in "
        "Telegram are kept."
    ),
    Field.STARTS: N_("When does it <b>start</b>? For example: “15.01 15:00”, “tomorrow 9:00”."),
    Field.ENDS: N_(
        "When does it <b>end</b>? For example: “17:00” (on the day it starts) or “16.01 12:00”."
    ),
    Field.PLACE: N_("<b>Where</b> does it take place?"),
    Field.DEADLINE: N_(
        "What is the <b>deadline</b>? For example: “15.01 15:00” or “15 January” (a date alone "
        "means 15:00 for calls for proposals and the end of the day for consultations)."
    ),
    Field.ADDRESS: N_("What is the <b>address</b> of the premises?"),
    Field.LINK: N_("Send a <b>link</b> (https://…)."),
    Field.DOCUMENT: N_("Attach a <b>document</b>: send it as a file."),
    Field.SCHEDULE: N_(
        "When should it go out? For example: “tomorrow 9:00”, “15.01 8:00”, “on Friday at 12”."
    ),
}
FIELD_LABELS: Final[dict[Field, str]] = {
    Field.AUDIENCE: N_("Audience"),
    Field.TITLE: N_("Title"),
    Field.TEXT: N_("Text"),
    Field.STARTS: N_("Start"),
    Field.ENDS: N_("End"),
    Field.PLACE: N_("Place"),
    Field.DEADLINE: N_("Deadline"),
    Field.ADDRESS: N_("Address"),
    Field.LINK: N_("Link"),
    Field.DOCUMENT: N_("Document"),
    Field.SCHEDULE: N_("Publication time"),
}
_PROBLEMS: Final[dict[Problem, str]] = {
    Problem.MISSING: N_("{field} is still missing."),
    Problem.EMPTY: N_("{field} cannot be empty."),
    Problem.LINK_INVALID: N_("That does not look like a web address (https://…)."),
    Problem.UNREADABLE: N_(
        "I could not read that date. Try for example “15.01 15:00” or “tomorrow 9:00”."
    ),
    Problem.PAST: N_("{field}: that moment has already passed."),
    Problem.TOO_FAR: N_("{field}: that is more than three years ahead — please check the year."),
    Problem.BEFORE_PUBLICATION: N_(
        "{field} would be before the announcement goes out. Choose a later date or publish "
        "earlier."
    ),
    Problem.END_BEFORE_START: N_("The end must be after the start."),
    Problem.BAD_DATE: NO_SUCH_DAY,
    Problem.BAD_TIME: NO_SUCH_TIME,
    Problem.WRONG_STATE: N_("This announcement can no longer be changed this way."),
}


@dataclass(frozen=True, slots=True)
class Action:
    """A parsed /announce button: what was pressed and its argument (a kind, id or field)."""

    name: str
    arg: str = ""


_BARE: Final = frozenset(
    {"all", "org", "done", "skip", "test", "edit", "sched", "sok", "now", "back", "x", "fix"}
    | {"nowq", "nowb"}  # Send now asks once: the question, and back to the preview
    | {"again"}  # an edited scheduled announcement back on the schedule at its time
)
_WITH_ARG: Final = frozenset({"k", "t", "o", "f"})


def parse(data: str | None) -> Action | None:
    """A button's action; None for anything malformed or forged."""
    for count in (1, 2):
        parts = unpack(data, PREFIX, count)
        if parts is None:
            continue
        if count == 1 and parts[0] in _BARE:
            return Action(parts[0])
        if count == 2 and parts[0] in _WITH_ARG and parts[1].isalnum() and len(parts[1]) <= 12:
            return Action(parts[0], parts[1])
    return None


def problem_text(t: Translator, refusal: Refusal) -> Html:
    field = t.plain(FIELD_LABELS[refusal.field]) if refusal.field else ""
    if refusal.problem is Problem.TOO_LONG:
        if refusal.field in (Field.TEXT, None):
            return t.ngettext(
                "The announcement would be {n} character longer than Telegram allows ({max}). "
                "Please shorten it.",
                "The announcement would be {n} characters longer than Telegram allows ({max}). "
                "Please shorten it.",
                refusal.excess,
                max=MESSAGE_MAX,
            )
        return t.ngettext(
            "{field} is {n} character too long.",
            "{field} is {n} characters too long.",
            refusal.excess,
            field=field,
        )
    return t.gettext(_PROBLEMS[refusal.problem], field=field)


def prompt(t: Translator, field: Field, kind: Kind) -> Screen:
    """Ask for a field; optional ones get a Skip button."""
    rows: Keyboard = []
    if is_optional(kind, field) and field is not Field.SCHEDULE:
        rows.append([(t.plain("Skip ▶️"), pack(PREFIX, "skip"))])
    return Screen(t.gettext(PROMPTS[field]), rows)


def kind_screen(t: Translator) -> Screen:
    rows: Keyboard = [
        [(t.plain(KIND_LABELS[kind]), pack(PREFIX, "k", kind.value))] for kind in Kind
    ]
    return Screen(
        t.gettext("<b>New announcement</b>\nWhat kind is it? Send /cancel to stop."), rows
    )


def audience_screen(t: Translator, topics: list[Topic], chosen: tuple[int, ...]) -> Screen:
    """Topic toggles edited in place, "All topics", "One organisation" and Done."""
    rows: Keyboard = []
    active = [topic for topic in topics if not topic.retired]
    for pair in (active[i : i + 2] for i in range(0, len(active), 2)):
        rows.append(
            [
                (
                    f"{ON if topic.id in chosen else OFF} {topic.name(t.language)}",
                    pack(PREFIX, "t", topic.id),
                )
                for topic in pair
            ]
        )
    rows.append([(t.plain("🌐 All topics"), pack(PREFIX, "all"))])
    rows.append([(t.plain("🎯 One organisation"), pack(PREFIX, "org"))])
    rows.append([(t.plain("Done ▶️"), pack(PREFIX, "done"))])
    text = t.gettext(
        "<b>Who should get it?</b>\nChoose topics (subscribers to any of them receive it), all "
        "topics, or one organisation."
    )
    return Screen(text, rows)


def organisation_prompt(t: Translator) -> Html:
    return t.gettext("Send part of the organisation's name.")


def organisation_results(t: Translator, found: list[Organisation]) -> Screen:
    if not found:
        return Screen(t.gettext("No organisation matches. Try another part of its name."))
    rows: Keyboard = [[(org.name[:60], pack(PREFIX, "o", org.id))] for org in found]
    return Screen(t.gettext("Choose the organisation:"), rows)


def choose_topics_first(t: Translator) -> str:
    return t.plain("Choose at least one topic, or all topics, or one organisation.")


def date_confirmation(t: Translator, field: Field, moment: datetime, zone: ZoneInfo) -> Html:
    return t.gettext(
        "{field}: {when} ✓",
        field=t.plain(FIELD_LABELS[field]),
        when=format_long(moment, t.language, zone),
    )


def audience_line(t: Translator, people: int, organisations: int) -> Html:
    """ "Will reach 412 people in 96 organisations." with each number's plural form."""
    reach = t.ngettext("Will reach {n} person", "Will reach {n} people", people)
    where = t.ngettext("in {n} organisation.", "in {n} organisations.", organisations)
    return Html(f"{reach} {where}")


WAS_AT: Final = "was_at"  # in the dialog: when an edited scheduled announcement was due


def preview_controls(
    t: Translator,
    people: int,
    organisations: int,
    warning: Html | None = None,
    again: str | None = None,
) -> Screen:
    """The message under the preview: the audience, any warning, and what to do next
    (`again`: the time an edited scheduled announcement was due, offered back)."""
    exact = t.gettext("👆 This is exactly what recipients will see.")
    text = Html(f"{exact}\n{audience_line(t, people, organisations)}")
    if warning is not None:
        text = Html(f"{text}\n{warning}")
    rows: Keyboard = [
        [(t.plain("🧪 Send a test to me"), pack(PREFIX, "test"))],
        [(t.plain("✏️ Edit a field"), pack(PREFIX, "edit"))],
        [
            (t.plain("🕒 Schedule"), pack(PREFIX, "sched")),
            (t.plain("🚀 Send now"), pack(PREFIX, "nowq")),
        ],
        [(t.plain("✖️ Cancel"), pack(PREFIX, "x"))],
    ]
    if again is not None:
        rows.insert(
            0, [(t.plain("🕒 Schedule again for {when}", when=again), pack(PREFIX, "again"))]
        )
    return Screen(text, rows)


def send_now_confirm(t: Translator, people: int, organisations: int) -> Screen:
    """Asked once before an announcement goes out: to how many, and that it cannot be undone."""
    question = t.ngettext(
        "🚀 Send it now to {n} person? Once sent it can be corrected or cancelled, but not "
        "taken back.",
        "🚀 Send it now to {n} people? Once sent it can be corrected or cancelled, but not "
        "taken back.",
        people,
    )
    rows: Keyboard = [
        [(t.plain("🚀 Yes, send now"), pack(PREFIX, "now"))],
        [(t.plain("◀️ Back"), pack(PREFIX, "nowb"))],
    ]
    return Screen(Html(f"{question}\n{audience_line(t, people, organisations)}"), rows)


def correction_controls(t: Translator) -> Screen:
    rows: Keyboard = [
        [(t.plain("✅ Send the correction"), pack(PREFIX, "fix"))],
        [(t.plain("✏️ Edit a field"), pack(PREFIX, "edit"))],
        [(t.plain("✖️ Cancel"), pack(PREFIX, "x"))],
    ]
    text = t.gettext(
        "👆 The corrected message. Recipients' messages will be edited where Telegram allows, "
        "otherwise they get a short correction note."
    )
    return Screen(text, rows)


def field_menu(t: Translator, announcement: Announcement, *, correcting: bool) -> Screen:
    fields = [Field.TITLE, Field.TEXT, *KIND_FIELDS[announcement.kind]]
    if Field.LINK not in fields:
        fields.append(Field.LINK)
    if not correcting:
        fields = [Field.AUDIENCE, *fields, Field.DOCUMENT]
    rows: Keyboard = [
        [(t.plain(FIELD_LABELS[f]), pack(PREFIX, "f", f.value)) for f in fields[i : i + 3]]
        for i in range(0, len(fields), 3)
    ]
    rows.append([(t.plain("◀️ Back"), pack(PREFIX, "back"))])
    return Screen(t.gettext("Which field do you want to change?"), rows)


def schedule_confirm(t: Translator, when: datetime, zone: ZoneInfo) -> Screen:
    rows: Keyboard = [
        [(t.plain("✅ Schedule"), pack(PREFIX, "sok"))],
        [(t.plain("◀️ Back"), pack(PREFIX, "back"))],
    ]
    text = t.gettext(
        "It will go out on <b>{when}</b>. Confirm?", when=format_long(when, t.language, zone)
    )
    return Screen(text, rows)


def scheduled_text(t: Translator, when: datetime, zone: ZoneInfo) -> Html:
    return t.gettext(
        "🕒 Scheduled for {when}. /announcements lists it, with a button to cancel it.",
        when=format_long(when, t.language, zone),
    )


def test_sent(t: Translator) -> str:
    return t.plain("Test queued: it will arrive in this chat in a moment.")


def published(t: Translator) -> Html:
    return t.gettext("🚀 Published. The message below shows how the sending goes.")


def discarded(t: Translator) -> Html:
    return t.gettext("Discarded. Nothing was sent.")


def correction_sent(t: Translator) -> Html:
    return t.gettext("✏️ Correction saved; recipients' messages are being updated.")


def text_expected(t: Translator) -> Html:
    return t.gettext("Please answer with text, or send /cancel to stop.")


def document_expected(t: Translator) -> Html:
    return t.gettext("Please send the document as a file, or press Skip.")


def use_buttons(t: Translator) -> Html:
    return t.gettext("Please use the buttons above, or send /cancel to stop.")
