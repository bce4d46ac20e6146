"""The texts and buttons of a group's organisation: whom it speaks for, and changing that."""

from __future__ import annotations

from typing import Final

from bot.core.callbacks import Keyboard, pack, unpack
from bot.core.i18n import N_, Translator
from bot.core.render import Html
from bot.core.screens import Screen
from bot.numbers import parse_natural
from bot.organisations.service import Organisation
from bot.subscriptions.group_organisation import GroupChange, GroupLink, GroupOutcome

PREFIX: Final = "grp"  # "grp:l:<organisation id>" links, "grp:u:<organisation id>" unlinks
LINK, UNLINK = "l", "u"
ALERT_NAME_MAX: Final = 50
_MEMBERS_ONLY: Final = N_(
    "This group speaks for {name}. Only a group administrator who is a member of {name} in "
    "the bot (or city staff) can change what the group receives and which organisation it "
    "speaks for. To join it, write to me privately: /organisation."
)


def members_only(t: Translator, organisation: Organisation) -> Html:
    """The refusal for a command in a group that speaks for another person's organisation."""
    return t.gettext(_MEMBERS_ONLY, name=organisation.name)


def members_only_alert(t: Translator, organisation: Organisation) -> str:
    """The same refusal, shorter, for a button: an alert is plain text of at most 200
    characters, so the name is shortened too."""
    return t.plain(
        "This group speaks for {name}. Only its members (or city staff) can change the "
        "group's settings.",
        name=_short(organisation.name),
    )


def _short(name: str) -> str:
    """A name cut to fit an alert beside its sentence (Telegram refuses alerts over 200)."""
    return name if len(name) <= ALERT_NAME_MAX else name[: ALERT_NAME_MAX - 1].rstrip() + "…"


def link_screen(t: Translator, link: GroupLink, done: Html | None = None) -> Screen:
    """/organisation in a group: whom it speaks for, and the changes this person may make."""
    lines = [done] if done else []
    lines.append(t.gettext("<b>Organisation of this group</b>"))
    if link.current is None:
        lines.append(t.gettext("This group speaks for no organisation."))
    else:
        lines.append(t.gettext("This group speaks for {name}.", name=link.current.name))
    lines.append(
        t.gettext(
            "A group that speaks for an organisation also receives the city's messages "
            "addressed to it. Only its members can change that."
        )
    )
    rows: Keyboard = []
    if link.own is not None and (link.current is None or link.current.id != link.own.id):
        label = t.plain("🔗 Speak for {name}", name=link.own.name)
        rows.append([(label, pack(PREFIX, LINK, link.own.id))])
    if link.current is not None and link.may_unlink:
        label = t.plain("✖️ Stop speaking for {name}", name=link.current.name)
        rows.append([(label, pack(PREFIX, UNLINK, link.current.id))])
    if link.own is None:
        lines.append(
            t.gettext(
                "To link the group to your organisation, first join it in a private chat "
                "with me: /organisation."
            )
        )
    return Screen(Html("\n".join(lines)), rows)


def outcome_text(t: Translator, outcome: GroupOutcome) -> Html | None:
    """What changed, for the top of the screen; None when nothing did."""
    name = outcome.organisation.name if outcome.organisation else ""
    if outcome.change is GroupChange.LINKED:
        return t.gettext("✅ This group now speaks for {name}.", name=name)
    if outcome.change is GroupChange.UNLINKED:
        return t.gettext("✅ This group no longer speaks for {name}.", name=name)
    return None


def not_member_alert(t: Translator, organisation: Organisation | None) -> str:
    """A refused link or unlink: the person does not (any more) belong to the organisation."""
    name = _short(organisation.name) if organisation else ""
    return t.plain(
        "You are not a member of {name} in the bot (any more), so nothing was changed.",
        name=name,
    )


def parse(data: str | None) -> tuple[str, int] | None:
    """(action, organisation id) from a button; None when forged."""
    parts = unpack(data, PREFIX, 2)
    if parts is None or parts[0] not in (LINK, UNLINK):
        return None
    org_id = parse_natural(parts[1])
    return None if org_id is None else (parts[0], org_id)
