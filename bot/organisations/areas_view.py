"""The screen where an organisation declares its areas of work: topics as toggles."""

from __future__ import annotations

from bot.core.callbacks import Keyboard, pack, unpack_ints
from bot.core.i18n import Translator
from bot.core.render import Html
from bot.core.screens import Screen
from bot.core.topics import Topic
from bot.organisations.service import Organisation

PREFIX = "org"  # the /organisation buttons' prefix; these use the actions "a", "ad" and "as"
COLUMNS = 2
ON, OFF = "✅", "▫️"


def areas_screen(
    t: Translator,
    organisation: Organisation,
    topics: list[Topic],
    declared: set[int],
    *,
    lead: Html | None = None,
) -> Screen:
    """Every current topic (and any retired one still declared), two a row, then Done.

    With a `lead` (the last, optional step of registering) the text follows it, and the last
    button says Skip until something is declared.
    """
    text = t.gettext(
        "<b>Areas of work of {name}</b>\nTap what the organisation works on ({on} means "
        "chosen). The /orgs directory lists it under these areas.",
        name=organisation.name,
        on=ON,
    )
    shown = [topic for topic in topics if not topic.retired or topic.id in declared]
    toggles = [
        (
            f"{ON if topic.id in declared else OFF} {topic.name(t.language)}",
            pack(PREFIX, "a", organisation.id, topic.id, int(topic.id not in declared)),
        )
        for topic in shown
    ]
    rows: Keyboard = [toggles[i : i + COLUMNS] for i in range(0, len(toggles), COLUMNS)]
    rows.append([_finish_button(t, organisation, skip=lead is not None and not declared)])
    return Screen(text if lead is None else Html(f"{lead}\n\n{text}"), rows)


def _finish_button(t: Translator, organisation: Organisation, *, skip: bool) -> tuple[str, str]:
    if skip:
        return t.plain("Skip ▶️"), pack(PREFIX, "as", organisation.id)
    return t.plain("Done"), pack(PREFIX, "ad", organisation.id)


def parse_toggle(arg: str) -> tuple[int, int, bool] | None:
    """(organisation id, topic id, declare?) from an "a" button's argument; None if forged."""
    parts = unpack_ints(f"{PREFIX}:{arg}", PREFIX, 3)
    if parts is None or parts[2] not in (0, 1):
        return None
    return parts[0], parts[1], parts[2] == 1


def areas_later(t: Translator) -> Html:
    """After skipping the areas step of registering: where to declare them later."""
    return t.gettext("You can declare the areas of work later: /organisation → Areas of work.")


def areas_saved(t: Translator, organisation: Organisation, names: list[str]) -> Html:
    if not names:
        return t.gettext(
            "{name} has declared no areas of work, so the directory lists it under none.",
            name=organisation.name,
        )
    return t.gettext(
        "Saved. {name} works on: {areas}.", name=organisation.name, areas=", ".join(names)
    )
