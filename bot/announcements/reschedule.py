"""Editing a scheduled announcement: it leaves the schedule while it is edited, and goes back
on it (at the same time, or another) from the preview."""

from __future__ import annotations

from datetime import datetime

from bot.announcements import field_view, preview_view
from bot.announcements.actions import FLOW, WAS_AT
from bot.announcements.drafting import NEW, Drafting
from bot.announcements.model import Announcement, Field, Refusal
from bot.core.dates import format_long
from bot.core.dialogs import Dialog
from bot.core.i18n import Translator
from bot.core.render import Html
from bot.core.screens import Reply, Screen


async def start_edit(
    steps: Drafting, user_id: int, announcement: Announcement, t: Translator
) -> Screen | None:
    """Take a scheduled announcement off the schedule and open its fields for editing."""
    when = announcement.publish_at
    draft = await steps.announcements.unschedule(announcement.id)
    if draft is None or when is None:
        return None
    data = {"id": draft.id, "mode": NEW, "editing": True, WAS_AT: when.isoformat()}
    await steps.dialogs.start(user_id, FLOW, "fields", data)
    menu = field_view.field_menu(t, draft, correcting=False)
    note = t.gettext(
        "⏸ It is off the schedule while you edit it (it was due {when}). From the preview you "
        "can schedule it again or send it now.",
        when=format_long(when, t.language, steps.announcements.zone),
    )
    return Screen(Html(f"{note}\n\n{menu.text}"), menu.rows)


def was_at(dialog: Dialog) -> datetime | None:
    value = dialog.data.get(WAS_AT)
    return datetime.fromisoformat(value) if isinstance(value, str) else None


async def schedule_again(
    steps: Drafting, dialog: Dialog, announcement: Announcement, t: Translator
) -> Reply | None:
    """Back on the schedule at the time it had; if that has passed, ask for a new one."""
    when = was_at(dialog)
    if when is None:
        return None
    result = await steps.announcements.publish(announcement.id, at=when)
    if isinstance(result, Refusal):
        await steps.dialogs.advance(dialog.user_id, Field.SCHEDULE)
        again = field_view.prompt(t, Field.SCHEDULE, announcement.kind)
        return Reply(send=(Screen(field_view.problem_text(t, result)), again))
    await steps.dialogs.finish(dialog.user_id)
    return Reply(edit=Screen(preview_view.scheduled_text(t, when, steps.announcements.zone)))
