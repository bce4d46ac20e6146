"""The catalogue of bot commands: who may use each and how it is described in every language."""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum

from bot.core.i18n import N_, Translator
from bot.core.render import Html
from bot.core.users import Role


class Audience(Enum):
    """Who a command is for, as /help groups them."""

    EVERYONE = "everyone"
    ORGANISATIONS = "organisations"
    STAFF = "staff"


@dataclass(frozen=True, slots=True)
class Command:
    """A slash command: English and Polish names, description (a msgid), least role, audience.

    Both names always work; the menus and /help show the Polish one to Polish users. Names are
    Latin, lowercase, digits and "_" only, as Telegram requires (see bot/locale/GLOSSARY.md).
    """

    name: str
    polish: str
    description: str
    role: Role = Role.MEMBER
    audience: Audience = Audience.EVERYONE

    def shown(self, language: str) -> str:
        """The name a person using `language` sees (Ukrainian users get the English names)."""
        return self.polish if language == "pl" else self.name


_ORGS = Audience.ORGANISATIONS
_STAFF = Audience.STAFF

COMMANDS: tuple[Command, ...] = (
    Command("start", "start", N_("Start the bot or resume messages")),
    Command("menu", "menu", N_("The main menu: the few things people do most")),
    Command("topics", "tematy", N_("Choose topics and kinds of announcements")),
    Command("subscriptions", "subskrypcje", N_("What you receive")),
    Command("upcoming", "terminy", N_("Coming deadlines and events")),
    Command("calendar", "kalendarz", N_("All coming dates as a calendar file")),
    Command("settings", "ustawienia", N_("Reminders, quiet hours and the weekly digest")),
    Command("stop", "wstrzymaj", N_("Pause all messages")),
    Command("language", "jezyk", N_("Change the language")),
    Command("privacy", "prywatnosc", N_("What I store and why")),
    Command("mydata", "moje_dane", N_("Download your data")),
    Command("forget", "zapomnij", N_("Delete your data")),
    Command("cancel", "anuluj", N_("Cancel the current step")),
    Command("help", "pomoc", N_("What I can do")),
    Command(
        "postulate", "postulat", N_("Send a proposal (postulate) to the city"), audience=_ORGS
    ),
    Command(
        "mypostulates",
        "moje_postulaty",
        N_("Your postulates and what happened to them"),
        audience=_ORGS,
    ),
    Command(
        "postulates", "postulaty", N_("Browse, support and follow postulates"), audience=_ORGS
    ),
    Command(
        "organisation",
        "organizacja",
        N_("Your organisation: join, register or leave"),
        audience=_ORGS,
    ),
    Command("invite", "zaproszenie", N_("Invite colleagues to your organisation"), audience=_ORGS),
    Command("orgs", "organizacje", N_("Directory of organisations"), audience=_ORGS),
    Command(
        "thread",
        "watek",
        N_("In a group with topics: send some topics into this thread"),
        audience=_ORGS,
    ),
    Command(
        "pending",
        "weryfikacja",
        N_("Organisations waiting for verification"),
        Role.STAFF,
        _STAFF,
    ),
    Command("stats", "statystyki", N_("How many people use the bot"), Role.STAFF, _STAFF),
    Command("announce", "ogloszenie", N_("Publish an announcement"), Role.STAFF, _STAFF),
    Command(
        "announcements",
        "ogloszenia",
        N_("Recent announcements and how their sending went"),
        Role.STAFF,
        _STAFF,
    ),
    Command(
        "feeds",
        "kanaly",
        N_("Feeds of city portals: add, pause, held items"),
        Role.STAFF,
        _STAFF,
    ),
    Command("review", "rozpatrz", N_("Review and answer postulates"), Role.STAFF, _STAFF),
    Command("export", "raport", N_("Consultation report (DOCX or CSV)"), Role.STAFF, _STAFF),
    Command("rounds", "nabory", N_("Consultation rounds: list and open one"), Role.STAFF, _STAFF),
    Command(
        "grant",
        "nadaj_role",
        N_("Make someone city staff or an administrator"),
        Role.ADMIN,
        _STAFF,
    ),
    Command("revoke", "odbierz_role", N_("Make someone a member again"), Role.ADMIN, _STAFF),
    Command("staff", "pracownicy", N_("Who is staff or an administrator"), Role.ADMIN, _STAFF),
    Command("newtopic", "nowy_temat", N_("Add a topic"), Role.ADMIN, _STAFF),
    Command(
        "managetopics", "zarzadzaj_tematami", N_("Rename or retire topics"), Role.ADMIN, _STAFF
    ),
)
_BY_NAME: dict[str, Command] = {
    name: command for command in COMMANDS for name in (command.name, command.polish)
}


def commands_for(role: Role) -> list[Command]:
    """The commands a person with this role may use, in menu order."""
    return [command for command in COMMANDS if role.at_least(command.role)]


def is_known(name: str) -> bool:
    """Whether `name` (English or Polish, without the slash) is one of the bot's commands."""
    return name.lower() in _BY_NAME


def polish_names() -> dict[str, str]:
    """English name -> Polish name, for every command whose names differ."""
    return {c.name: c.polish for c in COMMANDS if c.polish != c.name}


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
    return [(c.shown(t.language), t.gettext(c.description)) for c in commands_for(role)]


HELP_HEADINGS: dict[Audience, str] = {
    Audience.EVERYONE: N_("<b>For everyone</b>"),
    Audience.ORGANISATIONS: N_("<b>For organisations</b>"),
    Audience.STAFF: N_("<b>For city staff</b>"),
}


def help_text(role: Role, t: Translator) -> Html:
    """/help: the commands this person may use, grouped for everyone / organisations / staff."""
    lines: list[str] = [t.gettext("<b>What I can do</b>")]
    allowed = commands_for(role)
    for audience, heading in HELP_HEADINGS.items():
        group = [c for c in allowed if c.audience is audience]
        if group:
            lines += ["", t.gettext(heading)]
            lines += [f"/{c.shown(t.language)} — {t.gettext(c.description)}" for c in group]
    return Html("\n".join(lines))
