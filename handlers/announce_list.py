"""/announcements for staff: recent ones with figures, the failures CSV, cancel and correct."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from telegram import CallbackQuery, InputFile, Update
from telegram.ext import CallbackQueryHandler, CommandHandler

from bot.announcements import list_view
from bot.announcements.model import Announcement, Status
from bot.core import messages
from handlers.announce import refused_button, staff_in_private
from handlers.common import (
    Caller,
    alert,
    edit,
    flows_of,
    identify,
    keyboard,
    reply,
    send,
    services_of,
)
from handlers.types import App, Context

ListHandler = Callable[[CallbackQuery, Context, Caller, Announcement], Awaitable[None]]


async def announcements_command(update: Update, context: Context) -> None:
    """The most recent announcements, one message each, with their delivery figures."""
    caller = await identify(update, context)
    if not await staff_in_private(update, caller):
        return
    services = services_of(context)
    recent = await services.announcements.list_recent()
    if not recent:
        await reply(update, list_view.empty_list(caller.t))
    zone = services.announcements.zone
    for announcement in reversed(recent):  # oldest first, so the newest ends up at the bottom
        stats = await services.outbox.stats(announcement.id)
        await send(update, list_view.card(caller.t, announcement, stats, zone))


async def send_csv(
    query: CallbackQuery, context: Context, caller: Caller, a: Announcement
) -> None:
    """The recipients who did not get it, with the reason, as a CSV file."""
    failed = await services_of(context).outbox.failed_recipients(a.id)
    await query.answer()
    if query.message is not None:
        document = InputFile(list_view.failed_csv(failed), filename=list_view.csv_name(a))
        await context.bot.send_document(query.message.chat.id, document)


async def ask_cancel(
    query: CallbackQuery, context: Context, caller: Caller, a: Announcement
) -> None:
    if a.status not in (Status.SCHEDULED, Status.PUBLISHED):
        await query.answer(list_view.cannot_cancel(caller.t), show_alert=True)
        return
    await query.answer()
    await edit(query, list_view.confirm_cancel(caller.t, a))


async def cancel(query: CallbackQuery, context: Context, caller: Caller, a: Announcement) -> None:
    cancelled = await services_of(context).announcements.cancel(a.id)
    if cancelled is None:
        await query.answer(list_view.cannot_cancel(caller.t), show_alert=True)
        return
    await query.answer()
    await edit(query, list_view.cancelled(caller.t, cancelled))


async def correct(query: CallbackQuery, context: Context, caller: Caller, a: Announcement) -> None:
    """Start a correction conversation: which field, the new value, a preview, then send."""
    menu = await flows_of(context).announce.start_correction(
        caller.profile.telegram_id, a.id, caller.t
    )
    if menu is None:
        await query.answer(list_view.cannot_correct(caller.t), show_alert=True)
        return
    await query.answer()
    if query.message is not None:
        await context.bot.send_message(
            query.message.chat.id, menu.text, reply_markup=keyboard(menu.rows)
        )


ACTIONS: dict[str, ListHandler] = {"csv": send_csv, "c": ask_cancel, "cy": cancel, "e": correct}


async def list_callback(update: Update, context: Context) -> None:
    """A button under an /announcements card; staff only, checked at the press."""
    query, caller = update.callback_query, await identify(update, context)
    if query is None or await refused_button(update, caller):
        return
    action = list_view.parse(query.data)
    found = None
    if action is not None:
        found = await services_of(context).announcements.get(action.announcement_id)
    if action is None or found is None or found.status is Status.DRAFT:
        await alert(update, messages.stale_button(caller.t))
        return
    await ACTIONS[action.name](query, context, caller, found)


def register(app: App) -> None:
    """/announcements and its buttons ("anl:...")."""
    app.add_handler(CommandHandler("announcements", announcements_command))
    app.add_handler(CallbackQueryHandler(list_callback, pattern=f"^{list_view.PREFIX}:"))
