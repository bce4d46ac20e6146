"""Every author hears back: people who never finished onboarding get their answer and merge
notes through the running bot, and the reach staff are told counts them."""

from __future__ import annotations

from bot.postulates.model import Draft, Postulate
from bot.sandbox.driver import SimulatedUser
from tests.announce_support import make_staff
from tests.conftest import RunningBot
from tests.postulate_chat_support import note_rows, postulate_service
from tests.seeding import seeding


async def half_onboarded(bot: RunningBot, user_id: int) -> SimulatedUser:
    """Someone who sent /start and stopped at the first step (no topics, no chat settings)."""
    user = bot.emulator.user(user_id, "Halina", language_code="en")
    await user.send("/start")
    await user.wait_for("Step 1 of 3")
    return user


async def own_postulate(bot: RunningBot, author: int, title: str) -> Postulate:
    async with seeding(bot) as seed:
        topic = await seed.topics.find("culture")
        assert topic is not None
        draft = Draft(None, topic.id, title, "Opis.", "seniorzy", on_behalf=False)
        result = await postulate_service(bot, seed.db).submit(author, draft)
    assert isinstance(result, Postulate), result
    return result


async def open_card(staff: SimulatedUser, postulate: Postulate) -> None:
    await staff.send("/review")
    await staff.wait_for_answer(await staff.press(f"№{postulate.id} {postulate.title}"))
    await staff.wait_for(f"{postulate.title}\n📌 Status")


async def test_an_author_who_stopped_onboarding_hears_the_answer(bot: RunningBot) -> None:
    halina = await half_onboarded(bot, 7101)
    postulate = await own_postulate(bot, 7101, "Ławki w parku")
    staff = await make_staff(bot)
    await open_card(staff, postulate)
    await staff.wait_for_answer(await staff.press("✍️ Answer"))
    await staff.wait_for_answer(await staff.press("accepted"))
    await staff.send("Ustawimy ławki.")
    await staff.wait_for("Drafted answer")
    await staff.wait_for_answer(await staff.press("📢 Publish answer"))
    await staff.wait_for("will be notified at once")
    await staff.wait_for_answer(await staff.press("📢 Yes, publish"))
    await staff.wait_for("1 person will be notified")
    await halina.wait_for("The City has answered your postulate.*Ustawimy ławki", timeout=10)


async def test_an_author_who_stopped_onboarding_hears_about_a_merge(bot: RunningBot) -> None:
    halina = await half_onboarded(bot, 7111)
    duplicate = await own_postulate(bot, 7111, "Ławki")
    target = await own_postulate(bot, 7111, "Ławki w parku")
    staff = await make_staff(bot)
    await open_card(staff, duplicate)
    await staff.wait_for_answer(await staff.press("🔗 Merge into…"))
    await staff.wait_for("into which postulate")
    await staff.send(f"№{target.id}")
    await staff.wait_for("cannot be undone")
    await staff.wait_for_answer(await staff.press("🔗 Yes, merge"))
    await halina.wait_for("was merged with a similar one", timeout=10)
    assert (7111, f"merged:{duplicate.id}") in await note_rows(bot)


async def test_a_person_who_blocked_the_bot_is_not_queued(bot: RunningBot) -> None:
    halina = await half_onboarded(bot, 7121)
    postulate = await own_postulate(bot, 7121, "Ławki w parku")
    async with seeding(bot) as seed:
        await seed.subscriptions.set_active(7121, False)  # a 403 recorded by the sender
    staff = await make_staff(bot)
    await open_card(staff, postulate)
    await staff.wait_for_answer(await staff.press("✍️ Answer"))
    await staff.wait_for_answer(await staff.press("accepted"))
    await staff.send("Ustawimy ławki.")
    await staff.wait_for("Drafted answer")
    await staff.wait_for_answer(await staff.press("📢 Publish answer"))
    await staff.wait_for("will be notified at once")
    await staff.wait_for_answer(await staff.press("📢 Yes, publish"))
    await staff.wait_for("0 people will be notified")
    assert halina.id == 7121 and await note_rows(bot) == []
