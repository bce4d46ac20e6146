"""Sending methods: sendMessage, sendDocument, sendChatAction, deleteMessage."""

from __future__ import annotations

import mimetypes
from typing import Any

from bot.sandbox import errors
from bot.sandbox.formatting import format_caption, format_text
from bot.sandbox.forum import thread_of
from bot.sandbox.markup import validate_reply_markup
from bot.sandbox.model import ADMINISTRATOR, CREATOR, ChatRecord, HistoryEntry, StoredFile
from bot.sandbox.params import get_bool, get_int, get_json, get_str, require_int
from bot.sandbox.registry import CallContext, api_method
from bot.sandbox.reply_keyboard import remember_reply_keyboard
from bot.sandbox.state import EmulatorState

CHAT_ACTIONS = frozenset(
    {
        "typing",
        "upload_photo",
        "record_video",
        "upload_video",
        "record_voice",
        "upload_voice",
        "upload_document",
        "choose_sticker",
        "find_location",
        "record_video_note",
        "upload_video_note",
    }
)
MESSAGE_ID_MISSING = "Bad Request: message identifier is not specified"


def reply_target(chat: ChatRecord, params: dict[str, Any]) -> dict[str, Any] | None:
    """reply_parameters (or the older reply_to_message_id) resolved in this chat."""
    reply = get_json(params, "reply_parameters")
    if isinstance(reply, dict):
        message_id = reply.get("message_id")
        tolerant = bool(reply.get("allow_sending_without_reply"))
    else:
        message_id = get_int(params, "reply_to_message_id")
        tolerant = get_bool(params, "allow_sending_without_reply")
    if message_id is None:
        return None
    entry = chat.find(int(message_id))
    if entry is None:
        if tolerant:
            return None
        raise errors.bad_request(errors.REPLY_NOT_FOUND)
    target = entry.snapshot()
    target.pop("reply_to_message", None)
    return target


def common_content(chat: ChatRecord, params: dict[str, Any]) -> dict[str, Any]:
    """Fields every sent message may carry: inline keyboard, reply, preview, protection."""
    content: dict[str, Any] = {}
    markup = validate_reply_markup(get_json(params, "reply_markup"))
    if markup and "inline_keyboard" in markup:
        content["reply_markup"] = markup
    remember_reply_keyboard(chat, markup)
    content.update(thread_of(chat, get_int(params, "message_thread_id")))
    target = reply_target(chat, params)
    if target is not None:
        content["reply_to_message"] = target
    preview = get_json(params, "link_preview_options")
    if isinstance(preview, dict):
        content["link_preview_options"] = preview
    elif get_bool(params, "disable_web_page_preview"):
        content["link_preview_options"] = {"is_disabled": True}
    if get_bool(params, "protect_content"):
        content["has_protected_content"] = True
    return content


def deliver(
    state: EmulatorState,
    chat: ChatRecord,
    params: dict[str, Any],
    content: dict[str, Any],
    file: StoredFile | None = None,
) -> dict[str, Any]:
    entry = state.add_message(chat, state.bot, {**content, **common_content(chat, params)}, file)
    entry.disable_notification = get_bool(params, "disable_notification")
    return entry.snapshot()


@api_method("sendMessage")
async def send_message(ctx: CallContext) -> dict[str, Any]:
    state, params = ctx.state, ctx.params
    chat = state.writable_chat(params.get("chat_id"))
    text, entities = format_text(
        get_str(params, "text"),
        get_str(params, "parse_mode"),
        get_json(params, "entities"),
        state.strict_html,
    )
    content: dict[str, Any] = {"text": text}
    if entities:
        content["entities"] = entities
    return deliver(state, chat, params, content)


def uploaded_document(ctx: CallContext) -> StoredFile:
    """The document parameter: an uploaded part, attach://name, or a known file_id."""
    value = ctx.params.get("document")
    part_name = "document"
    if isinstance(value, str) and value.startswith("attach://"):
        part_name = value.removeprefix("attach://")
    upload = ctx.files.get(part_name)
    if upload is None:
        if isinstance(value, str) and value in ctx.state.files:
            return ctx.state.files[value]
        if isinstance(value, str) and value.startswith(("http://", "https://")):
            raise errors.bad_request("Bad Request: failed to get HTTP URL content")
        raise errors.bad_request(
            errors.FILE_ID_INVALID if value else "Bad Request: there is no document in the request"
        )
    if not upload.data:
        raise errors.bad_request("Bad Request: file must be non-empty")
    mime = upload.content_type
    if mime in ("", "application/octet-stream"):
        mime = mimetypes.guess_type(upload.file_name)[0] or "application/octet-stream"
    return ctx.state.store_file(upload.data, upload.file_name, mime)


@api_method("sendDocument")
async def send_document(ctx: CallContext) -> dict[str, Any]:
    state, params = ctx.state, ctx.params
    chat = state.writable_chat(params.get("chat_id"))
    caption, entities = format_caption(
        get_str(params, "caption"),
        get_str(params, "parse_mode"),
        get_json(params, "caption_entities"),
        state.strict_html,
    )
    stored = uploaded_document(ctx)
    content: dict[str, Any] = {"document": stored.document()}
    if caption is not None:
        content["caption"] = caption
    if entities:
        content["caption_entities"] = entities
    return deliver(state, chat, params, content, stored)


@api_method("sendChatAction")
async def send_chat_action(ctx: CallContext) -> bool:
    chat = ctx.state.writable_chat(ctx.params.get("chat_id"))
    action = get_str(ctx.params, "action")
    if action not in CHAT_ACTIONS:
        raise errors.bad_request(errors.WRONG_ACTION)
    ctx.state.chat_actions.append((chat.id, action))
    return True


def bot_may_delete(chat: ChatRecord, entry: HistoryEntry) -> bool:
    if entry.from_bot or not chat.is_group:
        return True
    return chat.bot_status in (ADMINISTRATOR, CREATOR)


@api_method("deleteMessage")
async def delete_message(ctx: CallContext) -> bool:
    chat = ctx.state.resolve_chat(ctx.params.get("chat_id"))
    message_id = require_int(ctx.params, "message_id", MESSAGE_ID_MISSING)
    entry = chat.find(message_id)
    if entry is None:
        raise errors.bad_request(errors.DELETE_NOT_FOUND)
    if not bot_may_delete(chat, entry):
        raise errors.bad_request(errors.CANT_DELETE)
    entry.deleted = True
    entry.seq = ctx.state.touch()
    return True
