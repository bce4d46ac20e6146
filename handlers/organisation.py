"""/organisation: find and join, register (a saved conversation), or leave an organisation."""

from __future__ import annotations

from telegram import Update
from telegram.ext import CallbackQueryHandler, CommandHandler

from bot.core import messages
from bot.core.dialogs import Dialog
from bot.numbers import parse_natural
from bot.onboarding import view as onboarding_view
from bot.organisations import registration, view
from bot.organisations.service import Organisation, OrgError
from handlers.common import (
    Caller,
    alert,
    edit,
    identify,
    in_private_chat,
    reply,
    send,
    services_of,
)
from handlers.dialogs import register_flow
from handlers.group_organisation import group_organisation_command
from handlers.membership import ask_to_join
from handlers.organisation_areas import (
    areas_done,
    at_areas_step,
    offer_areas_step,
    show_areas,
    skip_areas,
    toggle_area,
)
from handlers.staff_alerts import tell_staff_about_organisation
from handlers.subscriptions import send_topics_step
from handlers.types import App, Context


async def organisation_command(update: Update, context: Context) -> None:
    """Show the membership, or start looking for the organisation; in a group, whom the group
    speaks for."""
    if not in_private_chat(update):
        return await group_organisation_command(update, context)
    caller = await identify(update, context)
    services = services_of(context)
    organisation = await services.organisations.membership(caller.profile.telegram_id)
    if organisation is not None:
        return await send(update, view.membership_text(caller.t, organisation))
    await services.dialogs.start(caller.profile.telegram_id, view.SEARCH_FLOW, "search")
    await send(update, view.search_screen(caller.t))


async def search_step(
    update: Update, context: Context, caller: Caller, dialog: Dialog, text: str | None
) -> None:
    """Free text while looking for an organisation: show the matches."""
    query = " ".join((text or "").split())[:100]
    if not query:
        return await send(update, view.search_screen(caller.t))
    services = services_of(context)
    found = await services.organisations.search(query)
    # Kept so that "Register …" can start the form with this name already filled in.
    await services.dialogs.advance(caller.profile.telegram_id, dialog.step, searched=query)
    await send(update, view.search_results(caller.t, query, found))


async def register_step(
    update: Update, context: Context, caller: Caller, dialog: Dialog, text: str | None
) -> None:
    """Free text during registration: check the answer to the current question."""
    districts = services_of(context).organisations.districts
    value = registration.check_answer(dialog.step, text, districts)
    if value is None:
        return await reply(update, onboarding_view.use_the_buttons(caller.t))
    if isinstance(value, OrgError):
        return await reply(update, view.error_text(caller.t, value))
    await _answer(update, context, caller, dialog, value)


async def _answer(
    update: Update, context: Context, caller: Caller, dialog: Dialog, value: str | None
) -> None:
    """Store the answer to the current question and ask the next (or show the summary)."""
    following = registration.next_step(dialog.step)
    dialogs = services_of(context).dialogs
    updated = await dialogs.advance(caller.profile.telegram_id, following, **{dialog.step: value})
    if updated is None:
        return
    if following == registration.CONFIRM:
        return await send(update, view.confirm(caller.t, updated.data))
    districts = services_of(context).organisations.districts
    await send(update, view.ask(caller.t, following, districts))


async def organisation_callback(update: Update, context: Context) -> None:
    """Buttons: join, register, skip, district, confirm, change, leave."""
    query, caller = update.callback_query, await identify(update, context)
    _prefix, _, rest = (query.data or "").partition(":") if query else ("", "", "")
    action, _, arg = rest.partition(":")
    handler = _ACTIONS.get(action)
    if query is None or handler is None or not in_private_chat(update):
        return await alert(update, messages.stale_button(caller.t))
    await handler(update, context, caller, arg)


async def _join(update: Update, context: Context, caller: Caller, arg: str) -> None:
    """A found organisation tapped: ask its members (or staff) to let the caller in."""
    org_id = parse_natural(arg)
    if org_id is None:
        return await alert(update, messages.stale_button(caller.t))
    onboarding = await _onboarding(context, caller)
    if await ask_to_join(update, context, caller, org_id):
        await _go_on(update, context, caller, onboarding)


async def _onboarding(context: Context, caller: Caller) -> bool:
    dialogs = services_of(context).dialogs
    return onboarding_view.is_onboarding(await dialogs.get(caller.profile.telegram_id))


async def _go_on(update: Update, context: Context, caller: Caller, onboarding: bool) -> None:
    """End the search or registration, and go on with onboarding if it was under way."""
    await services_of(context).dialogs.finish(caller.profile.telegram_id)
    if onboarding:
        await send_topics_step(update, context, caller)


async def _new(update: Update, context: Context, caller: Caller, arg: str) -> None:
    services = services_of(context)
    onboarding = onboarding_view.is_onboarding(
        await services.dialogs.get(caller.profile.telegram_id)
    )
    await services.dialogs.start(
        caller.profile.telegram_id,
        registration.FLOW,
        registration.NAME,
        {"onboarding": onboarding},
    )
    if update.callback_query:
        await update.callback_query.answer()
    await send(update, view.ask(caller.t, registration.NAME, services.organisations.districts))


async def _new_named(update: Update, context: Context, caller: Caller, arg: str) -> None:
    """Register the name just searched for: the form starts at its second question."""
    services = services_of(context)
    dialog = await services.dialogs.get(caller.profile.telegram_id)
    searched = dialog.data.get("searched") if dialog is not None else None
    name = registration.check_answer(registration.NAME, str(searched or ""), ())
    if dialog is None or name is None or isinstance(name, OrgError):
        return await alert(update, messages.stale_button(caller.t))
    data = {"onboarding": onboarding_view.is_onboarding(dialog), registration.NAME: name}
    await services.dialogs.start(
        caller.profile.telegram_id, registration.FLOW, registration.KRS, data
    )
    if update.callback_query:
        await update.callback_query.answer()
    await send(update, view.ask(caller.t, registration.KRS, services.organisations.districts))


async def _registration_at(context: Context, caller: Caller, *steps: str) -> Dialog | None:
    """The registration in progress if it is at one of `steps` (else the button is stale)."""
    dialog = await services_of(context).dialogs.get(caller.profile.telegram_id)
    if dialog is None or dialog.flow != registration.FLOW or dialog.step not in steps:
        return None
    return dialog


async def _skip(update: Update, context: Context, caller: Caller, arg: str) -> None:
    dialog = await _registration_at(context, caller, *registration.OPTIONAL)
    if dialog is None:
        return await alert(update, messages.stale_button(caller.t))
    if update.callback_query:
        await update.callback_query.answer()
    await _answer(update, context, caller, dialog, None)


async def _district(update: Update, context: Context, caller: Caller, arg: str) -> None:
    districts = services_of(context).organisations.districts
    dialog = await _registration_at(context, caller, registration.DISTRICT)
    index = parse_natural(arg, max_digits=3)
    if dialog is None or index is None or index >= len(districts):
        return await alert(update, messages.stale_button(caller.t))
    if update.callback_query:
        await update.callback_query.answer()
    await _answer(update, context, caller, dialog, districts[index])


async def _confirm(update: Update, context: Context, caller: Caller, arg: str) -> None:
    dialog = await _registration_at(context, caller, registration.CONFIRM)
    if dialog is None:
        return await alert(update, messages.stale_button(caller.t))
    result = await services_of(context).organisations.register(
        caller.profile.telegram_id, *registration.answers(dialog.data)
    )
    if isinstance(result, Organisation):
        await offer_areas_step(update, context, caller, result)
        return await tell_staff_about_organisation(context, result)
    if update.callback_query:
        await update.callback_query.answer()
        await edit(update.callback_query, view.rejected_text(caller.t, result))


async def _areas_done(update: Update, context: Context, caller: Caller, arg: str) -> None:
    """Done on the areas screen; at the end of registering, the registration ends here."""
    org_id = parse_natural(arg)
    at_step = org_id is not None and await at_areas_step(context, caller, org_id)
    if await areas_done(update, context, caller, arg) and at_step:
        await _go_on(update, context, caller, await _onboarding(context, caller))


async def _skip_areas(update: Update, context: Context, caller: Caller, arg: str) -> None:
    if await skip_areas(update, context, caller, arg):
        await _go_on(update, context, caller, await _onboarding(context, caller))


async def _change(update: Update, context: Context, caller: Caller, arg: str) -> None:
    await services_of(context).dialogs.start(
        caller.profile.telegram_id, view.SEARCH_FLOW, "search"
    )
    if update.callback_query:
        await update.callback_query.answer()
    await send(update, view.search_screen(caller.t))


async def _leave(update: Update, context: Context, caller: Caller, arg: str) -> None:
    organisations = services_of(context).organisations
    organisation = await organisations.membership(caller.profile.telegram_id)
    await organisations.leave(caller.profile.telegram_id)
    if update.callback_query:
        await update.callback_query.answer()
        await edit(update.callback_query, view.left_text(caller.t, organisation))


_ACTIONS = {
    "j": _join,
    "new": _new,
    "nq": _new_named,
    "areas": show_areas,
    "a": toggle_area,
    "ad": _areas_done,
    "as": _skip_areas,
    "skip": _skip,
    "d": _district,
    "ok": _confirm,
    "change": _change,
    "leave": _leave,
}


def register(app: App) -> None:
    app.add_handler(CommandHandler("organisation", organisation_command))
    app.add_handler(CallbackQueryHandler(organisation_callback, pattern=f"^{view.PREFIX}:"))
    register_flow(view.SEARCH_FLOW, search_step)
    register_flow(registration.FLOW, register_step)
