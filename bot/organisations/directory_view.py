"""The /orgs directory: its menus, pages of verified organisations and its callback data."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from bot.core.callbacks import Button, Keyboard, pack, unpack
from bot.core.i18n import Translator
from bot.core.render import Html, bold, escape
from bot.core.screens import Screen
from bot.core.topics import Topic, TopicService
from bot.numbers import parse_natural
from bot.organisations.service import DirectoryEntry, OrganisationService, Page

PREFIX = "dir"
PER_PAGE = 5
# Areas shown per organisation; the rest are counted, so five entries stay within 4096 chars.
AREAS_SHOWN = 4


class View(StrEnum):
    """Which directory screen a button asks for."""

    MENU = "menu"
    TOPICS = "topics"
    DISTRICTS = "districts"
    TOPIC = "t"
    DISTRICT = "d"


@dataclass(frozen=True, slots=True)
class DirectoryRequest:
    """A parsed directory button: a menu, or a page of one topic's or one district's entries."""

    view: View
    key: int = 0  # the topic id, or the district's index in the configured list
    page: int = 0


def parse(data: str | None) -> DirectoryRequest | None:
    """Parse a directory button; None for anything malformed or forged."""
    for view in (View.MENU, View.TOPICS, View.DISTRICTS):
        if data == pack(PREFIX, view):
            return DirectoryRequest(view)
    parts = unpack(data, PREFIX, 3)
    if parts is None or parts[0] not in (View.TOPIC, View.DISTRICT):
        return None
    first, second = (parse_natural(part, max_digits=9) for part in parts[1:])
    if first is None or second is None:
        return None
    return DirectoryRequest(View(parts[0]), first, second)


async def build(
    request: DirectoryRequest,
    topics: TopicService,
    organisations: OrganisationService,
    t: Translator,
) -> Screen | None:
    """The screen a button asks for, or None when it no longer exists (stale or forged)."""
    if request.view is View.MENU:
        return menu(t)
    active = await topics.list_topics()
    if request.view is View.TOPICS:
        return topic_list(t, active)
    districts = organisations.districts
    if request.view is View.DISTRICTS:
        return district_list(t, districts)
    by_id = {topic.id: topic for topic in active}
    if request.view is View.TOPIC:
        topic = by_id.get(request.key)
        if topic is None:
            return None
        title, back = topic.name(t.language), View.TOPICS
        result = await organisations.directory(
            topic_id=topic.id, page=request.page, per_page=PER_PAGE
        )
    else:
        if request.key >= len(districts):
            return None
        title, back = districts[request.key], View.DISTRICTS
        result = await organisations.directory(
            district=districts[request.key], page=request.page, per_page=PER_PAGE
        )
    if result.page != request.page or request.page >= max(result.pages, 1):
        return None
    return listing(t, request, title, result, by_id, back)


def menu(t: Translator) -> Screen:
    title = bold(t.gettext("Directory of organisations"))
    intro = t.gettext(
        "Organisations verified by the city. Browse them by area of work or by district:"
    )
    text = Html(f"{title}\n\n{intro}")
    rows: Keyboard = [
        [
            (t.gettext("By topic"), pack(PREFIX, View.TOPICS)),
            (t.gettext("By district"), pack(PREFIX, View.DISTRICTS)),
        ]
    ]
    return Screen(text, rows)


def topic_list(t: Translator, topics: list[Topic]) -> Screen:
    rows: Keyboard = [
        [(topic.name(t.language), pack(PREFIX, View.TOPIC, topic.id, 0))] for topic in topics
    ]
    rows.append([_back(t, View.MENU)])
    if not topics:
        return Screen(t.gettext("There are no topics yet."), rows)
    return Screen(t.gettext("Choose an area of work:"), rows)


def district_list(t: Translator, districts: tuple[str, ...]) -> Screen:
    buttons = [
        (name, pack(PREFIX, View.DISTRICT, index, 0)) for index, name in enumerate(districts)
    ]
    rows: Keyboard = [buttons[i : i + 2] for i in range(0, len(buttons), 2)]
    rows.append([_back(t, View.MENU)])
    return Screen(t.gettext("Choose a district:"), rows)


def listing(
    t: Translator,
    request: DirectoryRequest,
    title: str,
    result: Page[DirectoryEntry],
    topics: dict[int, Topic],
    back: View,
) -> Screen:
    """One page of entries under a heading, with paging and « Back."""
    heading: list[str] = [bold(title)]
    if result.total == 0:
        heading.append(t.gettext("No verified organisations here yet."))
    else:
        count = t.ngettext("{n} verified organisation", "{n} verified organisations", result.total)
        if result.pages > 1:
            count = Html(
                count
                + " · "
                + t.gettext("page {page} of {pages}", page=result.page + 1, pages=result.pages)
            )
        heading.append(count)
    entries = [entry_text(t, entry, topics) for entry in result.items]
    text = Html("\n\n".join(["\n".join(heading), *entries]))
    rows: Keyboard = []
    paging = _paging(t, request, result.pages)
    if paging:
        rows.append(paging)
    rows.append([_back(t, back)])
    return Screen(text, rows)


def entry_text(t: Translator, entry: DirectoryEntry, topics: dict[int, Topic]) -> Html:
    """An organisation: name, district, areas (in the reader's language) and e-mail."""
    organisation = entry.organisation
    lines: list[str] = [bold(organisation.name)]
    if organisation.district:
        lines.append("📍 " + t.gettext("District: {district}", district=organisation.district))
    names = [topics[i].name(t.language) for i in entry.topic_ids if i in topics]
    if names:
        areas = ", ".join(escape(name) for name in names[:AREAS_SHOWN])
        if len(names) > AREAS_SHOWN:
            more = len(names) - AREAS_SHOWN
            areas += " " + t.ngettext("and {n} more", "and {n} more", more)
        lines.append("🏷 " + t.gettext("Areas: {areas}", areas=Html(areas)))
    if organisation.email:
        lines.append("✉️ " + t.gettext("Contact: {email}", email=organisation.email))
    return Html("\n".join(lines))


def _paging(t: Translator, request: DirectoryRequest, pages: int) -> list[Button]:
    row: list[Button] = []
    if request.page > 0:
        data = pack(PREFIX, request.view, request.key, request.page - 1)
        row.append((t.gettext("◀️ Previous page"), data))
    if request.page < pages - 1:
        data = pack(PREFIX, request.view, request.key, request.page + 1)
        row.append((t.gettext("Next page ▶️"), data))
    return row


def _back(t: Translator, view: View) -> Button:
    return (t.gettext("◀️ Back"), pack(PREFIX, view))
