"""/organisation's "Areas of work" buttons: an organisation declares what it works on."""

from __future__ import annotations

from telegram import Update

from bot.core import messages
from bot.core.render import Html
from bot.core.screens import Screen
from bot.numbers import parse_natural
from bot.organisations import areas_view as view
from bot.organisations import registration
from bot.organisations import view as organisation_view
from bot.organisations.service import Organisation, OrgError
from handlers.common import Caller, alert, edit, services_of
from handlers.types import Context


async def at_areas_step(context: Context, caller: Caller, org_id: int) -> bool:
    """Whether the caller's registration of `org_id` waits at its last, optional step."""
    dialog = await services_of(context).dialogs.get(caller.profile.telegram_id)
    return dialog is not None and registration.at_areas_step(
        dialog.flow, dialog.step, dialog.data, org_id
    )


async def _areas_screen(
    context: Context, caller: Caller, organisation: Organisation, declared: set[int]
) -> Screen:
    """The toggles; during registration under the "registered" text, with Skip."""
    topics = await services_of(context).topics.list_topics(include_retired=True)
    lead: Html | None = None
    if await at_areas_step(context, caller, organisation.id):
        lead = organisation_view.registered_text(caller.t, organisation)
    return view.areas_screen(caller.t, organisation, topics, declared, lead=lead)


async def offer_areas_step(
    update: Update, context: Context, caller: Caller, organisation: Organisation
) -> None:
    """Just registered: remember the areas step, then show its toggles in place."""
    services = services_of(context)
    await services.dialogs.advance(
        caller.profile.telegram_id,
        registration.AREAS,
        **{registration.REGISTERED: organisation.id},
    )
    declared = await services.organisation_areas.declared(organisation.id)
    if update.callback_query is not None:
        await update.callback_query.answer()
        await edit(
            update.callback_query, await _areas_screen(context, caller, organisation, declared)
        )


async def show_areas(update: Update, context: Context, caller: Caller, arg: str) -> None:
    """The toggles for the caller's own organisation."""
    services = services_of(context)
    organisation = await services.organisations.membership(caller.profile.telegram_id)
    if organisation is None or update.callback_query is None:
        return await alert(update, messages.stale_button(caller.t))
    declared = await services.organisation_areas.declared(organisation.id)
    await update.callback_query.answer()
    await edit(update.callback_query, await _areas_screen(context, caller, organisation, declared))


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
    await update.callback_query.answer()
    await edit(update.callback_query, await _areas_screen(context, caller, organisation, declared))


async def areas_done(update: Update, context: Context, caller: Caller, arg: str) -> bool:
    """Done: say which areas the directory now shows; False when refused (or stale)."""
    services = services_of(context)
    organisation = await _changeable(update, context, caller, arg)
    if organisation is None or update.callback_query is None:
        return False
    declared = await services.organisation_areas.declared(organisation.id)
    topics = await services.topics.list_topics(include_retired=True)
    names = [topic.name(caller.t.language) for topic in topics if topic.id in declared]
    await update.callback_query.answer()
    await edit(update.callback_query, view.areas_saved(caller.t, organisation, names))
    return True


async def skip_areas(update: Update, context: Context, caller: Caller, arg: str) -> bool:
    """Skip at the end of registering: nothing declared, say where to do it later; False when
    refused, or when the registration has already gone past this step (a second press)."""
    organisation = await _changeable(update, context, caller, arg)
    if organisation is None or update.callback_query is None:
        return False
    if not await at_areas_step(context, caller, organisation.id):
        await alert(update, messages.stale_button(caller.t))
        return False
    registered = organisation_view.registered_text(caller.t, organisation)
    await update.callback_query.answer()
    await edit(update.callback_query, Html(f"{registered}\n\n{view.areas_later(caller.t)}"))
    return True


async def _changeable(
    update: Update, context: Context, caller: Caller, arg: str
) -> Organisation | None:
    """The button's organisation if the caller may change its areas now; else say why not."""
    services = services_of(context)
    org_id = parse_natural(arg)
    organisation = None if org_id is None else await services.organisations.get(org_id)
    if organisation is None:
        await alert(update, messages.stale_button(caller.t))
        return None
    user, role = caller.profile.telegram_id, caller.profile.role
    if not await services.organisation_areas.may_change(user, role, organisation.id):
        await alert(update, organisation_view.error_text(caller.t, OrgError.NOT_ALLOWED))
        return None
    return organisation
