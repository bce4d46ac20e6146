"""The set of services the handlers use, built once by the composition root."""

from __future__ import annotations

from dataclasses import dataclass

from bot.delivery.outbox import OutboxService
from bot.feeds.review import ReviewService
from bot.feeds.service import FeedService
from bot.periods import DigestTime
from bot.services.announcement_render import AnnouncementRenderer
from bot.services.announcements import AnnouncementService
from bot.services.catalogue import TopicService
from bot.services.dialogs import DialogService
from bot.services.digest import DigestService
from bot.services.i18n import Catalogs
from bot.services.memberships import MembershipService
from bot.services.organisations import OrganisationService
from bot.services.outbox_render import OutboxRenderer
from bot.services.postulate_reach import NoteReach
from bot.services.postulate_review import ReviewDesk
from bot.services.postulates import PostulateService
from bot.services.preferences import PreferenceService
from bot.services.privacy import PrivacyService
from bot.services.reminders import ReminderService
from bot.services.report import ReportService
from bot.services.roles import RoleService
from bot.services.rounds import RoundService
from bot.services.staff_alerts import StaffAlertService
from bot.services.subscriptions import SubscriptionService
from bot.services.upcoming import UpcomingService
from bot.services.users import UserService


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
    memberships: MembershipService  # join requests, members, removal
    staff_alerts: StaffAlertService  # how each staff member hears about new postulates
