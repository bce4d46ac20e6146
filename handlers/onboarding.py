"""/start: greeting, invite links, resuming paused messages, and the three onboarding steps."""

from __future__ import annotations

from telegram import Update
from telegram.ext import CallbackQueryHandler, CommandHandler

from bot.core import messages
from bot.core.dialogs import Dialog
from bot.core.users import Role
from bot.onboarding import view as onboarding_view
from bot.organisations import view as org_view
from handlers.common import (
    Caller,
    alert,
    drop_keyboard,
    edit,
    identify,
    in_private_chat,
    reply,
    send,
    services_of,
)
from handlers.dialogs import register_flow
from handlers.main_menu import reply_with_menu
from handlers.membership import announce_joined, display_name
from handlers.menu import publish_personal_menu
from handlers.organisation import search_step
from handlers.subscriptions import send_topics_step, this_chat
from handlers.types import App, Context


async def start_command(update: Update, context: Context) -> None:
    """Greet; join via an invite link; resume paused messages; begin or resume onboarding."""
    caller = await identify(update, context)
    if not in_private_chat(update):
        return await _start_in_group(update, context, caller)
    greeting = messages.greeting(caller.t, returning=not caller.profile.is_new)
    await reply_with_menu(update, caller, greeting)
    if context.args:
        await _redeem(update, context, caller, context.args[0])
    await _resume(update, context, caller)
    if caller.may(Role.STAFF):
        await publish_personal_menu(context.bot, caller.profile, caller.t)
    dialog = await services_of(context).dialogs.get(caller.profile.telegram_id)
    if caller.profile.is_new or (dialog is not None and dialog.flow == onboarding_view.FLOW):
        await _show_step(
            update, context, caller, dialog.step if dialog else onboarding_view.LANGUAGE
        )


async def _start_in_group(update: Update, context: Context, caller: Caller) -> None:
    settings = await this_chat(update, context, caller)
    if settings.paused:
        await services_of(context).subscriptions.set_paused(settings.chat_id, False)
    await reply(update, messages.group_intro(caller.t))


async def _redeem(update: Update, context: Context, caller: Caller, code: str) -> None:
    services = services_of(context)
    organisation = await services.organisations.redeem_invite(
        caller.profile.telegram_id, code[:64], display_name(update)
    )
    if organisation is None:
        return await reply(update, org_view.invite_invalid(caller.t))
    await reply(update, org_view.joined_text(caller.t, organisation))
    await announce_joined(
        context, await services.memberships.joined_by_invite(caller.profile.telegram_id)
    )


async def _resume(update: Update, context: Context, caller: Caller) -> None:
    subscriptions = services_of(context).subscriptions
    settings = await subscriptions.settings(caller.profile.telegram_id)
    if settings is not None and settings.paused:
        await subscriptions.set_paused(settings.chat_id, False)
        await reply(update, messages.resumed(caller.t))


async def _show_step(update: Update, context: Context, caller: Caller, step: str) -> None:
    """Send one onboarding step and remember it, so a restart or /start brings it back."""
    services = services_of(context)
    if step == onboarding_view.TOPICS:
        return await send_topics_step(update, context, caller)
    await services.dialogs.start(caller.profile.telegram_id, onboarding_view.FLOW, step)
    if step == onboarding_view.ORGANISATION:
        membership = await services.organisations.membership(caller.profile.telegram_id)
        return await send(update, onboarding_view.organisation_step(caller.t, membership))
    await send(update, onboarding_view.language_step(caller.t, caller.profile.language))


async def onboarding_callback(update: Update, context: Context) -> None:
    """Language choice and Next buttons of the onboarding steps."""
    query, caller = update.callback_query, await identify(update, context)
    parsed = onboarding_view.parse(query.data if query else None)
    if query is None or parsed is None:
        if query:
            await alert(update, messages.stale_button(caller.t))
        return
    step, language = parsed
    await query.answer()
    if step == "lang" and language:
        profile = await services_of(context).users.choose_language(
            caller.profile.telegram_id, language
        )
        t = services_of(context).catalogs.translator(profile.language if profile else language)
        return await edit(query, onboarding_view.language_step(t, language))
    await drop_keyboard(query)
    await _show_step(update, context, caller, step)


async def onboarding_step(
    update: Update, context: Context, caller: Caller, dialog: Dialog, text: str | None
) -> None:
    """Free text during onboarding: a search on the organisation step, else a nudge."""
    if dialog.step == onboarding_view.ORGANISATION:
        return await search_step(update, context, caller, dialog, text)
    await reply(update, onboarding_view.use_the_buttons(caller.t))


def register(app: App) -> None:
    app.add_handler(CommandHandler("start", start_command))
    app.add_handler(
        CallbackQueryHandler(onboarding_callback, pattern=f"^{onboarding_view.PREFIX}:")
    )
    register_flow(onboarding_view.FLOW, onboarding_step)
