"""/organisation's "Areas of work" buttons: an organisation declares what it works on."""

from __future__ import annotations

from telegram import Update

from bot.core import messages
from bot.numbers import parse_natural
from bot.organisations import areas_view as view
from bot.organisations import view as organisation_view
from bot.organisations.service import OrgError
from handlers.common import Caller, alert, edit, services_of
from handlers.types import Context


async def show_areas(update: Update, context: Context, caller: Caller, arg: str) -> None:
    """The toggles for the caller's own organisation."""
    services = services_of(context)
    organisation = await services.organisations.membership(caller.profile.telegram_id)
    if organisation is None or update.callback_query is None:
        return await alert(update, messages.stale_button(caller.t))
    declared = await services.organisation_areas.declared(organisation.id)
    topics = await services.topics.list_topics(include_retired=True)
    await update.callback_query.answer()
    await edit(update.callback_query, view.areas_screen(caller.t, organisation, topics, declared))


async def toggle_area(update: Update, context: Context, caller: Caller, arg: str) -> None:
    """Declare or withdraw one area; the role and membership are checked again here."""
    services, parsed = services_of(context), view.parse_toggle(arg)
    organisation = await services.organisations.get(parsed[0]) if parsed else None
    if parsed is None or organisation is None or update.callback_query is None:
        return await alert(update, messages.stale_button(caller.t))
    user, role = caller.profile.telegram_id, caller.profile.role
    declared = await services.organisation_areas.set_area(user, role, *parsed)
    if declared is None:
        return await alert(update, organisation_view.error_text(caller.t, OrgError.NOT_ALLOWED))
    topics = await services.topics.list_topics(include_retired=True)
    await update.callback_query.answer()
    await edit(update.callback_query, view.areas_screen(caller.t, organisation, topics, declared))


async def areas_done(update: Update, context: Context, caller: Caller, arg: str) -> None:
    """Done: say which areas the directory now shows."""
    services = services_of(context)
    org_id = parse_natural(arg)
    organisation = None if org_id is None else await services.organisations.get(org_id)
    if organisation is None or update.callback_query is None:
        return await alert(update, messages.stale_button(caller.t))
    user, role = caller.profile.telegram_id, caller.profile.role
    if not await services.organisation_areas.may_change(user, role, organisation.id):
        return await alert(update, organisation_view.error_text(caller.t, OrgError.NOT_ALLOWED))
    declared = await services.organisation_areas.declared(organisation.id)
    topics = await services.topics.list_topics(include_retired=True)
    names = [topic.name(caller.t.language) for topic in topics if topic.id in declared]
    await update.callback_query.answer()
    await edit(update.callback_query, view.areas_saved(caller.t, organisation, names))
