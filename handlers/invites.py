"""/invite: deep links that let colleagues join an organisation, and revoking them."""

from __future__ import annotations

from telegram import Update
from telegram.ext import CallbackQueryHandler, CommandHandler

from bot.core import messages
from bot.core.callbacks import unpack
from bot.core.users import Role
from bot.numbers import parse_natural
from bot.organisations import view
from bot.organisations.service import OrgError
from handlers.common import (
    Caller,
    alert,
    edit,
    identify,
    in_private_chat,
    reply,
    send,
    services_of,
)
from handlers.types import App, Context


async def invite_command(update: Update, context: Context) -> None:
    """A new link for the caller's organisation; staff may name any organisation."""
    caller = await identify(update, context)
    if not in_private_chat(update):
        return await reply(update, messages.private_only(caller.t))
    organisations = services_of(context).organisations
    query = " ".join(context.args or [])
    if query and caller.may(Role.STAFF):
        return await send(update, view.invite_choices(caller.t, await organisations.search(query)))
    organisation = await organisations.membership(caller.profile.telegram_id)
    if organisation is None:
        return await reply(update, view.invite_needs_membership(caller.t))
    await _send_link(update, context, caller, organisation.id)


async def _send_link(update: Update, context: Context, caller: Caller, org_id: int) -> None:
    organisations = services_of(context).organisations
    code = await organisations.create_invite(
        caller.profile.telegram_id, org_id, staff=caller.may(Role.STAFF)
    )
    organisation = await organisations.get(org_id)
    if isinstance(code, OrgError) or organisation is None:
        return await reply(update, view.error_text(caller.t, OrgError.NOT_ALLOWED))
    invites = await organisations.list_invites(org_id)
    link = f"https://t.me/{context.bot.username}?start={code}"
    newest = max(invite.id for invite in invites)
    await send(update, view.invite_screen(caller.t, organisation, link, newest))


async def invite_callback(update: Update, context: Context) -> None:
    """Revoke a link ("inv:r:<id>"), or (staff) create one for a chosen organisation."""
    query, caller = update.callback_query, await identify(update, context)
    data = query.data if query else None
    if query is None:
        return
    if unpack(data, view.INVITE_PREFIX, 1) == ["new"]:
        await query.answer()
        return await invite_command(update, context)
    parts = unpack(data, view.INVITE_PREFIX, 2)
    invite_id = None if parts is None else parse_natural(parts[1])
    if parts is None or invite_id is None or parts[0] not in ("r", "c"):
        await alert(update, messages.stale_button(caller.t))
        return
    if parts[0] == "c":
        if not caller.may(Role.STAFF):
            await query.answer(messages.staff_only(caller.t), show_alert=True)
            return
        await query.answer()
        return await _send_link(update, context, caller, invite_id)
    revoked = await services_of(context).organisations.revoke_invite(
        caller.profile.telegram_id, invite_id, staff=caller.may(Role.STAFF)
    )
    if not revoked:
        await alert(update, messages.stale_button(caller.t))
        return
    await query.answer()
    await edit(query, view.invite_revoked(caller.t))


def register(app: App) -> None:
    app.add_handler(CommandHandler("invite", invite_command))
    app.add_handler(CallbackQueryHandler(invite_callback, pattern=f"^{view.INVITE_PREFIX}:"))
