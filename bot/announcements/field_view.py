"""Asking for an announcement's kind and fields, and answering each value: accepted or why not."""

from __future__ import annotations

from datetime import datetime
from typing import Final
from zoneinfo import ZoneInfo

from bot.announcements.actions import PREFIX
from bot.announcements.model import (
    KIND_FIELDS,
    MESSAGE_MAX,
    Announcement,
    Field,
    Problem,
    Refusal,
    is_optional,
)
from bot.core.callbacks import Keyboard, pack
from bot.core.dates import NO_SUCH_DAY, NO_SUCH_TIME, format_long
from bot.core.i18n import N_, Translator
from bot.core.render import Html
from bot.core.screens import Screen
from bot.core.topics import KIND_LABELS, Kind

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


def date_confirmation(t: Translator, field: Field, moment: datetime, zone: ZoneInfo) -> Html:
    return t.gettext(
        "{field}: {when} ✓",
        field=t.plain(FIELD_LABELS[field]),
        when=format_long(moment, t.language, zone),
    )


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


def text_expected(t: Translator) -> Html:
    return t.gettext("Please answer with text, or send /cancel to stop.")


def document_expected(t: Translator) -> Html:
    return t.gettext("Please send the document as a file, or press Skip.")


def use_buttons(t: Translator) -> Html:
    return t.gettext("Please use the buttons above, or send /cancel to stop.")
