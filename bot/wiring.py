"""The services wired to each other (listeners, renderers), as the bot and the CLI use them."""

from __future__ import annotations

from importlib.metadata import PackageNotFoundError, version

from bot.config import Settings
from bot.delivery.outbox import OutboxService
from bot.feeds.review import ReviewService
from bot.feeds.service import FeedService
from bot.services.announcement_render import AnnouncementRenderer
from bot.services.announcements import AnnouncementService
from bot.services.catalogue import TopicService
from bot.services.container import Services
from bot.services.dialogs import DialogService
from bot.services.digest import DigestRenderer, DigestService
from bot.services.i18n import Catalogs
from bot.services.memberships import MembershipService
from bot.services.organisations import OrganisationService
from bot.services.outbox_render import OutboxRenderer
from bot.services.postulate_notes import PostulateNotes
from bot.services.postulate_reach import NoteReach
from bot.services.postulate_review import ReviewDesk
from bot.services.postulates import PostulateService
from bot.services.preferences import PreferenceService, ReminderDefaults
from bot.services.privacy import PrivacyService
from bot.services.reminder_render import ReminderRenderer
from bot.services.reminders import ReminderService
from bot.services.report import ReportService
from bot.services.roles import RoleService
from bot.services.rounds import RoundService
from bot.services.staff_alerts import StaffAlertService
from bot.services.subscriptions import SubscriptionService
from bot.services.upcoming import UpcomingService
from bot.services.users import UserService
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
        subscriptions=SubscriptionService(db),
        dialogs=DialogService(db),
        privacy=PrivacyService(db),
        roles=RoleService(db, user_service),
        outbox=outbox,
        announcements=announcements,
        renderer=renderer,
        preferences=preferences,
        reminders=reminders,
        upcoming=upcoming,
        digest=settings.digest,
        digests=digests,
        outbox_renderer=OutboxRenderer(
            renderer,
            ReminderRenderer(renderer, reminders),
            DigestRenderer(db, digests, upcoming, catalogs, settings.timezone),
            PostulateNotes(db, postulates, catalogs, settings.timezone),
        ),
        feeds=FeedService(db),
        review=ReviewService(db, announcements),
        reports=ReportService(db, settings.timezone),
        rounds=rounds,
        postulates=postulates,
        postulate_desk=ReviewDesk(db, postulates, outbox),
        postulate_reach=NoteReach(db),
        memberships=MembershipService(db, organisations),
        staff_alerts=StaffAlertService(db, settings.timezone),
    )
