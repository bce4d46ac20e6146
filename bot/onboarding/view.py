"""The three onboarding steps after /start: language, organisation, topics; each skippable."""

from __future__ import annotations

from bot.core.callbacks import Keyboard, pack, unpack
from bot.core.dialogs import Dialog
from bot.core.i18n import Translator
from bot.core.messages import LANGUAGE_NAMES
from bot.core.render import Html
from bot.core.screens import Screen
from bot.organisations.service import Organisation
from bot.organisations.view import organisation_line

FLOW = "onboarding"
PREFIX = "onb"
# Steps, in order; the dialog's step names the one on screen.
LANGUAGE, ORGANISATION, TOPICS = "language", "organisation", "topics"


def is_onboarding(dialog: Dialog | None) -> bool:
    """Whether the conversation is onboarding, or a detour (registration) taken from it."""
    return dialog is not None and (dialog.flow == FLOW or bool(dialog.data.get("onboarding")))


def language_step(t: Translator, current: str) -> Screen:
    text = t.gettext("<b>Step 1 of 3: language</b>\nWhich language should I write to you in?")
    rows: Keyboard = [
        [(("✅ " if code == current else "") + name, pack(PREFIX, "lang", code))]
        for code, name in LANGUAGE_NAMES.items()
    ]
    rows.append([(t.plain("Next ▶️"), pack(PREFIX, ORGANISATION))])
    return Screen(text, rows)


def organisation_step(t: Translator, membership: Organisation | None) -> Screen:
    head = t.gettext("<b>Step 2 of 3: your organisation</b>")
    if membership is not None:
        body = Html(
            f"{organisation_line(t, membership)}\n"
            + t.gettext("To change it, type a part of another organisation's name.")
        )
    else:
        body = t.gettext(
            "Type a part of your organisation's name and I will look for it, or register "
            "a new one. You can skip this step and come back to it with /organisation."
        )
    # "Next" once the step is done, "Skip" while it is not: the same button, two meanings.
    onward = t.plain("Next ▶️") if membership is not None else t.plain("Skip ▶️")
    rows: Keyboard = [
        [(t.plain("➕ Register a new organisation"), pack("org", "new"))],
        [(onward, pack(PREFIX, TOPICS))],
    ]
    return Screen(Html(f"{head}\n{body}"), rows)


def topics_step_heading(t: Translator) -> Html:
    return t.gettext("<b>Step 3 of 3: topics</b>")


def finished_text(t: Translator, summary: str, *, chose_topics: bool) -> Html:
    if not chose_topics:  # "here is what you will receive:" followed by "nothing" reads badly
        done = t.gettext(
            "<b>All set!</b> You have not chosen any topics yet, so I will not send you "
            "announcements for now."
        )
        summary = t.gettext("Choose them whenever you like with /topics.")
        return Html(f"{done}\n{summary}")
    done = t.gettext("<b>All set!</b> Here is what you will receive:")
    later = t.gettext(
        "You can change everything later: /topics, /organisation, /language. "
        "/stop pauses all messages."
    )
    return Html(f"{done}\n\n{summary}\n\n{later}")


def use_the_buttons(t: Translator) -> Html:
    return t.gettext("Please use the buttons above, or send /cancel to leave this step.")


def parse(data: str | None) -> tuple[str, str | None] | None:
    """("lang", code) | ("organisation", None) | ("topics", None); None if malformed."""
    for step in (ORGANISATION, TOPICS):
        if unpack(data, PREFIX, 1) == [step]:
            return step, None
    parts = unpack(data, PREFIX, 2)
    if parts and parts[0] == "lang" and parts[1] in LANGUAGE_NAMES:
        return "lang", parts[1]
    return None
