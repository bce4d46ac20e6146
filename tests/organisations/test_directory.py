"""/orgs through the emulator: browse verified organisations by topic and district, in place."""

from __future__ import annotations

from tests.conftest import RunningBot
from tests.seeding import seeding

HEALTH = "Health and support for people with disabilities"
# By name: page 1 holds the first five, page 2 the other two.
NAMES = ["Alpha Aid", "Beta Care", "Delta Help", "Epsilon Club", "Eta Society"]
LATER = ["Gamma Group", "Zeta Union"]


async def test_browsing_by_topic_pages_through_one_edited_message(bot: RunningBot) -> None:
    async with seeding(bot) as seed:
        for index, name in enumerate(NAMES + LATER):
            await seed.organisation(5000 + index, name, topic_codes=("health",))
        await seed.organisation(5100, "Pending Trust", topic_codes=("health",), verified=None)
        await seed.organisation(5101, "Refused Fund", topic_codes=("health",), verified=False)
    reader = bot.emulator.user(1101, "Reader", language_code="en")
    await reader.send("/orgs")
    await reader.wait_for("Directory of organisations")
    await reader.wait_for_answer(await reader.press("By topic"))
    await reader.wait_for("Choose an area of work")
    answer = await reader.wait_for_answer(await reader.press(HEALTH))
    assert not answer.show_alert
    page = await reader.wait_for(r"7 verified organisations · page 1 of 2")
    assert all(name in page["text"] for name in NAMES)
    assert not any(name in page["text"] for name in [*LATER, "Pending Trust", "Refused Fund"])
    await reader.wait_for_answer(await reader.press("Next page ▶️"))
    page = await reader.wait_for("page 2 of 2.*Gamma Group.*Zeta Union")
    assert "Alpha Aid" not in page["text"]
    await reader.wait_for_answer(await reader.press("◀️ Previous page"))
    await reader.wait_for("page 1 of 2.*Alpha Aid")
    await reader.wait_for_answer(await reader.press("◀️ Back"))
    await reader.wait_for("Choose an area of work")
    await reader.wait_for_answer(await reader.press("◀️ Back"))
    await reader.wait_for("Directory of organisations")
    messages = reader.messages()
    assert len(messages) == 1, "every step edits the first message"
    assert messages[0].get("edit_date")


async def test_an_entry_shows_name_district_areas_and_contact_escaped(bot: RunningBot) -> None:
    async with seeding(bot) as seed:
        await seed.organisation(
            5200,
            "Fundacja <Łąka> & Co",
            district="Krowodrza",
            email="kontakt@laka.example.org",
            topic_codes=("ecology", "education"),
        )
    reader = bot.emulator.user(1102, "Reader", language_code="en")
    await reader.send("/orgs")
    await reader.wait_for_answer(await reader.press("By district"))
    await reader.wait_for("Choose a district")
    await reader.wait_for_answer(await reader.press("Krowodrza"))
    entry = await reader.wait_for(
        r"Krowodrza.*1 verified organisation\n\nFundacja <Łąka> & Co\n📍 District: Krowodrza"
        r"\n🏷 Areas: Education, Ecology\n✉️ Contact: kontakt@laka.example.org"
    )
    bold = [e for e in entry.get("entities", []) if e["type"] == "bold"]
    assert len(bold) == 2  # the heading and the name, not the name's "<Łąka>" as a tag


async def test_a_topic_without_organisations_says_so(bot: RunningBot) -> None:
    reader = bot.emulator.user(1103, "Reader", language_code="en")
    await reader.send("/orgs")
    await reader.wait_for_answer(await reader.press("By topic"))
    await reader.wait_for_answer(await reader.press("Seniors"))
    await reader.wait_for(r"Seniors\nNo verified organisations here yet\.")
    await reader.wait_for_answer(await reader.press("◀️ Back"))
    await reader.wait_for("Choose an area of work")


async def test_forged_and_out_of_range_buttons_are_refused_and_change_nothing(
    bot: RunningBot,
) -> None:
    async with seeding(bot) as seed:
        await seed.organisation(5300, "Only One", topic_codes=("health",))
        health = await seed.topics.find("health")
    assert health is not None
    reader = bot.emulator.user(1104, "Reader", language_code="en")
    await reader.send("/orgs")
    before = await reader.wait_for("Directory of organisations")
    forged = [
        "dir:t:999:0",
        f"dir:t:{health.id}:1",
        "dir:d:99:0",
        "dir:t:abc:0",
        "dir:t:1",
        "dir:x:1:0",
        "dir:menu:1",
        "dir:t:-1:0",
    ]
    for data in forged:
        answer = await reader.wait_for_answer(await reader.press_data(data))
        assert answer.show_alert, data
        assert "no longer valid" in (answer.text or ""), data
    assert reader.messages() == [before]


async def test_a_retired_topic_is_not_offered_and_its_old_button_is_stale(
    bot: RunningBot,
) -> None:
    async with seeding(bot) as seed:
        culture = await seed.topics.find("culture")
        assert culture is not None
        await seed.topics.set_retired(culture.id, True)
    reader = bot.emulator.user(1105, "Reader", language_code="en")
    await reader.send("/orgs")
    await reader.wait_for_answer(await reader.press("By topic"))
    listing = await reader.wait_for("Choose an area of work")
    labels = [b["text"] for row in listing["reply_markup"]["inline_keyboard"] for b in row]
    assert "Culture" not in labels
    answer = await reader.wait_for_answer(await reader.press_data(f"dir:t:{culture.id}:0"))
    assert answer.show_alert


async def test_orgs_works_in_a_group(bot: RunningBot) -> None:
    async with seeding(bot) as seed:
        await seed.organisation(5400, "Group Visible", district="Podgórze")
    alice = bot.emulator.user(1106, "Alicja", language_code="en")
    group = bot.emulator.group(-3101, "NGO Forum", admins=[alice])
    await alice.send_in(group, "/orgs")
    await alice.wait_for_in(group, "Directory of organisations")
    await alice.wait_for_answer(await alice.press_in(group, "By district"))
    await alice.wait_for_answer(await alice.press_in(group, "Podgórze"))
    await alice.wait_for_in(group, "Group Visible")
