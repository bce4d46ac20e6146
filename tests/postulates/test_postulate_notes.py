"""Postulate notes (answer, merge) and the postulate card: what people read, escaped and whole."""

from __future__ import annotations

import pytest

from bot.core.i18n import Catalogs
from bot.core.safe_html import visible_length, visible_text
from bot.delivery.types import OutboxItem, Purpose
from bot.postulates.card import MESSAGE_MAX, postulate_card, status_label
from bot.postulates.model import Postulate, Status
from bot.postulates.notes import PostulateNotes, read_tag
from storage import Database
from tests.postulate_support import WARSAW, World, build, organisation, person

AUTHOR, FOLLOWER, UK_FOLLOWER, STAFF = 101, 301, 302, 900
MARKUP = "<b>Dach</b> & *nad* _głową_ </i>"


@pytest.fixture
async def world(db: Database) -> World:
    world = await build(db)
    await person(db, STAFF)
    await person(db, AUTHOR, "en")
    await person(db, FOLLOWER, "en")
    await person(db, UK_FOLLOWER, "uk")
    return world


def renderer(world: World) -> PostulateNotes:
    return PostulateNotes(world.db, world.postulates, Catalogs("pl"), WARSAW)


def item(chat_id: int, tag: str) -> OutboxItem:
    return OutboxItem(1, None, chat_id, Purpose.POSTULATE, tag, 0, None)


async def answered(world: World, position: str = MARKUP) -> Postulate:
    p = await world.submit(AUTHOR, title=MARKUP)
    await world.postulates.follow(FOLLOWER, p.id, True)
    await world.desk.draft_answer(p.id, Status.OUTSIDE_COMPETENCE, position, STAFF)
    published = await world.desk.publish_answer(p.id, STAFF)
    assert isinstance(published, Postulate)
    return published


async def test_answer_note_gives_status_position_and_thanks_the_author(world: World) -> None:
    p = await answered(world)
    note = await renderer(world).render(item(AUTHOR, f"answer:{p.id}"))
    assert note is not None and note.rows == []
    assert "&lt;b&gt;Dach&lt;/b&gt; &amp; *nad* _głową_ &lt;/i&gt;" in note.text
    assert "<b>Dach</b>" not in note.text
    assert visible_text(note.text).count(MARKUP) == 2  # the title and the position
    assert "outside the City's competence" in note.text
    assert "Thank you" in note.text and "your postulate" in note.text


async def test_answer_note_to_a_follower_has_no_thanks(world: World) -> None:
    p = await answered(world)
    note = await renderer(world).render(item(FOLLOWER, f"answer:{p.id}"))
    assert note is not None and "Thank you" not in note.text
    assert "a postulate you follow" in note.text


async def test_notes_speak_the_chat_language(world: World) -> None:
    p = await answered(world)
    note = await renderer(world).render(item(UK_FOLLOWER, f"answer:{p.id}"))
    t = Catalogs("pl").translator("uk")
    assert note is not None and "грудня" in note.text  # the answer's date, in Ukrainian
    assert status_label(t, Status.OUTSIDE_COMPETENCE) in note.text


async def test_a_long_position_is_split_between_the_note_and_its_continuation(
    world: World,
) -> None:
    position = "🏠" * 1400 + "\n\n" + "ż" * 2598  # 4,000 characters, 5,400 units
    p = await answered(world, position)
    note = await renderer(world).render(item(AUTHOR, f"answer:{p.id}"))
    rest = await renderer(world).render(item(AUTHOR, f"answer_more:{p.id}"))
    assert note is not None and visible_length(note.text) <= MESSAGE_MAX
    assert rest is not None and visible_length(rest.text) <= MESSAGE_MAX
    assert note.text.rstrip().endswith("!") and "…" not in note.text + rest.text
    assert "🏠" * 1400 in note.text and "ż" * 2598 in rest.text  # cut at the paragraph break
    short = await answered(world, "Krótko.")
    assert await renderer(world).render(item(AUTHOR, f"answer_more:{short.id}")) is None


async def test_merge_note_names_the_postulate_it_continues_in(world: World) -> None:
    duplicate = await world.submit(AUTHOR, title=MARKUP)
    target = await world.submit(AUTHOR, title="Mieszkania <treningowe>")
    await world.desk.merge(duplicate.id, target.id, STAFF)
    note = await renderer(world).render(item(AUTHOR, f"merged:{duplicate.id}"))
    assert note is not None
    assert "Mieszkania &lt;treningowe&gt;" in note.text and f"no. {target.id}" in note.text
    assert "&lt;b&gt;Dach&lt;/b&gt;" in note.text


async def test_stale_or_forged_items_render_nothing(world: World) -> None:
    p = await world.submit(AUTHOR)
    notes = renderer(world)
    for tag in ("", "answer", "answer:x", "other:1", "answer:9999", f"merged:{p.id}"):
        assert await notes.render(item(AUTHOR, tag)) is None
    assert await notes.render(item(AUTHOR, f"answer:{p.id}")) is None  # not answered
    assert read_tag("answer:42") == ("answer", 42)


async def test_note_for_a_deleted_postulate_is_skipped(world: World) -> None:
    p = await answered(world)
    async with world.db.transaction() as conn:
        await conn.execute("DELETE FROM postulates WHERE id = ?", (p.id,))
    assert await renderer(world).render(item(AUTHOR, f"answer:{p.id}")) is None


def test_every_status_has_its_own_words() -> None:
    t = Catalogs("pl").translator("en")
    labels = [status_label(t, status) for status in Status]
    assert all(labels) and len(set(labels)) == len(labels)
    assert status_label(t, Status.WILL_MAKE_EFFORTS) == "the City will make efforts"


async def test_card_escapes_every_user_text_and_shows_the_facts(world: World) -> None:
    await organisation(world.db, "Fundacja <Dom> & Co", AUTHOR + 1)
    p = await world.submit(
        AUTHOR + 1, title=MARKUP, description=MARKUP, beneficiaries=MARKUP, on_behalf=True
    )
    t = Catalogs("pl").translator("en")
    card = postulate_card(t, p, "Bezdomność <b>", WARSAW)
    assert card.startswith("<b>&lt;b&gt;Dach&lt;/b&gt;")
    assert card.count("&lt;b&gt;Dach&lt;/b&gt; &amp; *nad* _głową_ &lt;/i&gt;") == 3
    assert "Fundacja &lt;Dom&gt; &amp; Co" in card and "Bezdomność &lt;b&gt;" in card
    assert "General inbox" in card and "new" in card and "10 December 2026" in card
    assert "Supported by 0 organisations" in card and "position" not in card


async def test_card_shows_round_own_name_supports_and_published_position(world: World) -> None:
    current = await world.open_round("homelessness")
    p = await world.submit(AUTHOR, round_id=current.id)
    await organisation(world.db, "Stowarzyszenie B", FOLLOWER + 10)
    await world.postulates.support(FOLLOWER + 10, p.id)
    await world.desk.draft_answer(p.id, Status.ACCEPTED, "Przyjmujemy <to>.", STAFF)
    t = Catalogs("pl").translator("en")
    drafted = await world.postulates.get(p.id)
    assert drafted is not None
    assert "Przyjmujemy" not in postulate_card(t, drafted, "x", WARSAW, current.title)
    await world.desk.publish_answer(p.id, STAFF)
    done = await world.postulates.get(p.id)
    assert done is not None
    card = postulate_card(t, done, "x", WARSAW, current.title)
    assert "Roczny program współpracy 2027" in card and "own name" in card
    assert "Supported by 1 organisation" in card and "Przyjmujemy &lt;to&gt;." in card
    assert "accepted" in card


async def test_card_fits_one_message_with_every_field_at_its_limit(world: World) -> None:
    p = await world.submit(
        AUTHOR, title="t" * 120, description="d" * 2000, beneficiaries="b" * 300
    )
    await world.desk.draft_answer(p.id, Status.REJECTED, "p" * 4000, STAFF)
    await world.desk.publish_answer(p.id, STAFF)
    done = await world.postulates.get(p.id)
    assert done is not None
    t = Catalogs("pl").translator("pl")
    card = postulate_card(t, done, "n" * 60, WARSAW, "r" * 200)
    assert visible_length(card) <= MESSAGE_MAX and card.endswith("…")
