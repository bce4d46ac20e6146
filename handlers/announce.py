"""/announce: staff's conversation from kind to publication; the role is checked at every step."""

from __future__ import annotations

from telegram import Update
from telegram.ext import CallbackQueryHandler, CommandHandler

from bot.services import announce_list_view as list_view
from bot.services import announce_view as view
from bot.services import messages
from bot.services.announce_actions import AnnounceFlow
from bot.services.announce_flow import Reply
from bot.services.announcement_model import Refusal
from bot.services.dialogs import Dialog
from bot.services.screens import Screen
from bot.services.users import Role
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
from handlers.dialogs import register_cancel, register_flow, still_allowed
from handlers.types import App, Context


def flow_of(context: Context) -> AnnounceFlow:
    s = services_of(context)
    return AnnounceFlow(s.announcements, s.renderer, s.topics, s.organisations, s.dialogs)


async def staff_in_private(update: Update, caller: Caller) -> bool:
    """Staff only (role read now), in a private chat, where the answers are routed."""
    return await allowed(update, caller, Role.STAFF, messages.staff_only(caller.t))


async def refused_button(update: Update, caller: Caller) -> bool:
    """Staff buttons, used by anyone else: an alert, and nothing changes."""
    if update.callback_query is None:
        return True
    return await button_refused(update, caller, Role.STAFF, messages.staff_only(caller.t))


async def show(update: Update, result: Reply) -> None:
    """Answer the button (if any), replace its message, then send the new messages."""
    query = update.callback_query
    if query is not None:
        await query.answer(result.toast, show_alert=result.alert)
        if result.edit is not None:
            await edit(query, result.edit)
    elif result.edit is not None:
        await send(update, result.edit)
    for screen in result.send:
        await send(update, screen)


async def announce_command(update: Update, context: Context) -> None:
    """Start a new announcement: the kind first."""
    caller = await identify(update, context)
    if await staff_in_private(update, caller):
        await send(update, await flow_of(context).start(caller.profile.telegram_id, caller.t))


async def announce_step(
    update: Update, context: Context, caller: Caller, dialog: Dialog, text: str | None
) -> None:
    """A typed answer (or a file, for the document step); a demoted staff member is stopped."""
    if not await still_allowed(update, context, caller, Role.STAFF, messages.staff_only(caller.t)):
        return
    message = update.effective_message
    html = message.text_html if message is not None and message.text else None
    document = None
    if message is not None and message.document is not None:
        document = (message.document.file_id, message.document.file_name or "document")
    result = await flow_of(context).answer_text(dialog, text, html, document, caller.t)
    await show(update, result)


async def announce_callback(update: Update, context: Context) -> None:
    """Any /announce button: valid only at the step the staff member's conversation is on."""
    query, caller = update.callback_query, await identify(update, context)
    if query is None or await refused_button(update, caller):
        return
    action = view.parse(query.data)
    if action is not None and action.name == "now":
        return await send_now(update, context, caller)
    dialog = await services_of(context).dialogs.get(caller.profile.telegram_id)
    result = None if action is None else await flow_of(context).press(dialog, action, caller.t)
    if result is None:
        await alert(update, messages.stale_button(caller.t))
        return
    await show(update, result)


async def send_now(update: Update, context: Context, caller: Caller) -> None:
    """Publish: the progress message first (its ids are stored for the engine's reports)."""
    query, flow, t = update.callback_query, flow_of(context), caller.t
    if query is None or query.message is None:
        return
    ready = await flow.ready(await flow.dialogs.get(caller.profile.telegram_id))
    if ready is None or isinstance(ready, Refusal):
        problem = messages.stale_button(t) if ready is None else view.problem_text(t, ready)
        await query.answer(problem, show_alert=True)
        return
    await query.answer()
    progress = await context.bot.send_message(query.message.chat.id, list_view.progress_start(t))
    ids = (progress.chat.id, progress.message_id)
    result = await flow.publish_now(ready, caller.profile.telegram_id, ids)
    if isinstance(result, Refusal):
        await progress.edit_text(view.problem_text(t, result))
        return
    await edit(query, Screen(view.published(t)))
    stats = await services_of(context).outbox.stats(result.id)
    if stats.total == 0:  # nobody to send to: the engine will never report, so say it now
        await progress.edit_text(list_view.progress_text(t, result, stats))


async def announce_cancelled(
    update: Update, context: Context, caller: Caller, dialog: Dialog
) -> bool:
    """/cancel while editing a scheduled announcement puts it back on its schedule."""
    result = await flow_of(context).cancel_edit(dialog, caller.t)
    if result is None:
        return False
    await show(update, result)
    return True


def register(app: App) -> None:
    """/announce, its buttons ("ann:...") and its conversation's typed answers."""
    app.add_handler(CommandHandler("announce", announce_command))
    app.add_handler(CallbackQueryHandler(announce_callback, pattern=f"^{view.PREFIX}:"))
    register_flow(view.FLOW, announce_step)
    register_cancel(view.FLOW, announce_cancelled)
