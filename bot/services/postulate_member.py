"""What the members' postulate services share: the services they use and the time zone."""

from __future__ import annotations

from zoneinfo import ZoneInfo

from bot.services.catalogue import TopicService
from bot.services.dialogs import DialogService
from bot.services.organisations import OrganisationService
from bot.services.postulates import PostulateService
from bot.services.rounds import RoundService


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
