"""/export for staff: a consultation round's report as DOCX, ODT, CSV or XLSX, as a file."""

from __future__ import annotations

from telegram import CallbackQuery, InputFile, Update
from telegram.ext import CallbackQueryHandler, CommandHandler

from bot.core import messages
from bot.core.users import Role
from bot.postulates import export_view as view
from bot.postulates.report import ReportFormat
from handlers.common import (
    Caller,
    alert,
    allowed,
    button_refused,
    edit,
    identify,
    send,
    services_of,
)
from handlers.types import App, Context


async def export_command(update: Update, context: Context) -> None:
    """Staff only, in a private chat: the rounds (and the general inbox) to report on."""
    caller = await identify(update, context)
    if not await allowed(update, caller, Role.STAFF, messages.staff_only(caller.t)):
        return
    rounds = await services_of(context).reports.recent_rounds()
    await send(update, view.choose_round(caller.t, rounds))


async def export_callback(update: Update, context: Context) -> None:
    """A round chosen (offer the formats), a format chosen (send the file), or back."""
    query, caller = update.callback_query, await identify(update, context)
    if query is None or await button_refused(
        update, caller, Role.STAFF, messages.staff_only(caller.t)
    ):
        return
    request = view.parse(query.data)
    if request is None:
        await alert(update, messages.stale_button(caller.t))
    elif request.step is view.Step.LIST:
        rounds = await services_of(context).reports.recent_rounds()
        await query.answer()
        await edit(query, view.choose_round(caller.t, rounds))
    elif request.format is None:
        await _offer_formats(update, query, context, caller, request.round_id)
    else:
        await _send_report(update, query, context, caller, request)


async def _offer_formats(
    update: Update, query: CallbackQuery, context: Context, caller: Caller, round_id: int | None
) -> None:
    round_ = None if round_id is None else await services_of(context).reports.round(round_id)
    if round_id is not None and round_ is None:
        await alert(update, messages.stale_button(caller.t))
        return
    await query.answer()
    await edit(query, view.choose_format(caller.t, round_))


async def _send_report(
    update: Update, query: CallbackQuery, context: Context, caller: Caller, request: view.Request
) -> None:
    reports, round_id = services_of(context).reports, request.round_id
    public = request.format is view.Format.PUBLIC
    fmt = ReportFormat.DOCX if public else ReportFormat(str(request.format))
    data = await reports.render(round_id, fmt, public=public)
    name = await reports.file_name(round_id, str(fmt), public=public)
    if data is None or name is None or query.message is None:
        await alert(update, messages.stale_button(caller.t))
        return
    await query.answer()
    await context.bot.send_document(query.message.chat.id, InputFile(data, filename=name))


def register(app: App) -> None:
    """/export and its buttons (callback data "pex:...")."""
    app.add_handler(CommandHandler("export", export_command))
    app.add_handler(CallbackQueryHandler(export_callback, pattern=f"^{view.PREFIX}:"))
