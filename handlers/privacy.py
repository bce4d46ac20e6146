"""/privacy, /mydata (a JSON file) and /forget (after a confirmation)."""

from __future__ import annotations

from telegram import InputFile, Update
from telegram.ext import CallbackQueryHandler, CommandHandler

from bot.core import messages
from bot.core.callbacks import unpack
from bot.privacy import notice as privacy_notice
from bot.privacy import view as privacy_view
from handlers.common import alert, edit, identify, in_private_chat, reply, send, services_of
from handlers.types import App, Context


async def privacy_command(update: Update, context: Context) -> None:
    """Say what is stored, why, and how to get or delete it."""
    caller = await identify(update, context)
    contacts = services_of(context).privacy_contacts
    await reply(update, privacy_notice.notice_text(caller.t, contacts))


async def mydata_command(update: Update, context: Context) -> None:
    """Send everything stored about the user as a JSON file."""
    caller = await identify(update, context)
    if not in_private_chat(update) or update.effective_message is None:
        return await reply(update, messages.private_only(caller.t))
    data = await services_of(context).privacy.export(caller.profile.telegram_id)
    await update.effective_message.reply_document(
        InputFile(privacy_view.export_file(data), filename=privacy_view.EXPORT_FILE_NAME),
        caption=privacy_view.export_caption(caller.t),
        do_quote=False,
    )


async def forget_command(update: Update, context: Context) -> None:
    """Ask before deleting: the deletion cannot be undone."""
    caller = await identify(update, context)
    if not in_private_chat(update):
        return await reply(update, messages.private_only(caller.t))
    await send(update, privacy_view.forget_question(caller.t))


async def forget_callback(update: Update, context: Context) -> None:
    """Yes: delete the user's personal data. No: keep it."""
    query, caller = update.callback_query, await identify(update, context)
    answer = unpack(query.data if query else None, privacy_view.PREFIX, 1)
    if query is None or answer not in (["yes"], ["no"]):
        if query:
            await alert(update, messages.stale_button(caller.t))
        return
    await query.answer()
    if answer == ["no"]:
        return await edit(query, privacy_view.kept(caller.t))
    await services_of(context).privacy.forget(caller.profile.telegram_id)
    await edit(query, privacy_view.forgotten(caller.t))


def register(app: App) -> None:
    app.add_handler(CommandHandler("privacy", privacy_command))
    app.add_handler(CommandHandler("mydata", mydata_command))
    app.add_handler(CommandHandler("forget", forget_command))
    app.add_handler(CallbackQueryHandler(forget_callback, pattern=f"^{privacy_view.PREFIX}:"))
