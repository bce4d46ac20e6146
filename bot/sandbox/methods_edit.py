"""Editing methods: editMessageText, editMessageReplyMarkup, editMessageCaption."""

from __future__ import annotations

import time
from typing import Any

from bot.sandbox import errors
from bot.sandbox.formatting import format_caption, format_text
from bot.sandbox.markup import validate_reply_markup
from bot.sandbox.methods_send import MESSAGE_ID_MISSING
from bot.sandbox.model import HistoryEntry
from bot.sandbox.params import get_json, get_str, require_int
from bot.sandbox.registry import CallContext, api_method

INLINE_UNSUPPORTED = "Bad Request: the emulator does not support inline messages"


def editable_message(ctx: CallContext) -> HistoryEntry:
    """The bot's own, not deleted message named by chat_id + message_id."""
    if ctx.params.get("inline_message_id"):
        raise errors.bad_request(INLINE_UNSUPPORTED)
    chat = ctx.state.writable_chat(ctx.params.get("chat_id"))
    entry = chat.find(require_int(ctx.params, "message_id", MESSAGE_ID_MISSING))
    if entry is None:
        raise errors.bad_request(errors.EDIT_NOT_FOUND)
    if not entry.from_bot:
        raise errors.bad_request(errors.CANT_EDIT)
    return entry


def new_markup(ctx: CallContext) -> dict[str, Any] | None:
    """Like Telegram, an edit without reply_markup removes the inline keyboard."""
    return validate_reply_markup(get_json(ctx.params, "reply_markup"), inline_only=True)


def apply_edit(ctx: CallContext, entry: HistoryEntry, changes: dict[str, Any]) -> dict[str, Any]:
    current = {key: entry.message.get(key) for key in changes}
    if current == changes:
        raise errors.bad_request(errors.NOT_MODIFIED)
    for key, value in changes.items():
        if value is None or value == []:
            entry.message.pop(key, None)
        else:
            entry.message[key] = value
    entry.message["edit_date"] = int(time.time())
    entry.edited = True
    entry.seq = ctx.state.touch()
    return entry.snapshot()


@api_method("editMessageText")
async def edit_message_text(ctx: CallContext) -> dict[str, Any]:
    entry = editable_message(ctx)
    if "text" not in entry.message:
        raise errors.bad_request(errors.NO_TEXT_TO_EDIT)
    text, entities = format_text(
        get_str(ctx.params, "text"),
        get_str(ctx.params, "parse_mode"),
        get_json(ctx.params, "entities"),
        ctx.state.strict_html,
    )
    changes = {"text": text, "entities": entities or None, "reply_markup": new_markup(ctx)}
    return apply_edit(ctx, entry, changes)


@api_method("editMessageCaption")
async def edit_message_caption(ctx: CallContext) -> dict[str, Any]:
    entry = editable_message(ctx)
    if "text" in entry.message:
        raise errors.bad_request("Bad Request: there is no caption in the message to edit")
    caption, entities = format_caption(
        get_str(ctx.params, "caption"),
        get_str(ctx.params, "parse_mode"),
        get_json(ctx.params, "caption_entities"),
        ctx.state.strict_html,
    )
    changes = {
        "caption": caption,
        "caption_entities": entities or None,
        "reply_markup": new_markup(ctx),
    }
    return apply_edit(ctx, entry, changes)


@api_method("editMessageReplyMarkup")
async def edit_message_reply_markup(ctx: CallContext) -> dict[str, Any]:
    entry = editable_message(ctx)
    return apply_edit(ctx, entry, {"reply_markup": new_markup(ctx)})
