"""Staff's /review screens: the queue, a postulate's card with its actions, answers, merging."""

from __future__ import annotations

from typing import Final

from bot.core.callbacks import Keyboard, pack
from bot.core.fit import Fitted, Long, Part, fit
from bot.core.i18n import Translator
from bot.core.render import Html
from bot.core.screens import Screen
from bot.postulates.actions import INBOX, STAFF
from bot.postulates.browse_view import heading, item_button, item_line, pager
from bot.postulates.card import full_text_row, status_label
from bot.postulates.model import ANSWERS, POSITION_MAX, Postulate, Round, Status
from bot.postulates.view import LABEL_SHOWN, shorten

PAGE_SIZE: Final = 5
MERGE_FLOW: Final = "review_merge"
CORRECT_FLOW: Final = "review_correct"
ANSWER_FLOW: Final = "review_answer"
ROUNDS_SHOWN: Final = 8


def queue_screen(
    t: Translator, items: list[Postulate], page: int, pages: int, total: int
) -> Screen:
    """One page of new and under-review postulates, the oldest first."""
    title = t.ngettext(
        "<b>Review</b>: {n} postulate new or under review",
        "<b>Review</b>: {n} postulates new or under review",
        total,
    )
    lines = [heading(t, title, page, pages), *(item_line(t, item) for item in items)]
    rows: Keyboard = [[item_button(t, item, pack(STAFF, "o", item.id, page))] for item in items]
    nav = pager(page, pages, lambda p: pack(STAFF, "q", p))
    if nav:
        rows.append(nav)
    rows.append([(t.plain("📢 Publish a round's drafted answers"), pack(STAFF, "rl"))])
    return Screen(Html("\n".join(lines)), rows)


def draft_parts(t: Translator, postulate: Postulate) -> list[Part]:
    """The drafted answer (not published yet) to show after the card, if there is one."""
    if postulate.answer_status is None or postulate.answered_at is not None:
        return []
    draft = t.gettext(
        "<b>Drafted answer</b> (not published): {status}\n{position}",
        status=status_label(t, postulate.answer_status),
        position="",
    )
    return [Html(f"\n\n{draft}"), Long(postulate.position or "")]


def staff_card(t: Translator, card: Fitted, postulate: Postulate, page: int) -> Screen:
    """The card with its drafted answer (fitted together), and the actions still possible."""
    rows: Keyboard = [full_text_row(t, postulate)] if card.clipped else []
    if postulate.is_open:
        if postulate.status is Status.NEW:
            rows.append([(t.plain("🔍 Under review"), pack(STAFF, "u", postulate.id, page))])
        rows.append([(t.plain("🔗 Merge into…"), pack(STAFF, "m", postulate.id, page))])
        rows.append([(t.plain("✍️ Answer"), pack(STAFF, "a", postulate.id, page))])
        if postulate.answer_status is not None:
            rows.append([(t.plain("📢 Publish answer"), pack(STAFF, "p", postulate.id, page))])
    elif postulate.status in ANSWERS and postulate.answered_at is not None:
        rows.append([(t.plain("✏️ Correct the answer"), pack(STAFF, "ca", postulate.id, page))])
    rows.append([(t.plain("◀️ Queue"), pack(STAFF, "q", page))])
    return Screen(card.text, rows)


def answer_choice(t: Translator, postulate: Postulate, page: int, action: str = "as") -> Screen:
    text = t.gettext(
        "What is the city's answer to №{number} <b>{title}</b>?",
        number=postulate.id,
        title=postulate.title,
    )
    rows: Keyboard = [
        [(status_label(t, status), pack(STAFF, action, postulate.id, index, page))]
        for index, status in enumerate(ANSWERS)
    ]
    rows.append([(t.plain("◀️ Back"), pack(STAFF, "o", postulate.id, page))])
    return Screen(text, rows)


def position_prompt(t: Translator, postulate: Postulate, status: Status) -> Screen:
    text = t.gettext(
        "Answer to №{number}: <b>{status}</b>. Now type the city's position"
        " (at most {limit} characters), or /cancel.",
        number=postulate.id,
        status=status_label(t, status),
        limit=POSITION_MAX,
    )
    return Screen(text, [[(t.plain("✖️ Cancel"), pack(STAFF, "x"))]])


def merge_prompt(t: Translator, postulate: Postulate) -> Screen:
    text = t.gettext(
        "Merge №{number} <b>{title}</b> into which postulate? Send its number (for example 12),"
        " or /cancel. Its supports and followers move there.",
        number=postulate.id,
        title=postulate.title,
    )
    return Screen(text, [[(t.plain("✖️ Cancel"), pack(STAFF, "x"))]])


def merge_confirm(t: Translator, found: Postulate, target: Postulate, page: int) -> Screen:
    """Both titles before an irreversible merge (a typo in the number changes nothing yet)."""
    text = t.gettext(
        "Merge №{number} <b>{title}</b>\ninto №{into} <b>{target}</b>?\n"
        "Its supports and followers move there and its author is told. This cannot be undone.",
        number=found.id,
        title=found.title,
        into=target.id,
        target=target.title,
    )
    rows: Keyboard = [
        [(t.plain("🔗 Yes, merge"), pack(STAFF, "mc", found.id, target.id, page))],
        [(t.plain("✖️ Cancel"), pack(STAFF, "x"))],
    ]
    return Screen(text, rows)


def publish_confirm(t: Translator, found: Postulate, page: int) -> Screen:
    """Before publishing an answer: what goes out, and to whom."""
    text = t.gettext(
        "Publish the answer to №{number} <b>{title}</b> ({status})? Its author, the "
        "organisation and its followers will be notified at once.",
        number=found.id,
        title=found.title,
        status=status_label(t, found.answer_status) if found.answer_status else "—",
    )
    rows: Keyboard = [
        [(t.plain("📢 Yes, publish"), pack(STAFF, "pc", found.id, page))],
        [(t.plain("◀️ Back"), pack(STAFF, "o", found.id, page))],
    ]
    return Screen(text, rows)


def correction_confirm(
    t: Translator, postulate: Postulate, status: Status, position: str, page: int
) -> Screen:
    """The corrected answer before it goes out, to everyone who was told the first one."""
    head = t.gettext(
        "✏️ Correct the answer to №{number} <b>{title}</b>? New status: {status}. Everyone who "
        "was told the answer receives the correction.",
        number=postulate.id,
        title=postulate.title,
        status=status_label(t, status),
    )
    rows: Keyboard = [
        [(t.plain("✏️ Send the correction"), pack(STAFF, "cy", postulate.id, page))],
        [(t.plain("✖️ Cancel"), pack(STAFF, "x"))],
    ]
    return Screen(fit([Html(f"{head}\n\n"), Long(position)]).text, rows)


def corrected(t: Translator, postulate: Postulate, people: int) -> Html:
    return t.ngettext(
        "✏️ The answer to №{number} is corrected: {n} person will be told.",
        "✏️ The answer to №{number} is corrected: {n} people will be told.",
        people,
        number=postulate.id,
    )


def number_expected(t: Translator) -> Html:
    return t.gettext("Please send the postulate's number, for example 12.")


def not_itself(t: Translator) -> Html:
    return t.gettext("A postulate cannot be merged into itself.")


def merged(t: Translator, postulate: Postulate, into: int) -> Html:
    return t.gettext(
        "№{number} has been merged into №{into}; its author and followers will be told.",
        number=postulate.id,
        into=into,
    )


def published(t: Translator, postulate: Postulate, people: int) -> Html:
    return t.ngettext(
        "📢 The answer to №{number} is published: {n} person will be notified.",
        "📢 The answer to №{number} is published: {n} people will be notified.",
        people,
        number=postulate.id,
    )


def rounds_screen(t: Translator, rounds: list[Round]) -> Screen:
    rows: Keyboard = [
        [(shorten(item.title, LABEL_SHOWN), pack(STAFF, "pr", item.id))]
        for item in rounds[:ROUNDS_SHOWN]
    ]
    rows.append([(t.plain("📥 General inbox"), pack(STAFF, "pr", INBOX))])
    rows.append([(t.plain("◀️ Queue"), pack(STAFF, "q", 0))])
    return Screen(t.gettext("Publish the drafted answers of which round?"), rows)


def round_confirm(t: Translator, round_id: int, where: str, drafted: int) -> Screen:
    if drafted == 0:
        text = t.gettext("<b>{where}</b> has no drafted answers to publish.", where=where)
        return Screen(text, [[(t.plain("◀️ Back"), pack(STAFF, "rl"))]])
    text = t.ngettext(
        "Publish {n} drafted answer of <b>{where}</b>? The people concerned will be notified.",
        "Publish {n} drafted answers of <b>{where}</b>? The people concerned will be notified.",
        drafted,
        where=where,
    )
    rows: Keyboard = [
        [(t.plain("📢 Publish all drafted answers"), pack(STAFF, "py", round_id))],
        [(t.plain("◀️ Back"), pack(STAFF, "rl"))],
    ]
    return Screen(text, rows)


def round_published(t: Translator, count: int, people: int) -> Html:
    answers = t.ngettext("📢 {n} answer published.", "📢 {n} answers published.", count)
    reach = t.ngettext("{n} person will be notified.", "{n} people will be notified.", people)
    return Html(f"{answers} {reach}")


def cancelled(t: Translator) -> Html:
    return t.gettext("Cancelled; nothing changed.")
