"""/upcoming and /calendar: what is ahead for this chat, paged in place, and as an .ics file."""

from __future__ import annotations

from telegram import InputFile, Update
from telegram.ext import CallbackQueryHandler, CommandHandler

from bot.calendar import view as upcoming_view
from bot.core import messages
from bot.core.i18n import Translator
from handlers.common import alert, edit, identify, reply, send, services_of
from handlers.types import App, Context


async def _calendar(context: Context, chat_id: int, t: Translator) -> bytes | None:
    """The chat's .ics of everything ahead, with alarms at the chat's own lead times."""
    services = services_of(context)
    zone, now = services.announcements.zone, services.announcements.now()
    return await upcoming_view.calendar(
        services.upcoming, services.preferences, chat_id, t, zone, now
    )


async def _send_calendar(context: Context, chat_id: int, data: bytes) -> None:
    await context.bot.send_document(chat_id, InputFile(data, filename=upcoming_view.FILE_NAME))


async def upcoming_command(update: Update, context: Context) -> None:
    """The first page of what is ahead for this chat (in a group: the group's topics)."""
    caller, chat = await identify(update, context), update.effective_chat
    if chat is None:
        return
    services = services_of(context)
    found = await services.upcoming.page(chat.id, 0)
    await send(update, upcoming_view.screen(caller.t, found, services.announcements.zone))


async def calendar_command(update: Update, context: Context) -> None:
    """Send everything ahead as one .ics file; with nothing ahead, say so instead."""
    caller, chat = await identify(update, context), update.effective_chat
    if chat is None:
        return
    data = await _calendar(context, chat.id, caller.t)
    if data is None:
        await reply(update, upcoming_view.nothing_ahead(caller.t))
        return
    await _send_calendar(context, chat.id, data)


async def upcoming_callback(update: Update, context: Context) -> None:
    """A page button (edits the list in place) or the calendar-file button; anyone in the chat
    may press them, and they show that chat's items."""
    query, caller = update.callback_query, await identify(update, context)
    if query is None:
        return
    request = upcoming_view.parse(query.data)
    if request is None or query.message is None:
        await alert(update, messages.stale_button(caller.t))
        return
    chat_id = query.message.chat.id
    if request.action is upcoming_view.Action.FILE:
        data = await _calendar(context, chat_id, caller.t)
        if data is None:
            await alert(update, upcoming_view.nothing_ahead(caller.t))
            return
        await query.answer()
        await _send_calendar(context, chat_id, data)
        return
    services = services_of(context)
    found = await services.upcoming.page(chat_id, request.page)
    await query.answer()
    await edit(query, upcoming_view.screen(caller.t, found, services.announcements.zone))


def register(app: App) -> None:
    """The /upcoming and /calendar commands and the list's buttons (callback data "upc:...")."""
    app.add_handler(CommandHandler("upcoming", upcoming_command))
    app.add_handler(CommandHandler("calendar", calendar_command))
    app.add_handler(CallbackQueryHandler(upcoming_callback, pattern=f"^{upcoming_view.PREFIX}:"))
