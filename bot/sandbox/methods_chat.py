"""Chat information methods: getChat, getChatMember, getChatAdministrators, getFile."""

from __future__ import annotations

from typing import Any

from bot.sandbox import errors
from bot.sandbox.model import ADMINISTRATOR, CREATOR, KICKED, LEFT, ChatRecord, UserRecord
from bot.sandbox.params import get_str, require_int
from bot.sandbox.registry import CallContext, api_method
from bot.sandbox.state import EmulatorState

ADMIN_RIGHTS = (
    "can_manage_chat",
    "can_delete_messages",
    "can_manage_video_chats",
    "can_restrict_members",
    "can_promote_members",
    "can_change_info",
    "can_invite_users",
    "can_post_stories",
    "can_edit_stories",
    "can_delete_stories",
    "can_pin_messages",
)
GIFT_TYPES = {
    "unlimited_gifts": False,
    "limited_gifts": False,
    "unique_gifts": False,
    "premium_subscription": False,
    "gifts_from_channels": False,
}


def known_chat(state: EmulatorState, value: Any) -> ChatRecord:
    try:
        chat = state.chats.get(int(value))
    except (TypeError, ValueError):
        chat = None
    if chat is None:
        raise errors.bad_request(errors.CHAT_NOT_FOUND)
    return chat


def member_dict(user: UserRecord, status: str) -> dict[str, Any]:
    """A ChatMember object of the right subtype for a status."""
    member: dict[str, Any] = {"status": status, "user": user.to_dict()}
    if status == CREATOR:
        member["is_anonymous"] = False
    elif status == ADMINISTRATOR:
        member.update({"can_be_edited": False, "is_anonymous": False})
        member.update(dict.fromkeys(ADMIN_RIGHTS, True))
    elif status == KICKED:
        member["until_date"] = 0
    return member


def status_in(state: EmulatorState, chat: ChatRecord, user_id: int) -> tuple[UserRecord, str]:
    if user_id == state.bot.id:
        return state.bot, chat.bot_status
    user = state.users.get(user_id)
    if user is None:
        raise errors.bad_request(errors.USER_NOT_FOUND)
    if not chat.is_group:
        return user, "member" if user_id == chat.id else LEFT
    return user, chat.members.get(user_id, LEFT)


@api_method("getChat")
async def get_chat(ctx: CallContext) -> dict[str, Any]:
    chat = known_chat(ctx.state, ctx.params.get("chat_id"))
    return {
        **chat.to_dict(),
        "accent_color_id": 0,
        "max_reaction_count": 11,
        "accepted_gift_types": GIFT_TYPES,
    }


@api_method("getChatMember")
async def get_chat_member(ctx: CallContext) -> dict[str, Any]:
    chat = known_chat(ctx.state, ctx.params.get("chat_id"))
    user, status = status_in(ctx.state, chat, require_int(ctx.params, "user_id"))
    return member_dict(user, status)


@api_method("getChatAdministrators")
async def get_chat_administrators(ctx: CallContext) -> list[dict[str, Any]]:
    state = ctx.state
    chat = known_chat(state, ctx.params.get("chat_id"))
    if not chat.is_group:
        raise errors.bad_request("Bad Request: there are no administrators in the private chat")
    admins = [
        member_dict(state.users[user_id], status)
        for user_id, status in chat.members.items()
        if status in (CREATOR, ADMINISTRATOR)
    ]
    if chat.bot_status == ADMINISTRATOR:
        admins.append(member_dict(state.bot, ADMINISTRATOR))
    return admins


@api_method("getFile")
async def get_file(ctx: CallContext) -> dict[str, Any]:
    stored = ctx.state.files.get(get_str(ctx.params, "file_id") or "")
    if stored is None:
        raise errors.bad_request(errors.FILE_ID_INVALID)
    return {**stored.document(), "file_path": stored.file_path}
