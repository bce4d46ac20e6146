"""What the members' postulate conversations share: the services they use and the time zone."""

from __future__ import annotations

from dataclasses import dataclass
from zoneinfo import ZoneInfo

from bot.core.dialogs import DialogService
from bot.core.topics import TopicService
from bot.organisations.service import OrganisationService
from bot.postulates.rounds import RoundService
from bot.postulates.service import PostulateService


@dataclass(frozen=True, slots=True)
class MemberServices:
    """Given to the /postulate conversation and to the members' other postulate buttons."""

    postulates: PostulateService
    rounds: RoundService
    topics: TopicService
    organisations: OrganisationService
    dialogs: DialogService
    zone: ZoneInfo
