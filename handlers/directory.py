"""/orgs: browse verified organisations by topic or district, editing one message in place."""

from __future__ import annotations

from telegram import Update
from telegram.ext import CallbackQueryHandler, CommandHandler

from bot.core import messages
from bot.organisations import directory_view
from handlers.common import alert, edit, identify, keyboard, services_of
from handlers.types import App, Context


async def orgs_command(update: Update, context: Context) -> None:
    """Offer the directory: by topic or by district (private chats and groups alike)."""
    caller = await identify(update, context)
    screen = directory_view.menu(caller.t)
    if update.effective_message:
        await update.effective_message.reply_text(
            screen.text, reply_markup=keyboard(screen.rows), do_quote=False
        )


async def browse_callback(update: Update, context: Context) -> None:
    """A directory button: edit the message to the screen asked for; stale ones change nothing."""
    query, caller = update.callback_query, await identify(update, context)
    if query is None:
        return
    services = services_of(context)
    request = directory_view.parse(query.data)
    screen = None
    if request is not None:
        screen = await directory_view.build(
            request, services.topics, services.organisations, caller.t
        )
    if screen is None:
        await alert(update, messages.stale_button(caller.t))
        return
    await query.answer()
    await edit(query, screen)


def register(app: App) -> None:
    """The /orgs command and its buttons (callback data "dir:...")."""
    app.add_handler(CommandHandler("orgs", orgs_command))
    app.add_handler(CallbackQueryHandler(browse_callback, pattern=f"^{directory_view.PREFIX}:"))
