"""Drafting in /announce: kind, audience and fields in, one answer at a time; the next screen."""

from __future__ import annotations

import dataclasses
from datetime import datetime
from typing import Any

from bot.announcements import audience_view, field_view, preview_view
from bot.announcements.actions import WAS_AT, Action, Step
from bot.announcements.call_period import is_short_call, short_call_warning
from bot.announcements.model import (
    DATE_FIELDS,
    MESSAGE_MAX,
    Announcement,
    Field,
    Problem,
    Refusal,
    Source,
    Status,
    attributes,
    check_dates,
    decode,
    encode,
    is_optional,
    parse_value,
    steps,
)
from bot.announcements.render import AnnouncementRenderer
from bot.announcements.service import AnnouncementService
from bot.core.dates import format_long
from bot.core.dialogs import Dialog, DialogService
from bot.core.i18n import Translator
from bot.core.render import Html
from bot.core.screens import Reply, Screen, refused
from bot.core.topics import Kind, TopicService
from bot.numbers import parse_natural
from bot.organisations.service import OrganisationService

NEW, FIX = "new", "fix"


class Drafting:
    """Building a draft (or a correction) one answer or button at a time."""

    def __init__(
        self,
        announcements: AnnouncementService,
        renderer: AnnouncementRenderer,
        topics: TopicService,
        organisations: OrganisationService,
        dialogs: DialogService,
    ) -> None:
        self.announcements = announcements
        self.renderer = renderer
        self.topics = topics
        self.organisations = organisations
        self.dialogs = dialogs

    async def current(self, dialog: Dialog) -> Announcement | None:
        """The dialog's announcement, if it is still in the state the dialog expects."""
        announcement_id = dialog.data.get("id")
        if not isinstance(announcement_id, int):
            return None
        found = await self.announcements.get(announcement_id)
        wanted = Status.PUBLISHED if dialog.data.get("mode") == FIX else Status.DRAFT
        return found if found is not None and found.status is wanted else None

    def with_changes(self, dialog: Dialog, announcement: Announcement) -> Announcement:
        """A correction's announcement as it will read once the changes are applied."""
        raw: dict[str, Any] = dialog.data.get("changes") or {}
        changes = {Field(key): decode(Field(key), value) for key, value in raw.items()}
        return dataclasses.replace(announcement, **attributes(changes))

    async def choose_kind(self, dialog: Dialog, kind: str, t: Translator) -> Reply | None:
        if kind not in set(Kind):
            return None
        draft = await self.announcements.create_draft(Kind(kind), Source.CHAT, dialog.user_id)
        await self.dialogs.advance(dialog.user_id, Field.AUDIENCE, id=draft.id, mode=NEW)
        topics = await self.topics.list_topics()
        return Reply(edit=audience_view.audience_screen(t, topics, draft.topic_ids))

    async def audience(
        self, dialog: Dialog, draft: Announcement, action: Action, t: Translator
    ) -> Reply | None:
        """A topic toggle, All topics, One organisation, or Done."""
        if action.name == "t" and (topic_id := parse_natural(action.arg)) is not None:
            topic = await self.topics.get(topic_id)
            if topic is None or topic.retired:
                return None
            chosen = set(draft.topic_ids) ^ {topic.id}
            updated = await self.announcements.set_audience(draft.id, chosen)
            if updated is None:
                return None
            topics = await self.topics.list_topics()
            return Reply(edit=audience_view.audience_screen(t, topics, updated.topic_ids))
        if action.name == "all":
            await self.announcements.set_audience(draft.id, all_topics=True)
            return await self.after_audience(dialog, draft, t)
        if action.name == "org":
            await self.dialogs.advance(dialog.user_id, Step.ORGANISATION)
            return Reply(send=(Screen(audience_view.organisation_prompt(t)),))
        if action.name == "done":
            if not draft.topic_ids or draft.organisation_id is not None:
                return Reply(toast=audience_view.choose_topics_first(t), alert=True)
            return await self.after_audience(dialog, draft, t)
        return None

    async def pick_organisation(
        self, dialog: Dialog, draft: Announcement, org_id: str, t: Translator
    ) -> Reply | None:
        number = parse_natural(org_id)
        organisation = None if number is None else await self.organisations.get(number)
        if organisation is None:
            return None
        await self.announcements.set_audience(draft.id, organisation_id=organisation.id)
        return await self.after_audience(dialog, draft, t)

    async def search_organisation(self, text: str | None, t: Translator) -> Reply:
        found = await self.organisations.search(text or "")
        return Reply(send=(audience_view.organisation_results(t, found),))

    async def after_audience(self, dialog: Dialog, draft: Announcement, t: Translator) -> Reply:
        if dialog.data.get("editing"):
            return Reply(send=await self.show_preview(dialog, t))
        first = steps(draft.kind)[0]
        await self.dialogs.advance(dialog.user_id, first)
        return Reply(send=(field_view.prompt(t, first, draft.kind),))

    async def answer_field(
        self,
        dialog: Dialog,
        announcement: Announcement,
        field: Field,
        value: object,
        t: Translator,
    ) -> Reply:
        """Check a new value against the whole announcement, keep it, and move on."""
        current = self.with_changes(dialog, announcement)
        candidate = dataclasses.replace(current, **attributes({field: value}))
        refusal = await self._check_candidate(candidate, field)
        if refusal is not None:
            again = field_view.prompt(t, field, announcement.kind)
            return Reply(send=(refused(field_view.problem_text(t, refusal), again),))
        if dialog.data.get("mode") == FIX:
            changes = {**(dialog.data.get("changes") or {}), field.value: encode(value)}
            dialog = await self._advance(dialog, Step.PREVIEW, changes=changes)
            return Reply(send=await self.show_preview(dialog, t))
        await self.announcements.update_draft(announcement.id, {field: value})
        confirmation: tuple[Screen, ...] = ()
        if isinstance(value, datetime):
            zone = self.announcements.zone
            confirmation = (Screen(field_view.date_confirmation(t, field, value, zone)),)
        return Reply(send=(*confirmation, *await self._next(dialog, announcement, field, t)))

    async def _check_candidate(self, candidate: Announcement, field: Field) -> Refusal | None:
        if field in DATE_FIELDS:
            now = self.announcements.now()
            refusal = check_dates(candidate, now, now)
            if refusal is not None:
                return refusal
        length = await self.renderer.longest(candidate)
        if length > MESSAGE_MAX:
            return Refusal(Problem.TOO_LONG, None, length - MESSAGE_MAX)
        return None

    async def _next(
        self, dialog: Dialog, announcement: Announcement, field: Field, t: Translator
    ) -> tuple[Screen, ...]:
        order = steps(announcement.kind)
        following = order[order.index(field) + 1 :] if field in order else []
        if dialog.data.get("editing") or not following:
            return await self.show_preview(dialog, t)
        await self.dialogs.advance(dialog.user_id, following[0])
        return (field_view.prompt(t, following[0], announcement.kind),)

    async def answer_text(
        self,
        dialog: Dialog,
        text: str | None,
        html: str | None,
        document: tuple[str, str] | None,
        t: Translator,
    ) -> Reply:
        """A message in a text step: parse it for the step's field."""
        announcement = await self.current(dialog)
        if announcement is None:
            await self.dialogs.finish(dialog.user_id)
            return Reply(send=(Screen(field_view.problem_text(t, Refusal(Problem.WRONG_STATE))),))
        if dialog.step == Step.ORGANISATION:
            return await self.search_organisation(text, t)
        if dialog.step not in set(Field) or dialog.step == Field.AUDIENCE:
            return Reply(send=(Screen(field_view.use_buttons(t)),))
        field = Field(dialog.step)
        if field is Field.DOCUMENT:
            if document is None:
                again = field_view.prompt(t, field, announcement.kind)
                return Reply(send=(Screen(field_view.document_expected(t), again.rows),))
            return await self.answer_field(dialog, announcement, field, document, t)
        if text is None:
            return Reply(send=(Screen(field_view.text_expected(t)),))
        if field is Field.SCHEDULE:
            return await self.answer_schedule(dialog, announcement, text, t)
        value = parse_value(
            field,
            text,
            html or text,
            announcement.kind,
            self.announcements.zone,
            self.announcements.now(),
            starts=self.with_changes(dialog, announcement).starts_at,
        )
        if isinstance(value, Refusal):
            again = field_view.prompt(t, field, announcement.kind)
            return Reply(send=(refused(field_view.problem_text(t, value), again),))
        return await self.answer_field(dialog, announcement, field, value, t)

    async def skip(
        self, dialog: Dialog, announcement: Announcement, t: Translator
    ) -> Reply | None:
        if dialog.step not in set(Field) or not is_optional(announcement.kind, Field(dialog.step)):
            return None
        return await self.answer_field(dialog, announcement, Field(dialog.step), None, t)

    async def answer_schedule(
        self, dialog: Dialog, announcement: Announcement, text: str, t: Translator
    ) -> Reply:
        now = self.announcements.now()
        zone = self.announcements.zone
        when = parse_value(Field.SCHEDULE, text, text, announcement.kind, zone, now)
        if isinstance(when, datetime):
            refusal = self.announcements.check(announcement, when)
        else:
            refusal = when if isinstance(when, Refusal) else Refusal(Problem.UNREADABLE)
        if refusal is not None or not isinstance(when, datetime):
            again = field_view.prompt(t, Field.SCHEDULE, announcement.kind)
            problem = field_view.problem_text(t, refusal or Refusal(Problem.UNREADABLE))
            return Reply(send=(Screen(Html(f"{problem}\n\n{again.text}")),))
        await self.dialogs.advance(dialog.user_id, Step.SCHEDULE_CONFIRM, at=encode(when))
        return Reply(send=(preview_view.schedule_confirm(t, when, zone),))

    async def show_preview(self, dialog: Dialog, t: Translator) -> tuple[Screen, ...]:
        """The message as recipients will see it, then the audience and the choices."""
        dialog = await self._advance(dialog, Step.PREVIEW)
        announcement = await self.current(dialog)
        if announcement is None:
            return (Screen(field_view.problem_text(t, Refusal(Problem.WRONG_STATE))),)
        shown = self.with_changes(dialog, announcement)
        message = await self.renderer.message(shown, t.language, cached=False)
        if dialog.data.get("mode") == FIX:
            return message, preview_view.correction_controls(t)
        people, organisations = await self.announcements.audience_size(announcement)
        short = is_short_call(shown, self.announcements.now())
        warning = short_call_warning(t) if short else None
        was = dialog.data.get(WAS_AT)
        again = None
        if isinstance(was, str):
            again = format_long(datetime.fromisoformat(was), t.language, self.announcements.zone)
        return message, preview_view.preview_controls(t, people, organisations, warning, again)

    async def _advance(self, dialog: Dialog, step: str, **data: Any) -> Dialog:
        advanced = await self.dialogs.advance(dialog.user_id, step, editing=True, **data)
        return advanced or dialog

    async def choose_field(
        self, dialog: Dialog, announcement: Announcement, name: str, t: Translator
    ) -> Reply | None:
        menu = field_view.field_menu(t, announcement, correcting=dialog.data.get("mode") == FIX)
        offered = {data.rsplit(":", 1)[-1] for row in menu.rows for _, data in row}
        if name not in offered:
            return None
        field = Field(name)
        await self.dialogs.advance(dialog.user_id, field)
        if field is Field.AUDIENCE:
            topics = await self.topics.list_topics()
            return Reply(edit=audience_view.audience_screen(t, topics, announcement.topic_ids))
        return Reply(send=(field_view.prompt(t, field, announcement.kind),))
