"""What every handler needs: the services, the caller's profile and translator, replies."""

from __future__ import annotations

from dataclasses import dataclass

from telegram import Update

from bot.services.container import Services
from bot.services.i18n import Translator
from bot.services.users import Profile, Role
from handlers.types import Context

SERVICES_KEY = "services"


def services_of(context: Context) -> Services:
    services = context.bot_data.get(SERVICES_KEY)
    if not isinstance(services, Services):
        raise RuntimeError("services are not installed in bot_data; see bot.app")
    return services


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
    profile = await services.users.register(user.id, user.language_code)
    return Caller(profile, services.catalogs.translator(profile.language))


async def reply(update: Update, text: str) -> None:
    """Answer in the chat the update came from."""
    message = update.effective_message
    if message is not None:
        await message.reply_text(text, do_quote=False)
