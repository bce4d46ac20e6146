"""How a postulate reads: its status in words and its card (every piece of user text escaped)."""

from __future__ import annotations

from typing import Final
from zoneinfo import ZoneInfo

from bot.core.dates import format_long
from bot.core.i18n import N_, Translator
from bot.core.render import Html, bold, escape
from bot.core.safe_html import visible_length
from bot.postulates.model import Postulate, Status

MESSAGE_MAX: Final = 4096
ELLIPSIS: Final = "…"

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
    lines = [
        bold(p.title),
        *_facts(t, p, topic_name, zone, round_title),
        "",
        escape(p.description),
    ]
    lines.append("")
    lines.append(
        t.ngettext(
            "👍 Supported by {n} organisation",
            "👍 Supported by {n} organisations",
            p.supports,
        )
    )
    lines += _fate(t, p)
    card = "\n".join(lines)
    return Html(card + _position(t, p, MESSAGE_MAX - visible_length(card)))


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


def _position(t: Translator, p: Postulate, room: int) -> str:
    """The city's published position, shortened to what is left of the message."""
    if p.answered_at is None or not p.position:
        return ""
    heading = t.gettext("🏛 <b>The City's position:</b>")
    room -= visible_length(heading) + 4  # the blank line and line breaks around it
    return f"\n\n{heading}\n{escape_clipped(p.position, room)}"


def escape_clipped(text: str, room: int) -> Html:
    """Escaped text shortened with an ellipsis to at most `room` visible characters (counted
    as Telegram counts them, in UTF-16 code units)."""
    if _units(text) <= room:
        return escape(text)
    cut = text[: max(room - 1, 0)]
    while cut and _units(cut) > room - 1:
        cut = cut[: -max((_units(cut) - room + 1) // 2, 1)]
    return escape(cut.rstrip() + ELLIPSIS)


def _units(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2
