"""Admins grant and revoke roles by id, @username, reply and forwarded message; others cannot."""

from __future__ import annotations

from bot.sandbox import SimulatedUser
from tests.conftest import RunningBot
from tests.constants import ADMIN_ID


async def started(
    bot: RunningBot, user_id: int, name: str, username: str | None = None
) -> SimulatedUser:
    user = bot.emulator.user(user_id, name, language_code="en", username=username)
    await user.send("/help")
    await user.wait_for("What I can do")
    return user


async def test_admin_grants_staff_by_id_and_the_person_is_told(bot: RunningBot) -> None:
    kasia = await started(bot, 1501, "Kasia")
    admin = bot.emulator.user(ADMIN_ID, "Ewa", language_code="en")
    await admin.send("/grant staff 1501")
    await admin.wait_for("Done: user 1501 is now city staff.")
    await kasia.wait_for("An administrator made you city staff")
    await kasia.send("/help")
    await kasia.wait_for("/pending")
    await admin.send("/staff")
    await admin.wait_for(r"1501 — city staff")


async def test_admin_grants_by_username_and_revokes(bot: RunningBot) -> None:
    kasia = await started(bot, 1501, "Kasia", username="Kasia_K")
    admin = bot.emulator.user(ADMIN_ID, "Ewa", language_code="en")
    await admin.send("/grant staff @kasia_k")
    await admin.wait_for("now city staff")
    await admin.send("/revoke @Kasia_K")
    await admin.wait_for("Done: user 1501 is now member.")
    await kasia.wait_for("Your role in the bot is now: member")
    await kasia.send("/pending")
    await kasia.wait_for("for city staff only")


async def test_admin_grants_by_replying_in_a_group(bot: RunningBot) -> None:
    kasia = await started(bot, 1501, "Kasia")
    admin = bot.emulator.user(ADMIN_ID, "Ewa", language_code="en")
    group = bot.emulator.group(-5001, "Zespół", admins=[admin], members=[kasia])
    said = await kasia.send_in(group, "I coordinate the volunteers")
    await admin.send_in(group, "/grant@ngobot_test_bot admin", reply_to=said["message_id"])
    await admin.wait_for_in(group, "Done: user 1501 is now administrator.")


async def test_admin_forwards_a_message_and_picks_the_role(bot: RunningBot) -> None:
    kasia = await started(bot, 1501, "Kasia")
    admin = bot.emulator.user(ADMIN_ID, "Ewa", language_code="en")
    original = await kasia.send("hello")
    await admin.forward(original)
    await admin.wait_for("Kasia is now: member. Choose their role:")
    await admin.wait_for_answer(await admin.press("city staff"))
    await admin.wait_for("Done: user 1501 is now city staff.")
    await admin.forward(original, hidden_sender=True)
    await admin.wait_for("privacy settings hide who sent")


async def test_members_cannot_change_roles_and_nothing_changes(bot: RunningBot) -> None:
    mallory = await started(bot, 1502, "Mallory")
    await started(bot, 1501, "Kasia")
    await mallory.send("/grant staff 1501")
    await mallory.wait_for("Only administrators can change roles.")
    await mallory.send("/grant admin 1502")
    await mallory.wait_for("Only administrators can change roles.")
    answer = await mallory.wait_for_answer(await mallory.press_data("role:1502:a"))
    assert answer.show_alert is True and "Only administrators" in (answer.text or "")
    await mallory.send("/staff")
    await mallory.wait_for("Only administrators")
    await mallory.send("/pending")
    await mallory.wait_for("for city staff only")


async def test_bad_references_are_explained(bot: RunningBot) -> None:
    admin = bot.emulator.user(ADMIN_ID, "Ewa", language_code="en")
    await admin.send("/grant staff 424242")
    await admin.wait_for("I have not seen this person yet")
    await admin.send("/grant staff @nobody_here")
    await admin.wait_for(r"Who\? Reply to their message")
    await admin.send(f"/revoke {ADMIN_ID}")
    await admin.wait_for("You cannot change your own role.")
    await admin.send("/grant boss 1 2")
    await admin.wait_for(r"Who\?")
    for forged in ("role:x:s", "role:1:z", "role:1"):
        answer = await admin.wait_for_answer(await admin.press_data(forged))
        assert answer.show_alert is True
