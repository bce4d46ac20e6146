"""How a postulate reads: its status in words and its card (every piece of user text escaped)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Final
from zoneinfo import ZoneInfo

from bot.core.callbacks import pack
from bot.core.dates import format_long
from bot.core.fit import MESSAGE_MAX, Fitted, Long, Part, clip_escaped, fit
from bot.core.i18n import N_, Translator
from bot.core.render import Html, bold
from bot.postulates.model import Postulate, Status

__all__ = [
    "FULL_TEXT",
    "MESSAGE_MAX",
    "escape_clipped",
    "fitted_card",
    "full_text_row",
    "postulate_card",
    "status_label",
]

STATUS_LABELS: Final = {
    Status.NEW: N_("new"),
    Status.UNDER_REVIEW: N_("under review"),
    Status.ACCEPTED: N_("accepted"),
    Status.PARTLY_ACCEPTED: N_("partly accepted"),
    Status.REJECTED: N_("rejected"),
    Status.WILL_MAKE_EFFORTS: N_("the City will make efforts"),
    Status.OUTSIDE_COMPETENCE: N_("outside the City's competence"),
    Status.IMPLEMENTED: N_("implemented"),
    Status.WITHDRAWN: N_("withdrawn"),
    Status.MERGED: N_("merged with another"),
}


def status_label(t: Translator, status: Status) -> str:
    """The status in words, plain text (escape it where it goes into HTML)."""
    return t.plain(STATUS_LABELS[Status(status)])


def postulate_card(
    t: Translator,
    p: Postulate,
    topic_name: str,
    zone: ZoneInfo,
    round_title: str | None = None,
) -> Html:
    """The postulate as people read it: title, facts, description, supports, the answer."""
    return fitted_card(t, p, topic_name, zone, round_title).text


def fitted_card(
    t: Translator,
    p: Postulate,
    topic_name: str,
    zone: ZoneInfo,
    round_title: str | None = None,
    extra: Sequence[Part] = (),
) -> Fitted:
    """The card (and `extra` parts after it) within one message: the description and the
    position share the room left; `clipped` says whether the full text button is needed."""
    head = [bold(p.title), *_facts(t, p, topic_name, zone, round_title), "", ""]
    supports = t.ngettext(
        "👍 Supported by {n} organisation",
        "👍 Supported by {n} organisations",
        p.supports,
    )
    middle = "\n".join(["", "", supports, *_fate(t, p)])
    parts: list[Part] = [Html("\n".join(head)), Long(p.description), Html(middle)]
    if p.answered_at is not None and p.position:
        heading = t.gettext("🏛 <b>The City's position:</b>")
        parts += [Html(f"\n\n{heading}\n"), Long(p.position)]
    return fit([*parts, *extra])


def _facts(
    t: Translator, p: Postulate, topic_name: str, zone: ZoneInfo, round_title: str | None
) -> list[str]:
    facts: list[str] = [
        t.gettext("📌 Status: {status}", status=status_label(t, p.status)),
        t.gettext("🏷 Topic: {topic}", topic=topic_name),
    ]
    if p.round_id is None:
        facts.append(t.gettext("📥 General inbox"))
    elif round_title is not None:
        facts.append(t.gettext("🗂 Round: {round}", round=round_title))
    else:
        facts.append(t.gettext("🗂 Consultation round"))
    if p.organisation_name is not None:
        facts.append(t.gettext("🏢 On behalf of {organisation}", organisation=p.organisation_name))
    else:
        facts.append(t.gettext("👤 In the author's own name"))
    facts.append(t.gettext("👥 Who it helps: {beneficiaries}", beneficiaries=p.beneficiaries))
    when = format_long(p.submitted_at, t.language, zone)
    facts.append(t.gettext("🗓 Submitted: {date}", date=when))
    return facts


def _fate(t: Translator, p: Postulate) -> list[str]:
    if p.status is Status.WITHDRAWN and p.withdraw_reason:
        return ["", t.gettext("↩️ Withdrawn: {reason}", reason=p.withdraw_reason)]
    if p.status is Status.MERGED and p.merged_into is not None:
        return ["", t.gettext("🔗 Merged into postulate no. {number}", number=p.merged_into)]
    return []


def escape_clipped(text: str, room: int) -> Html:
    """Escaped text shortened with an ellipsis to at most `room` visible characters (counted
    as Telegram counts them, in UTF-16 code units)."""
    return clip_escaped(text, room)


FULL_TEXT: Final = "pft"


def full_text_row(t: Translator, p: Postulate) -> list[tuple[str, str]]:
    """The button that sends a shortened card's texts whole, as messages of their own."""
    return [(t.plain("📄 Read the full text"), pack(FULL_TEXT, p.id))]
