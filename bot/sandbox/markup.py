"""reply_markup validation: inline keyboards (button actions, callback data bytes, URLs)."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from bot.sandbox import errors
from bot.sandbox.text import CALLBACK_DATA_LIMIT

INLINE_ACTIONS = (
    "url",
    "callback_data",
    "web_app",
    "login_url",
    "switch_inline_query",
    "switch_inline_query_current_chat",
    "switch_inline_query_chosen_chat",
    "copy_text",
    "callback_game",
    "pay",
)
URL_SCHEMES = frozenset({"http", "https", "tg"})
# Telegram refuses an inline keyboard of more than 100 buttons.
MAX_BUTTONS = 100
OTHER_MARKUP_KEYS = ("keyboard", "remove_keyboard", "force_reply")


def validate_reply_markup(markup: Any, inline_only: bool = False) -> dict[str, Any] | None:
    """Return the markup as Telegram echoes it, or raise the 400 Telegram gives."""
    if markup is None:
        return None
    if not isinstance(markup, dict):
        raise errors.bad_request(errors.REPLY_MARKUP_INVALID)
    if "inline_keyboard" in markup:
        return {"inline_keyboard": validate_inline_keyboard(markup["inline_keyboard"])}
    if inline_only or not any(key in markup for key in OTHER_MARKUP_KEYS):
        raise errors.bad_request(errors.REPLY_MARKUP_INVALID)
    return dict(markup)


def validate_inline_keyboard(rows: Any) -> list[list[dict[str, Any]]]:
    if not isinstance(rows, list) or not all(isinstance(row, list) for row in rows):
        raise errors.bad_request('Bad Request: field "inline_keyboard" must be an Array')
    if sum(len(row) for row in rows) > MAX_BUTTONS:
        raise errors.bad_request(errors.MARKUP_TOO_LONG)
    return [[validate_button(button) for button in row] for row in rows if row]


def validate_button(button: Any) -> dict[str, Any]:
    if not isinstance(button, dict) or not isinstance(button.get("text"), str):
        raise errors.bad_request(
            'Bad Request: can\'t parse inline keyboard button: Field "text" must be of type String'
        )
    if not button["text"].strip():
        raise errors.bad_request(errors.BUTTON_TEXT_EMPTY)
    actions = [key for key in INLINE_ACTIONS if key in button]
    if not actions:
        raise errors.bad_request(errors.BUTTON_TEXT_ONLY)
    if len(actions) > 1:
        raise errors.bad_request(errors.BUTTON_TYPE_INVALID)
    if "callback_data" in button:
        check_callback_data(button["callback_data"])
    if "url" in button:
        check_button_url(button["url"])
    return dict(button)


def check_callback_data(data: Any) -> None:
    """Callback data is 1-64 bytes of UTF-8: a Polish letter takes two of them."""
    if not isinstance(data, str) or not 1 <= len(data.encode("utf-8")) <= CALLBACK_DATA_LIMIT:
        raise errors.bad_request(errors.BUTTON_DATA_INVALID)


def check_button_url(url: Any) -> None:
    try:
        parts = urlsplit(url) if isinstance(url, str) else None
    except ValueError:  # "Invalid IPv6 URL": a '[' or ']' where no IPv6 host can be
        parts = None
    if parts is None or parts.scheme.lower() not in URL_SCHEMES or not parts.netloc:
        raise errors.bad_request(errors.BUTTON_URL_INVALID)


def buttons(markup: dict[str, Any] | None) -> list[dict[str, Any]]:
    """All inline buttons of a markup, row by row."""
    if not markup or "inline_keyboard" not in markup:
        return []
    return [button for row in markup["inline_keyboard"] for button in row]
