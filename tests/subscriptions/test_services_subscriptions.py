"""SubscriptionService: chats, topic and kind toggles, pausing, activity, migration, audience."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from bot.core.topics import Kind, TopicService
from bot.organisations.service import Organisation, OrganisationService
from bot.subscriptions.service import ChatSettings, ChatType, SubscriptionService
from storage import Database, upsert_user

NOW = datetime(2026, 1, 5, 12, 0, tzinfo=UTC)
ALL_KINDS = frozenset(Kind)


@pytest.fixture
def subs(db: Database) -> SubscriptionService:
    return SubscriptionService(db, lambda: NOW)


async def toggled(subs: SubscriptionService, chat_id: int, *topic_ids: int) -> ChatSettings:
    settings = await subs.settings(chat_id)
    for topic_id in topic_ids:
        settings = await subs.toggle_topic(chat_id, topic_id)
    assert settings is not None
    return settings


async def test_new_chat_has_no_topics_and_receives_every_kind(subs: SubscriptionService) -> None:
    chat = await subs.ensure_chat(5, ChatType.PRIVATE)
    assert chat == ChatSettings(
        5, ChatType.PRIVATE, None, None, frozenset(), ALL_KINDS, False, True
    )
    assert await subs.settings(5) == chat
    assert await subs.settings(6) is None


async def test_known_chat_is_reactivated_with_its_topics_and_new_title(
    subs: SubscriptionService,
) -> None:
    await subs.ensure_chat(-10, ChatType.GROUP, title="Old", language="uk")
    await toggled(subs, -10, 1, 2)
    await subs.set_active(-10, False)

    again = await subs.ensure_chat(-10, ChatType.GROUP, title="New")

    assert (again.title, again.active, again.topic_ids) == ("New", True, frozenset({1, 2}))
    assert again.language == "uk"


async def test_private_chats_keep_no_language_and_unknown_languages_fail(
    subs: SubscriptionService,
) -> None:
    assert (await subs.ensure_chat(5, ChatType.PRIVATE, language="uk")).language is None
    with pytest.raises(ValueError, match="unsupported language"):
        await subs.ensure_chat(-5, ChatType.GROUP, language="de")


async def test_topic_toggles_switch_on_and_off(subs: SubscriptionService) -> None:
    await subs.ensure_chat(5, ChatType.PRIVATE)
    assert (await toggled(subs, 5, 3, 4)).topic_ids == {3, 4}
    assert (await toggled(subs, 5, 3)).topic_ids == {4}
    assert await subs.toggle_topic(5, 999) is None
    assert await subs.toggle_topic(6, 3) is None


async def test_retired_topic_can_be_switched_off_but_not_on(
    db: Database, subs: SubscriptionService
) -> None:
    await subs.ensure_chat(5, ChatType.PRIVATE)
    await toggled(subs, 5, 3)
    await TopicService(db).set_retired(3, True)
    await TopicService(db).set_retired(4, True)

    assert await subs.toggle_topic(5, 4) is None
    assert (await toggled(subs, 5, 3)).topic_ids == frozenset()
    assert await subs.toggle_topic(5, 3) is None


async def test_kind_toggles_mute_and_unmute(subs: SubscriptionService) -> None:
    await subs.ensure_chat(5, ChatType.PRIVATE)
    muted = await subs.toggle_kind(5, Kind.NOTICE)
    assert muted is not None and muted.kinds == ALL_KINDS - {Kind.NOTICE}
    again = await subs.toggle_kind(5, Kind.NOTICE)
    assert again is not None and again.kinds == ALL_KINDS
    assert await subs.toggle_kind(6, Kind.NOTICE) is None


async def test_pause_and_activity_flags_keep_the_choices(subs: SubscriptionService) -> None:
    await subs.ensure_chat(5, ChatType.PRIVATE)
    await toggled(subs, 5, 1)
    paused = await subs.set_paused(5, True)
    assert paused is not None and paused.paused and paused.topic_ids == {1}
    inactive = await subs.set_active(5, False)
    assert inactive is not None and (inactive.active, inactive.paused) == (False, True)
    resumed = await subs.set_paused(5, False)
    assert resumed is not None and not resumed.paused
    assert await subs.set_paused(6, True) is None
    assert await subs.set_active(6, True) is None


async def test_group_is_linked_to_an_existing_organisation_only(
    db: Database, subs: SubscriptionService
) -> None:
    await upsert_user(db, 1, "pl", NOW)
    org = await OrganisationService(db, ()).register(1, "Fundacja", None, None, None)
    assert isinstance(org, Organisation)
    unknown = await subs.ensure_chat(-10, ChatType.GROUP, organisation_id=999)
    assert unknown.organisation_id is None

    linked = await subs.set_organisation(-10, org.id)
    assert linked is not None and linked.organisation_id == org.id
    assert await subs.set_organisation(-10, 999) is None
    unlinked = await subs.set_organisation(-10, None)
    assert unlinked is not None and unlinked.organisation_id is None
    assert await subs.set_organisation(-11, org.id) is None


async def test_migrated_group_keeps_its_topics_and_kinds(subs: SubscriptionService) -> None:
    await subs.ensure_chat(-10, ChatType.GROUP, title="Grupa")
    await toggled(subs, -10, 1, 2)
    await subs.toggle_kind(-10, Kind.EVENT)

    await subs.migrate_chat(-10, -100_10)

    assert await subs.settings(-10) is None
    moved = await subs.settings(-100_10)
    assert moved is not None
    assert (moved.title, moved.topic_ids) == ("Grupa", frozenset({1, 2}))
    assert Kind.EVENT not in moved.kinds
    await subs.migrate_chat(-10, -100_10)  # repeated update: nothing to move


async def test_migration_onto_a_known_chat_merges_the_two(subs: SubscriptionService) -> None:
    await subs.ensure_chat(-10, ChatType.GROUP, title="Grupa", language="uk")
    await toggled(subs, -10, 1, 2)
    await subs.toggle_kind(-10, Kind.EVENT)
    await subs.set_paused(-10, True)
    await subs.ensure_chat(-100_10, ChatType.GROUP)
    await toggled(subs, -100_10, 2, 3)

    await subs.migrate_chat(-10, -100_10)

    merged = await subs.settings(-100_10)
    assert merged is not None and await subs.settings(-10) is None
    assert (merged.title, merged.language, merged.paused) == ("Grupa", "uk", True)
    assert merged.topic_ids == {1, 2, 3} and Kind.EVENT not in merged.kinds


async def test_audience_is_active_unpaused_subscribed_chats_receiving_the_kind(
    subs: SubscriptionService,
) -> None:
    for chat_id, topics in ((30, (1,)), (10, (1, 2)), (-20, (2,)), (40, (1,)), (50, (1,)),
                            (60, (1,)), (70, (3,))):  # fmt: skip
        await subs.ensure_chat(chat_id, ChatType.GROUP if chat_id < 0 else ChatType.PRIVATE)
        await toggled(subs, chat_id, *topics)
    await subs.set_paused(40, True)
    await subs.set_active(50, False)
    await subs.toggle_kind(60, Kind.CALL)

    assert await subs.audience([1], Kind.CALL) == [10, 30]
    assert await subs.audience([1], Kind.EVENT) == [10, 30, 60]
    assert await subs.audience([2, 1, 2], Kind.CALL) == [-20, 10, 30]
    assert await subs.audience([], Kind.CALL) == []
    assert await subs.audience([999], Kind.CALL) == []
