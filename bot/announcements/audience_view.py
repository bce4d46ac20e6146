"""Choosing who gets a new announcement: topics, all topics, or one organisation found by name."""

from __future__ import annotations

from bot.announcements.actions import PREFIX
from bot.core.callbacks import Keyboard, pack
from bot.core.i18n import Translator
from bot.core.render import Html
from bot.core.screens import Screen
from bot.core.topics import Topic
from bot.organisations.service import Organisation

ON, OFF = "✅", "▫️"


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
