"""/topics toggles (private chats and groups), /subscriptions and /stop."""

from __future__ import annotations

from telegram import Update
from telegram.ext import CallbackQueryHandler, CommandHandler

from bot.core import messages
from bot.onboarding import view as onboarding_view
from bot.organisations.service import Organisation
from bot.subscriptions import view as subscription_view
from bot.subscriptions.service import ChatSettings, ChatType
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
from handlers.group_organisation import may_act_for_chat
from handlers.types import App, Context


async def this_chat(update: Update, context: Context, caller: Caller) -> ChatSettings:
    """The settings of the chat the update came from, created on first use."""
    chat = update.effective_chat
    subscriptions = services_of(context).subscriptions
    if chat is None or in_private_chat(update):
        return await subscriptions.ensure_chat(caller.profile.telegram_id, ChatType.PRIVATE)
    return await subscriptions.ensure_chat(
        chat.id, ChatType.GROUP, title=chat.title, language=caller.profile.language
    )


async def send_topics(update: Update, context: Context, caller: Caller) -> None:
    """Send the toggles for this chat (first page)."""
    settings = await this_chat(update, context, caller)
    topics = await services_of(context).topics.list_topics(include_retired=True)
    title = None if in_private_chat(update) else settings.title
    await send(
        update, subscription_view.topics_screen(caller.t, settings, topics, 0, group_title=title)
    )


async def send_topics_step(update: Update, context: Context, caller: Caller) -> None:
    """Onboarding step 3: remember the step (so /start can bring it back), then the toggles."""
    await services_of(context).dialogs.start(
        caller.profile.telegram_id, onboarding_view.FLOW, onboarding_view.TOPICS
    )
    await reply(update, onboarding_view.topics_step_heading(caller.t))
    await send_topics(update, context, caller)


async def topics_command(update: Update, context: Context) -> None:
    """Choose topics and kinds; in a group only its administrators may."""
    caller = await identify(update, context)
    if await may_act_for_chat(update, context, caller):
        await send_topics(update, context, caller)


async def topics_callback(update: Update, context: Context) -> None:
    """A toggle, page or Done button: change the setting, then edit the keyboard in place."""
    query, caller = update.callback_query, await identify(update, context)
    action = subscription_view.parse(query.data if query else None)
    if query is None or query.message is None or action is None:
        return await alert(update, messages.stale_button(caller.t))
    if not await may_act_for_chat(update, context, caller):
        return None
    if action.action == "done":
        return await _finish(update, context, caller)
    if action.action == "heading":
        await query.answer(subscription_view.heading_hint(caller.t))
        return None
    settings = await _apply(context, query.message.chat.id, action)
    if settings is None:
        return await alert(update, messages.stale_button(caller.t))
    await query.answer()
    topics = await services_of(context).topics.list_topics(include_retired=True)
    title = None if in_private_chat(update) else settings.title
    screen = subscription_view.topics_screen(
        caller.t, settings, topics, action.page, group_title=title
    )
    await edit(query, screen)


async def _apply(
    context: Context, chat_id: int, action: subscription_view.SubscriptionAction
) -> ChatSettings | None:
    subscriptions = services_of(context).subscriptions
    if action.topic_id is not None:
        return await subscriptions.toggle_topic(chat_id, action.topic_id)
    if action.kind is not None:
        return await subscriptions.toggle_kind(chat_id, action.kind)
    return await subscriptions.settings(chat_id)


async def _finish(update: Update, context: Context, caller: Caller) -> None:
    """Done: end the onboarding if it is in progress and show what the chat receives."""
    query = update.callback_query
    if query is None or query.message is None:
        return
    services = services_of(context)
    await query.answer()
    settings = await services.subscriptions.settings(query.message.chat.id)
    topics = await services.topics.list_topics(include_retired=True)
    organisation = await _organisation_of(update, context, caller, settings)
    summary = subscription_view.summary_text(caller.t, settings, topics, organisation)
    dialog = await services.dialogs.get(caller.profile.telegram_id)
    if in_private_chat(update) and dialog is not None and dialog.flow == onboarding_view.FLOW:
        await services.dialogs.finish(caller.profile.telegram_id)
        chose = settings is not None and bool(settings.topic_ids)
        summary = onboarding_view.finished_text(caller.t, summary, chose_topics=chose)
    await edit(query, summary)


async def subscriptions_command(update: Update, context: Context) -> None:
    """Summarise what this chat receives."""
    caller = await identify(update, context)
    services = services_of(context)
    chat = update.effective_chat
    settings = await services.subscriptions.settings(chat.id) if chat else None
    topics = await services.topics.list_topics(include_retired=True)
    organisation = await _organisation_of(update, context, caller, settings)
    await reply(update, subscription_view.summary_text(caller.t, settings, topics, organisation))


async def _organisation_of(
    update: Update, context: Context, caller: Caller, settings: ChatSettings | None
) -> Organisation | None:
    """A private chat speaks for its person's organisation; a group for the one recorded for
    the group (set when an administrator added the bot), whoever asks."""
    organisations = services_of(context).organisations
    if in_private_chat(update):
        return await organisations.membership(caller.profile.telegram_id)
    if settings is None or settings.organisation_id is None:
        return None
    return await organisations.get(settings.organisation_id)


async def stop_command(update: Update, context: Context) -> None:
    """Pause every message to this chat; choices are kept and /start resumes."""
    caller = await identify(update, context)
    if not await may_act_for_chat(update, context, caller):
        return
    settings = await this_chat(update, context, caller)
    await services_of(context).subscriptions.set_paused(settings.chat_id, True)
    await reply(update, subscription_view.paused_text(caller.t, group=not in_private_chat(update)))


def register(app: App) -> None:
    app.add_handler(CommandHandler("topics", topics_command))
    app.add_handler(CommandHandler("subscriptions", subscriptions_command))
    app.add_handler(CommandHandler("stop", stop_command))
    app.add_handler(CallbackQueryHandler(topics_callback, pattern=f"^{subscription_view.PREFIX}:"))
