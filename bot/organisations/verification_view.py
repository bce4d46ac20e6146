"""/pending for staff: cards of organisations awaiting review, their buttons and outcomes."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import tzinfo

from babel.dates import format_date

from bot.core.callbacks import Keyboard, pack, unpack
from bot.core.i18n import Translator
from bot.core.render import Html, bold
from bot.core.screens import Screen
from bot.numbers import parse_natural
from bot.organisations.service import Organisation, OrgStatus

PREFIX = "org"
VERIFY, REJECT = "v", "r"
CALLBACK_PATTERN = f"^{PREFIX}:[{VERIFY}{REJECT}]:"
# One message per organisation: more than this in one go would run into Telegram's flood limit.
CARDS_PER_COMMAND = 20


@dataclass(frozen=True, slots=True)
class Review:
    """A parsed review button: which organisation, and verify (True) or reject (False)."""

    organisation_id: int
    verified: bool


def parse(data: str | None) -> Review | None:
    """Parse "org:v:<id>" / "org:r:<id>"; None for anything malformed or forged."""
    parts = unpack(data, PREFIX, 2)
    if parts is None or parts[0] not in (VERIFY, REJECT):
        return None
    org_id = parse_natural(parts[1])
    return None if org_id is None else Review(org_id, parts[0] == VERIFY)


def summary(t: Translator, pending: list[Organisation]) -> Html:
    """The first line of /pending: how many wait (and that only the oldest are shown)."""
    if not pending:
        return t.gettext("No organisations are waiting for verification.")
    text = t.ngettext(
        "{n} organisation is waiting for verification.",
        "{n} organisations are waiting for verification.",
        len(pending),
    )
    if len(pending) > CARDS_PER_COMMAND:
        more = t.gettext(
            "Here are the oldest {shown}; send /pending again after reviewing them.",
            shown=CARDS_PER_COMMAND,
        )
        text = Html(f"{text} {more}")
    return text


def card(t: Translator, organisation: Organisation, zone: tzinfo) -> Screen:
    """A pending organisation with [✅ Verify] [✖️ Reject]."""
    rows: Keyboard = [
        [
            (t.gettext("✅ Verify"), pack(PREFIX, VERIFY, organisation.id)),
            (t.gettext("✖️ Reject"), pack(PREFIX, REJECT, organisation.id)),
        ]
    ]
    return Screen(details(t, organisation, zone), rows)


def reviewed_card(t: Translator, organisation: Organisation, zone: tzinfo) -> Screen:
    """The card once reviewed (now or earlier): details and the status, without buttons."""
    return Screen(
        Html(f"{details(t, organisation, zone)}\n\n{status_line(t, organisation.status)}")
    )


def details(t: Translator, organisation: Organisation, zone: tzinfo) -> Html:
    """Name, KRS, district, e-mail and the date it was registered, in the reader's locale."""
    missing = t.gettext("not given")
    registered = format_date(
        organisation.created_at.astimezone(zone).date(), format="long", locale=t.locale
    )
    lines = [
        "🏢 " + bold(organisation.name),
        t.gettext("KRS: {krs}", krs=organisation.krs or missing),
        t.gettext("District: {district}", district=organisation.district or missing),
        t.gettext("E-mail: {email}", email=organisation.email or missing),
        t.gettext("Registered: {date}", date=registered),
    ]
    return Html("\n".join(lines))


def status_line(t: Translator, status: OrgStatus) -> Html:
    if status is OrgStatus.VERIFIED:
        return t.gettext("✅ Verified")
    if status is OrgStatus.REJECTED:
        return t.gettext("✖️ Rejected")
    return t.gettext("⏳ Waiting for verification")


def already_reviewed(t: Translator) -> Html:
    return t.gettext("This organisation has already been reviewed.")


def staff_only_button(t: Translator) -> Html:
    return t.gettext("Only city staff can verify organisations.")


def member_notice(t: Translator, organisation: Organisation) -> Html:
    """What the organisation's members are told, in their own language."""
    if organisation.status is OrgStatus.VERIFIED:
        return t.gettext(
            "Good news: the city has verified {name}. It now appears in the /orgs directory.",
            name=organisation.name,
        )
    return t.gettext(
        "The city could not verify {name}. If you think this is a mistake, please contact the "
        "city's office for cooperation with NGOs.",
        name=organisation.name,
    )
