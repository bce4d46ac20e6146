"""/organisation in a group, and the membership check before anyone acts in a group's name."""

from __future__ import annotations

from telegram import Update
from telegram.ext import CallbackQueryHandler

from bot.core import messages
from bot.subscriptions import group_organisation_view as view
from bot.subscriptions import view as subscription_view
from bot.subscriptions.group_organisation import GroupChange
from bot.subscriptions.service import ChatType
from handlers.common import (
    Caller,
    alert,
    edit,
    identify,
    in_private_chat,
    may_configure_chat,
    reply,
    send,
    services_of,
)
from handlers.types import App, Context


async def may_act_for_chat(update: Update, context: Context, caller: Caller) -> bool:
    """Whether the caller may change this chat's settings now, else say why not (a reply to a
    command, an alert to a button): anyone in a private chat; in a group its administrators,
    and where the group speaks for an organisation only those who are its members (or staff)."""
    if not await may_configure_chat(update, context):
        await _refuse(update, subscription_view.group_admins_only(caller.t))
        return False
    chat = update.effective_chat
    if chat is None or in_private_chat(update):
        return True
    groups = services_of(context).group_organisations
    refused = await groups.refusal(caller.profile.telegram_id, caller.profile.role, chat.id)
    if refused is None:
        return True
    button = update.callback_query is not None
    alert_or_reply = view.members_only_alert if button else view.members_only
    await _refuse(update, alert_or_reply(caller.t, refused))
    return False


async def _refuse(update: Update, text: str) -> None:
    """An alert for a button, a reply for a command."""
    if update.callback_query is not None:
        await alert(update, text)
    else:
        await reply(update, text)


async def group_organisation_command(update: Update, context: Context) -> None:
    """/organisation sent in a group: whom the group speaks for, with what its admin may do."""
    caller, chat = await identify(update, context), update.effective_chat
    if chat is None or not await may_configure_chat(update, context):
        return await reply(update, subscription_view.group_admins_only(caller.t))
    await services_of(context).subscriptions.ensure_chat(
        chat.id, ChatType.GROUP, title=chat.title, language=caller.profile.language
    )
    groups = services_of(context).group_organisations
    link = await groups.link_state(caller.profile.telegram_id, caller.profile.role, chat.id)
    await send(update, view.link_screen(caller.t, link))


async def group_organisation_callback(update: Update, context: Context) -> None:
    """Link or unlink: Telegram admin, membership and the group's state checked again now."""
    query, caller = update.callback_query, await identify(update, context)
    parsed = view.parse(query.data if query else None)
    if query is None or query.message is None or parsed is None or in_private_chat(update):
        return await alert(update, messages.stale_button(caller.t))
    if not await may_configure_chat(update, context):
        return await alert(update, subscription_view.group_admins_only(caller.t))
    action, org_id = parsed
    groups, chat_id = services_of(context).group_organisations, query.message.chat.id
    user, role = caller.profile.telegram_id, caller.profile.role
    if action == view.LINK:
        outcome = await groups.link(user, chat_id, org_id)
    else:
        outcome = await groups.unlink(user, role, chat_id, org_id)
    if outcome.change is GroupChange.STALE:
        return await alert(update, messages.stale_button(caller.t))
    if outcome.change is GroupChange.NOT_MEMBER:
        return await alert(update, view.not_member_alert(caller.t, outcome.organisation))
    await query.answer()
    link = await groups.link_state(user, role, chat_id)
    await edit(query, view.link_screen(caller.t, link, view.outcome_text(caller.t, outcome)))


def register(app: App) -> None:
    """The buttons only: /organisation itself is routed here by handlers.organisation."""
    app.add_handler(CallbackQueryHandler(group_organisation_callback, pattern=f"^{view.PREFIX}:"))
