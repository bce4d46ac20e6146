"""Test data beside a running bot: a second connection to its database with the real services."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass

from bot.core.dialogs import DialogService
from bot.core.topics import TopicService
from bot.core.users import Role, UserService
from bot.organisations.areas import AreaService
from bot.organisations.service import Organisation, OrganisationService
from bot.subscriptions.service import ChatType, SubscriptionService
from storage import Database, connect, users
from tests.conftest import RunningBot
from tests.constants import ADMIN_ID


@dataclass
class Seed:
    """The services on a second connection (SQLite WAL lets it write while the bot runs)."""

    db: Database
    users: UserService
    topics: TopicService
    organisations: OrganisationService
    subscriptions: SubscriptionService
    dialogs: DialogService

    async def organisation(
        self,
        member_id: int,
        name: str,
        *,
        district: str | None = None,
        email: str | None = None,
        krs: str | None = None,
        topic_codes: tuple[str, ...] = (),
        verified: bool | None = True,
    ) -> Organisation:
        """Register an organisation by `member_id`, subscribe the member to `topic_codes` and
        declare them as its areas of work, then review it (None: not)."""
        await self.users.register(member_id, "en")
        organisation = await self.organisations.register(member_id, name, krs, district, email)
        assert isinstance(organisation, Organisation), organisation
        await self.subscriptions.ensure_chat(member_id, ChatType.PRIVATE)
        for code in topic_codes:
            topic = await self.topics.find(code)
            assert topic is not None, code
            await self.subscriptions.toggle_topic(member_id, topic.id)
            await AreaService(self.db).set_area(
                member_id, Role.MEMBER, organisation.id, topic.id, True
            )
        if verified is None:
            return organisation
        reviewed = await self.organisations.review(ADMIN_ID, organisation.id, verified)
        assert reviewed is not None
        return reviewed

    async def set_role(self, telegram_id: int, role: Role) -> None:
        assert await users.set_role(self.db, telegram_id, role)


@asynccontextmanager
async def seeding(bot: RunningBot) -> AsyncIterator[Seed]:
    db = await connect(bot.settings.db_url)
    try:
        yield Seed(
            db,
            UserService(db, bot.settings.default_language),
            TopicService(db),
            OrganisationService(db, bot.settings.districts),
            SubscriptionService(db),
            DialogService(db),
        )
    finally:
        await db.close()
