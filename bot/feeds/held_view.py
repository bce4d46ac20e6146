"""Held feed items for staff: the card's controls, the topic and deadline steps, the outcomes."""

from __future__ import annotations

from datetime import datetime
from typing import Final
from zoneinfo import ZoneInfo

from bot.core.callbacks import Keyboard, pack
from bot.core.dates import format_long
from bot.core.i18n import Translator
from bot.core.render import Html
from bot.core.screens import Screen
from bot.core.topic_view import topic_rows
from bot.core.topics import Topic
from bot.feeds.held import HeldItem
from bot.feeds.ingest import DEADLINE_KINDS
from bot.feeds.view import NAME_SHOWN, PREFIX, shorten

DEADLINE_FLOW: Final = "feeddeadline"
DEADLINE_STEP: Final = "deadline"


def controls(t: Translator, item: HeldItem, zone: ZoneInfo) -> Screen:
    """What follows the recipients' preview: where it came from, its deadline, the choices."""
    draft = item.announcement
    name = shorten(item.feed_name, NAME_SHOWN)
    lines = [t.gettext("👆 Held for approval, from the feed: {name}", name=name)]
    rows: Keyboard = [
        [(t.plain("🚀 Publish"), pack(PREFIX, "hp", item.item_id))],
        [(t.plain("🏷 Change topics"), pack(PREFIX, "ht", item.item_id))],
    ]
    if draft.kind in DEADLINE_KINDS:
        lines.append(deadline_line(t, draft.deadline, zone))
        rows.append([(t.plain("⏳ Change deadline"), pack(PREFIX, "hl", item.item_id))])
    rows.append([(t.plain("🗑 Discard"), pack(PREFIX, "hq", item.item_id))])
    return Screen(Html("\n".join(lines)), rows)


def deadline_line(t: Translator, deadline: datetime | None, zone: ZoneInfo) -> Html:
    if deadline is None:
        return t.gettext(
            "⏳ No deadline found in the text. If it has one, add it with Change deadline."
        )
    return t.gettext(
        "⏳ Deadline: <b>{when}</b>. Please check it against the text: publishing confirms "
        "it, or change it first.",
        when=format_long(deadline, t.language, zone),
    )


def topics_screen(t: Translator, item: HeldItem, topics: list[Topic]) -> Screen:
    draft = item.announcement
    text = t.gettext(
        "<b>Topics of {title}</b>\nSubscribers of any chosen topic receive it.", title=draft.title
    )
    rows = topic_rows(
        t,
        topics,
        draft.topic_ids,
        lambda topic_id: pack(PREFIX, "hx", item.item_id, topic_id),
        pack(PREFIX, "ha", item.item_id),
        all_topics=draft.all_topics,
    )
    rows.append([(t.plain("Done ▶️"), pack(PREFIX, "hd", item.item_id))])
    return Screen(text, rows)


def deadline_prompt(t: Translator, item: HeldItem) -> Screen:
    text = t.gettext(
        "Send the deadline of <b>{title}</b>, for example “15.01 15:00” (a date alone "
        "means 15:00 for calls for proposals and the end of the day for consultations).",
        title=item.announcement.title,
    )
    rows: Keyboard = [[(t.plain("🗑 Remove the deadline"), pack(PREFIX, "hn", item.item_id))]]
    return Screen(text, rows)


def listing_head(t: Translator, shown: int, total: int) -> Html:
    if total == 0:
        return t.gettext("No feed items are waiting for approval.")
    head = t.ngettext(
        "📝 {n} feed item is waiting for approval.",
        "📝 {n} feed items are waiting for approval.",
        total,
    )
    if shown < total:
        more = t.gettext(
            "Here are the oldest {shown}; press the button again for more.", shown=shown
        )
        return Html(f"{head} {more}")
    return head


def published(t: Translator, title: str, chats: int) -> Html:
    return t.ngettext(
        "🚀 Published: {title}. It goes to {n} chat.",
        "🚀 Published: {title}. It goes to {n} chats.",
        chats,
        title=title,
    )


def discarded(t: Translator, title: str) -> Html:
    return t.gettext("🗑 Discarded: {title}. Nothing was sent.", title=title)


def already_decided(t: Translator, state: str | None) -> str | None:
    """The alert for an old card's button; None when the item is unknown (a forged id)."""
    if state == "published":
        return t.plain("This item has already been published.")
    if state == "discarded":
        return t.plain("This item has already been discarded.")
    return None


def item_gone(t: Translator, state: str | None) -> Html:
    """The deadline's answer for an item decided (or gone) meanwhile."""
    if state == "published":
        return t.gettext("This item has already been published.")
    if state == "discarded":
        return t.gettext("This item has already been discarded.")
    return t.gettext("This item is no longer waiting for approval.")


def updated(t: Translator) -> Html:
    return t.gettext("✔️ Saved. The updated item is below.")


def deadline_removed(t: Translator) -> Html:
    return t.gettext("Deadline removed.")


def date_expected(t: Translator) -> Html:
    return t.gettext("Please send the date as text, or send /cancel to stop.")


def flood_held(t: Translator, name: str, count: int, limit: int) -> Html:
    return t.ngettext(
        "⚠️ The feed {name} brought {n} new item at once, more than {limit}: it may have "
        "re-issued old items. Nothing was published; all are held for you in /feeds.",
        "⚠️ The feed {name} brought {n} new items at once, more than {limit}: it may have "
        "re-issued old items. Nothing was published; all are held for you in /feeds.",
        count,
        name=shorten(name, NAME_SHOWN),
        limit=limit,
    )


def feed_paused(t: Translator, name: str, reason: str) -> Html:
    return t.gettext(
        "⚠️ The feed {name} was paused after repeated failures: {reason}\nSend /feeds to "
        "resume it once the portal works again.",
        name=shorten(name, NAME_SHOWN),
        reason=shorten(reason, 500) or "—",
    )
