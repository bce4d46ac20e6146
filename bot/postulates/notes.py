"""Notes about a postulate (its answer, a merge), written when sent, in the chat's language."""

from __future__ import annotations

from typing import Final
from zoneinfo import ZoneInfo

from bot.core.dates import format_long
from bot.core.fit import MESSAGE_MAX, Fitted, Long, fit, split_text
from bot.core.i18n import Catalogs, Translator
from bot.core.render import Html, bold
from bot.delivery.outbox import item_language
from bot.delivery.types import OutboxItem, Outgoing
from bot.numbers import parse_natural
from bot.postulates.card import full_text_row, status_label
from bot.postulates.model import ANSWERS, NOTE_FIRST_PART, Postulate, Status
from bot.postulates.service import PostulateService
from storage import Database

ANSWER: Final = "answer"
MERGED: Final = "merged"
CORRECTED: Final = "corrected"  # "corrected:<id>:<n>", the n-th correction of an answer
ANSWER_MORE: Final = "answer_more"  # the rest of a long position, after the answer note


def read_tag(tag: str) -> tuple[str, int] | None:
    """("answer", 42) from "answer:42" (or "corrected:42:1"); None for anything else."""
    event, _, rest = tag.partition(":")
    number, _, nth = rest.partition(":")
    if event == CORRECTED and parse_natural(nth) is None:
        return None
    known = (ANSWER, MERGED, CORRECTED, ANSWER_MORE)
    value = parse_natural(number)
    if event not in known or value is None:
        return None
    if event != CORRECTED and nth:
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
        if event == ANSWER_MORE:
            note = continuation_note(t, found)
            if note is None:
                return None
            return Outgoing(note.text, [full_text_row(t, found)] if note.clipped else [])
        is_author = found.author_id == item.chat_id
        note = answer_note(t, found, self._zone, is_author=is_author, corrected=event == CORRECTED)
        rows = [full_text_row(t, found)] if note.clipped else []
        return Outgoing(note.text, rows)

    async def _merged(self, p: Postulate, t: Translator) -> Outgoing | None:
        if p.status is not Status.MERGED or p.merged_into is None:
            return None
        target = await self._postulates.get(p.merged_into)
        if target is None:
            return None
        return Outgoing(merge_note(t, p, target))


def answer_note(
    t: Translator, p: Postulate, zone: ZoneInfo, *, is_author: bool, corrected: bool = False
) -> Fitted:
    """The city's answer (or its correction): the title, the status in words, the position
    (shortened to fit one message: `clipped` asks for the full text button) and, for the
    author, thanks."""
    if corrected:
        heading = t.gettext("✏️ <b>The City has corrected its answer</b> (this replaces it)")
    elif is_author:
        heading = t.gettext("🏛 <b>The City has answered your postulate</b>")
    else:
        heading = t.gettext("🏛 <b>The City has answered a postulate you follow</b>")
    lines = [
        heading,
        bold(p.title),
        t.gettext("📌 Status: {status}", status=status_label(t, p.status)),
    ]
    if p.answered_at is not None:
        when = format_long(p.answered_at, t.language, zone)
        lines.append(t.gettext("🗓 Answered: {date}", date=when))
    thanks = (
        t.gettext("Thank you for taking part in the consultation!")
        if is_author and not corrected
        else ""
    )
    head = "\n".join(lines)
    label = t.gettext("<b>The City's position:</b>")
    tail = f"\n\n{thanks}" if thanks else ""
    position = p.position or ""
    if not corrected and len(position) > NOTE_FIRST_PART:
        position = _parts(position)[0]
        more = t.gettext("⬇️ The position continues in the next message.")
        tail = f"\n\n{more}{tail}"
    return fit([Html(f"{head}\n\n{label}\n"), Long(position), Html(tail)])


def continuation_note(t: Translator, p: Postulate) -> Fitted | None:
    """The rest of a long position, after the answer note's part; None if it is not long."""
    position = p.position or ""
    if len(position) <= NOTE_FIRST_PART:
        return None
    heading = t.gettext("🏛 <b>The City's position on №{number}</b>", number=p.id)
    rest = "\n\n".join(_parts(position)[1:])
    continued = t.gettext("(continued)")
    return fit([Html(f"{heading} {continued}\n"), Long(rest)])


def _parts(position: str) -> list[str]:
    """The position cut at a paragraph break near NOTE_FIRST_PART: the note's part, the rest."""
    first, *rest = split_text(position, MESSAGE_MAX, first=NOTE_FIRST_PART)
    return [first, "\n\n".join(rest)] if rest else [first]


def merge_note(t: Translator, p: Postulate, target: Postulate) -> Html:
    """Which postulate this one was merged into, and that support and follows moved there."""
    return t.gettext(
        "🔗 The postulate “{title}” was merged with a similar one, “{target}” (no. {number}), "
        "which continues in its place: its supports and followers have moved there.",
        title=p.title,
        target=target.title,
        number=target.id,
    )
