"""/review through the emulator: staff answer and publish (people notified), merge, rounds;
members are refused whatever they send or press."""

from __future__ import annotations

from bot.postulates.model import Status
from bot.sandbox.driver import SimulatedUser
from bot.subscriptions.service import ChatType
from tests.announce_support import make_staff, member_of
from tests.conftest import RunningBot
from tests.postulate_chat_support import (
    note_rows,
    open_round,
    postulate_service,
    stored_postulates,
    submit,
)
from tests.seeding import seeding
from tests.subscriptions.test_subscriptions import keyboard_labels

STAFF_ONLY = "This command is for city staff only."


async def follower(bot: RunningBot, user_id: int, postulate_id: int) -> SimulatedUser:
    """Someone without an organisation who follows the postulate."""
    async with seeding(bot) as seed:
        await seed.users.register(user_id, "en")
        await seed.subscriptions.ensure_chat(user_id, ChatType.PRIVATE)
        await postulate_service(bot, seed.db).follow(user_id, postulate_id, True)
    user = bot.emulator.user(user_id, "Piotr", language_code="en")
    bot.emulator.state.private_chat(user.record)  # they once wrote to the bot
    return user


async def test_an_answer_is_drafted_published_and_its_notes_arrive(bot: RunningBot) -> None:
    ewa = await member_of(bot, 7001, "Fundacja Razem", ())
    jan = await member_of(bot, 7002, "Stowarzyszenie Most", ())
    postulate = await submit(bot, 7001, "Kluby seniora")
    await jan.send("/postulates")
    await jan.wait_for_answer(await jan.press("📥 General inbox"))
    await jan.wait_for_answer(await jan.press("🌐 All topics"))
    await jan.wait_for_answer(await jan.press(f"№{postulate.id} Kluby seniora"))
    await jan.wait_for_answer(await jan.press("👍 Support"))
    piotr = await follower(bot, 7003, postulate.id)
    staff = await make_staff(bot)
    await staff.send("/review")
    await staff.wait_for("1 postulate new or under review")
    await staff.wait_for_answer(await staff.press(f"№{postulate.id} Kluby seniora"))
    await staff.wait_for_answer(await staff.press("🔍 Under review"))
    card = await staff.wait_for("under review")
    assert "🔍 Under review" not in keyboard_labels(card)
    await staff.wait_for_answer(await staff.press("✍️ Answer"))
    await staff.wait_for_answer(await staff.press("partly accepted"))
    await staff.wait_for("Now type the city's position.*at most 4000 characters")
    await staff.send("Zgoda <b>częściowa</b> & dalsze prace")
    draft = await staff.wait_for("Drafted answer.*partly accepted")
    assert "Zgoda <b>częściowa</b> & dalsze prace" in draft["text"]
    assert await note_rows(bot) == []  # drafted, not published
    await staff.wait_for_answer(await staff.press("📢 Publish answer"))
    await staff.wait_for("will be notified at once")
    await staff.wait_for_answer(await staff.press("📢 Yes, publish"))
    await staff.wait_for("The answer to №1 is published: 3 people will be notified")
    assert [row[0] for row in await note_rows(bot)] == [7001, 7002, 7003]
    await ewa.wait_for("The City has answered your postulate.*Thank you", timeout=10)
    await jan.wait_for("answered a postulate you follow", timeout=10)
    await piotr.wait_for("Zgoda <b>częściowa</b>", timeout=10)
    [stored] = await stored_postulates(bot)
    assert stored.status is Status.PARTLY_ACCEPTED and stored.answered_at is not None


async def test_a_member_cannot_review_or_answer(bot: RunningBot) -> None:
    ewa = await member_of(bot, 7011, "Fundacja Razem", ())
    postulate = await submit(bot, 7011, "Kluby seniora")
    await ewa.send("/review")
    await ewa.wait_for(STAFF_ONLY)
    for forged in (f"prv:o:{postulate.id}:0", f"prv:as:{postulate.id}:0:0", "prv:py:0"):
        refused = await ewa.wait_for_answer(await ewa.press_data(forged))
        assert refused.show_alert and refused.text == STAFF_ONLY
    [stored] = await stored_postulates(bot)
    assert stored.status is Status.NEW and stored.answer_status is None


async def test_staff_merge_a_duplicate_and_publish_a_rounds_answers(bot: RunningBot) -> None:
    ewa = await member_of(bot, 7021, "Fundacja Razem", ())
    await member_of(bot, 7022, "Stowarzyszenie Most", ())
    consultation = await open_round(bot, "Program 2027", "culture")
    first = await submit(bot, 7021, "Dom kultury", round_id=consultation.id)
    second = await submit(bot, 7022, "Domy kultury", round_id=consultation.id)
    staff = await make_staff(bot)
    await staff.send("/review")
    await staff.wait_for_answer(await staff.press(f"№{first.id} Dom kultury"))
    await staff.wait_for_answer(await staff.press("🔗 Merge into…"))
    await staff.wait_for("Merge №1 .* into which postulate")
    await staff.send(f"№{first.id}")
    await staff.wait_for("cannot be merged into itself.*into which postulate")
    await staff.send("twelve")
    await staff.wait_for("Please send the postulate's number")
    await staff.send(f"№{second.id}")
    await staff.wait_for(f"Merge №{first.id} Dom kultury\ninto №{second.id} Domy kultury?")
    assert [p.status for p in await stored_postulates(bot)] == [Status.NEW, Status.NEW]
    await staff.wait_for_answer(await staff.press("🔗 Yes, merge"))
    await staff.wait_for(f"№{first.id} has been merged into №{second.id}")
    await ewa.wait_for("merged", timeout=10)
    stale = await staff.wait_for_answer(await staff.press("✍️ Answer"))  # №1's old card
    assert stale.show_alert and "no longer open" in (stale.text or "")
    forged = await staff.wait_for_answer(await staff.press_data(f"prv:as:{second.id}:99:0"))
    assert forged.show_alert
    await staff.send("/review")
    await staff.wait_for_answer(await staff.press(f"№{second.id} Domy kultury"))
    card = await staff.wait_for("Domy kultury\n📌 Status: new")
    await staff.wait_for_answer(await staff.press("✍️ Answer", message_id=card["message_id"]))
    await staff.wait_for_answer(await staff.press("implemented"))
    await staff.send("Zrobione.")
    await staff.wait_for("Drafted answer")
    await staff.send("/review")
    await staff.wait_for_answer(await staff.press("📢 Publish a round's drafted answers"))
    await staff.wait_for_answer(await staff.press("Program 2027"))
    await staff.wait_for("Publish 1 drafted answer of Program 2027")
    await staff.wait_for_answer(await staff.press("📢 Publish all drafted answers"))
    await staff.wait_for("1 answer published. 2 people will be notified")
    statuses = [p.status for p in await stored_postulates(bot)]
    assert statuses == [Status.MERGED, Status.IMPLEMENTED]
