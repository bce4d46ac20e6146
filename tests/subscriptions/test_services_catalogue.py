"""TopicService: the seeded catalogue, adding, renaming, retiring and finding topics."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from bot.core.topics import KIND_LABELS, Kind, Topic, TopicError, TopicService
from storage import Database

NOW = datetime(2026, 1, 5, 12, 0, tzinfo=UTC)


@pytest.fixture
def topics(db: Database) -> TopicService:
    return TopicService(db, lambda: NOW)


async def test_catalogue_lists_seeded_topics_in_order_with_names(topics: TopicService) -> None:
    listed = await topics.list_topics()
    assert len(listed) == 12
    health = listed[0]
    assert (health.code, health.retired) == ("health", False)
    assert health.name("en") == "Health and support for people with disabilities"
    assert health.name("uk") == "Здоров'я та підтримка людей з інвалідністю"
    assert (
        health.name("de")
        == health.name("pl")
        == ("Zdrowie i wsparcie osób z niepełnosprawnościami")
    )
    assert await topics.get(health.id) == health
    assert await topics.get(999) is None


async def test_added_topic_goes_last_with_trimmed_names(topics: TopicService) -> None:
    added = await topics.add("animals", "  Zwierzęta ", "Тварини", "Animals\n")
    assert isinstance(added, Topic)
    assert added.names == {"pl": "Zwierzęta", "uk": "Тварини", "en": "Animals"}
    assert (await topics.list_topics())[-1] == added


@pytest.mark.parametrize(
    ("code", "names", "error"),
    [
        ("Animals", ("a", "b", "c"), TopicError.CODE_INVALID),
        ("a", ("a", "b", "c"), TopicError.CODE_INVALID),
        ("x" * 25, ("a", "b", "c"), TopicError.CODE_INVALID),
        ("zwierzęta", ("a", "b", "c"), TopicError.CODE_INVALID),
        ("health", ("a", "b", "c"), TopicError.CODE_TAKEN),
        ("animals", ("a", "  ", "c"), TopicError.NAME_EMPTY),
        ("animals", ("a", "b", "c" * 61), TopicError.NAME_TOO_LONG),
    ],
)
async def test_invalid_topics_are_refused(
    topics: TopicService, code: str, names: tuple[str, str, str], error: TopicError
) -> None:
    assert await topics.add(code, *names) == error
    assert len(await topics.list_topics()) == 12


async def test_rename_changes_one_language(topics: TopicService) -> None:
    renamed = await topics.rename(2, "en", " Schools and education ")
    assert isinstance(renamed, Topic)
    assert renamed.names["en"] == "Schools and education"
    assert renamed.names["pl"] == "Edukacja"
    assert await topics.rename(2, "pl", "") == TopicError.NAME_EMPTY
    assert await topics.rename(999, "pl", "Nic") is None
    with pytest.raises(ValueError, match="unsupported language"):
        await topics.rename(2, "de", "Bildung")


async def test_retired_topic_is_hidden_from_the_list_and_can_return(
    topics: TopicService,
) -> None:
    retired = await topics.set_retired(4, True)
    assert retired is not None and retired.retired
    assert 4 not in [t.id for t in await topics.list_topics()]
    assert 4 in [t.id for t in await topics.list_topics(include_retired=True)]
    back = await topics.set_retired(4, False)
    assert back is not None and not back.retired
    assert await topics.set_retired(999, True) is None


async def test_find_by_code_or_by_any_name_ignoring_case(topics: TopicService) -> None:
    for query in (
        "sport",
        "SPORT",
        "sport i REKREACJA",
        "спорт і відпочинок",
        " Sport and recreation",
    ):
        found = await topics.find(query)
        assert found is not None and found.code == "sport", query
    await topics.set_retired(6, True)
    assert (await topics.find("sport")) is not None  # admins still find retired ones
    assert await topics.find("nothing") is None
    assert await topics.find("  ") is None


def test_every_kind_has_a_label() -> None:
    assert set(KIND_LABELS) == set(Kind)
    assert KIND_LABELS[Kind.CALL] == "Calls for proposals"
