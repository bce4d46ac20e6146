"""Admins' topic catalogue: /newtopic and /managetopics (rename, retire, restore)."""

from __future__ import annotations

from telegram import Update
from telegram.ext import CallbackQueryHandler, CommandHandler

from bot.core.dialogs import Dialog
from bot.core.screens import Reply, Screen
from bot.core.users import Role
from bot.topics import flow as topic_admin_flow
from bot.topics import view as topic_admin_view
from bot.topics.view import NewTopicStep
from handlers.common import (
    Caller,
    Pressed,
    allowed,
    button_data,
    identify,
    on_button,
    reply,
    send,
    services_of,
)
from handlers.dialogs import register_flow, still_allowed
from handlers.types import App, Context


async def _admin_in_private(update: Update, caller: Caller) -> bool:
    """Admins only (role read fresh), and in a private chat, where the answers are routed."""
    return await allowed(update, caller, Role.ADMIN, topic_admin_view.admins_only(caller.t))


async def newtopic_command(update: Update, context: Context) -> None:
    """Start the /newtopic conversation: a code, then the names in Polish, Ukrainian, English."""
    caller = await identify(update, context)
    if not await _admin_in_private(update, caller):
        return
    step = NewTopicStep.CODE
    await services_of(context).dialogs.start(
        caller.profile.telegram_id, topic_admin_view.NEW_FLOW, step
    )
    await reply(update, topic_admin_view.step_prompt(caller.t, step))


async def newtopic_step(
    update: Update, context: Context, caller: Caller, dialog: Dialog, text: str | None
) -> None:
    """One answer of /newtopic; an admin demoted meanwhile is stopped and nothing is saved."""
    if not await still_allowed(
        update, context, caller, Role.ADMIN, topic_admin_view.admins_only(caller.t)
    ):
        return
    services = services_of(context)
    answer = await topic_admin_flow.answer_new_topic(
        services.topics, services.dialogs, dialog, text, caller.t
    )
    await reply(update, answer)


async def rename_step(
    update: Update, context: Context, caller: Caller, dialog: Dialog, text: str | None
) -> None:
    """The new name asked for by a Rename button; the topic's card follows a success."""
    if not await still_allowed(
        update, context, caller, Role.ADMIN, topic_admin_view.admins_only(caller.t)
    ):
        return
    services = services_of(context)
    screen = await topic_admin_flow.answer_rename(
        services.topics, services.dialogs, dialog, text, caller.t
    )
    await send(update, screen)


async def managetopics_command(update: Update, context: Context) -> None:
    """List every topic, retired ones marked, as buttons."""
    caller = await identify(update, context)
    if not await _admin_in_private(update, caller):
        return
    topics = await services_of(context).topics.list_topics(include_retired=True)
    await send(update, topic_admin_view.topic_list(caller.t, topics))


async def manage_callback(update: Update, context: Context) -> None:
    """Back to the list, a topic's card, Retire or Restore: edit the message in place."""
    await on_button(update, context, Role.ADMIN, topic_admin_view.admins_only, _manage)


async def _manage(update: Update, context: Context, caller: Caller) -> Pressed:
    screen, toast = await topic_admin_flow.apply_action(
        services_of(context).topics, topic_admin_view.parse(button_data(update)), caller.t
    )
    return None if screen is None else Reply(edit=screen, toast=toast)


async def rename_callback(update: Update, context: Context) -> None:
    """A Rename button: ask for the new name in a new message (the answer comes as text)."""
    await on_button(update, context, Role.ADMIN, topic_admin_view.admins_only, _rename)


async def _rename(update: Update, context: Context, caller: Caller) -> Pressed:
    action = topic_admin_view.parse(button_data(update))
    if action is None or action.action != "rename":
        return None
    services = services_of(context)
    prompt = await topic_admin_flow.start_rename(
        services.topics, services.dialogs, caller.profile.telegram_id, action, caller.t
    )
    return None if prompt is None else Reply(send=(Screen(prompt),))


def register(app: App) -> None:
    """/newtopic, /managetopics, their buttons ("tadm:...") and their two conversations."""
    app.add_handler(CommandHandler("newtopic", newtopic_command))
    app.add_handler(CommandHandler("managetopics", managetopics_command))
    app.add_handler(CallbackQueryHandler(rename_callback, pattern=topic_admin_view.RENAME_PATTERN))
    app.add_handler(CallbackQueryHandler(manage_callback, pattern=f"^{topic_admin_view.PREFIX}:"))
    register_flow(topic_admin_view.NEW_FLOW, newtopic_step)
    register_flow(topic_admin_view.RENAME_FLOW, rename_step)
