"""The /privacy notice (RODO art. 13): who is responsible, every kind of data kept, and why.

Each kind of data names the database columns it covers; tests/test_privacy_notice.py reads the
migrated schema and fails when a column is neither covered here nor exempted with a reason, so
a new column cannot be stored without the notice saying so.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final

from bot.core.i18n import N_, Translator
from bot.core.render import Html

# What the operator must fill in (README, "Privacy"); the bot warns at start while they hold
# these placeholders (bot/config.py writes the same).
PLACEHOLDER: Final = "[uzupełnij {name}]"
CONTROLLER_SETTING: Final = "NGOBOT_PRIVACY_CONTROLLER"
DPO_SETTING: Final = "NGOBOT_PRIVACY_DPO"
RETENTION_SETTING: Final = "NGOBOT_PRIVACY_RETENTION"


def placeholder(setting: str) -> str:
    return PLACEHOLDER.format(name=setting)


@dataclass(frozen=True, slots=True)
class PrivacyContacts:
    """The controller, its data protection officer, and how long postulates are kept."""

    controller: str
    dpo: str
    retention: str

    def unset(self) -> list[str]:
        """The settings still holding their placeholder."""
        pairs = (
            (CONTROLLER_SETTING, self.controller),
            (DPO_SETTING, self.dpo),
            (RETENTION_SETTING, self.retention),
        )
        return [name for name, value in pairs if value == placeholder(name)]


@dataclass(frozen=True, slots=True)
class DataKind:
    """One line of the notice: what is kept and why (a msgid), and the columns it covers."""

    text: str
    columns: frozenset[str]


def _cols(*names: str) -> frozenset[str]:
    return frozenset(names)


DATA_KINDS: Final[tuple[DataKind, ...]] = (
    DataKind(
        N_(
            "your Telegram id and @username, language and role, and when you first and last "
            "wrote — to answer you in your language and to know who may do what"
        ),
        _cols(
            "users.telegram_id",
            "users.username",
            "users.language",
            "users.language_chosen",
            "users.role",
            "users.first_seen",
            "users.last_seen",
        ),
    ),
    DataKind(
        N_(
            "the organisation you belong to, how and when you joined it, your requests to "
            "join one, and invite links you created"
        ),
        _cols(
            "users.organisation_id",
            "users.joined_at",
            "users.joined_via",
            "users.member_name",
            "membership_requests.user_id",
            "membership_requests.organisation_id",
            "membership_requests.name",
            "membership_requests.created_at",
            "invites.id",
            "invites.code_hash",
            "invites.organisation_id",
            "invites.created_by",
            "invites.created_at",
            "invites.revoked_at",
            "invites.uses",
        ),
    ),
    DataKind(
        N_(
            "your chat's topics, kinds of announcements and settings (reminders, quiet hours, "
            "digest), and whether messages are paused — to send only what you asked for"
        ),
        _cols(
            "chats.chat_id",
            "chats.type",
            "chats.title",
            "chats.organisation_id",
            "chats.language",
            "chats.active",
            "chats.paused",
            "chats.created_at",
            "chats.updated_at",
            "chat_topics.chat_id",
            "chat_topics.topic_id",
            "chat_muted_kinds.chat_id",
            "chat_muted_kinds.kind",
            "chat_preferences.chat_id",
            "chat_preferences.reminders",
            "chat_preferences.deadline_leads",
            "chat_preferences.event_leads",
            "chat_preferences.quiet_hours",
            "chat_preferences.digest",
            "chat_preferences.updated_at",
            "chat_migrations.old_chat_id",
            "chat_migrations.new_chat_id",
            "chat_migrations.migrated_at",
            "chat_topic_threads.chat_id",
            "chat_topic_threads.topic_id",
            "chat_topic_threads.thread_id",
        ),
    ),
    DataKind(
        N_(
            "a record of each message sent to you (when, whether it arrived, its number in "
            "the chat) — to send nothing twice and to correct or withdraw it later"
        ),
        _cols(
            "outbox.id",
            "outbox.announcement_id",
            "outbox.postulate_id",
            "outbox.chat_id",
            "outbox.purpose",
            "outbox.tag",
            "outbox.state",
            "outbox.attempts",
            "outbox.not_before",
            "outbox.message_id",
            "outbox.reply_to_message_id",
            "outbox.error",
            "outbox.created_at",
            "outbox.updated_at",
            "digest_weeks.chats",
        ),
    ),
    DataKind(
        N_(
            "in a deployment with several servers, each message you send the bot, until a day "
            "after one of them has handled it — so that none is lost or handled twice"
        ),
        _cols(
            "inbound_updates.update_id",
            "inbound_updates.chat_key",
            "inbound_updates.body",
            "inbound_updates.received_at",
            "inbound_updates.claimed_by",
            "inbound_updates.claimed_at",
            "inbound_updates.done_at",
        ),
    ),
    DataKind(
        N_(
            "what you are in the middle of typing (a postulate, a registration), until you "
            "finish or cancel it — so that a restart loses nothing"
        ),
        _cols(
            "dialogs.user_id",
            "dialogs.flow",
            "dialogs.step",
            "dialogs.data",
            "dialogs.updated_at",
        ),
    ),
    DataKind(
        N_(
            "postulates you send, support or follow, and the city's answers — the city's "
            "record of the consultation"
        ),
        _cols(
            "postulates.id",
            "postulates.round_id",
            "postulates.topic_id",
            "postulates.title",
            "postulates.description",
            "postulates.beneficiaries",
            "postulates.organisation_id",
            "postulates.author_id",
            "postulates.status",
            "postulates.merged_into",
            "postulates.withdraw_reason",
            "postulates.answer_status",
            "postulates.position",
            "postulates.answered_by",
            "postulates.answered_at",
            "postulates.submitted_at",
            "postulates.updated_at",
            "postulate_followers.postulate_id",
            "postulate_followers.user_id",
            "postulate_followers.created_at",
            "postulate_supports.postulate_id",
            "postulate_supports.organisation_id",
            "postulate_supports.user_id",
            "postulate_supports.created_at",
        ),
    ),
    DataKind(
        N_(
            "organisations you register (name, KRS, district, contact e-mail, areas of work) "
            "— shown in the directory once the city verifies them"
        ),
        _cols(
            "organisations.id",
            "organisations.name",
            "organisations.name_key",
            "organisations.krs",
            "organisations.district",
            "organisations.email",
            "organisations.status",
            "organisations.created_by",
            "organisations.created_at",
            "organisations.reviewed_by",
            "organisations.reviewed_at",
            "organisation_topics.organisation_id",
            "organisation_topics.topic_id",
            "organisation_areas.organisation_id",
            "organisation_areas.topic_id",
        ),
    ),
    DataKind(
        N_(
            "for city staff: who published an announcement, opened a round, added a feed or "
            "decided on a feed item, and how you want to hear about new postulates"
        ),
        _cols(
            "staff_postulate_alerts.user_id",
            "staff_postulate_alerts.mode",
            "staff_postulate_alerts.last_summary_at",
            "announcements.created_by",
            "announcements.progress_chat_id",
            "announcements.progress_message_id",
            "rounds.created_by",
            "feeds.created_by",
            "feed_items.decided_by",
        ),
    ),
)

# Tables (or single columns) that hold no personal data: the city's own content and the bot's
# bookkeeping. Each says why.
EXEMPT: Final[dict[str, str]] = {
    "topics": "the topic catalogue",
    "announcements": "the city's announcements (who published one is covered above)",
    "announcement_topics": "which topics an announcement is for",
    "rounds": "the city's consultation rounds (who opened one is covered above)",
    "round_topics": "which topics a round is for",
    "feeds": "city portals' feeds (who added one is covered above)",
    "feed_topics": "which topics a feed is for",
    "feed_items": "items read from public portals (who decided on one is covered above)",
    "feed_item_keys": "the keys that recognise a feed item again",
    "digest_weeks.week": "which week's digest was queued",
    "digest_weeks.queued_at": "when it was queued",
}


def covered_columns() -> frozenset[str]:
    return frozenset().union(*(kind.columns for kind in DATA_KINDS))


def notice_text(t: Translator, contacts: PrivacyContacts) -> Html:
    """The whole notice, in the reader's language; the controller's details as configured."""
    head = t.gettext(
        "<b>What I store and why</b> (information under Art. 13 GDPR)\n"
        "Controller: {controller}\nData protection officer: {dpo}",
        controller=contacts.controller,
        dpo=contacts.dpo,
    )
    kinds = "\n".join(f"• {t.gettext(kind.text)}" for kind in DATA_KINDS)
    rest = t.gettext(
        "<b>Legal basis</b>: your consent for subscriptions, settings and reminders (Art. 6(1)(a) "
        "GDPR; withdraw it any time with /stop or /forget); a task in the public interest for "
        "postulates and the directory (Art. 6(1)(e): consultations with NGOs).\n"
        "<b>How long</b>: postulates and the city's answers {retention}; everything else until "
        "you delete it with /forget.\n"
        "<b>Who else</b>: messages pass through Telegram, a provider outside the European "
        "Economic Area. Nothing is passed on to anyone else. In groups I read only commands "
        "addressed to me.\n"
        "<b>Your rights</b>: access (/mydata), rectification, erasure (/forget), restriction, "
        "objection, and a complaint to the President of the Personal Data Protection Office "
        "(UODO, ul. Stawki 2, 00-193 Warszawa).",
        retention=contacts.retention,
    )
    return Html(f"{head}\n\n{kinds}\n\n{rest}")
