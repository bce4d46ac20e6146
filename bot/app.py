"""Composition root: settings -> storage -> services -> handlers -> a running Application."""

from __future__ import annotations

import asyncio
import gc
import logging
import signal

from telegram import LinkPreviewOptions
from telegram.constants import ParseMode
from telegram.error import TelegramError
from telegram.ext import ApplicationBuilder, Defaults

from bot.config import Settings
from bot.container import Services
from bot.delivery.outbox import SENDING
from bot.delivery.pacing import GlobalPacer, bot_pacer
from bot.delivery.transport import BotApiTransport
from bot.privacy.notice import PrivacyContacts
from bot.runtime import Runtime, delivery_settings
from bot.sender_election import SenderElection
from bot.update_source import UpdateSource
from bot.wiring import build_flows, build_services
from handlers import (
    announce,
    announce_list,
    announce_public,
    basics,
    dialogs,
    directory,
    feeds,
    forum_threads,
    gate,
    group_organisation,
    groups,
    invites,
    main_menu,
    membership,
    onboarding,
    organisation,
    postulate_export,
    postulate_full,
    postulate_review,
    postulates,
    privacy,
    roles,
    rounds,
    staff_alerts,
    subscriptions,
    topic_admin,
    upcoming,
    verification,
)
from handlers import settings as chat_settings
from handlers.command_names import add_polish_names
from handlers.common import FLOWS_KEY, SERVICES_KEY
from handlers.errors import error_handler
from handlers.interactive_first import InteractiveFirst
from handlers.menu import publish_command_menus
from handlers.types import App
from storage import Database, connect, migrate, users

log = logging.getLogger(__name__)


def build_application(settings: Settings, services: Services, pacer: GlobalPacer) -> App:
    """The PTB Application with every handler registered in a deliberate order; its replies
    take their place in `pacer`, the broadcast's global window."""
    defaults = Defaults(
        parse_mode=ParseMode.HTML,
        tzinfo=settings.timezone,
        link_preview_options=LinkPreviewOptions(is_disabled=True),
    )
    app: App = (
        ApplicationBuilder()
        .token(settings.token.reveal())
        .base_url(settings.api_base_url)
        .base_file_url(_file_url(settings.api_base_url))
        .defaults(defaults)
        .rate_limiter(InteractiveFirst(pacer))
        .build()
    )
    app.bot_data[SERVICES_KEY] = services
    # Before everything: updates without a person behind them never reach a handler.
    gate.register(app)
    app.bot_data[FLOWS_KEY] = build_flows(services)
    # Membership changes and migrations first: they carry no command and must not be missed.
    groups.register(app)
    # Feature handlers: each owns its commands and its callback-data prefix.
    onboarding.register(app)
    # /menu and its persistent keyboard; its buttons' texts before any free-text router.
    main_menu.register(app)
    basics.register(app)
    dialogs.register(app)
    subscriptions.register(app)
    chat_settings.register(app)
    # /thread: forum groups route each theme into a thread, "thr:" buttons.
    forum_threads.register(app)
    # A group's organisation: "grp:" buttons (the command is /organisation's, sent in a group).
    group_organisation.register(app)
    # Verification's "org:v:"/"org:r:" buttons before organisation's whole "org:" prefix.
    verification.register(app)
    organisation.register(app)
    invites.register(app)
    membership.register(app)
    postulate_full.register(app)
    staff_alerts.register(app)
    directory.register(app)
    topic_admin.register(app)
    privacy.register(app)
    # Forwarded messages go to roles (admins) before the free-text fallback below.
    roles.register(app)
    # Announcements: staff's /announce and /announcements, everyone's calendar/document buttons.
    announce.register(app)
    announce_list.register(app)
    announce_public.register(app)
    # /upcoming, /calendar and their "upc:" buttons (before the catch-alls).
    upcoming.register(app)
    # /feeds and its "fd:" buttons, and its two conversations (add feed, held-item deadline).
    feeds.register(app)
    # /export (staff): a round's report as DOCX/CSV, "pex:" buttons.
    postulate_export.register(app)
    # /postulate, /mypostulates, /postulates ("pst:") and staff's /review ("prv:").
    postulates.register(app)
    postulate_review.register(app)
    # /rounds (staff): list consultation rounds and open one, "rnd:" buttons.
    rounds.register(app)
    # Catch-alls last: stale buttons, unknown commands, then free text for conversations.
    basics.register_fallbacks(app)
    dialogs.register_fallbacks(app)
    # Every command above also answers to its Polish name (/tematy beside /topics).
    add_polish_names(app)
    app.add_error_handler(error_handler)
    return app


def _file_url(api_base_url: str) -> str:
    # Telegram serves files from /file/bot<token>/...; a self-hosted server mirrors that layout.
    head, _, tail = api_base_url.rstrip("/").rpartition("/")
    return f"{head}/file/{tail}"


def warn_unset_privacy(contacts: PrivacyContacts) -> None:
    """The privacy notice must name the real controller: say so while it shows placeholders."""
    unset = contacts.unset()
    if unset:
        log.warning(
            "the privacy notice (/privacy) still shows placeholders: set %s (see README, Privacy)",
            ", ".join(unset),
        )


async def open_database(settings: Settings) -> Database:
    """Connect, bring the schema up to date and make the configured admins admins."""
    db = await connect(settings.db_url)
    try:
        result = await migrate(db)
        if result.applied:
            log.info("database migrated from version %s to %s", result.before, result.after)
        await users.ensure_admins(db, settings.admins)
    except BaseException:
        await db.close()
        raise
    return db


async def serve(settings: Settings, stop: asyncio.Event | None = None) -> None:
    """Run the bot until `stop` is set (by default: until SIGTERM or SIGINT), then stop cleanly."""
    if stop is None:
        stop = asyncio.Event()
        loop = asyncio.get_running_loop()
        for signum in (signal.SIGTERM, signal.SIGINT):
            loop.add_signal_handler(signum, stop.set)
    db = await open_database(settings)
    try:
        services = build_services(settings, db)
        # One count of what the bot sends for Telegram's global limit: replies and broadcast.
        pacer = bot_pacer(settings.send_rate)
        # Replicas: the sender tells the others while it sends, so they leave it the room.
        db.on_notice(SENDING, pacer.broadcast_seen)
        app = build_application(settings, services, pacer)
        await _run_until_stopped(app, services, settings, stop, db, pacer)
    finally:
        await db.close()
    log.info("ngobot stopped")


def freeze_startup_heap() -> None:
    """Leave what exists at start-up out of every later garbage collection (process-wide)."""
    # A full collection walks every object: in a running bot that takes tens of milliseconds,
    # long enough to bunch the broadcast's sends so that Telegram counts more than the rate in
    # one second, and one 429 halts the broadcast for a second. What exists now (modules, the
    # application, the services) lives as long as the process.
    gc.collect()
    gc.freeze()


async def _run_until_stopped(
    app: App,
    services: Services,
    settings: Settings,
    stop: asyncio.Event,
    db: Database,
    pacer: GlobalPacer,
) -> None:
    async with app:
        try:
            await publish_command_menus(app.bot, services)
        except TelegramError as error:
            # The menu is a convenience: a failure here must not keep the bot from serving.
            log.warning("could not publish the command menus: %s", error)
        updates = UpdateSource(app, settings, db)
        await updates.start()
        await app.start()
        # Broadcasts use their own connection pool so interactive replies never queue.
        sender = BotApiTransport(
            settings.token.reveal(), settings.api_base_url, delivery_settings(settings).concurrency
        )
        await sender.start()
        # One replica sends (with SQLite, or alone: this one, at once).
        election = SenderElection(
            db,
            app.bot.id,
            lambda: Runtime(app, services, settings, db, sender, pacer),
            stop.set,
            pacer.share_replies,
        )
        try:
            freeze_startup_heap()
            await election.start()
            log.info("ngobot %s is running as @%s", services.version, app.bot.username)
            warn_unset_privacy(services.privacy_contacts)
            await stop.wait()
            log.info("stopping")
            await election.stop()
        finally:
            await sender.close()
        await updates.stop()
        await app.stop()
