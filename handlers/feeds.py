"""/feeds: staff manage feeds, add one or import OPML, export, and decide on held items."""

from __future__ import annotations

from telegram import InputFile, Update
from telegram.ext import CallbackQueryHandler, CommandHandler

from bot.core import messages
from bot.core.dialogs import Dialog
from bot.core.screens import Reply, Screen
from bot.core.users import Role
from bot.feeds import view
from bot.feeds.add_view import FLOW, Step
from bot.feeds.flow import Fetch, Upload
from bot.feeds.held_view import DEADLINE_FLOW
from handlers.common import (
    ANSWERED,
    Caller,
    Pressed,
    allowed,
    button_data,
    flows_of,
    identify,
    on_button,
    send,
    services_of,
    show,
)
from handlers.dialogs import register_flow, still_allowed
from handlers.types import App, Context

CONVERSATION = frozenset({"ct", "ca", "cd", "ck", "cm", "cy", "cx"})
HELD = frozenset({"hp", "ht", "hl", "hq", "ha", "hd", "hn", "hx"})


def fetcher(context: Context) -> Fetch:
    """Downloads a file sent to the bot (an OPML file), by its file id."""

    async def fetch(file_id: str) -> bytes:
        found = await context.bot.get_file(file_id)
        return bytes(await found.download_as_bytearray())

    return fetch


async def feeds_command(update: Update, context: Context) -> None:
    """The first page of the feed list, with the add, import, export and held-items buttons."""
    caller = await identify(update, context)
    if not await allowed(update, caller, Role.STAFF, messages.staff_only(caller.t)):
        return
    await send(update, await flows_of(context).feed_admin.list_screen(0, caller.t))


async def feeds_callback(update: Update, context: Context) -> None:
    """Any /feeds button: staff only (read now), its ids checked again before anything changes."""
    await on_button(update, context, Role.STAFF, messages.staff_only, _pressed)


async def _pressed(update: Update, context: Context, caller: Caller) -> Pressed:
    action = view.parse(button_data(update))
    if action is None:
        return None
    if action.name == "e":
        await _export(update, context)
        return ANSWERED
    return await _press(context, caller, action)


async def _press(context: Context, caller: Caller, action: view.Action) -> Reply | None:
    """What a /feeds button does, by its family: start, held list, conversation, card, list."""
    services, flows = services_of(context), flows_of(context)
    t, user_id = caller.t, caller.profile.telegram_id
    if action.name in ("a", "i"):
        step = Step.FILE if action.name == "i" else Step.URL
        return _sending(await flows.add_feed.start(user_id, step, t))
    if action.name == "h":
        return Reply(send=await flows.held_items.listing(t))
    if action.name in CONVERSATION:
        dialog = await services.dialogs.get(user_id)
        return await flows.add_feed.press(dialog, action, fetcher(context), t)
    if action.name in HELD:
        return await flows.held_items.press(action, user_id, t)
    return await flows.feed_admin.press(action, t)


async def _export(update: Update, context: Context) -> None:
    """Send every feed as an OPML document, for a feed reader or another bot."""
    query = update.callback_query
    if query is None or query.message is None:
        return
    document = await services_of(context).feeds.export_opml()
    await query.answer()
    await context.bot.send_document(
        query.message.chat.id, InputFile(document, filename=view.EXPORT_NAME)
    )


async def feeds_step(
    update: Update, context: Context, caller: Caller, dialog: Dialog, text: str | None
) -> None:
    """An address or an OPML file sent in the add-feed conversation."""
    if not await still_allowed(update, context, caller, Role.STAFF, messages.staff_only(caller.t)):
        return
    message = update.effective_message
    document = message.document if message is not None else None
    upload = None
    if document is not None:
        upload = Upload(document.file_id, document.file_name or "feeds.opml", document.file_size)
    flow = flows_of(context).add_feed
    await show(update, await flow.answer(dialog, text, upload, fetcher(context), caller.t))


async def deadline_step(
    update: Update, context: Context, caller: Caller, dialog: Dialog, text: str | None
) -> None:
    """The new deadline of a held call or consultation, typed in Polish date forms."""
    if not await still_allowed(update, context, caller, Role.STAFF, messages.staff_only(caller.t)):
        return
    desk = flows_of(context).held_items
    await show(update, await desk.answer_deadline(dialog, text, caller.t))


def _sending(screen: Screen) -> Reply:
    return Reply(send=(screen,))


def register(app: App) -> None:
    """/feeds, its buttons ("fd:...") and its two conversations (add feed, held deadline)."""
    app.add_handler(CommandHandler("feeds", feeds_command))
    app.add_handler(CallbackQueryHandler(feeds_callback, pattern=f"^{view.PREFIX}:"))
    register_flow(FLOW, feeds_step)
    register_flow(DEADLINE_FLOW, deadline_step)
