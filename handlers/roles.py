"""/grant, /revoke and /staff for admins, and role buttons for a forwarded message."""

from __future__ import annotations

import logging

from telegram import MessageOriginUser, Update
from telegram.error import TelegramError
from telegram.ext import CallbackQueryHandler, CommandHandler, MessageHandler, filters

from bot.core import messages, roles_view
from bot.core.roles import RoleChange, RoleError
from bot.core.users import Role
from handlers.common import Caller, alert, edit, identify, reply, send, services_of
from handlers.dialogs import route_message
from handlers.menu import publish_personal_menu, remove_personal_menu
from handlers.types import App, Context

log = logging.getLogger(__name__)


async def grant_command(update: Update, context: Context) -> None:
    """`/grant [staff|admin] [@username|id]`, or as a reply to the person's message."""
    caller = await identify(update, context)
    parsed = roles_view.parse_grant(list(context.args or []))
    if parsed is None:
        return await reply(update, roles_view.usage(caller.t))
    await _change(update, context, caller, parsed[1], parsed[0])


async def revoke_command(update: Update, context: Context) -> None:
    """`/revoke [@username|id]`, or as a reply: make the person a member again."""
    caller = await identify(update, context)
    words = list(context.args or [])
    if len(words) > 1:
        return await reply(update, roles_view.usage(caller.t))
    await _change(update, context, caller, words[0] if words else None, Role.MEMBER)


async def _change(
    update: Update, context: Context, caller: Caller, reference: str | None, role: Role
) -> None:
    if not caller.may(Role.ADMIN):
        return await reply(update, roles_view.outcome(caller.t, RoleError.NOT_ADMIN))
    roles = services_of(context).roles
    replied = update.effective_message.reply_to_message if update.effective_message else None
    if reference is not None:
        target = await roles.resolve(reference)
    else:
        target = replied.from_user.id if replied and replied.from_user else None
    if target is None:
        return await reply(update, roles_view.usage(caller.t))
    result = await roles.change(caller.profile.telegram_id, target, role)
    await reply(update, roles_view.outcome(caller.t, result))
    await _tell_target(context, result)


async def forwarded_message(update: Update, context: Context) -> None:
    """An admin forwards someone's message: offer role buttons. Others: a normal message."""
    caller = await identify(update, context)
    message = update.effective_message
    if not caller.may(Role.ADMIN) or message is None or message.forward_origin is None:
        return await route_message(update, context)
    origin = message.forward_origin
    if not isinstance(origin, MessageOriginUser):
        return await reply(update, roles_view.hidden_sender(caller.t))
    target = await services_of(context).users.profile(origin.sender_user.id)
    if target is None:
        return await reply(update, roles_view.outcome(caller.t, RoleError.UNKNOWN_USER))
    await send(update, roles_view.choose_screen(caller.t, target, origin.sender_user.full_name))


async def role_callback(update: Update, context: Context) -> None:
    """A role button: the presser must be an admin at this moment."""
    query, caller = update.callback_query, await identify(update, context)
    choice = roles_view.parse_choice(query.data if query else None)
    if query is None:
        return
    if choice is None:
        await alert(update, messages.stale_button(caller.t))
        return
    result = await services_of(context).roles.change(caller.profile.telegram_id, *choice)
    if isinstance(result, RoleError):
        await query.answer(roles_view.outcome(caller.t, result), show_alert=True)
        return
    await query.answer()
    await edit(query, roles_view.outcome(caller.t, result))
    await _tell_target(context, result)


async def _tell_target(context: Context, result: RoleChange | RoleError) -> None:
    """Tell the person and give them the menu of their new role; best effort."""
    if isinstance(result, RoleError) or result.before is result.after:
        return
    t = services_of(context).catalogs.translator(result.target.language)
    try:
        if result.after is Role.MEMBER:
            await remove_personal_menu(context.bot, result.target)
        else:
            await publish_personal_menu(context.bot, result.target, t)
        await context.bot.send_message(
            result.target.telegram_id, roles_view.notice_to_target(t, result)
        )
    except TelegramError as error:
        log.info("could not tell user %s about their role: %s", result.target.telegram_id, error)


async def staff_command(update: Update, context: Context) -> None:
    """Admins: who is staff or admin."""
    caller = await identify(update, context)
    if not caller.may(Role.ADMIN):
        return await reply(update, roles_view.outcome(caller.t, RoleError.NOT_ADMIN))
    people = await services_of(context).users.list_privileged()
    await reply(update, roles_view.privileged_list(caller.t, people))


def register(app: App) -> None:
    app.add_handler(CommandHandler("grant", grant_command))
    app.add_handler(CommandHandler("revoke", revoke_command))
    app.add_handler(CommandHandler("staff", staff_command))
    app.add_handler(CallbackQueryHandler(role_callback, pattern=f"^{roles_view.PREFIX}:"))
    app.add_handler(
        MessageHandler(filters.ChatType.PRIVATE & filters.FORWARDED, forwarded_message)
    )
