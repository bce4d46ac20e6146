"""Texts and buttons for join requests, the members list and staff review of memberships."""

from __future__ import annotations

from typing import Final

from bot.core.callbacks import Keyboard, pack
from bot.core.i18n import Translator
from bot.core.render import Html, escape
from bot.core.screens import Screen
from bot.organisations.memberships import JoinRequest, Member
from bot.organisations.service import Organisation

PREFIX: Final = "mbr"
ACCEPT, DECLINE, LIST, REMOVE, KEEP = "a", "d", "l", "r", "k"


def request_sent(t: Translator, request: JoinRequest) -> Html:
    if request.by_staff:
        return t.gettext(
            "{name} has no members in the bot yet, so your request to join it has gone to city "
            "staff. You will get a message when they decide.",
            name=request.organisation.name,
        )
    return t.gettext(
        "Your request to join {name} has gone to its members. You will get a message as soon "
        "as one of them accepts it. A colleague can also send you an invite link.",
        name=request.organisation.name,
    )


def already_member(t: Translator, organisation: Organisation) -> Html:
    return t.gettext("You already belong to {name}.", name=organisation.name)


def request_card(t: Translator, request: JoinRequest) -> Screen:
    """For a member (or staff): accept or decline someone who asks to join."""
    text = t.gettext(
        "🙋 <b>{person}</b> asks to join {organisation} in the bot. Members can send "
        "postulates and support others in its name: accept only people you know work or "
        "volunteer there.",
        person=request.name,
        organisation=request.organisation.name,
    )
    rows: Keyboard = [
        [
            (t.plain("✅ Accept"), pack(PREFIX, ACCEPT, request.user_id)),
            (t.plain("✖️ Decline"), pack(PREFIX, DECLINE, request.user_id)),
        ]
    ]
    return Screen(text, rows)


def decided(t: Translator, person: str, organisation: Organisation, accepted: bool) -> Html:
    """What the decider's card turns into."""
    if accepted:
        return t.gettext(
            "✅ {person} is now a member of {organisation}.",
            person=person,
            organisation=organisation.name,
        )
    return t.gettext(
        "✖️ You declined the request of {person} to join {organisation}.",
        person=person,
        organisation=organisation.name,
    )


def applicant_told(t: Translator, organisation: Organisation, accepted: bool) -> Html:
    if accepted:
        return t.gettext(
            "✅ Your request was accepted: you are now a member of {name}.", name=organisation.name
        )
    return t.gettext(
        "Your request to join {name} was declined. If this is a mistake, ask a colleague from "
        "the organisation for an invite link.",
        name=organisation.name,
    )


def request_gone(t: Translator) -> str:
    return t.plain("This request has already been decided, or you may no longer decide it.")


def member_joined(t: Translator, person: str, organisation: Organisation) -> Html:
    """For the other members: someone joined (by invite or accepted request)."""
    return t.gettext(
        "👥 {person} joined {organisation} in the bot. If you do not know them, you can remove "
        "them: /organisation → Members.",
        person=person,
        organisation=organisation.name,
    )


def members_button(t: Translator) -> list[tuple[str, str]]:
    return [(t.plain("👥 Members"), pack(PREFIX, LIST))]


def members_screen(
    t: Translator, organisation: Organisation, people: list[Member], me: int
) -> Screen:
    """The members of the caller's organisation, with a Remove button for each of the others."""
    lines = [t.gettext("<b>Members of {organisation}</b>", organisation=organisation.name)]
    lines += [Html(f"• {escape(person.name)}") for person in people]
    rows: Keyboard = [
        [
            (
                t.plain("🚫 Remove {person}", person=person.name[:40]),
                pack(PREFIX, REMOVE, person.user_id),
            )
        ]
        for person in people
        if person.user_id != me
    ]
    return Screen(Html("\n".join(lines)), rows)


def removed(t: Translator, person: str, organisation: Organisation) -> Html:
    return t.gettext(
        "{person} no longer belongs to {organisation}.",
        person=person,
        organisation=organisation.name,
    )


def removed_member(t: Translator, organisation: Organisation) -> Html:
    return t.gettext(
        "You no longer belong to {name} in the bot: a fellow member or city staff removed you. "
        "If this is a mistake, ask a colleague for an invite link.",
        name=organisation.name,
    )


def staff_requests_heading(t: Translator, count: int) -> Html:
    return t.ngettext(
        "🙋 {n} request to join an organisation that has no members: city staff decide.",
        "🙋 {n} requests to join organisations that have no members: city staff decide.",
        count,
        n=count,
    )


def staff_old_heading(t: Translator, count: int) -> Html:
    return t.ngettext(
        "👥 {n} membership from before joining needed approval: please check it.",
        "👥 {n} memberships from before joining needed approval: please check them.",
        count,
        n=count,
    )


def old_membership_card(t: Translator, member: Member, organisation: Organisation) -> Screen:
    text = t.gettext(
        "👥 {person} is a member of {organisation} (joined before approvals were needed).",
        person=member.name,
        organisation=organisation.name,
    )
    rows: Keyboard = [
        [
            (t.plain("✅ Keep"), pack(PREFIX, KEEP, member.user_id, organisation.id)),
            (t.plain("🚫 Remove"), pack(PREFIX, REMOVE, member.user_id)),
        ]
    ]
    return Screen(text, rows)


def kept(t: Translator, member: Member, organisation: Organisation) -> Html:
    return t.gettext(
        "✅ Kept: {person} in {organisation}.", person=member.name, organisation=organisation.name
    )
