"""The services wired to each other (listeners, renderers) and the flows built on them."""

from __future__ import annotations

from importlib.metadata import PackageNotFoundError, version

from bot.announcements.drafting import Drafting
from bot.announcements.flow import AnnounceFlow
from bot.announcements.render import AnnouncementRenderer
from bot.announcements.service import AnnouncementService
from bot.calendar.digest import DigestRenderer, DigestService
from bot.calendar.preferences import PreferenceService, ReminderDefaults
from bot.calendar.reminder_render import ReminderRenderer
from bot.calendar.reminders import ReminderService
from bot.calendar.upcoming import UpcomingService
from bot.config import Settings
from bot.container import Flows, Services
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
from bot.outbox_render import OutboxRenderer
from bot.postulates.browse import BrowseFlow
from bot.postulates.flow import PostulateFlow
from bot.postulates.member import MemberServices
from bot.postulates.notes import PostulateNotes
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
from storage import Database


def ngobot_version() -> str:
    try:
        return version("ngobot")
    except PackageNotFoundError:
        return "dev"


def build_services(settings: Settings, db: Database) -> Services:
    user_service = UserService(db, settings.default_language)
    catalogs = Catalogs(settings.default_language)
    topics = TopicService(db)
    organisations = OrganisationService(db, settings.districts)
    outbox = OutboxService(db)
    announcements = AnnouncementService(db, outbox, settings.timezone)
    renderer = AnnouncementRenderer(announcements, topics, organisations, catalogs)
    defaults = ReminderDefaults(
        settings.reminder_deadlines, settings.reminder_events, settings.quiet_hours
    )
    preferences = PreferenceService(db, defaults)
    reminders = ReminderService(db, announcements, preferences)
    # Reminders follow every publication, correction and cancellation, and every change of a
    # chat's choices: also when another process (the CLI) publishes.
    announcements.on_change(reminders.announcement_changed)
    preferences.on_change(reminders.plan_chat)
    upcoming = UpcomingService(db, announcements)
    digests = DigestService(db, settings.digest, preferences, settings.timezone)
    rounds = RoundService(db, announcements, language=settings.default_language)
    postulates = PostulateService(db, rounds)
    return Services(
        users=user_service,
        catalogs=catalogs,
        version=ngobot_version(),
        topics=topics,
        organisations=organisations,
        organisation_areas=AreaService(db),
        subscriptions=SubscriptionService(db),
        group_organisations=GroupOrganisationService(db, organisations),
        dialogs=DialogService(db),
        privacy=PrivacyService(db),
        privacy_contacts=PrivacyContacts(
            settings.privacy_controller, settings.privacy_dpo, settings.privacy_retention
        ),
        roles=RoleService(db, user_service),
        outbox=outbox,
        announcements=announcements,
        renderer=renderer,
        preferences=preferences,
        reminders=reminders,
        upcoming=upcoming,
        digest=settings.digest,
        digests=digests,
        # Each announcement's messages go to its theme's thread in forum groups.
        outbox_renderer=ThreadRouting(
            OutboxRenderer(
                renderer,
                ReminderRenderer(renderer, reminders),
                DigestRenderer(db, digests, upcoming, catalogs, settings.timezone),
                PostulateNotes(db, postulates, catalogs, settings.timezone),
            ),
            db,
        ),
        forum_threads=ForumThreadService(db),
        feeds=FeedService(db),
        held_items=HeldItemService(db, announcements),
        reports=ReportService(
            db,
            settings.timezone,
            institution=settings.institution,
            institution_genitive=settings.institution_genitive,
        ),
        rounds=rounds,
        postulates=postulates,
        postulate_review=ReviewService(db, postulates, outbox),
        postulate_reach=AnswerReach(db),
        memberships=MembershipService(db, organisations),
        staff_alerts=StaffAlertService(db, settings.timezone),
    )


def build_flows(s: Services) -> Flows:
    """Every conversation once, on the services; handlers receive them from here."""
    zone = s.announcements.zone
    members = MemberServices(s.postulates, s.rounds, s.topics, s.organisations, s.dialogs, zone)
    return Flows(
        announce=AnnounceFlow(
            Drafting(s.announcements, s.renderer, s.topics, s.organisations, s.dialogs)
        ),
        feed_admin=FeedAdmin(s.feeds, s.held_items, s.topics, zone),
        add_feed=AddFeedFlow(s.feeds, s.topics, s.dialogs),
        held_items=HeldItemFlow(
            s.held_items, s.renderer, s.announcements, s.topics, s.outbox, s.dialogs
        ),
        postulate=PostulateFlow(members),
        browse=BrowseFlow(members),
        review=ReviewFlow(
            s.postulate_review,
            s.postulates,
            s.rounds,
            s.topics,
            s.dialogs,
            s.postulate_reach,
            zone,
        ),
        rounds=RoundFlow(s.rounds, s.topics, s.dialogs, zone),
    )
