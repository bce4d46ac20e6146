"""The recipients' message for an announcement, in their language, for each kind of outbox item."""

from __future__ import annotations

import asyncio
from typing import Final
from zoneinfo import ZoneInfo

from bot.announcements.model import MESSAGE_MAX, Announcement, Status
from bot.announcements.service import AnnouncementService
from bot.core.callbacks import Keyboard, pack
from bot.core.dates import format_long, format_span
from bot.core.i18n import N_, Catalogs, Translator
from bot.core.lru import Lru
from bot.core.render import Html, bold, escape
from bot.core.safe_html import visible_length
from bot.core.screens import Screen
from bot.core.topics import Kind, Topic, TopicService
from bot.delivery.types import OutboxItem, Outgoing, Purpose, RenderContext
from bot.organisations.service import OrganisationService

ICS_PREFIX, DOCUMENT_PREFIX = "ics", "doc"
CACHE_SIZE: Final = 512
KIND_HEADINGS: Final[dict[Kind, str]] = {
    Kind.EVENT: N_("📅 Event"),
    Kind.CALL: N_("📝 Call for proposals"),
    Kind.CONSULTATION: N_("💬 Public consultation"),
    Kind.TRAINING: N_("🎓 Training"),
    Kind.PREMISES: N_("🏠 Premises"),
    Kind.NOTICE: N_("📌 Notice"),
}


def compose(
    a: Announcement, t: Translator, zone: ZoneInfo, topics: list[Topic], organisation: str | None
) -> Screen:
    """The message exactly as recipients see it: heading, facts, the text, and its buttons."""
    lines = [f"<b>{t.gettext(KIND_HEADINGS[a.kind])}</b>", bold(a.title), ""]
    lines += facts(a, t, zone)
    if organisation is not None:
        lines.append(t.gettext("🎯 For: {organisation}", organisation=organisation))
    elif a.all_topics:
        lines.append(t.gettext("🏷 Topics: all"))
    elif topics:
        names = ", ".join(topic.name(t.language) for topic in topics)
        lines.append(t.gettext("🏷 Topics: {names}", names=names))
    text = "\n".join(lines).rstrip() + "\n\n" + a.body_html
    return Screen(Html(text.strip()), buttons(a, t))


def facts(a: Announcement, t: Translator, zone: ZoneInfo) -> list[str]:
    """The dated and practical lines: when, where, deadline, address, link."""
    facts: list[str] = []
    if a.starts_at is not None:
        when = format_span(a.starts_at, a.ends_at, t.language, zone)
        facts.append(t.gettext("🗓 When: {when}", when=when))
    if a.place:
        facts.append(t.gettext("📍 Where: {place}", place=a.place))
    if a.deadline is not None:
        when = format_long(a.deadline, t.language, zone)
        if a.kind is Kind.CONSULTATION:
            facts.append(t.gettext("⏳ Open until: {when}", when=when))
        else:
            facts.append(t.gettext("⏳ Deadline: {when}", when=when))
    if a.address:
        facts.append(t.gettext("🏠 Address: {address}", address=a.address))
    if a.link:
        link = escape(a.link).replace('"', "&quot;")
        facts.append(f'🔗 <a href="{link}">{escape(a.link)}</a>')
    return facts


def buttons(a: Announcement, t: Translator) -> Keyboard:
    """Add to calendar (dated kinds) and the attached document, fetched on demand."""
    rows: Keyboard = []
    if a.calendar_time is not None:
        rows.append([(t.plain("📅 Add to calendar"), pack(ICS_PREFIX, a.id))])
    if a.document_file_id:
        label = f"📎 {a.document_name or t.plain('Document')}"
        rows.append([(label[:60], pack(DOCUMENT_PREFIX, a.id))])
    return rows


class AnnouncementRenderer:
    """Implements the delivery engine's Renderer; caches each (announcement, revision, language).

    Drafts are never cached: staff may still change them between test sends.
    """

    def __init__(
        self,
        announcements: AnnouncementService,
        topics: TopicService,
        organisations: OrganisationService,
        catalogs: Catalogs,
    ) -> None:
        self._announcements = announcements
        self._topics = topics
        self._organisations = organisations
        self._catalogs = catalogs
        self._cache: Lru[tuple[int, int, str], Screen] = Lru(CACHE_SIZE)
        self._announcements_seen: Lru[tuple[int, int], Announcement] = Lru(CACHE_SIZE)
        self._missing = asyncio.Lock()  # one cache miss at a time

    @property
    def zone(self) -> ZoneInfo:
        return self._announcements.zone

    async def message(
        self, announcement: Announcement, language: str, *, cached: bool = True
    ) -> Screen:
        """The recipients' message in one language (also the staff's preview).

        `cached=False` for what is not (yet) the stored revision, such as a correction's preview.
        """
        if not cached or announcement.status is Status.DRAFT:
            return await self._compose(announcement, language)
        key = (announcement.id, announcement.revision, language)
        found = self._cache.get(key)
        if found is None:
            # A broadcast's first few dozen sends all arrive here at once: compose once.
            async with self._missing:
                found = self._cache.get(key)
                if found is None:
                    found = await self._compose(announcement, language)
                    self._cache.put(key, found)
        return found

    async def _compose(self, announcement: Announcement, language: str) -> Screen:
        topics = await self._topics.list_topics(include_retired=True)
        chosen = [topic for topic in topics if topic.id in announcement.topic_ids]
        organisation = None
        if announcement.organisation_id is not None:
            target = await self._organisations.get(announcement.organisation_id)
            organisation = target.name if target else "—"
        t = self._catalogs.translator(language)
        return compose(announcement, t, self._announcements.zone, chosen, organisation)

    async def longest(self, announcement: Announcement) -> int:
        """The visible length of the message in its longest language (Telegram's limit)."""
        lengths = []
        for t in self._catalogs.all():
            screen = await self.message(announcement, t.language, cached=False)
            lengths.append(visible_length(screen.text))
        return max(lengths)

    async def render(self, item: OutboxItem) -> Outgoing | None:
        found = await self.current(item)
        if found is None:
            return None
        announcement, t = found
        if item.purpose is Purpose.CORRECTION and item.tag != str(announcement.revision):
            return None  # a later correction is queued for this chat and says it all
        screen = await self.message(announcement, t.language)
        return _outgoing(item, screen, announcement, t)

    async def current(self, item: OutboxItem) -> tuple[Announcement, Translator] | None:
        """The item's announcement as it is now and the recipient's translator; None when
        nothing should be sent (gone, or cancelled unless this is the cancellation note)."""
        if item.announcement_id is None:
            return None
        state = _claimed_state(item.context)
        if state is None:
            state = await self._announcements.render_state(item.announcement_id, item.chat_id)
        if state is None:
            return None
        status, revision, language = state
        if status is Status.CANCELLED and item.purpose is not Purpose.CANCELLATION:
            return None
        announcement = await self._announcement(item.announcement_id, revision, status)
        if announcement is None:
            return None
        return announcement, self._catalogs.translator(language)

    async def _announcement(
        self, announcement_id: int, revision: int, status: Status
    ) -> Announcement | None:
        if status is Status.DRAFT:  # a test send: staff may change it before the next one
            return await self._announcements.get(announcement_id)
        seen, key = self._announcements_seen, (announcement_id, revision)
        found = seen.get(key)
        if found is not None:
            return found
        async with self._missing:
            found = seen.get(key)
            if found is not None:
                return found
            announcement = await self._announcements.get(announcement_id)
            if announcement is not None and announcement.status is not Status.DRAFT:
                seen.put((announcement_id, announcement.revision), announcement)
            return announcement


def _claimed_state(context: RenderContext | None) -> tuple[Status, int, str | None] | None:
    """The state read when the engine claimed the item, if it was (and the announcement exists)."""
    if context is None or context.status is None or context.revision is None:
        return None
    return Status(context.status), context.revision, context.language


def _outgoing(item: OutboxItem, screen: Screen, a: Announcement, t: Translator) -> Outgoing:
    rows = [list(row) for row in screen.rows]
    if item.purpose is Purpose.CANCELLATION:
        return Outgoing(t.gettext("❌ Cancelled: {title}", title=a.title))
    if item.purpose is Purpose.TEST:
        marker = t.gettext("🧪 <b>TEST</b> — only you got this message.")
        return Outgoing(_within_limit(f"{marker}\n\n{screen.text}", screen.text), rows)
    if item.purpose is Purpose.CORRECTION:
        note = t.gettext("✏️ <b>Correction</b> to “{title}”:", title=a.title)
        noted = _within_limit(f"{note}\n\n{screen.text}", note)
        if item.reply_to_message_id is None:  # no message to edit (the group has a new id)
            return Outgoing(noted, rows)
        return Outgoing(
            screen.text, rows, edit_message_id=item.reply_to_message_id, fallback_text=noted
        )
    return Outgoing(screen.text, rows)


def _within_limit(text: str, shorter: str) -> str:
    return text if visible_length(text) <= MESSAGE_MAX else shorter
