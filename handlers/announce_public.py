"""Buttons under an announcement, for everyone: its calendar file and its attached document."""

from __future__ import annotations

from telegram import InputFile, Update
from telegram.ext import CallbackQueryHandler

from bot.announcements import public_view
from bot.announcements.model import Announcement, Status
from bot.announcements.render import DOCUMENT_PREFIX, ICS_PREFIX
from bot.calendar.ics import AlarmLeads, calendar_file, file_name
from bot.core.callbacks import unpack_ints
from bot.core.users import Role
from handlers.common import Caller, identify, services_of
from handlers.types import App, Context


async def _announcement(update: Update, context: Context, caller: Caller) -> Announcement | None:
    """The button's announcement if the caller may see it: drafts are staff's only."""
    query = update.callback_query
    prefix = (query.data or "").split(":")[0] if query else ""
    ids = unpack_ints(query.data if query else None, prefix, 1)
    found = await services_of(context).announcements.get(ids[0]) if ids else None
    if found is None or (found.status is Status.DRAFT and not caller.may(Role.STAFF)):
        return None
    return found


async def calendar_callback(update: Update, context: Context) -> None:
    """Send the announcement's .ics; announcements without a date say so politely."""
    query, caller = update.callback_query, await identify(update, context)
    if query is None or query.message is None:
        return
    found = await _announcement(update, context, caller)
    services = services_of(context)
    ics = None
    if found is not None:
        # Alarms at the presser's own lead times: their private chat's id is their user id.
        alarms = AlarmLeads.of(await services.preferences.get(caller.profile.telegram_id))
        zone, now = services.announcements.zone, services.announcements.now()
        ics = calendar_file([found], zone, now, alarms)
    if found is None or ics is None:
        await query.answer(public_view.no_calendar(caller.t), show_alert=True)
        return
    await query.answer()
    await context.bot.send_document(
        query.message.chat.id, InputFile(ics, filename=file_name(found))
    )


async def document_callback(update: Update, context: Context) -> None:
    """Send the document attached to the announcement (Telegram keeps it: only its id is ours)."""
    query, caller = update.callback_query, await identify(update, context)
    if query is None or query.message is None:
        return
    found = await _announcement(update, context, caller)
    if found is None or not found.document_file_id:
        await query.answer(public_view.no_document(caller.t), show_alert=True)
        return
    await query.answer()
    await context.bot.send_document(query.message.chat.id, found.document_file_id)


def register(app: App) -> None:
    """The "ics:<id>" and "doc:<id>" buttons of delivered announcements."""
    app.add_handler(CallbackQueryHandler(calendar_callback, pattern=f"^{ICS_PREFIX}:"))
    app.add_handler(CallbackQueryHandler(document_callback, pattern=f"^{DOCUMENT_PREFIX}:"))
