"""Staff's view of sent announcements: /announcements cards, progress, and the failures CSV."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from datetime import timedelta
from typing import Final
from zoneinfo import ZoneInfo

from babel.dates import format_timedelta

from bot.announcements.model import Announcement, Status
from bot.core.callbacks import Keyboard, pack, unpack
from bot.core.dates import format_long
from bot.core.i18n import Translator
from bot.core.render import Html, bold
from bot.core.screens import Screen
from bot.core.spreadsheet import cell
from bot.delivery.types import DeliveryStats, FailedRecipient
from bot.numbers import parse_natural

PREFIX: Final = "anl"
ACTIONS: Final = ("csv", "c", "cy", "e")
# Polish, ";" and a BOM, like the consultation report: staff open it in Polish Excel.
CSV_HEADER: Final = ("Czat", "Identyfikator czatu", "Stan", "Błąd", "Próby")
STATE_WORDS: Final = {"failed": "nieudane", "blocked": "zablokowane"}


@dataclass(frozen=True, slots=True)
class ListAction:
    """A parsed /announcements button: csv, c (cancel?), cy (cancel confirmed), e (correct)."""

    name: str
    announcement_id: int


def parse(data: str | None) -> ListAction | None:
    """A button's action; None for anything malformed or forged."""
    parts = unpack(data, PREFIX, 2)
    if parts is None or parts[0] not in ACTIONS:
        return None
    name, announcement_id = parts
    number = parse_natural(announcement_id)
    return None if number is None else ListAction(name, number)


def empty_list(t: Translator) -> Html:
    return t.gettext("No announcements yet. Start one with /announce.")


def status_line(t: Translator, a: Announcement, zone: ZoneInfo) -> Html:
    if a.status is Status.SCHEDULED and a.publish_at is not None:
        when = format_long(a.publish_at, t.language, zone)
        return t.gettext("🕒 Scheduled for {when}", when=when)
    if a.status is Status.CANCELLED:
        return t.gettext("❌ Cancelled")
    when = format_long(a.published_at or a.created_at, t.language, zone)
    return t.gettext("🚀 Published {when}", when=when)


def figures(t: Translator, stats: DeliveryStats) -> Html:
    """Sent / total, failed, blocked and what is left."""
    parts = [
        t.gettext("sent {sent} of {total}", sent=stats.sent, total=stats.total),
        t.gettext("failed {n}", n=stats.failed),
        t.gettext("blocked {n}", n=stats.blocked),
    ]
    if stats.pending:
        parts.append(t.gettext("waiting {n}", n=stats.pending))
    return Html(" · ".join(parts))


def card(t: Translator, a: Announcement, stats: DeliveryStats, zone: ZoneInfo) -> Screen:
    """One announcement with its figures and the buttons that apply to its state."""
    lines = [f"#{a.id} {bold(a.title)}", status_line(t, a, zone)]
    if a.status is not Status.SCHEDULED:
        lines.append(figures(t, stats))
    rows: Keyboard = []
    if a.status is not Status.SCHEDULED and stats.failed + stats.blocked > 0:
        # Offered only when there is something in it.
        rows.append([(t.plain("⬇️ Failed recipients (CSV)"), pack(PREFIX, "csv", a.id))])
    if a.status is Status.PUBLISHED:
        rows.append([(t.plain("✏️ Correct"), pack(PREFIX, "e", a.id))])
    if a.status is Status.SCHEDULED:
        rows.append([(t.plain("✏️ Edit"), pack(PREFIX, "e", a.id))])
    if a.status in (Status.SCHEDULED, Status.PUBLISHED):
        rows.append([(t.plain("🚫 Cancel"), pack(PREFIX, "c", a.id))])
    return Screen(Html("\n".join(lines)), rows)


def confirm_cancel(t: Translator, a: Announcement) -> Screen:
    if a.status is Status.PUBLISHED:
        text = t.gettext(
            "Cancel “{title}”? Messages not sent yet are dropped, and everyone who got it "
            "receives a short cancellation note.",
            title=a.title,
        )
    else:
        text = t.gettext("Cancel “{title}”? It will not go out.", title=a.title)
    rows: Keyboard = [[(t.plain("🚫 Yes, cancel it"), pack(PREFIX, "cy", a.id))]]
    return Screen(text, rows)


def cancelled(t: Translator, a: Announcement) -> Html:
    return t.gettext("❌ Cancelled: {title}", title=a.title)


def cannot_cancel(t: Translator) -> str:
    return t.plain("Only scheduled or published announcements can be cancelled.")


def cannot_correct(t: Translator) -> str:
    return t.plain("Only published announcements can be corrected.")


def progress_text(t: Translator, a: Announcement, stats: DeliveryStats) -> Html:
    """The staff's progress message while sending, then the final figures."""
    if stats.finished:
        head = t.gettext("✅ Sent: {title}", title=a.title)
        return Html(f"{head}\n{figures(t, stats)}")
    head = t.gettext("📤 Sending: {title}", title=a.title)
    lines = [head, figures(t, stats)]
    if stats.eta_seconds is not None:
        left = format_timedelta(
            timedelta(seconds=max(stats.eta_seconds, 1)), locale=t.language, format="long"
        )
        lines.append(t.gettext("About {left} left.", left=left))
    return Html("\n".join(lines))


def progress_start(t: Translator) -> Html:
    return t.gettext("📤 Sending… I will update this message as it goes.")


def failed_csv(rows: list[FailedRecipient]) -> bytes:
    """Who did not get it (@username or group title, and the id), why, after how many tries."""
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, delimiter=";")
    writer.writerow(CSV_HEADER)
    writer.writerows(
        (
            _chat_name(r.chat),
            r.chat_id,
            STATE_WORDS.get(r.state, r.state),
            cell(r.error or ""),
            r.attempts,
        )
        for r in rows
    )
    return buffer.getvalue().encode("utf-8-sig")


def _chat_name(chat: str | None) -> str:
    # "@name" would start a formula in Excel: say whose username it is instead.
    if chat is None:
        return ""
    return f"użytkownik {chat}" if chat.startswith("@") else cell(chat)


def csv_name(a: Announcement) -> str:
    return f"announcement-{a.id}-failed.csv"
