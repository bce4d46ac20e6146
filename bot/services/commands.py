"""The catalogue of bot commands: who may use each and how it is described in every language."""

from __future__ import annotations

from dataclasses import dataclass

from bot.services.i18n import N_, Translator
from bot.services.render import Html
from bot.services.users import Role


@dataclass(frozen=True, slots=True)
class Command:
    """A slash command, its description (a msgid) and the least role that may use it."""

    name: str
    description: str
    role: Role = Role.MEMBER


COMMANDS: tuple[Command, ...] = (
    Command("start", N_("Start the bot or resume messages")),
    Command("topics", N_("Choose topics and kinds of announcements")),
    Command("subscriptions", N_("What you receive")),
    Command("postulate", N_("Send a proposal (postulate) to the city")),
    Command("mypostulates", N_("Your postulates and what happened to them")),
    Command("postulates", N_("Browse, support and follow postulates")),
    Command("upcoming", N_("Coming deadlines and events")),
    Command("calendar", N_("All coming dates as a calendar file")),
    Command("settings", N_("Reminders, quiet hours and the weekly digest")),
    Command("organisation", N_("Your organisation: join, register or leave")),
    Command("invite", N_("Invite colleagues to your organisation")),
    Command("orgs", N_("Directory of organisations")),
    Command("stop", N_("Pause all messages")),
    Command("language", N_("Change the language")),
    Command("privacy", N_("What I store and why")),
    Command("mydata", N_("Download your data")),
    Command("forget", N_("Delete your data")),
    Command("cancel", N_("Cancel the current step")),
    Command("help", N_("What I can do")),
    Command("pending", N_("Organisations waiting for verification"), Role.STAFF),
    Command("stats", N_("How many people use the bot"), Role.STAFF),
    Command("announce", N_("Publish an announcement"), Role.STAFF),
    Command("announcements", N_("Recent announcements and how their sending went"), Role.STAFF),
    Command("feeds", N_("Feeds of city portals: add, pause, held items"), Role.STAFF),
    Command("review", N_("Review and answer postulates"), Role.STAFF),
    Command("export", N_("Consultation report (DOCX or CSV)"), Role.STAFF),
    Command("rounds", N_("Consultation rounds: list and open one"), Role.STAFF),
    Command("grant", N_("Make someone city staff or an administrator"), Role.ADMIN),
    Command("revoke", N_("Make someone a member again"), Role.ADMIN),
    Command("staff", N_("Who is staff or an administrator"), Role.ADMIN),
    Command("newtopic", N_("Add a topic"), Role.ADMIN),
    Command("managetopics", N_("Rename or retire topics"), Role.ADMIN),
)


def commands_for(role: Role) -> list[Command]:
    """The commands a person with this role may use, in menu order."""
    return [command for command in COMMANDS if role.at_least(command.role)]


def is_known(name: str) -> bool:
    return any(command.name == name for command in COMMANDS)


def addressed_command(text: str | None, bot_username: str, *, private: bool) -> str | None:
    """The "/command" in a message if it is meant for this bot, else None.

    "/command@otherbot" never is. In groups a bare /command may be meant for another bot, so
    only "/command@ourbot" counts.
    """
    if not text or not text.startswith("/") or not text.split():
        return None
    command, _, addressee = text.split()[0].partition("@")
    if addressee and addressee.lower() != bot_username.lower():
        return None
    if not private and not addressee:
        return None
    return command


def menu(role: Role, t: Translator) -> list[tuple[str, str]]:
    """(command, description) pairs for Telegram's command menu in one language."""
    return [(command.name, t.gettext(command.description)) for command in commands_for(role)]


def help_text(role: Role, t: Translator) -> Html:
    """The /help message: the member commands, then the staff ones if the user is staff."""
    lines: list[str] = [t.gettext("<b>What I can do</b>")]
    lines += [f"/{c.name} — {t.gettext(c.description)}" for c in commands_for(Role.MEMBER)]
    staff_only = [c for c in commands_for(role) if c.role is not Role.MEMBER]
    if staff_only:
        lines += ["", t.gettext("<b>For city staff</b>")]
        lines += [f"/{c.name} — {t.gettext(c.description)}" for c in staff_only]
    return Html("\n".join(lines))
