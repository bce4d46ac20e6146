"""Texts of the basic conversation: greeting, hints, errors and statistics, per language."""

from __future__ import annotations

from bot.core.i18n import Translator
from bot.core.render import Html
from bot.core.users import Role, UserStats

LANGUAGE_NAMES = {"pl": "Polski", "uk": "Українська", "en": "English"}
LANGUAGE_CALLBACK_PREFIX = "lang:"


def greeting(t: Translator, *, returning: bool) -> Html:
    """/start: who the bot is, what it does and where to read what it stores."""
    # No name: Polish and Ukrainian greet in the vocative, which a first name from Telegram
    # cannot be put into reliably ("Anna" -> "Anno"), and the nominative reads as an error.
    hello = t.gettext("Welcome back!") if returning else t.gettext("Hello!")
    about = t.gettext(
        "I bring the city's announcements to NGOs in good time — events, open calls for "
        "proposals, consultations and trainings — and carry your postulates to the city. "
        "/privacy says what I store and why; /help shows what I can do."
    )
    return Html(f"{hello}\n\n{about}")


def group_intro(t: Translator) -> Html:
    return t.gettext(
        "Hello! I will post the city's announcements in this group. A group administrator "
        "chooses what the group receives with /topics; /stop pauses the messages."
    )


def resumed(t: Translator) -> Html:
    return t.gettext("▶️ Messages resumed.")


def language_prompt(t: Translator) -> Html:
    return t.gettext("Choose the language I should write to you in:")


def language_options(current: str) -> list[tuple[str, str]]:
    """(button label, callback data) per language; labels in their own language, current ticked."""
    return [
        (("✅ " if code == current else "") + name, LANGUAGE_CALLBACK_PREFIX + code)
        for code, name in LANGUAGE_NAMES.items()
    ]


def parse_language_choice(data: str | None) -> str | None:
    """The language code in a language button's data, or None for anything forged or stale."""
    if not data or not data.startswith(LANGUAGE_CALLBACK_PREFIX):
        return None
    code = data.removeprefix(LANGUAGE_CALLBACK_PREFIX)
    return code if code in LANGUAGE_NAMES else None


def language_changed(t: Translator) -> Html:
    return t.gettext("Done: I will write to you in English from now on.")


def stale_button(t: Translator) -> Html:
    return t.gettext("This button is no longer valid. Please send the command again.")


def unknown_command(t: Translator, command: str) -> Html:
    return t.gettext(
        "I don't know the command {command}. Send /help to see the commands I understand.",
        command=command,
    )


def free_text_hint(t: Translator) -> Html:
    return t.gettext("I work with commands and buttons. Send /help to see what I can do.")


def cancelled(t: Translator) -> Html:
    return t.gettext("Cancelled. Anything you had already saved stays as it was.")


def nothing_to_cancel(t: Translator) -> Html:
    return t.gettext("There is nothing to cancel.")


def something_went_wrong(t: Translator) -> Html:
    return t.gettext(
        "Sorry, something went wrong on my side. Please try again in a moment; nothing you "
        "saved has been lost."
    )


def private_only(t: Translator) -> Html:
    return t.gettext("Please send this command to me in a private chat.")


def anonymous_sender(t: Translator) -> Html:
    return t.gettext(
        "I cannot tell who sent this: the message is signed with the group's name. "
        "Turn off “Remain anonymous” in your administrator rights, then send the command again."
    )


def staff_only(t: Translator) -> Html:
    return t.gettext("This command is for city staff only.")


def stats_text(t: Translator, stats: UserStats) -> Html:
    """/stats: how many people use the bot, by language and role."""
    languages = ", ".join(
        f"{LANGUAGE_NAMES.get(code, code)}: {count}"
        for code, count in sorted(stats.by_language.items())
    )
    lines = [
        t.ngettext("{n} person uses the bot.", "{n} people use the bot.", stats.total),
        t.gettext("Languages: {languages}", languages=languages or "—"),
        t.gettext(
            "Staff: {staff}, administrators: {admins}",
            staff=stats.by_role.get(Role.STAFF, 0),
            admins=stats.by_role.get(Role.ADMIN, 0),
        ),
    ]
    return Html("\n".join(lines))
