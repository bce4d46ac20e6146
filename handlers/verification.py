"""/pending for staff: verify or reject new organisations and tell their members."""

from __future__ import annotations

import logging
from datetime import UTC, tzinfo

from telegram import CallbackQuery, Update
from telegram.error import Forbidden, TelegramError
from telegram.ext import CallbackQueryHandler, CommandHandler

from bot.services import messages, verification_view
from bot.services.organisations import Organisation, OrgStatus
from bot.services.users import Role
from handlers.common import Caller, alert, allowed, edit, identify, keyboard, reply, services_of
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
    """✅/✖️ on a card: re-check the presser's role now, review, show the outcome, tell members."""
    query, caller = update.callback_query, await identify(update, context)
    if query is None:
        return
    if not caller.may(Role.STAFF):
        await query.answer(verification_view.staff_only_button(caller.t), show_alert=True)
        return
    review = verification_view.parse(query.data)
    if review is None:
        await alert(update, messages.stale_button(caller.t))
        return
    organisation = await services_of(context).organisations.review(
        caller.profile.telegram_id, review.organisation_id, review.verified
    )
    if organisation is None:
        await _show_current(query, context, caller, review.organisation_id)
        return
    await query.answer()
    await edit(query, verification_view.reviewed_card(caller.t, organisation, _zone(context)).text)
    await notify_members(context, organisation)


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


async def notify_members(context: Context, organisation: Organisation) -> None:
    """Tell every member the outcome in their language; one blocked member stops nobody else."""
    services = services_of(context)
    for member_id in await services.organisations.member_ids(organisation.id):
        profile = await services.users.profile(member_id)
        t = services.catalogs.translator(profile.language if profile else None)
        try:
            await context.bot.send_message(
                member_id, verification_view.member_notice(t, organisation)
            )
        except Forbidden:
            log.info("user %s has blocked the bot; not told about the review", member_id)
            await services.subscriptions.set_active(member_id, False)
        except TelegramError as error:
            log.warning("could not tell user %s about the review: %s", member_id, error)


def register(app: App) -> None:
    """/pending and the review buttons (callback data "org:v:<id>" / "org:r:<id>")."""
    app.add_handler(CommandHandler("pending", pending_command))
    app.add_handler(
        CallbackQueryHandler(review_callback, pattern=verification_view.CALLBACK_PATTERN)
    )
