"""The /topics keyboard (topic and kind toggles, paged) and the /subscriptions summary."""

from __future__ import annotations

from dataclasses import dataclass

from bot.core.callbacks import Button, Keyboard, pack, unpack
from bot.core.i18n import Translator
from bot.core.render import Html
from bot.core.screens import Screen
from bot.core.topics import KIND_LABELS, Kind, Topic
from bot.numbers import parse_natural
from bot.organisations.service import Organisation
from bot.organisations.view import organisation_line
from bot.subscriptions.service import ChatSettings

PREFIX = "sub"
# The city's twelve topics fit on one screen in two columns; pages only past 24 (added topics).
TOPICS_PER_PAGE = 24
COLUMNS = 2
HEADING = pack(PREFIX, "h")
ON, OFF = "✅", "▫️"


@dataclass(frozen=True, slots=True)
class SubscriptionAction:
    """A parsed /topics button: toggle a topic or a kind, turn the page, or finish."""

    action: str  # "topic" | "kind" | "page" | "done" | "heading"
    page: int = 0
    topic_id: int | None = None
    kind: Kind | None = None


def visible_topics(topics: list[Topic], settings: ChatSettings) -> list[Topic]:
    """Active topics, plus retired ones the chat still has (so it can switch them off)."""
    return [t for t in topics if not t.retired or t.id in settings.topic_ids]


def page_count(topics: list[Topic]) -> int:
    return max(1, -(-len(topics) // TOPICS_PER_PAGE))


def topics_text(t: Translator, settings: ChatSettings, *, group_title: str | None = None) -> Html:
    intro = (
        t.gettext("What should the group {title} receive?", title=group_title)
        if group_title
        else t.gettext("What would you like to hear about?")
    )
    hint = t.gettext(
        "Tap a topic or a kind of announcement to switch it on ✅ or off ▫️. "
        "You receive announcements of the kinds you chose about the topics you chose."
    )
    count = t.ngettext("{n} topic chosen.", "{n} topics chosen.", len(settings.topic_ids))
    return Html(f"<b>{intro}</b>\n\n{hint}\n\n{count}")


def topics_screen(
    t: Translator,
    settings: ChatSettings,
    topics: list[Topic],
    page: int,
    *,
    group_title: str | None = None,
) -> Screen:
    """The /topics message: what the chat receives, and the toggles for one page."""
    return Screen(
        topics_text(t, settings, group_title=group_title),
        topics_keyboard(t, settings, topics, page),
    )


def topics_keyboard(
    t: Translator, settings: ChatSettings, topics: list[Topic], page: int
) -> Keyboard:
    """Topics under their heading, two a row; then the kinds under theirs; paging; Done."""
    shown = visible_topics(topics, settings)
    pages = page_count(shown)
    page = min(max(page, 0), pages - 1)
    start = page * TOPICS_PER_PAGE
    toggles = [
        (
            _mark(topic.id in settings.topic_ids) + topic.name(t.language),
            pack(PREFIX, "t", topic.id, page),
        )
        for topic in shown[start : start + TOPICS_PER_PAGE]
    ]
    rows: Keyboard = [[(t.plain("— Topics —"), HEADING)], *_in_columns(toggles)]
    if pages > 1:
        rows.append(_paging(t, page, pages))
    kinds = [
        (_mark(kind in settings.kinds) + t.plain(KIND_LABELS[kind]), pack(PREFIX, "k", kind, page))
        for kind in Kind
    ]
    rows += [[(t.plain("— Kinds of announcements —"), HEADING)], *_in_columns(kinds)]
    rows.append([(t.plain("Done"), pack(PREFIX, "done"))])
    return rows


def _in_columns(buttons: list[Button]) -> Keyboard:
    return [buttons[i : i + COLUMNS] for i in range(0, len(buttons), COLUMNS)]


def heading_hint(t: Translator) -> str:
    """What pressing a heading says: it is a heading, the buttons under it do something."""
    return t.plain("This is a heading: tap the buttons under it.")


def _mark(on: bool) -> str:
    return f"{ON if on else OFF} "


def _paging(t: Translator, page: int, pages: int) -> list[Button]:
    row: list[Button] = []
    if page > 0:
        row.append((t.plain("◀️ Previous page"), pack(PREFIX, "p", page - 1)))
    row.append((f"{page + 1}/{pages}", pack(PREFIX, "p", page)))
    if page < pages - 1:
        row.append((t.plain("Next page ▶️"), pack(PREFIX, "p", page + 1)))
    return row


def parse(data: str | None) -> SubscriptionAction | None:
    """Parse a /topics button; None for anything malformed or forged."""
    if data == pack(PREFIX, "done"):
        return SubscriptionAction("done")
    if data == HEADING:
        return SubscriptionAction("heading")
    for shape, count in (("t", 2), ("k", 2), ("p", 1)):
        parts = unpack(data, PREFIX, count + 1)
        page = None if parts is None else parse_natural(parts[-1], max_digits=6)
        if parts is None or parts[0] != shape or page is None:
            continue
        if shape == "p":
            return SubscriptionAction("page", page)
        if shape == "t" and (topic_id := parse_natural(parts[1])) is not None:
            return SubscriptionAction("topic", page, topic_id=topic_id)
        if shape == "k" and parts[1] in {k.value for k in Kind}:
            return SubscriptionAction("kind", page, kind=Kind(parts[1]))
    return None


def summary_text(
    t: Translator,
    settings: ChatSettings | None,
    topics: list[Topic],
    organisation: Organisation | None,
) -> Html:
    """/subscriptions: topics, kinds, whether paused, and the organisation."""
    if settings is None or not settings.topic_ids:
        lines = [t.gettext("You have not chosen any topics yet: choose them with /topics.")]
    else:
        names = [topic.name(t.language) for topic in topics if topic.id in settings.topic_ids]
        kinds = [t.gettext(KIND_LABELS[kind]) for kind in Kind if kind in settings.kinds]
        lines = [
            t.gettext("<b>Topics:</b> {topics}", topics=", ".join(names)),
            t.gettext("<b>Kinds:</b> {kinds}", kinds=", ".join(kinds) or "—"),
        ]
    if settings is not None and settings.paused:
        lines.append(t.gettext("⏸ Messages are paused. Send /start to resume them."))
    lines.append(organisation_line(t, organisation))
    lines.append(t.gettext("Change them with /topics."))
    return Html("\n".join(lines))


def paused_text(t: Translator, *, group: bool) -> Html:
    if group:
        return t.gettext("⏸ Messages to this group are paused. Send /start to resume them.")
    return t.gettext("⏸ Messages are paused; your choices are kept. Send /start to resume them.")


def group_admins_only(t: Translator) -> Html:
    return t.gettext("Only this group's administrators can change what the group receives.")
