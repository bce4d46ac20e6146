"""Screens of /mypostulates and /postulates: paged lists, cards with their buttons, withdrawal."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Final

from bot.core.callbacks import Keyboard, pack
from bot.core.fit import Fitted
from bot.core.i18n import Translator
from bot.core.render import Html
from bot.core.screens import Screen
from bot.core.topics import Topic
from bot.postulates.actions import ALL_TOPICS, INBOX, MEMBER
from bot.postulates.card import full_text_row, status_label
from bot.postulates.model import REASON_MAX, Postulate, Round
from bot.postulates.view import LABEL_SHOWN, shorten

PAGE_SIZE: Final = 5
WITHDRAW_FLOW: Final = "postulate_withdraw"
ROUNDS_SHOWN: Final = 8  # the newest rounds offered for browsing


@dataclass(frozen=True, slots=True)
class Place:
    """Where a browsed card came from, so its buttons lead back there."""

    round_id: int  # INBOX for the general inbox
    topic_id: int  # ALL_TOPICS for every topic
    page: int

    def parts(self) -> tuple[int, int, int]:
        return (self.round_id, self.topic_id, self.page)


@dataclass(frozen=True, slots=True)
class CardState:
    """What the reader may do with a browsed card right now."""

    can_support: bool
    supported: bool
    following: bool


def item_line(t: Translator, postulate: Postulate) -> Html:
    return t.gettext(
        "№{number} <b>{title}</b> — {status}, 👍 {supports}",
        number=postulate.id,
        title=postulate.title,
        status=status_label(t, postulate.status),
        supports=postulate.supports,
    )


def item_button(t: Translator, postulate: Postulate, data: str) -> tuple[str, str]:
    # "Nr 12" in Polish, "№ 12" in Ukrainian: the same sign as the texts use.
    title = shorten(postulate.title, LABEL_SHOWN)
    return (t.plain("№{number} {title}", number=postulate.id, title=title), data)


def pager(page: int, pages: int, data_of: Callable[[int], str]) -> list[tuple[str, str]]:
    """« and » buttons when there is more than one page (`data_of(page)` builds the data)."""
    if pages <= 1:
        return []
    return [("«", data_of(max(page - 1, 0))), ("»", data_of(min(page + 1, pages - 1)))]


def heading(t: Translator, title: Html, page: int, pages: int) -> Html:
    if pages <= 1:
        return title
    return Html(f"{title} · {t.gettext('page {page} of {pages}', page=page + 1, pages=pages)}")


def mine_screen(t: Translator, items: list[Postulate], page: int, pages: int) -> Screen:
    """One page of the user's and their organisation's postulates."""
    if not items:
        return Screen(
            t.gettext(
                "You and your organisation have not sent any postulates yet."
                " Send one with /postulate."
            )
        )
    title = t.gettext("<b>Your and your organisation's postulates</b>")
    lines = [heading(t, title, page, pages), *(item_line(t, item) for item in items)]
    rows: Keyboard = [[item_button(t, item, pack(MEMBER, "mo", item.id, page))] for item in items]
    nav = pager(page, pages, lambda p: pack(MEMBER, "m", p))
    if nav:
        rows.append(nav)
    return Screen(Html("\n".join(lines)), rows)


def mine_card(t: Translator, card: Fitted, postulate: Postulate, page: int) -> Screen:
    rows: Keyboard = [full_text_row(t, postulate)] if card.clipped else []
    if postulate.is_open:
        rows.append([(t.plain("↩️ Withdraw"), pack(MEMBER, "w", postulate.id, page))])
    rows.append([(t.plain("◀️ Back"), pack(MEMBER, "m", page))])
    return Screen(card.text, rows)


def reason_prompt(t: Translator, postulate: Postulate) -> Screen:
    text = t.gettext(
        "Why do you withdraw postulate №{number} <b>{title}</b>? Send the reason"
        " (at most {limit} characters), or /cancel.",
        number=postulate.id,
        title=postulate.title,
        limit=REASON_MAX,
    )
    return Screen(text, [[(t.plain("✖️ Cancel"), pack(MEMBER, "x"))]])


def withdraw_confirm(t: Translator, postulate: Postulate, reason: str) -> Screen:
    text = t.gettext(
        "Withdraw postulate №{number} <b>{title}</b>? Reason:\n{reason}\n"
        "A withdrawn postulate cannot be sent again.",
        number=postulate.id,
        title=postulate.title,
        reason=reason,
    )
    rows: Keyboard = [
        [(t.plain("↩️ Withdraw"), pack(MEMBER, "wy")), (t.plain("✖️ Cancel"), pack(MEMBER, "x"))]
    ]
    return Screen(text, rows)


def withdrawn(t: Translator, postulate: Postulate) -> Html:
    return t.gettext("Postulate №{number} has been withdrawn.", number=postulate.id)


def withdraw_cancelled(t: Translator) -> Html:
    return t.gettext("Nothing was withdrawn.")


def rounds_screen(t: Translator, rounds: list[Round]) -> Screen:
    """/postulates: which round's postulates to browse."""
    rows: Keyboard = [
        [(shorten(item.title, LABEL_SHOWN), pack(MEMBER, "bs", item.id))]
        for item in rounds[:ROUNDS_SHOWN]
    ]
    rows.append([(t.plain("📥 General inbox"), pack(MEMBER, "bs", INBOX))])
    return Screen(t.gettext("<b>Postulates</b>: which consultation round?"), rows)


def topics_screen(t: Translator, round_id: int, topics: list[Topic]) -> Screen:
    everything = (t.plain("🌐 All topics"), pack(MEMBER, "bp", round_id, ALL_TOPICS, 0))
    rows: Keyboard = [[everything]]
    rows += [
        [(topic.name(t.language), pack(MEMBER, "bp", round_id, topic.id, 0)) for topic in pair]
        for pair in (topics[i : i + 2] for i in range(0, len(topics), 2))
    ]
    rows.append([(t.plain("◀️ Rounds"), pack(MEMBER, "bl"))])
    return Screen(t.gettext("Which topic?"), rows)


def browse_screen(
    t: Translator, where: str, items: list[Postulate], place: Place, pages: int
) -> Screen:
    """A page of open postulates, most supported first; each opens its card."""
    title = t.gettext("<b>Postulates</b>: {where}", where=where)
    lines = [heading(t, title, place.page, pages)]
    if not items:
        lines.append(t.gettext("No postulates here yet."))
    lines += [item_line(t, item) for item in items]
    rows: Keyboard = [
        [item_button(t, item, pack(MEMBER, "bo", item.id, *place.parts()))] for item in items
    ]
    nav = pager(place.page, pages, lambda p: pack(MEMBER, "bp", place.round_id, place.topic_id, p))
    if nav:
        rows.append(nav)
    rows.append([(t.plain("◀️ Topics"), pack(MEMBER, "bs", place.round_id))])
    return Screen(Html("\n".join(lines)), rows)


def supported_line(t: Translator) -> Html:
    """After a card the caller's organisation supports."""
    return Html(f"\n{t.gettext('👍 Your organisation supports it.')}")


def browse_card(
    t: Translator, card: Fitted, postulate: Postulate, place: Place, state: CardState
) -> Screen:
    """A browsed card: support (not for one's own organisation), follow, back to the page."""
    rows: Keyboard = [full_text_row(t, postulate)] if card.clipped else []
    if state.can_support and not state.supported:  # a support is said in the card
        rows.append([(t.plain("👍 Support"), pack(MEMBER, "sp", postulate.id, *place.parts()))])
    on = 0 if state.following else 1
    label = t.plain("🔕 Unfollow") if state.following else t.plain("🔔 Follow")
    rows.append([(label, pack(MEMBER, "fo", postulate.id, on, *place.parts()))])
    rows.append([(t.plain("◀️ Back"), pack(MEMBER, "bp", *place.parts()))])
    return Screen(card.text, rows)


def supported_toast(t: Translator) -> str:
    return t.plain("👍 Your organisation supports this postulate now.")


def followed_toast(t: Translator, on: bool) -> str:
    if on:
        return t.plain("🔔 You will hear what happens to this postulate.")
    return t.plain("🔕 You no longer follow this postulate.")
