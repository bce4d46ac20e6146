"""What staff are told about work waiting for them, and their choice in /settings."""

from __future__ import annotations

from typing import Final

from bot.core.callbacks import Keyboard, pack, unpack
from bot.core.i18n import N_, Translator
from bot.core.render import Html, escape
from bot.core.screens import Screen
from bot.postulates.model import Postulate
from bot.postulates.staff_alerts import AlertMode, Summary

PREFIX: Final = "sal"
_LABELS: Final = {
    AlertMode.NOW: N_("At once"),
    AlertMode.DAILY: N_("Once a day, at 8:00"),
    AlertMode.OFF: N_("Not at all"),
}


def parse(data: str | None) -> AlertMode | None:
    parts = unpack(data, PREFIX, 1)
    if parts is None or parts[0] not in {mode.value for mode in AlertMode}:
        return None
    return AlertMode(parts[0])


def choice_screen(t: Translator, mode: AlertMode) -> Screen:
    """For staff in /settings: how to hear about new postulates."""
    text = t.gettext("📥 <b>New postulates</b> (city staff): how do you want to hear about them?")
    rows: Keyboard = [
        [(("✅ " if option is mode else "") + t.plain(label), pack(PREFIX, option.value))]
        for option, label in _LABELS.items()
    ]
    return Screen(text, rows)


def new_postulate(t: Translator, p: Postulate) -> Html:
    return t.gettext(
        "📥 New postulate №{number}: <b>{title}</b>. Open it with /review.",
        number=p.id,
        title=p.title,
    )


def summary_text(t: Translator, summary: Summary) -> Html:
    heading = t.ngettext(
        "📥 {n} new postulate since the last summary:",
        "📥 {n} new postulates since the last summary:",
        summary.total,
    )
    lines = [heading, *(f"№{number} {escape(title)}" for number, title in summary.items)]
    more = summary.total - len(summary.items)
    if more > 0:
        lines.append(t.gettext("…and {n} more.", n=more))
    lines.append(t.gettext("Open them with /review."))
    return Html("\n".join(lines))


def new_organisation(t: Translator, card: Screen) -> Screen:
    heading = t.gettext("🏢 A new organisation is waiting for verification:")
    return Screen(Html(f"{heading}\n\n{card.text}"), card.rows)
