"""The set of services the handlers use, built once by the composition root."""

from __future__ import annotations

from dataclasses import dataclass

from bot.announcements.render import AnnouncementRenderer
from bot.announcements.service import AnnouncementService
from bot.calendar.digest import DigestService
from bot.calendar.preferences import PreferenceService
from bot.calendar.reminders import ReminderService
from bot.calendar.upcoming import UpcomingService
from bot.core.dialogs import DialogService
from bot.core.i18n import Catalogs
from bot.core.roles import RoleService
from bot.core.topics import TopicService
from bot.core.users import UserService
from bot.delivery.outbox import OutboxService
from bot.feeds.held import ReviewService
from bot.feeds.service import FeedService
from bot.organisations.service import OrganisationService
from bot.outbox_render import OutboxRenderer
from bot.periods import DigestTime
from bot.postulates.reach import NoteReach
from bot.postulates.report import ReportService
from bot.postulates.review import ReviewDesk
from bot.postulates.rounds import RoundService
from bot.postulates.service import PostulateService
from bot.privacy.service import PrivacyService
from bot.subscriptions.service import SubscriptionService


@dataclass(frozen=True, slots=True)
class Services:
    """Long-lived services shared by every handler."""

    users: UserService
    catalogs: Catalogs
    version: str
    topics: TopicService
    organisations: OrganisationService
    subscriptions: SubscriptionService
    dialogs: DialogService
    privacy: PrivacyService
    outbox: OutboxService
    announcements: AnnouncementService
    renderer: AnnouncementRenderer
    roles: RoleService
    preferences: PreferenceService
    reminders: ReminderService
    upcoming: UpcomingService
    digest: DigestTime | None  # when the weekly digest goes out; None: no digest
    digests: DigestService
    outbox_renderer: OutboxRenderer  # what the delivery engine sends, for every kind of item
    feeds: FeedService
    review: ReviewService  # feed items held for staff
    reports: ReportService  # the consultation report (/export)
    rounds: RoundService
    postulates: PostulateService
    postulate_desk: ReviewDesk  # staff: review, merge, answer
    postulate_reach: NoteReach  # how many people a published answer reaches
