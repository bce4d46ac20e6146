"""The "read the full text" button under shortened postulate cards and answer notes."""

from __future__ import annotations

from telegram import Update
from telegram.ext import CallbackQueryHandler

from bot.core import messages
from bot.core.callbacks import unpack_ints
from bot.core.users import Role
from bot.postulates.card import FULL_TEXT
from bot.postulates.full_view import full_text_messages
from handlers.common import alert, identify, in_private_chat, send, services_of
from handlers.types import App, Context


async def full_text_callback(update: Update, context: Context) -> None:
    """Send the postulate's description and position whole (drafts only to staff, now)."""
    query, caller = update.callback_query, await identify(update, context)
    ids = unpack_ints(query.data if query else None, FULL_TEXT, 1)
    found = await services_of(context).postulates.get(ids[0]) if ids else None
    if query is None or found is None or not in_private_chat(update):
        return await alert(update, messages.stale_button(caller.t))
    await query.answer()
    for text in full_text_messages(caller.t, found, staff=caller.may(Role.STAFF)):
        await send(update, text)


def register(app: App) -> None:
    app.add_handler(CallbackQueryHandler(full_text_callback, pattern=f"^{FULL_TEXT}:"))
