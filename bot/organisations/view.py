"""Texts and buttons for finding, registering, joining and leaving an organisation, and invites."""

from __future__ import annotations

from bot.core.callbacks import Keyboard, pack
from bot.core.i18n import N_, Translator
from bot.core.render import Html, escape
from bot.core.screens import Screen
from bot.organisations.membership_view import members_button
from bot.organisations.registration import DISTRICT, EMAIL, KRS, NAME
from bot.organisations.service import Organisation, OrgError, OrgRejected, OrgStatus

PREFIX = "org"
INVITE_PREFIX = "inv"
SEARCH_FLOW = "organisation"
SEARCHED_SHOWN = 40  # characters of the searched name on its "Register" button

ERRORS = {
    OrgError.NAME_EMPTY: N_("The name cannot be empty. Please type the organisation's name."),
    OrgError.NAME_TOO_LONG: N_("That is too long: the name can have at most 120 characters."),
    OrgError.KRS_INVALID: N_(
        "A KRS number has exactly 10 digits, for example 0000123456. Please try again, or skip."
    ),
    OrgError.EMAIL_INVALID: N_(
        "That does not look like an e-mail address (name@example.org). Please try again, or skip."
    ),
    OrgError.DISTRICT_UNKNOWN: N_("Please choose a district with the buttons."),
    OrgError.NOT_ALLOWED: N_("Only members of the organisation and city staff can do that."),
}


def error_text(t: Translator, error: OrgError) -> Html:
    return t.gettext(ERRORS.get(error, N_("That did not work. Please try again.")))


def search_prompt(t: Translator) -> Html:
    return t.gettext(
        "Type a part of your organisation's name and I will look for it, or register a new one."
    )


def search_screen(t: Translator) -> Screen:
    return Screen(search_prompt(t), [register_button(t)])


def register_button(t: Translator) -> list[tuple[str, str]]:
    return [(t.plain("➕ Register a new organisation"), pack(PREFIX, "new"))]


def register_searched_button(t: Translator, query: str) -> list[tuple[str, str]]:
    """Register the very name just searched for (kept in the dialog, not in the data)."""
    name = query if len(query) <= SEARCHED_SHOWN else query[: SEARCHED_SHOWN - 1] + "…"
    label = t.plain("➕ Register “{name}”", name=name)
    return [(label, pack(PREFIX, "nq"))]


def search_results(t: Translator, query: str, found: list[Organisation]) -> Screen:
    """Matches as buttons to join, and the way to register instead."""
    if not found:
        text = t.gettext(
            "I found no organisation matching “{query}”. Try another part of the name, "
            "or register the organisation.",
            query=query,
        )
        return Screen(text, [register_searched_button(t, query), register_button(t)])
    rows: Keyboard = [
        [
            (
                ("" if org.status is OrgStatus.VERIFIED else "⏳ ") + org.name,
                pack(PREFIX, "j", org.id),
            )
        ]
        for org in found
    ]
    rows.append(register_button(t))
    return Screen(t.gettext("Is it one of these? Tap it to ask its members to let you in."), rows)


def joined_text(t: Translator, organisation: Organisation) -> Html:
    return t.gettext("You are now a member of {name}.", name=organisation.name)


def membership_text(t: Translator, organisation: Organisation) -> Screen:
    """/organisation for a member: who they belong to, and what they can do."""
    rows: Keyboard = [
        [(t.plain("🔗 Invite colleagues"), pack(INVITE_PREFIX, "new"))],
        [(t.plain("🏷 Areas of work"), pack(PREFIX, "areas"))],
        members_button(t),
        [(t.plain("🔁 Change organisation"), pack(PREFIX, "change"))],
        [(t.plain("🚪 Leave the organisation"), pack(PREFIX, "leave"))],
    ]
    return Screen(organisation_line(t, organisation), rows)


def left_text(t: Translator, organisation: Organisation | None) -> Html:
    if organisation is None:
        return t.gettext("You do not belong to any organisation.")
    return t.gettext("You left {name}.", name=organisation.name)


def ask(t: Translator, field: str, districts: tuple[str, ...]) -> Screen:
    """The question for one registration field, with Skip for the optional ones."""
    skip = [(t.plain("Skip ▶️"), pack(PREFIX, "skip"))]
    if field == NAME:
        return Screen(
            t.gettext(
                "<b>New organisation</b>\nWhat is the organisation's full name (as registered)?"
            )
        )
    if field == KRS:
        return Screen(t.gettext("Its KRS number (10 digits), if it has one:"), [skip])
    if field == DISTRICT:
        rows: Keyboard = [
            [(name, pack(PREFIX, "d", index)) for index, name in pair]
            for pair in _pairs(list(enumerate(districts)))
        ]
        return Screen(t.gettext("In which district does it mainly work?"), [*rows, skip])
    return Screen(
        t.gettext(
            "A contact e-mail for other organisations and the city (it is shown in the directory):"
        ),
        [skip],
    )


def _pairs(items: list[tuple[int, str]]) -> list[list[tuple[int, str]]]:
    return [items[i : i + 2] for i in range(0, len(items), 2)]


def confirm(t: Translator, data: dict[str, object]) -> Screen:
    """Everything typed so far, to check before registering."""
    none = t.gettext("—")
    lines = [
        t.gettext("<b>Please check:</b>"),
        t.gettext("Name: {value}", value=data.get(NAME) or none),
        t.gettext("KRS: {value}", value=data.get(KRS) or none),
        t.gettext("District: {value}", value=data.get(DISTRICT) or none),
        t.gettext("E-mail: {value}", value=data.get(EMAIL) or none),
    ]
    rows: Keyboard = [
        [(t.plain("✅ Register"), pack(PREFIX, "ok"))],
        [(t.plain("✏️ Start again"), pack(PREFIX, "new"))],
    ]
    return Screen(Html("\n".join(lines)), rows)


def registered_text(t: Translator, organisation: Organisation) -> Html:
    return t.gettext(
        "Registered: {name}. You are its first member. The city will verify it; until then "
        "it is marked as awaiting verification, and it can already subscribe to topics.",
        name=organisation.name,
    )


def rejected_text(t: Translator, rejected: OrgRejected) -> Screen:
    """Why registration failed; for a duplicate, offer to join the existing organisation."""
    again = [(t.plain("✏️ Start again"), pack(PREFIX, "new"))]
    existing = rejected.existing
    if rejected.error in (OrgError.DUPLICATE_NAME, OrgError.DUPLICATE_KRS):
        text = t.gettext("This organisation is already registered.")
        if existing is None:
            return Screen(text, [again])
        join = [(t.plain("Join {name}", name=existing.name), pack(PREFIX, "j", existing.id))]
        return Screen(Html(f"{text}\n{escape(existing.name)}"), [join, again])
    return Screen(error_text(t, rejected.error), [again])


def invite_screen(t: Translator, organisation: Organisation, link: str, invite_id: int) -> Screen:
    """The new link to share, with a button that revokes it."""
    text = t.gettext(
        "Share this link with colleagues from {name}. Whoever opens it joins the organisation "
        "in the bot:\n{link}\nThe link works until you revoke it.",
        name=organisation.name,
        link=link,
    )
    return Screen(text, [[(t.plain("Revoke this link"), pack(INVITE_PREFIX, "r", invite_id))]])


def invite_revoked(t: Translator) -> Html:
    return t.gettext("This invite link has been revoked; it no longer works.")


def invite_invalid(t: Translator) -> Html:
    return t.gettext(
        "This invite link is no longer valid. Ask the person who shared it for a new one."
    )


def invite_needs_membership(t: Translator) -> Html:
    return t.gettext(
        "To invite colleagues, first join or register your organisation with /organisation. "
        "City staff can type /invite and part of an organisation's name."
    )


def invite_choices(t: Translator, found: list[Organisation]) -> Screen:
    """For staff: which organisation the new invite link is for."""
    if not found:
        return Screen(t.gettext("I found no organisation with that name."), [])
    rows: Keyboard = [[(org.name, pack(INVITE_PREFIX, "c", org.id))] for org in found]
    return Screen(t.gettext("Create an invite link for which organisation?"), rows)


def organisation_line(t: Translator, organisation: Organisation | None) -> Html:
    if organisation is None:
        return t.gettext("<b>Organisation:</b> none (see /organisation)")
    if organisation.status is OrgStatus.VERIFIED:
        return t.gettext("<b>Organisation:</b> {name}", name=organisation.name)
    return t.gettext(
        "<b>Organisation:</b> {name} (awaiting verification by the city)", name=organisation.name
    )
