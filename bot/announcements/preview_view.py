"""The buttons under a preview (test, edit, schedule, send now, correct) and their outcomes."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from bot.announcements.actions import PREFIX
from bot.core.callbacks import Keyboard, pack
from bot.core.dates import format_long
from bot.core.i18n import Translator
from bot.core.render import Html
from bot.core.screens import Screen


def audience_line(t: Translator, people: int, organisations: int) -> Html:
    """ "Will reach 412 people in 96 organisations." with each number's plural form."""
    reach = t.ngettext("Will reach {n} person", "Will reach {n} people", people)
    where = t.ngettext("in {n} organisation.", "in {n} organisations.", organisations)
    return Html(f"{reach} {where}")


def preview_controls(
    t: Translator,
    people: int,
    organisations: int,
    warning: Html | None = None,
    again: str | None = None,
) -> Screen:
    """The message under the preview: the audience, any warning, and what to do next
    (`again`: the time an edited scheduled announcement was due, offered back)."""
    exact = t.gettext("👆 This is exactly what recipients will see.")
    text = Html(f"{exact}\n{audience_line(t, people, organisations)}")
    if warning is not None:
        text = Html(f"{text}\n{warning}")
    rows: Keyboard = [
        [(t.plain("🧪 Send a test to me"), pack(PREFIX, "test"))],
        [(t.plain("✏️ Edit a field"), pack(PREFIX, "edit"))],
        [
            (t.plain("🕒 Schedule"), pack(PREFIX, "sched")),
            (t.plain("🚀 Send now"), pack(PREFIX, "nowq")),
        ],
        [(t.plain("✖️ Cancel"), pack(PREFIX, "x"))],
    ]
    if again is not None:
        rows.insert(
            0, [(t.plain("🕒 Schedule again for {when}", when=again), pack(PREFIX, "again"))]
        )
    return Screen(text, rows)


def send_now_confirm(t: Translator, people: int, organisations: int) -> Screen:
    """Asked once before an announcement goes out: to how many, and that it cannot be undone."""
    question = t.ngettext(
        "🚀 Send it now to {n} person? Once sent it can be corrected or cancelled, but not "
        "taken back.",
        "🚀 Send it now to {n} people? Once sent it can be corrected or cancelled, but not "
        "taken back.",
        people,
    )
    rows: Keyboard = [
        [(t.plain("🚀 Yes, send now"), pack(PREFIX, "now"))],
        [(t.plain("◀️ Back"), pack(PREFIX, "nowb"))],
    ]
    return Screen(Html(f"{question}\n{audience_line(t, people, organisations)}"), rows)


def correction_controls(t: Translator) -> Screen:
    rows: Keyboard = [
        [(t.plain("✅ Send the correction"), pack(PREFIX, "fix"))],
        [(t.plain("✏️ Edit a field"), pack(PREFIX, "edit"))],
        [(t.plain("✖️ Cancel"), pack(PREFIX, "x"))],
    ]
    text = t.gettext(
        "👆 The corrected message. Recipients' messages will be edited where Telegram allows, "
        "otherwise they get a short correction note."
    )
    return Screen(text, rows)


def schedule_confirm(t: Translator, when: datetime, zone: ZoneInfo) -> Screen:
    rows: Keyboard = [
        [(t.plain("✅ Schedule"), pack(PREFIX, "sok"))],
        [(t.plain("◀️ Back"), pack(PREFIX, "back"))],
    ]
    text = t.gettext(
        "It will go out on <b>{when}</b>. Confirm?", when=format_long(when, t.language, zone)
    )
    return Screen(text, rows)


def scheduled_text(t: Translator, when: datetime, zone: ZoneInfo) -> Html:
    return t.gettext(
        "🕒 Scheduled for {when}. /announcements lists it, with a button to cancel it.",
        when=format_long(when, t.language, zone),
    )


def test_sent(t: Translator) -> str:
    return t.plain("Test queued: it will arrive in this chat in a moment.")


def published(t: Translator) -> Html:
    return t.gettext("🚀 Published. The message below shows how the sending goes.")


def discarded(t: Translator) -> Html:
    return t.gettext("Discarded. Nothing was sent.")


def correction_sent(t: Translator) -> Html:
    return t.gettext("✏️ Correction saved; recipients' messages are being updated.")
