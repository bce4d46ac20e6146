"""The /announce conversation: which press is valid at which step; scheduling and publishing."""

from __future__ import annotations

from datetime import datetime

from bot.announcements import field_view, preview_view
from bot.announcements.actions import FLOW, Action, Step
from bot.announcements.drafting import FIX, NEW, Drafting
from bot.announcements.model import Announcement, Field, Refusal, Status
from bot.announcements.reschedule import schedule_again, start_edit, was_at
from bot.core.dialogs import Dialog
from bot.core.i18n import Translator
from bot.core.screens import Reply, Screen

_AUDIENCE_ACTIONS = frozenset({"t", "all", "org", "done"})


class AnnounceFlow:
    """Starts the conversation and answers its buttons; every method is Telegram-free."""

    def __init__(self, drafting: Drafting) -> None:
        self.drafting = drafting
        self.announcements = drafting.announcements
        self.dialogs = drafting.dialogs

    async def answer_text(
        self,
        dialog: Dialog,
        text: str | None,
        html: str | None,
        document: tuple[str, str] | None,
        t: Translator,
    ) -> Reply:
        """A typed answer to the step in progress (the drafting's part of the conversation)."""
        return await self.drafting.answer_text(dialog, text, html, document, t)

    async def start(self, user_id: int, t: Translator) -> Screen:
        await self.dialogs.start(user_id, FLOW, Step.KIND)
        return field_view.kind_screen(t)

    async def start_correction(
        self, user_id: int, announcement_id: int, t: Translator
    ) -> Screen | None:
        announcement = await self.announcements.get(announcement_id)
        if announcement is not None and announcement.status is Status.SCHEDULED:
            return await start_edit(self.drafting, user_id, announcement, t)
        if announcement is None or announcement.status is not Status.PUBLISHED:
            return None
        data = {"id": announcement.id, "mode": FIX, "editing": True, "changes": {}}
        await self.dialogs.start(user_id, FLOW, Step.FIELDS, data)
        return field_view.field_menu(t, announcement, correcting=True)

    async def press(self, dialog: Dialog | None, action: Action, t: Translator) -> Reply | None:
        """Apply a button; None when it does not belong to the conversation's current step."""
        if dialog is None or dialog.flow != FLOW:
            return None
        if dialog.step == Step.KIND:
            return (
                await self.drafting.choose_kind(dialog, action.arg, t)
                if action.name == "k"
                else None
            )
        announcement = await self.drafting.current(dialog)
        if announcement is None:
            return None
        if action.name == "x":
            return await self.discard(dialog, announcement, t)
        if dialog.step == Field.AUDIENCE and action.name in _AUDIENCE_ACTIONS:
            return await self.drafting.audience(dialog, announcement, action, t)
        if dialog.step == Step.ORGANISATION and action.name == "o":
            return await self.drafting.pick_organisation(dialog, announcement, action.arg, t)
        if action.name == "skip":
            return await self.drafting.skip(dialog, announcement, t)
        if action.name == "back" and dialog.step in (Step.FIELDS, Step.SCHEDULE_CONFIRM):
            return Reply(send=await self.drafting.show_preview(dialog, t))
        if dialog.step == Step.FIELDS and action.name == "f":
            return await self.drafting.choose_field(dialog, announcement, action.arg, t)
        if dialog.step == Step.SCHEDULE_CONFIRM and action.name == "sok":
            return await self.schedule(dialog, announcement, t)
        if dialog.step == Step.PREVIEW:
            return await self._preview_action(dialog, announcement, action, t)
        return None

    async def _preview_action(
        self, dialog: Dialog, announcement: Announcement, action: Action, t: Translator
    ) -> Reply | None:
        mode = dialog.data.get("mode")
        if action.name == "edit":
            await self.dialogs.advance(dialog.user_id, Step.FIELDS)
            return Reply(edit=field_view.field_menu(t, announcement, correcting=mode == FIX))
        if mode == FIX:
            return (
                await self.send_correction(dialog, announcement, t)
                if action.name == "fix"
                else None
            )
        if action.name == "test":
            await self.announcements.send_test(announcement.id, dialog.user_id)
            return Reply(toast=preview_view.test_sent(t))
        if action.name == "again":
            return await schedule_again(self.drafting, dialog, announcement, t)
        if action.name in ("nowq", "nowb"):
            people, organisations = await self.announcements.audience_size(announcement)
            if action.name == "nowq":
                return Reply(edit=preview_view.send_now_confirm(t, people, organisations))
            return Reply(edit=preview_view.preview_controls(t, people, organisations))
        if action.name == "sched":
            await self.dialogs.advance(dialog.user_id, Field.SCHEDULE)
            return Reply(send=(field_view.prompt(t, Field.SCHEDULE, announcement.kind),))
        return None

    async def schedule(self, dialog: Dialog, announcement: Announcement, t: Translator) -> Reply:
        raw = dialog.data.get("at")
        when = datetime.fromisoformat(raw) if isinstance(raw, str) else None
        if when is None:
            return Reply(send=await self.drafting.show_preview(dialog, t))
        result = await self.announcements.publish(announcement.id, at=when)
        if isinstance(result, Refusal):
            await self.dialogs.advance(dialog.user_id, Field.SCHEDULE)
            again = field_view.prompt(t, Field.SCHEDULE, announcement.kind)
            return Reply(send=(Screen(field_view.problem_text(t, result)), again))
        await self.dialogs.finish(dialog.user_id)
        return Reply(edit=Screen(preview_view.scheduled_text(t, when, self.announcements.zone)))

    async def ready(self, dialog: Dialog | None) -> Announcement | Refusal | None:
        """For Send now: the draft if it may go out now, the reason if not; None if stale."""
        if dialog is None or dialog.flow != FLOW or dialog.step != Step.PREVIEW:
            return None
        if dialog.data.get("mode") != NEW:
            return None
        announcement = await self.drafting.current(dialog)
        if announcement is None:
            return None
        return self.announcements.check(announcement) or announcement

    async def publish_now(
        self, announcement: Announcement, user_id: int, progress: tuple[int, int]
    ) -> Announcement | Refusal:
        """Remember the progress message first, so the engine's first report finds it."""
        await self.announcements.set_progress_message(announcement.id, *progress)
        result = await self.announcements.publish(announcement.id)
        if not isinstance(result, Refusal):
            await self.dialogs.finish(user_id)
        return result

    async def send_correction(
        self, dialog: Dialog, announcement: Announcement, t: Translator
    ) -> Reply:
        corrected = self.drafting.with_changes(dialog, announcement)
        changes: dict[Field, object] = {
            field: getattr(corrected, field.attribute)
            for field in map(Field, dialog.data.get("changes") or {})
            if field is not Field.DOCUMENT
        }
        result = await self.announcements.correct(announcement.id, changes)
        if isinstance(result, Refusal):
            return Reply(toast=field_view.problem_text(t, result), alert=True)
        await self.dialogs.finish(dialog.user_id)
        return Reply(edit=Screen(preview_view.correction_sent(t)))

    async def cancel_edit(self, dialog: Dialog, t: Translator) -> Reply | None:
        """/cancel: an edited scheduled announcement goes back on its schedule; None when the
        conversation is anything else (the usual /cancel applies)."""
        if dialog.flow != FLOW or was_at(dialog) is None:
            return None
        announcement = await self.drafting.current(dialog)
        return (
            None
            if announcement is None
            else await schedule_again(self.drafting, dialog, announcement, t)
        )

    async def discard(self, dialog: Dialog, announcement: Announcement, t: Translator) -> Reply:
        if was_at(dialog) is not None:  # an edited scheduled one: back on its schedule
            again = await schedule_again(self.drafting, dialog, announcement, t)
            if again is not None:
                return again
        if dialog.data.get("mode") == NEW:
            await self.announcements.delete_draft(announcement.id)
        await self.dialogs.finish(dialog.user_id)
        return Reply(edit=Screen(preview_view.discarded(t)))
