"""/thread in a forum group: its administrator routes themes into the thread it is sent in."""

from __future__ import annotations

from telegram import Message, Update
from telegram.ext import CallbackQueryHandler, CommandHandler

from bot.core import messages
from bot.core.screens import Screen
from bot.subscriptions import forum_threads_view as view
from handlers.common import (
    Caller,
    alert,
    edit,
    identify,
    reply,
    send,
    services_of,
)
from handlers.group_organisation import may_act_for_chat
from handlers.types import App, Context


def _thread_of(message: Message | None) -> int | None:
    """The forum thread a message is in; None outside forums and in the General topic."""
    if message is None or not message.chat.is_forum or not message.is_topic_message:
        return None
    return message.message_thread_id


async def _screen(context: Context, caller: Caller, chat_id: int, here: int) -> Screen:
    services = services_of(context)
    settings = await services.subscriptions.settings(chat_id)
    chosen = set(settings.topic_ids) if settings is not None else set()
    topics = await services.topics.list_topics(include_retired=True)
    routes = await services.forum_threads.threads(chat_id)
    return view.threads_screen(caller.t, topics, chosen, routes, here)


async def thread_command(update: Update, context: Context) -> None:
    """Show which themes go to the thread the command was sent in (group admins only)."""
    caller = await identify(update, context)
    here = _thread_of(update.effective_message)
    if here is None or update.effective_chat is None:
        return await reply(update, view.not_in_a_thread(caller.t))
    if not await may_act_for_chat(update, context, caller):
        return None
    await send(update, await _screen(context, caller, update.effective_chat.id, here))


async def thread_callback(update: Update, context: Context) -> None:
    """A theme pressed: route it to this thread, or back to General; admin re-checked."""
    query, caller = update.callback_query, await identify(update, context)
    topic_id = view.parse(query.data if query else None)
    here = _thread_of(query.message if query and isinstance(query.message, Message) else None)
    if query is None or query.message is None or topic_id is None or here is None:
        return await alert(update, messages.stale_button(caller.t))
    if not await may_act_for_chat(update, context, caller):
        return None
    chat_id, threads = query.message.chat.id, services_of(context).forum_threads
    current = await threads.threads(chat_id)
    await threads.route(chat_id, topic_id, None if current.get(topic_id) == here else here)
    await query.answer()
    await edit(query, await _screen(context, caller, chat_id, here))


def register(app: App) -> None:
    """/thread and its buttons (callback data "thr:<topic id>")."""
    app.add_handler(CommandHandler("thread", thread_command))
    app.add_handler(CallbackQueryHandler(thread_callback, pattern=f"^{view.PREFIX}:"))
