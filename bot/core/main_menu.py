"""The main menu: the few things people do most, as buttons in their language, per role."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import Final

from bot.config import SUPPORTED_LANGUAGES
from bot.core.i18n import N_, Translator, load_catalog
from bot.core.render import Html
from bot.core.users import Role


@dataclass(frozen=True, slots=True)
class Entry:
    """One button: its label (a msgid, words beside the emoji) and the command it runs."""

    label: str
    command: str
    role: Role = Role.MEMBER


# Two buttons a row, the member's six first; staff get four more below.
ENTRIES: Final[tuple[Entry, ...]] = (
    Entry(N_("🏷 My topics"), "topics"),
    Entry(N_("📆 Coming deadlines"), "upcoming"),
    Entry(N_("✍️ Send a postulate"), "postulate"),
    Entry(N_("📋 My postulates"), "mypostulates"),
    Entry(N_("⚙️ Settings"), "settings"),
    Entry(N_("❓ Help"), "help"),
    Entry(N_("📣 New announcement"), "announce", Role.STAFF),
    Entry(N_("📨 Recent announcements"), "announcements", Role.STAFF),
    Entry(N_("🗳 Review postulates"), "review", Role.STAFF),
    Entry(N_("📑 Consultation report"), "export", Role.STAFF),
)
PER_ROW: Final = 2


def rows(role: Role, t: Translator) -> list[list[str]]:
    """The menu's button labels for this role in the translator's language, two a row."""
    labels = [t.plain(e.label) for e in ENTRIES if role.at_least(e.role)]
    return [labels[i : i + PER_ROW] for i in range(0, len(labels), PER_ROW)]


def intro(t: Translator) -> Html:
    return t.gettext(
        "<b>Main menu</b>\nThe buttons below the text field stay there; /menu brings them "
        "back. Every other command is in /help."
    )


@cache
def _commands_by_label() -> dict[str, Entry]:
    # Every language's label, as a person may press a button sent before they switched language.
    found: dict[str, Entry] = {}
    for language in SUPPORTED_LANGUAGES:
        catalog = load_catalog(language)
        for entry in ENTRIES:
            found[catalog.gettext(entry.label)] = entry
    return found


def pressed(text: str | None) -> Entry | None:
    """The menu entry whose label `text` is (in any language), or None for any other text."""
    return _commands_by_label().get(text.strip()) if text else None
