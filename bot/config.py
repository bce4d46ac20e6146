"""Settings: one frozen object built from environment variables and an optional .env file."""

from __future__ import annotations

import hashlib
import hmac
import os
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from typing import TypeVar
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from dotenv import dotenv_values

from bot.numbers import parse_natural
from bot.periods import (
    DigestTime,
    Lead,
    QuietHours,
    parse_digest,
    parse_duration,
    parse_leads,
    parse_quiet,
)

SUPPORTED_LANGUAGES = ("pl", "uk", "en")
LOG_LEVELS = ("DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL")
DEFAULT_API_BASE_URL = "https://api.telegram.org/bot"
DEFAULT_DB = "./data/ngobot.sqlite3"
# Kraków's 18 districts (dzielnice), after "cały Kraków" for organisations working city-wide;
# another city sets its own list in NGOBOT_DISTRICTS.
KRAKOW_DISTRICTS = (
    "cały Kraków, Stare Miasto, Grzegórzki, Prądnik Czerwony, Prądnik Biały, Krowodrza, "
    "Bronowice, Zwierzyniec, Dębniki, Łagiewniki-Borek Fałęcki, Swoszowice, Podgórze Duchackie, "
    "Bieżanów-Prokocim, Podgórze, Czyżyny, Mistrzejowice, Bieńczyce, Wzgórza Krzesławickie, "
    "Nowa Huta"
)
# The consultation report's institution, in the nominative and (for its table) the genitive.
DEFAULT_INSTITUTION = "Miejski Ośrodek Pomocy Społecznej w Krakowie (MOPS)"
DEFAULT_INSTITUTION_GENITIVE = "Miejskiego Ośrodka Pomocy Społecznej w Krakowie (MOPS)"
# Telegram tokens are "<bot id>:<35 url-safe characters>"; allow some slack in the secret part.
TOKEN_PATTERN = re.compile(r"^\d{3,20}:[A-Za-z0-9_-]{30,64}$")
BOTFATHER_HINT = (
    "TELEGRAM_BOT_TOKEN {problem}. Ask @BotFather in Telegram for a token (/newbot, or "
    "/token for an existing bot) and put it in the environment or in a .env file, "
    "e.g. TELEGRAM_BOT_TOKEN=123456789:AA... (see deploy/.env.example)."
)

T = TypeVar("T")


class ConfigError(Exception):
    """A setting is missing or invalid; the message names the variable."""

    def __init__(self, variable: str, message: str) -> None:
        super().__init__(message)
        self.variable = variable


class Secret:
    """A string that never shows itself in repr/str, so settings can be logged safely."""

    __slots__ = ("_value",)

    def __init__(self, value: str) -> None:
        self._value = value

    def reveal(self) -> str:
        return self._value

    def __repr__(self) -> str:
        return "Secret('********')"

    __str__ = __repr__


@dataclass(frozen=True, slots=True)
class WebhookSettings:
    """Where Telegram posts updates, where this replica listens, and the shared secret."""

    url: str
    host: str
    port: int
    secret: Secret


@dataclass(frozen=True, slots=True)
class Settings:
    """Everything the bot reads from its environment, validated once at start-up."""

    token: Secret
    api_base_url: str
    db_path: Path
    # NGOBOT_DB as given: a SQLite path, or a postgresql:// URL (db_path is then meaningless).
    db_url: str
    admins: frozenset[int]
    timezone: ZoneInfo
    default_language: str
    log_level: str
    districts: tuple[str, ...]
    send_rate: float
    # Lead times of reminders: deadlines (calls, consultations, rounds) and events.
    reminder_deadlines: tuple[Lead, ...]
    reminder_events: tuple[Lead, ...]
    quiet_hours: QuietHours | None
    digest: DigestTime | None
    # How often feeds are polled, and the least interval a feed's own wish may not undercut.
    feed_interval: timedelta
    feed_min_interval: timedelta
    # The institution whose positions the consultation report gives ("Stanowisko Miasta –
    # <institution in the genitive>"); the genitive defaults to the nominative for others.
    institution: str
    institution_genitive: str
    # The privacy notice's controller, data protection officer and retention of postulates;
    # placeholders until the operator fills them in (the bot warns at start).
    privacy_controller: str
    privacy_dpo: str
    privacy_retention: str
    # More new items than this in one poll are held for staff with one summary.
    feed_max_new: int
    # Webhook mode (several replicas behind one address) instead of polling; None: polling.
    webhook: WebhookSettings | None = None


def load_settings(env: Mapping[str, str], *, need_token: bool = True) -> Settings:
    """Build Settings from a mapping; raise ConfigError naming the first bad variable."""
    return Settings(
        token=_parse_token(env.get("TELEGRAM_BOT_TOKEN", ""), need_token),
        api_base_url=_get(env, "TELEGRAM_API_BASE_URL", DEFAULT_API_BASE_URL, _parse_url),
        db_path=_get(env, "NGOBOT_DB", DEFAULT_DB, Path),
        db_url=env.get("NGOBOT_DB") or DEFAULT_DB,
        admins=_get(env, "NGOBOT_ADMINS", "", _parse_ids),
        timezone=_get(env, "NGOBOT_TIMEZONE", "Europe/Warsaw", _parse_zone),
        default_language=_get(env, "NGOBOT_DEFAULT_LANGUAGE", "pl", _parse_language),
        log_level=_get(env, "NGOBOT_LOG_LEVEL", "INFO", _parse_log_level),
        districts=_get(env, "NGOBOT_DISTRICTS", KRAKOW_DISTRICTS, _parse_districts),
        send_rate=_get(env, "NGOBOT_SEND_RATE", "25", _parse_rate),
        reminder_deadlines=_get(env, "NGOBOT_REMINDERS_DEADLINES", "7d,1d", parse_leads),
        reminder_events=_get(env, "NGOBOT_REMINDERS_EVENTS", "1d,2h", parse_leads),
        quiet_hours=_get(env, "NGOBOT_QUIET_HOURS", "21:00-08:00", parse_quiet),
        digest=_get(env, "NGOBOT_DIGEST", "mon 08:00", parse_digest),
        feed_interval=_get(env, "NGOBOT_FEED_INTERVAL", "10m", parse_duration),
        feed_min_interval=_get(env, "NGOBOT_FEED_MIN_INTERVAL", "5m", parse_duration),
        institution=_get(env, "NGOBOT_INSTITUTION", DEFAULT_INSTITUTION, _parse_name),
        institution_genitive=_get(
            env, "NGOBOT_INSTITUTION_GENITIVE", _default_genitive(env), _parse_name
        ),
        privacy_controller=_get(
            env, "NGOBOT_PRIVACY_CONTROLLER", _unset("NGOBOT_PRIVACY_CONTROLLER"), _parse_name
        ),
        privacy_dpo=_get(env, "NGOBOT_PRIVACY_DPO", _unset("NGOBOT_PRIVACY_DPO"), _parse_name),
        privacy_retention=_get(
            env, "NGOBOT_PRIVACY_RETENTION", _unset("NGOBOT_PRIVACY_RETENTION"), _parse_name
        ),
        feed_max_new=_get(env, "NGOBOT_FEED_MAX_NEW", "20", _parse_max_new),
        webhook=_webhook(env),
    )


def _webhook(env: Mapping[str, str]) -> WebhookSettings | None:
    """NGOBOT_WEBHOOK_URL switches to webhook mode; NGOBOT_WEBHOOK_LISTEN is host:port."""
    url = env.get("NGOBOT_WEBHOOK_URL", "").strip()
    if not url:
        return None
    if urlsplit(url).scheme not in ("https", "http") or not urlsplit(url).netloc:
        raise ConfigError("NGOBOT_WEBHOOK_URL", f"NGOBOT_WEBHOOK_URL is not a URL: {url!r}")
    listen = env.get("NGOBOT_WEBHOOK_LISTEN", "").strip() or "127.0.0.1:8080"
    host, _, port_text = listen.rpartition(":")
    port = parse_natural(port_text, max_digits=5)
    if not host or port is None or not 0 < port < 65536:
        raise ConfigError("NGOBOT_WEBHOOK_LISTEN", f"expected host:port, got {listen!r}")
    secret = env.get("NGOBOT_WEBHOOK_SECRET", "").strip() or _derived_secret(env)
    if not re.fullmatch(r"[A-Za-z0-9_-]{16,256}", secret):
        raise ConfigError(
            "NGOBOT_WEBHOOK_SECRET", "NGOBOT_WEBHOOK_SECRET needs 16-256 of A-Z a-z 0-9 _ -"
        )
    return WebhookSettings(url, host, port, Secret(secret))


def _derived_secret(env: Mapping[str, str]) -> str:
    """Every replica derives the same secret from the token, so none needs configuring."""
    token = env.get("TELEGRAM_BOT_TOKEN", "").strip().encode()
    return hmac.new(token, b"ngobot-webhook-secret", hashlib.sha256).hexdigest()


def _unset(name: str) -> str:
    """The placeholder a privacy setting holds until the operator fills it in."""
    return f"[uzupełnij {name}]"


def _default_genitive(env: Mapping[str, str]) -> str:
    given = env.get("NGOBOT_INSTITUTION", "").strip()
    return DEFAULT_INSTITUTION_GENITIVE if given in ("", DEFAULT_INSTITUTION) else given


def _parse_name(raw: str) -> str:
    name = " ".join(raw.split())
    if not 1 <= len(name) <= 200:
        raise ValueError("expected a name of 1 to 200 characters")
    return name


def environment(cwd: Path | None = None) -> dict[str, str]:
    """Merge ./.env (if present) under the process environment, which wins."""
    env_file = (cwd or Path.cwd()) / ".env"
    merged: dict[str, str] = {}
    if env_file.is_file():
        merged.update({k: v for k, v in dotenv_values(env_file).items() if v is not None})
    merged.update(os.environ)
    return merged


def _get(env: Mapping[str, str], name: str, default: str, parse: Callable[[str], T]) -> T:
    raw = env.get(name, "").strip() or default
    try:
        return parse(raw)
    except ValueError as error:
        raise ConfigError(name, f"{name} is invalid: {error}") from None


def _parse_token(raw: str, needed: bool) -> Secret:
    raw = raw.strip()
    if not raw:
        if needed:
            raise ConfigError("TELEGRAM_BOT_TOKEN", BOTFATHER_HINT.format(problem="is not set"))
        return Secret("")
    if not TOKEN_PATTERN.fullmatch(raw):
        # The message must not echo the value: a near-miss token is still a secret.
        raise ConfigError(
            "TELEGRAM_BOT_TOKEN", BOTFATHER_HINT.format(problem="does not look valid")
        )
    return Secret(raw)


def _parse_url(raw: str) -> str:
    parts = urlsplit(raw)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise ValueError(f"expected an http(s) URL such as {DEFAULT_API_BASE_URL}, got {raw!r}")
    return raw


def _parse_ids(raw: str) -> frozenset[int]:
    ids = set()
    for item in filter(None, (part.strip() for part in raw.split(","))):
        user_id = parse_natural(item, max_digits=19, typed=True)
        if user_id is None:
            raise ValueError(f"expected comma-separated numeric Telegram user ids, got {item!r}")
        ids.add(user_id)
    return frozenset(ids)


def _parse_zone(raw: str) -> ZoneInfo:
    try:
        return ZoneInfo(raw)
    except (ZoneInfoNotFoundError, ValueError):
        raise ValueError(
            f"unknown time zone {raw!r}; use an IANA name like Europe/Warsaw"
        ) from None


def _parse_language(raw: str) -> str:
    lang = raw.lower()
    if lang not in SUPPORTED_LANGUAGES:
        raise ValueError(f"expected one of {', '.join(SUPPORTED_LANGUAGES)}, got {raw!r}")
    return lang


def _parse_log_level(raw: str) -> str:
    level = raw.upper()
    if level not in LOG_LEVELS:
        raise ValueError(f"expected one of {', '.join(LOG_LEVELS)}, got {raw!r}")
    return level


def _parse_districts(raw: str) -> tuple[str, ...]:
    names = tuple(dict.fromkeys(" ".join(part.split()) for part in raw.split(",") if part.strip()))
    if not names or any(len(name) > 60 for name in names):
        raise ValueError("expected comma-separated district names of at most 60 characters")
    return names


def _parse_max_new(raw: str) -> int:
    count = parse_natural(raw, max_digits=6, typed=True)
    if not count:
        raise ValueError(f"expected a number of items of at least 1, e.g. 20, got {raw!r}")
    return count


def _parse_rate(raw: str) -> float:
    # 1000/s is Telegram's paid-broadcast ceiling; above it every send would only earn 429s.
    try:
        rate = float(raw)
    except ValueError:
        raise ValueError(f"expected messages per second, e.g. 25, got {raw!r}") from None
    if not 0 < rate <= 1000:
        raise ValueError(
            f"expected a rate above 0 and at most 1000 messages per second, got {raw}"
        )
    return rate
