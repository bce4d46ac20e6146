"""Join requests and members: asking to join, accepting or declining, removing, staff review."""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable

from telegram import Bot, Update
from telegram.constants import ParseMode
from telegram.error import Forbidden, TelegramError
from telegram.ext import CallbackQueryHandler

from bot.container import Services
from bot.core import messages
from bot.core.callbacks import unpack
from bot.core.i18n import Translator
from bot.core.render import Html
from bot.core.screens import Screen
from bot.core.users import Role
from bot.numbers import parse_natural
from bot.organisations import membership_view as view
from bot.organisations.memberships import Decision, JoinRefusal, JoinRequest
from handlers.common import (
    Caller,
    alert,
    edit,
    identify,
    in_private_chat,
    keyboard,
    send,
    services_of,
)
from handlers.types import App, Context

log = logging.getLogger(__name__)
Render = Callable[[Translator], Screen | Html]


def display_name(update: Update) -> str:
    """The name fellow members see: Telegram's full name, else the username, else the id."""
    user = update.effective_user
    if user is None:
        return "?"
    return (user.full_name or "").strip()[:128] or (
        f"@{user.username}" if user.username else f"#{user.id}"
    )


async def tell(context: Context, people: Iterable[int], render: Render) -> None:
    """Send each person the message in their own language; a blocked one stops nobody else."""
    await tell_people(context.bot, services_of(context), people, render)


async def tell_people(bot: Bot, services: Services, people: Iterable[int], render: Render) -> None:
    """Like tell(), outside an update (alerts from the bot's own work)."""
    for person in people:
        profile = await services.users.profile(person)
        screen = render(services.catalogs.translator(profile.language if profile else None))
        screen = screen if isinstance(screen, Screen) else Screen(screen)
        try:
            await bot.send_message(
                person,
                screen.text,
                parse_mode=ParseMode.HTML,
                reply_markup=keyboard(screen.rows) if screen.rows else None,
            )
        except Forbidden:
            log.info("user %s has blocked the bot; not told", person)
            await services.subscriptions.set_active(person, False)
        except TelegramError as error:
            log.warning("could not tell user %s: %s", person, error)


async def ask_to_join(update: Update, context: Context, caller: Caller, org_id: int) -> bool:
    """Send the request to the organisation's members (or staff); False if none was sent."""
    result = await services_of(context).memberships.ask_to_join(
        caller.profile.telegram_id, org_id, display_name(update)
    )
    if result is JoinRefusal.UNKNOWN:
        await alert(update, messages.stale_button(caller.t))
        return False
    if result is JoinRefusal.ALREADY_MEMBER:
        organisation = await services_of(context).organisations.get(org_id)
        if update.callback_query and organisation:
            await update.callback_query.answer()
            await edit(update.callback_query, view.already_member(caller.t, organisation))
        return False
    if update.callback_query:
        await update.callback_query.answer()
        await edit(update.callback_query, view.request_sent(caller.t, result))
    await tell(context, result.deciders, _card_for(result))
    return True


def _card_for(request: JoinRequest) -> Render:
    return lambda t: view.request_card(t, request)


async def announce_joined(context: Context, decision: Decision | None) -> None:
    """Tell the other members who joined."""
    if decision is not None:
        name, organisation = decision.name, decision.organisation
        await tell(context, decision.members, lambda t: view.member_joined(t, name, organisation))


async def membership_callback(update: Update, context: Context) -> None:
    """Accept/decline a request, the members list, remove a member, staff keep a membership."""
    query, caller = update.callback_query, await identify(update, context)
    data = query.data if query else None
    parts = unpack(data, view.PREFIX, 1) or unpack(data, view.PREFIX, 2)
    parts = parts or unpack(data, view.PREFIX, 3)
    if query is None or parts is None or not in_private_chat(update):
        return await alert(update, messages.stale_button(caller.t))
    action, numbers = parts[0], parts[1:]
    parsed = [parse_natural(n, max_digits=15) for n in numbers]
    ids = [n for n in parsed if n is not None]
    if len(ids) != len(parsed):
        return await alert(update, messages.stale_button(caller.t))
    if action == view.LIST and not ids:
        return await _list(update, context, caller)
    if action in (view.ACCEPT, view.DECLINE) and len(ids) == 1:
        return await _decide(update, context, caller, ids[0], action == view.ACCEPT)
    if action == view.REMOVE and len(ids) == 1:
        return await _remove(update, context, caller, ids[0])
    if action == view.KEEP and len(ids) == 2:
        return await _keep(update, context, caller, ids[0], ids[1])
    await alert(update, messages.stale_button(caller.t))


async def _decide(
    update: Update, context: Context, caller: Caller, user_id: int, accept: bool
) -> None:
    decision = await services_of(context).memberships.decide(
        caller.profile.telegram_id, user_id, accept, staff=caller.may(Role.STAFF)
    )
    if decision is None or update.callback_query is None:
        return await alert(update, view.request_gone(caller.t))
    await update.callback_query.answer()
    organisation = decision.organisation
    await edit(update.callback_query, view.decided(caller.t, decision.name, organisation, accept))
    await tell(context, [user_id], lambda t: view.applicant_told(t, organisation, accept))
    if accept:
        others = [m for m in decision.members if m != caller.profile.telegram_id]
        await announce_joined(
            context, Decision(user_id, decision.name, organisation, True, others)
        )


async def _list(update: Update, context: Context, caller: Caller) -> None:
    services = services_of(context)
    organisation = await services.organisations.membership(caller.profile.telegram_id)
    if organisation is None or update.callback_query is None:
        return await alert(update, messages.stale_button(caller.t))
    people = await services.memberships.members(organisation.id)
    await update.callback_query.answer()
    await send(
        update, view.members_screen(caller.t, organisation, people, caller.profile.telegram_id)
    )


async def _remove(update: Update, context: Context, caller: Caller, user_id: int) -> None:
    removal = await services_of(context).memberships.remove(
        caller.profile.telegram_id, user_id, staff=caller.may(Role.STAFF)
    )
    if removal is None or update.callback_query is None:
        return await alert(update, view.request_gone(caller.t))
    await update.callback_query.answer()
    name, organisation = removal.member.name, removal.organisation
    await edit(update.callback_query, view.removed(caller.t, name, organisation))
    await tell(context, [user_id], lambda t: view.removed_member(t, organisation))
    others = [m for m in removal.members if m != caller.profile.telegram_id]
    await tell(context, others, lambda t: view.removed(t, name, organisation))


async def _keep(
    update: Update, context: Context, caller: Caller, user_id: int, org_id: int
) -> None:
    services = services_of(context)
    if not caller.may(Role.STAFF):
        return await alert(update, messages.staff_only(caller.t))
    member = await services.memberships.member(user_id)
    organisation = await services.organisations.get(org_id)
    kept = await services.memberships.keep(user_id, org_id)
    if not kept or member is None or organisation is None or update.callback_query is None:
        return await alert(update, messages.stale_button(caller.t))
    await update.callback_query.answer()
    await edit(update.callback_query, view.kept(caller.t, member, organisation))


async def staff_sections(update: Update, context: Context, caller: Caller) -> None:
    """For /pending: requests only staff can decide, and memberships to review."""
    services = services_of(context)
    requests, old = await services.memberships.for_staff()
    if requests:
        await send(update, view.staff_requests_heading(caller.t, len(requests)))
        for request in requests:
            await send(update, view.request_card(caller.t, request))
    if old:
        await send(update, view.staff_old_heading(caller.t, len(old)))
        for member in old:
            organisation = await services.organisations.get(member.organisation_id)
            if organisation is not None:
                await send(update, view.old_membership_card(caller.t, member, organisation))


def register(app: App) -> None:
    app.add_handler(CallbackQueryHandler(membership_callback, pattern=f"^{view.PREFIX}:"))
