"""What the members' postulate services share: the services they use and the time zone."""

from __future__ import annotations

from zoneinfo import ZoneInfo

from bot.core.dialogs import DialogService
from bot.core.topics import TopicService
from bot.organisations.service import OrganisationService
from bot.postulates.rounds import RoundService
from bot.postulates.service import PostulateService


class MemberPart:
    """The base of the /postulate conversation and the members' other postulate buttons."""

    def __init__(
        self,
        postulates: PostulateService,
        rounds: RoundService,
        topics: TopicService,
        organisations: OrganisationService,
        dialogs: DialogService,
        zone: ZoneInfo,
    ) -> None:
        self.postulates = postulates
        self.rounds = rounds
        self.topics = topics
        self.organisations = organisations
        self.dialogs = dialogs
        self.zone = zone
