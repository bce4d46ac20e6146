"""Settings from a mapping: defaults, validation naming the variable, the secret token, .env."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.config import DEFAULT_API_BASE_URL, ConfigError, environment, load_settings
from tests.constants import TOKEN


def test_defaults() -> None:
    settings = load_settings({"TELEGRAM_BOT_TOKEN": TOKEN})
    assert settings.token.reveal() == TOKEN
    assert settings.api_base_url == DEFAULT_API_BASE_URL
    assert settings.db_path == Path("data/ngobot.sqlite3")
    assert settings.admins == frozenset()
    assert str(settings.timezone) == "Europe/Warsaw"
    assert settings.default_language == "pl"
    assert settings.log_level == "INFO"
    assert settings.send_rate == 25
    assert len(settings.districts) == 19 and settings.districts[-1] == "Nowa Huta"
    assert settings.districts[0] == "cały Kraków"  # organisations working city-wide


def test_values_are_parsed() -> None:
    settings = load_settings(
        {
            "TELEGRAM_BOT_TOKEN": f"  {TOKEN} ",
            "NGOBOT_ADMINS": " 12, 34,,56 ",
            "NGOBOT_DEFAULT_LANGUAGE": "UK",
            "NGOBOT_LOG_LEVEL": "debug",
            "NGOBOT_TIMEZONE": "Europe/Kyiv",
        }
    )
    assert settings.token.reveal() == TOKEN
    assert settings.admins == {12, 34, 56}
    assert settings.default_language == "uk"
    assert settings.log_level == "DEBUG"


def test_token_is_not_shown_by_repr_of_settings() -> None:
    settings = load_settings({"TELEGRAM_BOT_TOKEN": TOKEN})
    assert TOKEN not in repr(settings)
    assert TOKEN not in str(settings.token)


def test_token_may_be_absent_for_commands_that_do_not_talk_to_telegram() -> None:
    assert load_settings({}, need_token=False).token.reveal() == ""
    with pytest.raises(ConfigError) as error:
        load_settings({}, need_token=True)
    assert error.value.variable == "TELEGRAM_BOT_TOKEN"


@pytest.mark.parametrize(
    ("variable", "value"),
    [
        ("TELEGRAM_BOT_TOKEN", "123:abc"),
        ("TELEGRAM_API_BASE_URL", "api.telegram.org"),
        ("NGOBOT_ADMINS", "-5"),
        ("NGOBOT_TIMEZONE", "CET/Nowhere"),
        ("NGOBOT_DEFAULT_LANGUAGE", "ru"),
        ("NGOBOT_LOG_LEVEL", "verbose"),
        ("NGOBOT_SEND_RATE", "0"),
        ("NGOBOT_SEND_RATE", "fast"),
        ("NGOBOT_SEND_RATE", "5000"),
        ("NGOBOT_DISTRICTS", " , "),
    ],
)
def test_invalid_values_name_their_variable(variable: str, value: str) -> None:
    with pytest.raises(ConfigError) as error:
        load_settings({"TELEGRAM_BOT_TOKEN": TOKEN, variable: value})
    assert error.value.variable == variable
    assert variable in str(error.value)


def test_environment_wins_over_dotenv(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / ".env").write_text('NGOBOT_LOG_LEVEL=ERROR\nNGOBOT_DB="/srv/bot.db"\n')
    monkeypatch.setenv("NGOBOT_LOG_LEVEL", "WARNING")
    monkeypatch.delenv("NGOBOT_DB", raising=False)
    env = environment(tmp_path)
    assert env["NGOBOT_LOG_LEVEL"] == "WARNING"
    assert env["NGOBOT_DB"] == "/srv/bot.db"
