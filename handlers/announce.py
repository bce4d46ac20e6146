"""/announce: staff's conversation from kind to publication; the role is checked at every step."""

from __future__ import annotations

from telegram import Update
from telegram.ext import CallbackQueryHandler, CommandHandler

from bot.announcements import actions, field_view, list_view, preview_view
from bot.announcements.model import Refusal
from bot.core import messages
from bot.core.dialogs import Dialog
from bot.core.screens import Screen
from bot.core.users import Role
from handlers.common import (
    ANSWERED,
    Caller,
    Pressed,
    allowed,
    button_data,
    button_refused,
    edit,
    flows_of,
    identify,
    on_button,
    send,
    services_of,
    show,
)
from handlers.dialogs import register_cancel, register_flow, still_allowed
from handlers.types import App, Context


async def staff_in_private(update: Update, caller: Caller) -> bool:
    """Staff only (role read now), in a private chat, where the answers are routed."""
    return await allowed(update, caller, Role.STAFF, messages.staff_only(caller.t))


async def refused_button(update: Update, caller: Caller) -> bool:
    """Staff buttons, used by anyone else: an alert, and nothing changes."""
    if update.callback_query is None:
        return True
    return await button_refused(update, caller, Role.STAFF, messages.staff_only(caller.t))


async def announce_command(update: Update, context: Context) -> None:
    """Start a new announcement: the kind first."""
    caller = await identify(update, context)
    if await staff_in_private(update, caller):
        await send(
            update, await flows_of(context).announce.start(caller.profile.telegram_id, caller.t)
        )


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
    result = await flows_of(context).announce.answer_text(dialog, text, html, document, caller.t)
    await show(update, result)


async def announce_callback(update: Update, context: Context) -> None:
    """Any /announce button: valid only at the step the staff member's conversation is on."""
    await on_button(update, context, Role.STAFF, messages.staff_only, _press)


async def _press(update: Update, context: Context, caller: Caller) -> Pressed:
    action = actions.parse(button_data(update))
    if action is None:
        return None
    if action.name == "now":
        await send_now(update, context, caller)
        return ANSWERED
    dialog = await services_of(context).dialogs.get(caller.profile.telegram_id)
    return await flows_of(context).announce.press(dialog, action, caller.t)


async def send_now(update: Update, context: Context, caller: Caller) -> None:
    """Publish: the progress message first (its ids are stored for the engine's reports)."""
    query, flow, t = update.callback_query, flows_of(context).announce, caller.t
    if query is None or query.message is None:
        return
    ready = await flow.ready(await flow.dialogs.get(caller.profile.telegram_id))
    if ready is None or isinstance(ready, Refusal):
        problem = messages.stale_button(t) if ready is None else field_view.problem_text(t, ready)
        await query.answer(problem, show_alert=True)
        return
    await query.answer()
    progress = await context.bot.send_message(query.message.chat.id, list_view.progress_start(t))
    ids = (progress.chat.id, progress.message_id)
    result = await flow.publish_now(ready, caller.profile.telegram_id, ids)
    if isinstance(result, Refusal):
        await progress.edit_text(field_view.problem_text(t, result))
        return
    await edit(query, Screen(preview_view.published(t)))
    stats = await services_of(context).outbox.stats(result.id)
    if stats.total == 0:  # nobody to send to: the engine will never report, so say it now
        await progress.edit_text(list_view.progress_text(t, result, stats))


async def announce_cancelled(
    update: Update, context: Context, caller: Caller, dialog: Dialog
) -> bool:
    """/cancel while editing a scheduled announcement puts it back on its schedule."""
    result = await flows_of(context).announce.cancel_edit(dialog, caller.t)
    if result is None:
        return False
    await show(update, result)
    return True


def register(app: App) -> None:
    """/announce, its buttons ("ann:...") and its conversation's typed answers."""
    app.add_handler(CommandHandler("announce", announce_command))
    app.add_handler(CallbackQueryHandler(announce_callback, pattern=f"^{actions.PREFIX}:"))
    register_flow(actions.FLOW, announce_step)
    register_cancel(actions.FLOW, announce_cancelled)
