"""Long texts never break a screen, through the running bot: a description and a position at
their limits fit the staff card, the author's note and /mypostulates, each shortened with a
button that sends the whole text as messages of its own, split at paragraph breaks."""

from __future__ import annotations

from typing import Any

from bot.postulates.model import DESCRIPTION_MAX, POSITION_MAX, Draft, Postulate
from bot.sandbox.driver import SimulatedUser
from tests.announce_support import make_staff
from tests.conftest import RunningBot
from tests.postulate_chat_support import postulate_service
from tests.postulates.test_postulate_followthrough import half_onboarded
from tests.seeding import seeding

# Our own sentences in the form of a city office's answer to a consultation proposal (the
# structure of answers published in Kraków's BIP consultation reports: the position, then the
# reasons, then what follows); each paragraph ends with its own number so pieces can be found.
PARAGRAPH = (
    "Wydział Polityki Społecznej przeanalizował zgłoszoną propozycję i uznaje ją za zasadną "
    "w części dotyczącej klubów seniora w dzielnicach, w których ich brakuje. Zadanie "
    "zostanie ujęte w planie na kolejny rok, w miarę środków budżetowych. Nr "
)
DESCRIPTION = "Prosimy o rozszerzenie sieci klubów seniora 🏠 w dzielnicach peryferyjnych. "


def long_text(seed: str, limit: int) -> str:
    paragraphs, number = [], 1
    while len("\n\n".join([*paragraphs, f"{seed}{number}."])) <= limit:
        paragraphs.append(f"{seed}{number}.")
        number += 1
    text = "\n\n".join(paragraphs)
    return text + "x" * (limit - len(text))


POSITION = long_text(PARAGRAPH, POSITION_MAX)
DESCRIBED = (DESCRIPTION * 40)[:DESCRIPTION_MAX]


async def submitted(bot: RunningBot, author: int) -> Postulate:
    async with seeding(bot) as seed:
        topic = await seed.topics.find("seniors")
        assert topic is not None
        draft = Draft(None, topic.id, "Kluby seniora", DESCRIBED, "seniorzy", on_behalf=False)
        result = await postulate_service(bot, seed.db).submit(author, draft)
    assert isinstance(result, Postulate), result
    return result


def units(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


async def full_text(user: SimulatedUser, press_on: dict[str, Any]) -> str:
    """Press "Read the full text" under the message and gather what arrives after it."""
    before = len(user.messages())
    answer = await user.press("📄 Read the full text", message_id=press_on["message_id"])
    await user.wait_for_answer(answer)
    await user.wait_for(r"x{10}", timeout=5)  # the position's last characters
    arrived = [m for m in user.messages()[before:] if m.get("from", {}).get("is_bot")]
    assert all(units(m["text"]) <= 4096 for m in arrived)
    return "\n".join(m["text"] for m in arrived)


async def test_a_long_card_answer_and_note_fit_and_the_full_text_is_a_press_away(
    bot: RunningBot,
) -> None:
    author = await half_onboarded(bot, 7301)
    postulate = await submitted(bot, 7301)
    staff = await make_staff(bot)
    await staff.send("/review")
    await staff.wait_for_answer(await staff.press(f"№{postulate.id} Kluby seniora"))
    await staff.wait_for_answer(await staff.press("✍️ Answer"))
    await staff.wait_for_answer(await staff.press("partly accepted"))
    await staff.send(POSITION)
    card = await staff.wait_for("Drafted answer")  # the card no longer fails to open
    assert units(card["text"]) <= 4096 and "…" in card["text"]
    whole = await full_text(staff, card)
    assert DESCRIBED.strip() in whole.replace("\n", " ") or DESCRIBED[:500] in whole
    assert "Nr 1." in whole and POSITION[-200:] in whole
    await staff.send("/review")
    await staff.wait_for_answer(await staff.press(f"№{postulate.id} Kluby seniora"))
    reopened = await staff.wait_for("Drafted answer")
    assert units(reopened["text"]) <= 4096
    await staff.wait_for_answer(
        await staff.press("📢 Publish answer", message_id=reopened["message_id"])
    )
    await staff.wait_for_answer(await staff.press("📢 Yes, publish"))
    await staff.wait_for("1 person will be notified")
    note = await author.wait_for("The City has answered your postulate", timeout=10)
    assert units(note["text"]) <= 4096 and "continues in the next message" in note["text"]
    rest = await author.wait_for("position on №1 \\(continued\\)", timeout=10)
    assert units(rest["text"]) <= 4096
    position = note["text"] + rest["text"]
    for paragraph in POSITION.split("\n\n"):
        assert paragraph in position  # every paragraph whole: split at paragraph breaks
    await author.send("/mypostulates")
    await author.wait_for_answer(await author.press(f"№{postulate.id} Kluby seniora"))
    mine = await author.wait_for("The City's position")
    assert units(mine["text"]) <= 4096
    assert POSITION[-200:] in await full_text(author, mine)


async def test_forged_full_text_buttons_are_refused(bot: RunningBot) -> None:
    author = await half_onboarded(bot, 7311)
    for forged in ("pft:999", "pft:x", "pft:²", "pft:1:2"):
        answer = await author.wait_for_answer(await author.press_data(forged))
        assert answer.show_alert
