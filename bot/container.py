"""The services and the conversations (flows) the handlers use, built once by wiring."""

from __future__ import annotations

from dataclasses import dataclass

from bot.announcements.flow import AnnounceFlow
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
from bot.feeds.flow import AddFeedFlow, FeedAdmin
from bot.feeds.held import HeldItemService
from bot.feeds.held_flow import HeldItemFlow
from bot.feeds.service import FeedService
from bot.organisations.areas import AreaService
from bot.organisations.memberships import MembershipService
from bot.organisations.service import OrganisationService
from bot.periods import DigestTime
from bot.postulates.browse import BrowseFlow
from bot.postulates.flow import PostulateFlow
from bot.postulates.reach import AnswerReach
from bot.postulates.report import ReportService
from bot.postulates.review import ReviewService
from bot.postulates.review_flow import ReviewFlow
from bot.postulates.rounds import RoundService
from bot.postulates.rounds_flow import RoundFlow
from bot.postulates.service import PostulateService
from bot.postulates.staff_alerts import StaffAlertService
from bot.privacy.notice import PrivacyContacts
from bot.privacy.service import PrivacyService
from bot.subscriptions.forum_threads import ForumThreadService, ThreadRouting
from bot.subscriptions.group_organisation import GroupOrganisationService
from bot.subscriptions.service import SubscriptionService


@dataclass(frozen=True, slots=True)
class Services:
    """Long-lived services shared by every handler."""

    users: UserService
    catalogs: Catalogs
    version: str
    topics: TopicService
    organisations: OrganisationService
    organisation_areas: AreaService  # the areas of work organisations declare
    subscriptions: SubscriptionService
    group_organisations: GroupOrganisationService  # whom a group speaks for, who acts for it
    dialogs: DialogService
    privacy: PrivacyService
    privacy_contacts: PrivacyContacts  # the notice's controller, DPO and retention
    outbox: OutboxService
    announcements: AnnouncementService
    renderer: AnnouncementRenderer
    roles: RoleService
    preferences: PreferenceService
    reminders: ReminderService
    upcoming: UpcomingService
    digest: DigestTime | None  # when the weekly digest goes out; None: no digest
    digests: DigestService
    outbox_renderer: ThreadRouting  # what the delivery engine sends, for every kind of item
    forum_threads: ForumThreadService  # forum groups: which thread each theme goes to
    feeds: FeedService
    held_items: HeldItemService  # feed items held for staff
    reports: ReportService  # the consultation report (/export)
    rounds: RoundService
    postulates: PostulateService
    postulate_review: ReviewService  # staff: review, merge, answer
    postulate_reach: AnswerReach  # how many people a published answer reaches
    memberships: MembershipService  # join requests, members, removal
    staff_alerts: StaffAlertService  # how each staff member hears about new postulates


@dataclass(frozen=True, slots=True)
class Flows:
    """The guided conversations and button desks on top of the services."""

    announce: AnnounceFlow  # /announce
    feed_admin: FeedAdmin  # the /feeds list's buttons
    add_feed: AddFeedFlow  # adding a feed, importing OPML
    held_items: HeldItemFlow  # staff's decisions on held feed items
    postulate: PostulateFlow  # /postulate
    browse: BrowseFlow  # /mypostulates and /postulates buttons
    review: ReviewFlow  # /review for staff
    rounds: RoundFlow  # /rounds
