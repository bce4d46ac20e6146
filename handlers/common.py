"""What every handler needs: the services, the caller's profile and translator, replies."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass
from typing import Final

from telegram import (
    CallbackQuery,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    Message,
    Update,
)
from telegram.constants import ChatMemberStatus, ChatType
from telegram.error import BadRequest

from bot.container import Flows, Services
from bot.core import messages
from bot.core.callbacks import Keyboard
from bot.core.i18n import Translator
from bot.core.render import Html
from bot.core.screens import Reply, Screen
from bot.core.users import Profile, Role
from handlers import unchanged
from handlers.types import Context

SERVICES_KEY = "services"
FLOWS_KEY = "flows"


def services_of(context: Context) -> Services:
    services = context.bot_data.get(SERVICES_KEY)
    if not isinstance(services, Services):
        raise RuntimeError("services are not installed in bot_data; see bot.app")
    return services


def flows_of(context: Context) -> Flows:
    return flows_in(context.bot_data)


def flows_in(bot_data: Mapping[str, object]) -> Flows:
    flows = bot_data.get(FLOWS_KEY)
    if not isinstance(flows, Flows):
        raise RuntimeError("flows are not installed in bot_data; see bot.app")
    return flows


@dataclass(frozen=True, slots=True)
class Caller:
    """The person behind an update, as stored now (role is read fresh for every update)."""

    profile: Profile
    t: Translator

    def may(self, role: Role) -> bool:
        return self.profile.role.at_least(role)


async def identify(update: Update, context: Context) -> Caller:
    """Register the sender (first contact, last seen) and pick their language."""
    services = services_of(context)
    user = update.effective_user
    if user is None:
        raise RuntimeError("identify() needs an update with a sender")
    profile = await services.users.register(user.id, user.language_code, user.username)
    return Caller(profile, services.catalogs.translator(profile.language))


async def reply(update: Update, text: str) -> None:
    """Answer in the chat the update came from."""
    message = update.effective_message
    if message is not None:
        await message.reply_text(text, do_quote=False)


def keyboard(rows: Keyboard) -> InlineKeyboardMarkup:
    """Turn a service's (label, data) rows into Telegram's inline keyboard."""
    return InlineKeyboardMarkup(
        [[InlineKeyboardButton(label, callback_data=data) for label, data in row] for row in rows]
    )


async def send(update: Update, screen: Screen | str) -> None:
    """Send a screen (text and buttons) to the chat the update came from."""
    screen = _as_screen(screen)
    if update.effective_message is not None:
        await update.effective_message.reply_text(
            screen.text,
            reply_markup=keyboard(screen.rows) if screen.rows else None,
            do_quote=False,
        )


async def edit(query: CallbackQuery, screen: Screen | str) -> None:
    """Edit the message a button belongs to; pressing a button that changes nothing is fine."""
    screen = _as_screen(screen)
    markup = keyboard(screen.rows) if screen.rows else None
    wanted = unchanged.shown_by(screen.text, markup)
    if unchanged.would_change_nothing(query, wanted):
        return
    if unchanged.has_no_text(query):
        # A document or photo (a forged or replayed press on one): its text cannot become
        # the screen, so the screen comes as a new message.
        if query.message is not None:
            await query.get_bot().send_message(
                query.message.chat.id, screen.text, reply_markup=markup
            )
        return
    try:
        await query.edit_message_text(screen.text, reply_markup=markup)
    except BadRequest as error:
        if not _not_modified(error):
            raise
    unchanged.remember(query, wanted)


async def drop_keyboard(query: CallbackQuery) -> None:
    """Remove the buttons of the button's message (unless they are gone already)."""
    message = query.message
    if not isinstance(message, Message) or message.reply_markup is None:
        return  # Telegram refuses to remove a keyboard that is not there
    wanted = ((message.text or "").strip(), ())
    if message.text is not None and unchanged.would_change_nothing(query, wanted):
        return
    try:
        await query.edit_message_reply_markup(None)
    except BadRequest as error:
        if not _not_modified(error):
            raise
    unchanged.remember(query, wanted)


def _not_modified(error: BadRequest) -> bool:
    # PTB capitalises Telegram's description ("Message is not modified: ...").
    return "message is not modified" in error.message.lower()


def _as_screen(screen: Screen | str) -> Screen:
    return screen if isinstance(screen, Screen) else Screen(Html(screen))


def in_private_chat(update: Update) -> bool:
    return update.effective_chat is not None and update.effective_chat.type == ChatType.PRIVATE


async def may_configure_chat(update: Update, context: Context) -> bool:
    """Anyone configures their private chat; in a group only its administrators, checked now."""
    chat, user = update.effective_chat, update.effective_user
    if chat is None or user is None:
        return False
    if chat.type == ChatType.PRIVATE:
        return True
    member = await context.bot.get_chat_member(chat.id, user.id)
    return member.status in (ChatMemberStatus.ADMINISTRATOR, ChatMemberStatus.OWNER)


async def allowed(update: Update, caller: Caller, role: Role, refusal: str) -> bool:
    """Role (read fresh for this update) and a private chat; otherwise say why not."""
    if not caller.may(role):
        await reply(update, refusal)
        return False
    if not in_private_chat(update):
        # Conversation answers are routed from private chats only, and cards may show
        # e-mails and KRS numbers that do not belong in a group.
        await reply(update, messages.private_only(caller.t))
        return False
    return True


async def alert(update: Update, text: str) -> None:
    """Answer the pressed button with an alert (refusals and stale buttons change nothing)."""
    if update.callback_query is not None:
        await update.callback_query.answer(text, show_alert=True)


async def button_refused(update: Update, caller: Caller, role: Role, refusal: str) -> bool:
    """A button of `role`'s, pressed by someone without it right now: alert and refuse."""
    if caller.may(role):
        return False
    await alert(update, refusal)
    return True


async def show(update: Update, result: Reply) -> None:
    """Answer the button (if any), replace its message, then send the new messages."""
    query = update.callback_query
    if query is not None:
        await query.answer(result.toast, show_alert=result.alert)
        if result.edit is not None:
            await edit(query, result.edit)
    elif result.edit is not None:
        await send(update, result.edit)
    for screen in result.send:
        await send(update, screen)


# What a button's press comes to: a reply to show, None for a stale or forged button (an
# alert), or ANSWERED when the press answered the button itself (a file, a progress message).
ANSWERED: Final = Reply()
Pressed = Reply | None
Press = Callable[[Update, Context, Caller], Awaitable[Pressed]]


async def on_button(
    update: Update,
    context: Context,
    role: Role,
    refusal: Callable[[Translator], str],
    press: Press,
) -> None:
    """Every button's skeleton: identify, refuse without `role` now, press, alert or show."""
    query, caller = update.callback_query, await identify(update, context)
    if query is None or await button_refused(update, caller, role, refusal(caller.t)):
        return
    result = await press(update, context, caller)
    if result is ANSWERED:
        return
    if result is None:
        await alert(update, messages.stale_button(caller.t))
        return
    await show(update, result)


def button_data(update: Update) -> str | None:
    """The pressed button's callback data (never trusted: every flow parses it again)."""
    query = update.callback_query
    return None if query is None else query.data
