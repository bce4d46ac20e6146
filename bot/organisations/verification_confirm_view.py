"""Asking once before a review is final: verify (confirm) and reject (a reason, then confirm)."""

from __future__ import annotations

from datetime import tzinfo
from typing import Final

from bot.core.callbacks import Keyboard, pack, unpack
from bot.core.i18n import Translator
from bot.core.render import Html
from bot.core.screens import Screen
from bot.numbers import parse_natural
from bot.organisations.service import Organisation
from bot.organisations.verification_view import PREFIX, REJECT, VERIFY, details

VERIFY_YES, REJECT_YES, BACK = "vy", "ry", "vb"
ACTIONS: Final = (VERIFY, REJECT, VERIFY_YES, REJECT_YES, BACK)
PATTERN: Final = f"^{PREFIX}:({'|'.join(ACTIONS)}):"
REJECT_FLOW: Final = "org_reject"
REASON_MAX: Final = 500


def parse_action(data: str | None) -> tuple[str, int] | None:
    """("vy", 12) from "org:vy:12"; None for anything malformed or forged."""
    parts = unpack(data, PREFIX, 2)
    if parts is None or parts[0] not in ACTIONS:
        return None
    number = parse_natural(parts[1])
    if number is None:
        return None
    return parts[0], number


def verify_confirm(t: Translator, organisation: Organisation, zone: tzinfo) -> Screen:
    question = t.gettext(
        "Verify {name}? It will appear in the directory and its members will be told.",
        name=organisation.name,
    )
    rows: Keyboard = [
        [(t.plain("✅ Yes, verify"), pack(PREFIX, VERIFY_YES, organisation.id))],
        [(t.plain("◀️ Back"), pack(PREFIX, BACK, organisation.id))],
    ]
    return Screen(Html(f"{details(t, organisation, zone)}\n\n{question}"), rows)


def reason_prompt(t: Translator, organisation: Organisation) -> Screen:
    text = t.gettext(
        "Why can {name} not be verified? Type the reason in a sentence or two (at most {limit} "
        "characters): its members receive it with the decision. Or /cancel.",
        name=organisation.name,
        limit=REASON_MAX,
    )
    return Screen(text, [[(t.plain("◀️ Back"), pack(PREFIX, BACK, organisation.id))]])


def reason_problem(t: Translator) -> Html:
    return t.gettext(
        "Please type the reason as text, at most {limit} characters.", limit=REASON_MAX
    )


def reject_confirm(t: Translator, organisation: Organisation, reason: str) -> Screen:
    text = t.gettext(
        "Reject {name}? Its members will be told, with your reason:\n<i>{reason}</i>",
        name=organisation.name,
        reason=reason,
    )
    rows: Keyboard = [
        [(t.plain("✖️ Yes, reject"), pack(PREFIX, REJECT_YES, organisation.id))],
        [(t.plain("◀️ Back"), pack(PREFIX, BACK, organisation.id))],
    ]
    return Screen(text, rows)


def rejected_notice(t: Translator, organisation: Organisation, reason: str) -> Html:
    """What the members of a rejected organisation are told, in their own language."""
    return t.gettext(
        "The city could not verify {name}. The reason given: <i>{reason}</i>\nIf you think "
        "this is a mistake, please contact the city's office for cooperation with NGOs.",
        name=organisation.name,
        reason=reason,
    )
