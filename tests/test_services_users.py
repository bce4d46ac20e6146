"""UserService and the command catalogue on a real temporary database."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from bot.core import commands
from bot.core.i18n import Catalogs
from bot.core.users import Role, UserService
from storage import Database, ensure_admins


class Clock:
    def __init__(self) -> None:
        self.now = datetime(2026, 11, 22, 10, 0, tzinfo=UTC)

    def __call__(self) -> datetime:
        self.now += timedelta(seconds=1)
        return self.now


async def test_register_follows_telegram_language_until_chosen(db: Database) -> None:
    service = UserService(db, "pl", Clock())
    first = await service.register(1, "uk")
    assert (first.language, first.role, first.is_new) == ("uk", Role.MEMBER, True)
    again = await service.register(1, "en-US")
    assert (again.language, again.is_new) == ("en", False)
    chosen = await service.choose_language(1, "pl")
    assert chosen is not None and chosen.language == "pl"
    assert (await service.register(1, "uk")).language == "pl"


async def test_unsupported_telegram_language_uses_the_default(db: Database) -> None:
    assert (await UserService(db, "uk", Clock()).register(1, "de")).language == "uk"


async def test_choose_language_refuses_unknown_language_or_user(db: Database) -> None:
    service = UserService(db, "pl", Clock())
    await service.register(1, "pl")
    assert await service.choose_language(1, "xx") is None
    assert await service.choose_language(2, "en") is None
    profile = await service.profile(1)
    assert profile is not None and profile.language == "pl"


async def test_configured_admins_are_admins_and_listed_as_privileged(db: Database) -> None:
    clock = Clock()
    service = UserService(db, "pl", clock)
    await service.register(5, "en")
    await ensure_admins(db, [5, 6])
    assert [(p.telegram_id, p.role) for p in await service.list_privileged()] == [
        (5, Role.ADMIN),
        (6, Role.ADMIN),
    ]
    first_visit = await service.register(6, "uk")
    assert (first_visit.language, first_visit.is_new) == ("uk", True)


async def test_stats_count_by_language_and_role(db: Database) -> None:
    clock = Clock()
    service = UserService(db, "pl", clock)
    for user_id, language in ((1, "pl"), (2, "uk"), (3, "uk")):
        await service.register(user_id, language)
    await ensure_admins(db, [1])
    stats = await service.stats()
    assert stats.total == 3
    assert stats.by_language == {"pl": 1, "uk": 2}
    assert stats.by_role == {"admin": 1, "member": 2}


def test_roles_include_the_lower_ones() -> None:
    assert Role.ADMIN.at_least(Role.STAFF) and Role.STAFF.at_least(Role.MEMBER)
    assert not Role.MEMBER.at_least(Role.STAFF)


def test_help_differs_for_members_and_staff() -> None:
    t = Catalogs("pl").translator("en")
    member = commands.help_text(Role.MEMBER, t)
    staff = commands.help_text(Role.STAFF, t)
    assert "/stats" not in member and "/stats" in staff
    members = [c.name for c in commands.commands_for(Role.MEMBER)]
    assert members[0] == "start" and "topics" in members and "pending" not in members
    assert "pending" in [c.name for c in commands.commands_for(Role.STAFF)]
    assert "newtopic" not in [c.name for c in commands.commands_for(Role.STAFF)]
    assert "newtopic" in [c.name for c in commands.commands_for(Role.ADMIN)]


def test_commands_in_groups_count_only_when_addressed_to_the_bot() -> None:
    assert commands.addressed_command("/foo bar", "ngobot", private=True) == "/foo"
    assert commands.addressed_command("/foo@NGObot x", "ngobot", private=False) == "/foo"
    assert commands.addressed_command("/foo", "ngobot", private=False) is None
    assert commands.addressed_command("/foo@otherbot", "ngobot", private=False) is None
    assert commands.addressed_command("hello", "ngobot", private=True) is None
