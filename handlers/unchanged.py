"""Whether an edit would change nothing: Telegram refuses those ("message is not modified")."""

from __future__ import annotations

import html
import re
import weakref
from typing import Final

from telegram import Bot, CallbackQuery, InlineKeyboardMarkup, Message

from bot.core.lru import Lru

_TAG: Final = re.compile(r"<[^>]*>")
# Messages whose last edit by a button this process remembers, per bot (tests run several).
REMEMBERED: Final = 2048
Shown = tuple[str, object]  # (plain text, keyboard rows)


class _Edits:
    """What each recently edited message showed before the edit and shows since."""

    def __init__(self) -> None:
        self.by_message: Lru[tuple[int, int], tuple[Shown, Shown]] = Lru(REMEMBERED)


# By the bot object's identity: Bot compares equal by its token, and two bots of one token
# (a restart in tests) must not share what they remember.
_EDITS: dict[int, _Edits] = {}


def _edits_of(bot: Bot) -> _Edits:
    key = id(bot)
    if key not in _EDITS:
        _EDITS[key] = _Edits()
        weakref.finalize(bot, _EDITS.pop, key, None)
    return _EDITS[key]


def shown_by(text: str, markup: InlineKeyboardMarkup | None) -> Shown:
    """What a message with this HTML `text` and `markup` shows, as Telegram compares it."""
    plain = html.unescape(_TAG.sub("", text)).strip()
    return plain, markup.inline_keyboard if markup else ()


def would_change_nothing(query: CallbackQuery, wanted: Shown) -> bool:
    """The button's message reads `wanted` already: as the press found it, or because an
    earlier press of the same snapshot (a double tap) edited it to exactly that."""
    message = query.message
    if not isinstance(message, Message) or message.text is None:
        return False
    found = _shown_in(message)
    if found == wanted:
        return True
    remembered = _edits_of(query.get_bot()).by_message
    last = remembered.get((message.chat.id, message.message_id))
    return last is not None and last == (found, wanted)


def has_no_text(query: CallbackQuery) -> bool:
    """The button's message is a document, photo or the like: no text to edit."""
    return isinstance(query.message, Message) and query.message.text is None


def remember(query: CallbackQuery, wanted: Shown) -> None:
    """The button's message was edited to `wanted`."""
    message = query.message
    if not isinstance(message, Message) or message.text is None:
        return
    _edits_of(query.get_bot()).by_message.put(
        (message.chat.id, message.message_id), (_shown_in(message), wanted)
    )


def _shown_in(message: Message) -> Shown:
    markup = message.reply_markup
    return (message.text or "").strip(), markup.inline_keyboard if markup else ()
