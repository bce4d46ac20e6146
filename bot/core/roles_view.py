"""Texts and buttons for /grant, /revoke, /staff and role changes by forwarded message."""

from __future__ import annotations

from bot.core.callbacks import pack, unpack
from bot.core.i18n import N_, Translator
from bot.core.render import Html, escape
from bot.core.roles import RoleChange, RoleError
from bot.core.screens import Screen
from bot.core.users import Profile, Role
from bot.numbers import parse_natural

PREFIX = "role"
CODES = {"m": Role.MEMBER, "s": Role.STAFF, "a": Role.ADMIN}
ROLE_NAMES = {
    Role.MEMBER: N_("member"),
    Role.STAFF: N_("city staff"),
    Role.ADMIN: N_("administrator"),
}
ERRORS = {
    RoleError.NOT_ADMIN: N_("Only administrators can change roles."),
    RoleError.UNKNOWN_USER: N_(
        "I have not seen this person yet. Ask them to send /start to the bot first, then "
        "try again."
    ),
    RoleError.SELF: N_("You cannot change your own role."),
}


def usage(t: Translator) -> Html:
    return t.gettext(
        "Who? Reply to their message with /grant or /revoke, forward me a message of theirs, "
        "or write /grant staff @username (or their numeric id). /grant admin … makes an "
        "administrator; /revoke … makes them a member again."
    )


def parse_grant(words: list[str]) -> tuple[Role, str | None] | None:
    """`/grant [staff|admin] [@user|id]`: the role and the reference, if any."""
    role, rest = Role.STAFF, words
    if rest and rest[0].lower() in ("staff", "admin"):
        role, rest = Role(rest[0].lower()), rest[1:]
    if len(rest) > 1:
        return None
    return role, (rest[0] if rest else None)


def choose_screen(t: Translator, target: Profile, name: str) -> Screen:
    """Buttons to set the role of the person whose message was forwarded."""
    text = t.gettext(
        "{name} is now: {role}. Choose their role:",
        name=name,
        role=t.gettext(ROLE_NAMES[target.role]),
    )
    rows = [
        [(t.plain(ROLE_NAMES[role]), pack(PREFIX, target.telegram_id, code))]
        for code, role in CODES.items()
    ]
    return Screen(text, rows)


def parse_choice(data: str | None) -> tuple[int, Role] | None:
    parts = unpack(data, PREFIX, 2)
    user_id = None if parts is None else parse_natural(parts[0])
    if parts is None or user_id is None or parts[1] not in CODES:
        return None
    return user_id, CODES[parts[1]]


def outcome(t: Translator, result: RoleChange | RoleError) -> Html:
    if isinstance(result, RoleError):
        return t.gettext(ERRORS[result])
    return t.gettext(
        "Done: user {id} is now {role}.",
        id=result.target.telegram_id,
        role=t.gettext(ROLE_NAMES[result.after]),
    )


def notice_to_target(t: Translator, change: RoleChange) -> Html:
    """What the person whose role changed is told."""
    if change.after is Role.MEMBER:
        return t.gettext(
            "Your role in the bot is now: member. Staff commands are no longer yours."
        )
    return t.gettext(
        "An administrator made you {role} in the bot. Send /help to see your commands.",
        role=t.gettext(ROLE_NAMES[change.after]),
    )


def hidden_sender(t: Translator) -> Html:
    return t.gettext(
        "That person's privacy settings hide who sent the message. Use /grant staff @username "
        "or their numeric id instead."
    )


def privileged_list(t: Translator, people: list[Profile]) -> Html:
    lines: list[str] = [t.gettext("<b>Staff and administrators</b>")]
    for person in people:
        handle = f" @{escape(person.username)}" if person.username else ""
        lines.append(f"{person.telegram_id}{handle} — {t.gettext(ROLE_NAMES[person.role])}")
    return Html("\n".join(lines))
