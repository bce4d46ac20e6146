"""The single error handler: log the failure (token redacted by logging) and tell the user."""

from __future__ import annotations

import logging

from telegram import Update
from telegram.constants import ChatType
from telegram.error import Forbidden

from bot.core import messages
from handlers.common import services_of
from handlers.types import Context

log = logging.getLogger(__name__)


async def error_handler(update: object, context: Context) -> None:
    """Log any exception from a handler and apologise to the user in their language."""
    if isinstance(context.error, Forbidden):
        # The person blocked the bot (or it left the group) while their update waited: there
        # is nobody to answer, and my_chat_member records the change.
        log.info("could not answer an update: %s", context.error.message)
        return
    log.error("error while handling an update", exc_info=context.error)
    if not isinstance(update, Update) or update.effective_chat is None:
        return
    if update.effective_chat.type == ChatType.CHANNEL or update.effective_user is None:
        return  # an apology in a channel, or to nobody in particular, would be read by all
    user = update.effective_user
    services = services_of(context)
    try:
        language = await services.users.language_of(
            user.id if user else None, user.language_code if user else None
        )
        text = messages.something_went_wrong(services.catalogs.translator(language))
        if update.callback_query:
            await update.callback_query.answer(text, show_alert=True)
        else:
            await context.bot.send_message(update.effective_chat.id, text)
    except Exception:  # the error handler must never fail itself; the cause is logged above
        log.warning("could not tell the user about the error", exc_info=True)
