"""/pending for staff: verify or reject new organisations and tell their members."""

from __future__ import annotations

import logging
from datetime import UTC, tzinfo

from telegram import CallbackQuery, Update
from telegram.error import Forbidden, TelegramError
from telegram.ext import CallbackQueryHandler, CommandHandler

from bot.core import messages
from bot.core.dialogs import Dialog
from bot.core.users import Role
from bot.organisations import verification_confirm_view as confirm
from bot.organisations import verification_view
from bot.organisations.service import Organisation, OrgStatus
from handlers.common import (
    Caller,
    alert,
    allowed,
    edit,
    identify,
    keyboard,
    reply,
    send,
    services_of,
)
from handlers.dialogs import register_flow, still_allowed
from handlers.membership import staff_sections
from handlers.types import App, Context

log = logging.getLogger(__name__)


def _zone(context: Context) -> tzinfo:
    """The configured time zone for people (Defaults carry it), for the registration date."""
    defaults = context.bot.defaults
    return defaults.tzinfo if defaults is not None and defaults.tzinfo is not None else UTC


async def pending_command(update: Update, context: Context) -> None:
    """Staff only: a summary, then one card with buttons per organisation awaiting review."""
    caller = await identify(update, context)
    if not await allowed(update, caller, Role.STAFF, messages.staff_only(caller.t)):
        return
    pending = await services_of(context).organisations.list_pending()
    await reply(update, verification_view.summary(caller.t, pending))
    message = update.effective_message
    for organisation in pending[: verification_view.CARDS_PER_COMMAND]:
        screen = verification_view.card(caller.t, organisation, _zone(context))
        if message is not None:
            await message.reply_text(
                screen.text, reply_markup=keyboard(screen.rows), do_quote=False
            )
    await staff_sections(update, context, caller)


async def review_callback(update: Update, context: Context) -> None:
    """Verify/Reject on a card ask once (Reject: a reason first), then review and tell the
    members; the presser's role and the organisation's state are re-checked at every press."""
    query, caller = update.callback_query, await identify(update, context)
    if query is None:
        return
    if not caller.may(Role.STAFF):
        await query.answer(verification_view.staff_only_button(caller.t), show_alert=True)
        return
    parsed = confirm.parse_action(query.data)
    if parsed is None:
        return await alert(update, messages.stale_button(caller.t))
    action, org_id = parsed
    services = services_of(context)
    organisation = await services.organisations.get(org_id)
    if organisation is None or organisation.status is not OrgStatus.PENDING:
        return await _show_current(query, context, caller, org_id)
    if action in (confirm.VERIFY_YES, confirm.REJECT_YES):
        verified = action == confirm.VERIFY_YES
        return await _review(update, context, caller, organisation, verified)
    await query.answer()
    if action == verification_view.VERIFY:
        return await edit(query, confirm.verify_confirm(caller.t, organisation, _zone(context)))
    if action == verification_view.REJECT:
        data = {"id": org_id}
        await services.dialogs.start(
            caller.profile.telegram_id, confirm.REJECT_FLOW, "reason", data
        )
        return await send(update, confirm.reason_prompt(caller.t, organisation))
    await _drop_reason(context, caller)
    await edit(query, verification_view.card(caller.t, organisation, _zone(context)))


async def _drop_reason(context: Context, caller: Caller) -> None:
    """End a rejection in progress (Back), if there is one."""
    dialogs = services_of(context).dialogs
    dialog = await dialogs.get(caller.profile.telegram_id)
    if dialog is not None and dialog.flow == confirm.REJECT_FLOW:
        await dialogs.finish(caller.profile.telegram_id)


async def _typed_reason(context: Context, caller: Caller, org_id: int) -> str | None:
    """The reason typed for rejecting this very organisation (the rejection then ends)."""
    dialogs = services_of(context).dialogs
    dialog = await dialogs.get(caller.profile.telegram_id)
    if dialog is None or dialog.flow != confirm.REJECT_FLOW or dialog.data.get("id") != org_id:
        return None
    reason = dialog.data.get("reason")
    if not isinstance(reason, str):
        return None
    await dialogs.finish(caller.profile.telegram_id)
    return reason


async def _review(
    update: Update, context: Context, caller: Caller, organisation: Organisation, verified: bool
) -> None:
    """Confirmed: verify, or reject with the reason typed for this very organisation."""
    query = update.callback_query
    reason = None if verified else await _typed_reason(context, caller, organisation.id)
    if not verified and reason is None:
        return await alert(update, messages.stale_button(caller.t))
    reviewed = await services_of(context).organisations.review(
        caller.profile.telegram_id, organisation.id, verified
    )
    if reviewed is None or query is None:
        return await _show_current(query, context, caller, organisation.id) if query else None
    await query.answer()
    await edit(query, verification_view.reviewed_card(caller.t, reviewed, _zone(context)).text)
    await notify_members(context, reviewed, reason)


async def reject_reason_step(
    update: Update, context: Context, caller: Caller, dialog: Dialog, text: str | None
) -> None:
    """The reason typed for a rejection: check it, then ask once more with it shown."""
    if not await still_allowed(update, context, caller, Role.STAFF, messages.staff_only(caller.t)):
        return
    reason = " ".join((text or "").split())
    org_id = dialog.data.get("id")
    organisation = (
        await services_of(context).organisations.get(org_id) if isinstance(org_id, int) else None
    )
    if organisation is None:
        await services_of(context).dialogs.finish(caller.profile.telegram_id)
        return await reply(update, messages.stale_button(caller.t))
    if not reason or len(reason) > confirm.REASON_MAX:
        return await reply(update, confirm.reason_problem(caller.t))
    await services_of(context).dialogs.advance(
        caller.profile.telegram_id, "confirm", reason=reason
    )
    await send(update, confirm.reject_confirm(caller.t, organisation, reason))


async def _show_current(
    query: CallbackQuery, context: Context, caller: Caller, org_id: int
) -> None:
    """A stale card: say it was already reviewed and show its status now; unknown: stale."""
    current = await services_of(context).organisations.get(org_id)
    if current is None or current.status is OrgStatus.PENDING:
        await query.answer(messages.stale_button(caller.t), show_alert=True)
        return
    await query.answer(verification_view.already_reviewed(caller.t), show_alert=True)
    await edit(query, verification_view.reviewed_card(caller.t, current, _zone(context)).text)


async def notify_members(
    context: Context, organisation: Organisation, reason: str | None = None
) -> None:
    """Tell every member the outcome (and the reason for a rejection) in their language; one
    blocked member stops nobody else."""
    services = services_of(context)
    for member_id in await services.organisations.member_ids(organisation.id):
        profile = await services.users.profile(member_id)
        t = services.catalogs.translator(profile.language if profile else None)
        try:
            notice = (
                confirm.rejected_notice(t, organisation, reason)
                if reason and organisation.status is OrgStatus.REJECTED
                else verification_view.member_notice(t, organisation)
            )
            await context.bot.send_message(member_id, notice)
        except Forbidden:
            log.info("user %s has blocked the bot; not told about the review", member_id)
            await services.subscriptions.set_active(member_id, False)
        except TelegramError as error:
            log.warning("could not tell user %s about the review: %s", member_id, error)


def register(app: App) -> None:
    """/pending and the review buttons (callback data "org:v:<id>" / "org:r:<id>")."""
    app.add_handler(CommandHandler("pending", pending_command))
    app.add_handler(CallbackQueryHandler(review_callback, pattern=confirm.PATTERN))
    register_flow(confirm.REJECT_FLOW, reject_reason_step)
