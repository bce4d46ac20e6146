"""Notes about a postulate (its answer, a merge), written when sent, in the chat's language."""

from __future__ import annotations

from typing import Final
from zoneinfo import ZoneInfo

from bot.delivery.types import OutboxItem, Outgoing
from bot.numbers import parse_natural
from bot.services.dates import format_long
from bot.services.i18n import Catalogs, Translator
from bot.services.outbox_render import item_language
from bot.services.postulate_model import ANSWERS, Postulate, Status
from bot.services.postulate_view import MESSAGE_MAX, escape_clipped, status_label
from bot.services.postulates import PostulateService
from bot.services.render import Html, bold
from bot.services.safe_html import visible_length
from storage import Database

ANSWER: Final = "answer"
MERGED: Final = "merged"


def read_tag(tag: str) -> tuple[str, int] | None:
    """("answer", 42) from "answer:42"; None for anything else."""
    event, _, number = tag.partition(":")
    value = parse_natural(number)
    if event not in (ANSWER, MERGED) or value is None:
        return None
    return event, value


class PostulateNotes:
    """Renders POSTULATE outbox items; None (skip) when the postulate or its news is gone."""

    def __init__(
        self, db: Database, postulates: PostulateService, catalogs: Catalogs, zone: ZoneInfo
    ) -> None:
        self._db = db
        self._postulates = postulates
        self._catalogs = catalogs
        self._zone = zone

    async def render(self, item: OutboxItem) -> Outgoing | None:
        tag = read_tag(item.tag)
        if tag is None:
            return None
        event, postulate_id = tag
        found = await self._postulates.get(postulate_id)
        if found is None:
            return None
        t = self._catalogs.translator(await item_language(self._db, item))
        if event == MERGED:
            return await self._merged(found, t)
        if found.status not in ANSWERS:
            return None  # not answered (the row was queued by hand, or the data changed)
        return Outgoing(
            answer_note(t, found, self._zone, is_author=found.author_id == item.chat_id)
        )

    async def _merged(self, p: Postulate, t: Translator) -> Outgoing | None:
        if p.status is not Status.MERGED or p.merged_into is None:
            return None
        target = await self._postulates.get(p.merged_into)
        if target is None:
            return None
        return Outgoing(merge_note(t, p, target))


def answer_note(t: Translator, p: Postulate, zone: ZoneInfo, *, is_author: bool) -> Html:
    """The city's answer: the title, the new status in words, the position and, for the
    author, thanks."""
    heading = (
        t.gettext("🏛 <b>The City has answered your postulate</b>")
        if is_author
        else t.gettext("🏛 <b>The City has answered a postulate you follow</b>")
    )
    lines = [
        heading,
        bold(p.title),
        t.gettext("📌 Status: {status}", status=status_label(t, p.status)),
    ]
    if p.answered_at is not None:
        when = format_long(p.answered_at, t.language, zone)
        lines.append(t.gettext("🗓 Answered: {date}", date=when))
    thanks = t.gettext("Thank you for taking part in the consultation!") if is_author else ""
    head = "\n".join(lines)
    label = t.gettext("<b>The City's position:</b>")
    room = MESSAGE_MAX - visible_length(f"{head}{label}{thanks}") - 8
    position = escape_clipped(p.position or "", room)
    tail = f"\n\n{thanks}" if thanks else ""
    return Html(f"{head}\n\n{label}\n{position}{tail}")


def merge_note(t: Translator, p: Postulate, target: Postulate) -> Html:
    """Which postulate this one was merged into, and that support and follows moved there."""
    return t.gettext(
        "🔗 The postulate “{title}” was merged with a similar one, “{target}” (no. {number}), "
        "which continues in its place: its supports and followers have moved there.",
        title=p.title,
        target=target.title,
        number=target.id,
    )
