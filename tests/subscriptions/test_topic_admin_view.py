"""Admins' topic screens and conversations without Telegram, on a real migrated database."""

from __future__ import annotations

import pytest

from bot.core.callbacks import MAX_BYTES
from bot.core.dialogs import DialogService
from bot.core.i18n import Catalogs
from bot.core.topics import TopicError, TopicService
from bot.core.users import UserService
from bot.topics.flow import answer_new_topic, answer_rename, start_rename
from bot.topics.view import (
    NEW_FLOW,
    NewTopicStep,
    TopicAction,
    check_code,
    parse,
    topic_card,
    topic_list,
)
from storage import Database

T = Catalogs("en").translator("en")
USER = 4242


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        ("tadm:list", TopicAction("list")),
        ("tadm:s:3", TopicAction("show", 3)),
        ("tadm:n:3:uk", TopicAction("rename", 3, language="uk")),
        ("tadm:x:3:1", TopicAction("retire", 3, retired=True)),
        ("tadm:x:3:0", TopicAction("retire", 3, retired=False)),
        ("tadm:n:3:de", None),
        ("tadm:x:3:2", None),
        ("tadm:s:x", None),
        ("tadm:s:3:1", None),
        ("tadm:list:1", None),
        ("tadm:zzz", None),
        (None, None),
    ],
)
def test_parse(data: str | None, expected: TopicAction | None) -> None:
    assert parse(data) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("health", "health"),
        ("  Civil-Society ", "civil-society"),
        ("a", TopicError.CODE_INVALID),
        ("x" * 25, TopicError.CODE_INVALID),
        ("zdrowie!", TopicError.CODE_INVALID),
        ("łąka", TopicError.CODE_INVALID),
        (None, TopicError.CODE_INVALID),
    ],
)
def test_check_code(text: str | None, expected: str | TopicError) -> None:
    assert check_code(text) == expected


@pytest.fixture
async def services(db: Database) -> tuple[TopicService, DialogService]:
    await UserService(db, "en").register(USER, "en")
    return TopicService(db), DialogService(db)


async def answer(services: tuple[TopicService, DialogService], text: str | None) -> str:
    topics, dialogs = services
    dialog = await dialogs.get(USER)
    assert dialog is not None
    return await answer_new_topic(topics, dialogs, dialog, text, T)


async def test_new_topic_is_saved_only_after_the_last_valid_answer(
    services: tuple[TopicService, DialogService],
) -> None:
    topics, dialogs = services
    await dialogs.start(USER, NEW_FLOW, NewTopicStep.CODE)
    assert (await answer(services, "education")).startswith("Another topic already has")
    assert "name in Polish" in await answer(services, "Animals")
    assert "Please answer with text" in await answer(services, None)
    assert (await answer(services, "")).startswith("The name cannot be empty.")
    assert "name in Ukrainian" in await answer(services, " Zwierzęta  domowe ")
    assert "name in English" in await answer(services, "Тварини")
    assert await topics.find("animals") is None
    assert (await answer(services, "Pets")).startswith("Topic added: Pets.")
    topic = await topics.find("animals")
    assert topic is not None
    assert topic.names == {"pl": "Zwierzęta domowe", "uk": "Тварини", "en": "Pets"}
    assert await dialogs.get(USER) is None


async def test_rename_keeps_asking_until_the_name_is_valid(
    services: tuple[TopicService, DialogService],
) -> None:
    topics, dialogs = services
    culture = await topics.find("culture")
    assert culture is not None
    prompt = await start_rename(topics, dialogs, USER, TopicAction("rename", culture.id, "pl"), T)
    assert prompt == "Send the new Polish name of the topic Culture:"
    dialog = await dialogs.get(USER)
    assert dialog is not None
    refused = await answer_rename(topics, dialogs, dialog, "z" * 61, T)
    assert refused.text.startswith("The name is too long: at most 60 characters")
    assert (await topics.get(culture.id)) == culture
    done = await answer_rename(topics, dialogs, dialog, "Kultura i sztuka", T)
    assert done.text.startswith("Name saved.")
    renamed = await topics.get(culture.id)
    assert renamed is not None and renamed.names["pl"] == "Kultura i sztuka"
    assert await dialogs.get(USER) is None


async def test_rename_of_a_vanished_topic_is_stale(
    services: tuple[TopicService, DialogService],
) -> None:
    topics, dialogs = services
    assert await start_rename(topics, dialogs, USER, TopicAction("rename", 999, "en"), T) is None
    assert await dialogs.get(USER) is None


async def test_screens_mark_retired_topics_and_fit_callback_data(
    services: tuple[TopicService, DialogService],
) -> None:
    topics, _ = services
    seniors = await topics.find("seniors")
    assert seniors is not None
    retired = await topics.set_retired(seniors.id, True)
    assert retired is not None
    listing = topic_list(T, await topics.list_topics(include_retired=True))
    labels = [label for row in listing.rows for label, _ in row]
    assert "🗄 Seniors" in labels and "Education" in labels
    card = topic_card(T, retired)
    assert "🗄 Retired" in card.text
    buttons = [button for row in card.rows for button in row]
    assert [label for label, _ in buttons][-2:] == ["♻️ Restore", "◀️ Back"]
    for _, data in buttons + [b for row in listing.rows for b in row]:
        assert len(data.encode()) <= MAX_BYTES
        assert parse(data) is not None
