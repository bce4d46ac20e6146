"""Bot-level methods: getMe, webhooks, getUpdates, commands, profile texts, callback answers."""

from __future__ import annotations

import json
import re
from typing import Any

from bot.sandbox import errors
from bot.sandbox.params import get_bool, get_int, get_json, get_str
from bot.sandbox.registry import CallContext, api_method

CALLBACK_ANSWER_WINDOW = 15.0
COMMAND_RE = re.compile(r"[a-z0-9_]{1,32}")
PROFILE_LIMITS = {"description": 512, "short_description": 120, "name": 64}
SCOPE_TYPES = frozenset(
    {
        "default",
        "all_private_chats",
        "all_group_chats",
        "all_chat_administrators",
        "chat",
        "chat_administrators",
        "chat_member",
    }
)


@api_method("getMe")
async def get_me(ctx: CallContext) -> dict[str, Any]:
    return {
        **ctx.state.bot.to_dict(),
        "can_join_groups": True,
        "can_read_all_group_messages": not ctx.state.privacy_mode,
        "supports_inline_queries": False,
        "can_connect_to_business": False,
        "has_main_web_app": False,
    }


@api_method("deleteWebhook")
async def delete_webhook(ctx: CallContext) -> bool:
    if get_bool(ctx.params, "drop_pending_updates"):
        ctx.state.updates.drop_all()
    await ctx.state.webhook.delete()
    return True


@api_method("setWebhook")
async def set_webhook(ctx: CallContext) -> bool:
    """Only http(s) addresses on this machine: tests never leave 127.0.0.1."""
    url = get_str(ctx.params, "url") or ""
    if not url:
        await ctx.state.webhook.delete()
        return True
    if not re.match(r"https?://(127\.0\.0\.1|localhost)[:/]", url):
        raise errors.bad_request(errors.WEBHOOK_REFUSED)
    secret = get_str(ctx.params, "secret_token")
    if secret is not None and not re.fullmatch(r"[A-Za-z0-9_-]{1,256}", secret):
        raise errors.bad_request("Bad Request: secret token contains unallowed characters")
    ctx.state.updates.set_allowed(get_json(ctx.params, "allowed_updates"))
    ctx.state.webhook.set(url, secret)
    return True


@api_method("getWebhookInfo")
async def get_webhook_info(ctx: CallContext) -> dict[str, Any]:
    pending = len(ctx.state.updates.pending)
    url = ctx.state.webhook.url or ""
    return {"url": url, "has_custom_certificate": False, "pending_update_count": pending}


@api_method("getUpdates")
async def get_updates(ctx: CallContext) -> list[dict[str, Any]]:
    if ctx.state.webhook.active:
        raise errors.ApiError(409, errors.CONFLICT_WEBHOOK)
    queue = ctx.state.updates
    queue.set_allowed(get_json(ctx.params, "allowed_updates"))
    limit = min(max(get_int(ctx.params, "limit") or 100, 1), 100)
    timeout = max(float(ctx.params.get("timeout") or 0), 0.0)
    return await queue.poll(get_int(ctx.params, "offset"), limit, timeout, ctx.client_gone)


@api_method("close")
async def close(ctx: CallContext) -> bool:
    return True


@api_method("logOut")
async def log_out(ctx: CallContext) -> bool:
    return True


def scope_key(ctx: CallContext) -> tuple[str, str]:
    """Commands are stored per (scope, language_code), as Telegram does."""
    scope = get_json(ctx.params, "scope") or {"type": "default"}
    if not isinstance(scope, dict) or scope.get("type") not in SCOPE_TYPES:
        raise errors.bad_request("Bad Request: can't parse BotCommandScope JSON object")
    if scope["type"].startswith("chat") and "chat_id" not in scope:
        raise errors.bad_request("Bad Request: chat_id is empty")
    language = get_str(ctx.params, "language_code") or ""
    if language and not re.fullmatch(r"[a-z]{2}", language):
        raise errors.bad_request("Bad Request: LANG_CODE_INVALID")
    return json.dumps(scope, sort_keys=True), language


def checked_commands(value: Any) -> list[dict[str, str]]:
    if not isinstance(value, list) or len(value) > 100:
        raise errors.bad_request("Bad Request: can't parse commands JSON object")
    commands = []
    for item in value:
        if not isinstance(item, dict) or not COMMAND_RE.fullmatch(str(item.get("command", ""))):
            raise errors.bad_request(errors.COMMAND_INVALID)
        if not 1 <= len(str(item.get("description", "")).strip()) <= 256:
            raise errors.bad_request(errors.COMMAND_DESCRIPTION_INVALID)
        commands.append({"command": item["command"], "description": item["description"]})
    return commands


@api_method("setMyCommands")
async def set_my_commands(ctx: CallContext) -> bool:
    commands = checked_commands(get_json(ctx.params, "commands"))
    key = scope_key(ctx)
    if commands:
        ctx.state.commands[key] = commands
    else:
        ctx.state.commands.pop(key, None)
    ctx.state.touch()
    return True


@api_method("getMyCommands")
async def get_my_commands(ctx: CallContext) -> list[dict[str, str]]:
    return list(ctx.state.commands.get(scope_key(ctx), []))


@api_method("deleteMyCommands")
async def delete_my_commands(ctx: CallContext) -> bool:
    ctx.state.commands.pop(scope_key(ctx), None)
    ctx.state.touch()
    return True


def set_profile_text(ctx: CallContext, field: str) -> bool:
    value = get_str(ctx.params, field) or ""
    if len(value) > PROFILE_LIMITS[field]:
        raise errors.bad_request(f"Bad Request: bot {field.replace('_', ' ')} is too long")
    ctx.state.profile[(field, get_str(ctx.params, "language_code") or "")] = value
    ctx.state.touch()
    return True


def get_profile_text(ctx: CallContext, field: str) -> dict[str, str]:
    language = get_str(ctx.params, "language_code") or ""
    default = ctx.state.bot.first_name if field == "name" else ""
    return {field: ctx.state.profile.get((field, language), default)}


@api_method("setMyDescription")
async def set_my_description(ctx: CallContext) -> bool:
    return set_profile_text(ctx, "description")


@api_method("setMyShortDescription")
async def set_my_short_description(ctx: CallContext) -> bool:
    return set_profile_text(ctx, "short_description")


@api_method("setMyName")
async def set_my_name(ctx: CallContext) -> bool:
    return set_profile_text(ctx, "name")


@api_method("getMyDescription")
async def get_my_description(ctx: CallContext) -> dict[str, str]:
    return get_profile_text(ctx, "description")


@api_method("getMyShortDescription")
async def get_my_short_description(ctx: CallContext) -> dict[str, str]:
    return get_profile_text(ctx, "short_description")


@api_method("getMyName")
async def get_my_name(ctx: CallContext) -> dict[str, str]:
    return get_profile_text(ctx, "name")


@api_method("answerCallbackQuery")
async def answer_callback_query(ctx: CallContext) -> bool:
    """Each query can be answered once, within a short time; later answers are refused."""
    state = ctx.state
    record = state.callbacks.get(get_str(ctx.params, "callback_query_id") or "")
    too_old = record is not None and state.now() - record.created_at > CALLBACK_ANSWER_WINDOW
    if record is None or record.answer is not None or too_old:
        raise errors.bad_request(errors.QUERY_INVALID)
    text = get_str(ctx.params, "text")
    if text is not None and len(text) > 200:
        raise errors.bad_request("Bad Request: MESSAGE_TOO_LONG")
    record.answer = {
        "text": text,
        "show_alert": get_bool(ctx.params, "show_alert"),
        "url": get_str(ctx.params, "url"),
        "cache_time": get_int(ctx.params, "cache_time") or 0,
    }
    state.touch()
    return True
