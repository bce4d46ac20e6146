"""Pressing a button that changes nothing: no edit Telegram refuses, one answer, no traceback."""

from __future__ import annotations

import logging

import pytest

from tests.conftest import RunningBot
from tests.robust_support import logged_errors, refused_requests


async def test_pressing_the_selected_language_edits_nothing_and_answers_once(
    bot: RunningBot, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.ERROR)
    anna = bot.emulator.user(1801, "Anna", language_code="en")
    await anna.send("/start")
    await anna.wait_for("Step 1 of 3")
    answer = await anna.wait_for_answer(await anna.press("✅ English"))
    assert not answer.show_alert
    await anna.wait_for_answer(await anna.press("Next ▶️"))
    await anna.wait_for("Step 2 of 3")
    assert not bot.emulator.calls("editMessageText")[:-1], "the ✅ press edited the message"
    assert refused_requests(bot.emulator) == []
    assert logged_errors(caplog) == []


async def test_pressing_a_heading_in_topics_edits_nothing(
    bot: RunningBot, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.ERROR)
    ewa = bot.emulator.user(1802, "Ewa", language_code="en")
    await ewa.send("/topics")
    await ewa.wait_for("hear about")
    # All topics fit one screen (issue 19): its headings are the buttons that change nothing.
    answer = await ewa.wait_for_answer(await ewa.press("— Kinds of announcements —"))
    assert not answer.show_alert
    assert bot.emulator.calls("editMessageText") == []
    assert refused_requests(bot.emulator) == []
    assert logged_errors(caplog) == []
