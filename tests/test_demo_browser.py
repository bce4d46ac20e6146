"""`python -m bot demo` in a real browser: onboarding, an announcement arriving live, its
calendar file, a postulate answered, the Ukrainian interface, the feed button, accessibility.

Screenshots of every step go to tests/artifacts/screens/ (git ignores it)."""

from __future__ import annotations

import re
import urllib.request
from collections.abc import Iterator
from typing import Any

import pytest

from tests.demo_browser_support import ROOT, Page, chrome, demo_process

CHECKER = (ROOT / "tests" / "a11y_check.js").read_text(encoding="utf-8")
ANNA, OKSANA, MARTA, GROUP = 1001, 1002, 1003, -4001


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    driver = chrome()
    try:
        yield driver
    finally:
        driver.quit()


@pytest.fixture(scope="module")
def demo_url(browser: Any, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """One demo for the module (started once: each test uses its own people)."""
    with demo_process(tmp_path_factory.mktemp("demo")) as url:
        yield url


@pytest.fixture
def page(browser: Any, demo_url: str, request: pytest.FixtureRequest) -> Page:
    browser.delete_all_cookies()
    browser.get(demo_url + "/static/chat.css")  # same origin: clear what the page remembered
    browser.execute_script("localStorage.clear()")
    name = request.node.name.removeprefix("test_")
    page = Page(browser, demo_url, name)
    page.open()
    return page


def test_a_new_member_onboards_by_pressing_buttons(page: Page) -> None:
    page.by_css("#new-name")[0].send_keys("Jan Nowicki")
    page.by_css("#create-form button")[0].click()
    jan = page.panel(1101)
    page.screenshot("new-person")
    page.send(jan, "/start")
    page.bot_text(jan, "Krok 1 z 3: język")
    page.screenshot("language-step")
    page.press(jan, "Dalej ▶️")
    page.bot_text(jan, "Krok 2 z 3: Twoja organizacja")
    page.send(jan, "pomocy")
    page.bot_text(jan, "Czy to któraś z tych")
    page.screenshot("organisation-search")
    page.press(jan, "Fundacja Pomocy Sąsiedzkiej")
    page.bot_text(jan, "O czym chcesz otrzymywać informacje")
    page.press(jan, "▫️ Rodziny w kryzysie")
    page.bot_text(jan, "Wybrane tematy: 1")
    page.screenshot("topic-chosen")
    page.press(jan, "Gotowe")
    page.bot_text(jan, r"Gotowe! Oto, co będziesz otrzymywać.*Rodziny w kryzysie")
    page.screenshot("onboarded")


def test_staff_publish_an_announcement_that_arrives_and_goes_to_a_calendar(page: Page) -> None:
    anna, marta = page.panel(ANNA), page.panel(MARTA)
    page.send(marta, "/announce")
    page.press(marta, "Wydarzenia")
    page.press(marta, "▫️ Rodziny w kryzysie")
    page.press(marta, "Gotowe ▶️")
    page.send(marta, "Piknik rodzinny w parku")
    page.send(
        marta,
        "Zapraszamy **rodziny z dziećmi** na [wspólne popołudnie](https://example.org/piknik).",
    )
    page.bot_text(marta, "Kiedy się zaczyna")
    page.send(marta, "jutro 15:00")
    page.press(marta, "Pomiń ▶️")
    page.send(marta, "Park Jordana, wejście od al. 3 Maja")
    page.press(marta, "Pomiń ▶️")
    page.bot_text(marta, "Dołącz dokument")
    page.press(marta, "Pomiń ▶️")
    page.bot_text(marta, "Dokładnie tak zobaczą to odbiorcy")
    page.screenshot("staff-preview")
    page.press(marta, "🚀 Wyślij teraz")
    page.bot_text(marta, "Wysłać teraz do 2 osób")  # asked once before it goes out
    page.press(marta, "🚀 Tak, wyślij teraz")
    arrived = page.bot_text(anna, "Piknik rodzinny w parku")
    # Staff's formatting survives to the recipient, rendered as Telegram renders it.
    assert [b.text for b in page.by_css(".text b", arrived)][-1] == "rodziny z dziećmi"
    body_link = page.by_css('.text a[href="https://example.org/piknik"]', arrived)
    assert body_link and body_link[0].text == "wspólne popołudnie"
    page.bot_text(marta, r"Wysłane: Piknik rodzinny w parku")
    page.screenshot("announcement-arrived")
    page.press(anna, "📅 Dodaj do kalendarza")
    link = page.wait(
        lambda: next((a for a in page.by_css("a.document", anna) if ".ics" in a.text), None),
        "a calendar file in Anna's chat",
    )
    page.screenshot("calendar-file")
    with urllib.request.urlopen(link.get_attribute("href"), timeout=5) as response:  # noqa: S310
        calendar = response.read().decode()
        disposition = response.headers["Content-Disposition"]
    assert calendar.startswith("BEGIN:VCALENDAR")
    assert "Piknik rodzinny w parku" in calendar
    assert ".ics" in disposition and disposition.startswith("attachment")


def test_a_postulate_is_submitted_and_the_city_answers_it(page: Page) -> None:
    anna, marta = page.panel(ANNA), page.panel(MARTA)
    page.send(anna, "/postulate")
    page.bot_text(anna, "Jakiego tematu dotyczy")
    page.press(anna, "Seniorzy")
    page.send(anna, "Ławki przy przychodniach")
    page.send(anna, "Seniorzy czekający na wizytę nie mają gdzie usiąść.")
    page.bot_text(anna, "Kogo dotyczy")
    page.send(anna, "Pacjenci w wieku 65+")
    page.press(anna, "🏢 W imieniu organizacji Fundacja Pomocy Sąsiedzkiej")
    page.press(anna, "✅ Wyślij")
    page.bot_text(anna, r"postulat nr \d+ został wysłany")
    page.screenshot("postulate-sent")
    # A button of a finished conversation: the bot answers with an alert the page shows.
    page.press(anna, "✖️ Anuluj")
    page.wait(lambda: next(iter(page.by_css("dialog#alert[open]")), None), "an alert")
    page.screenshot("stale-button-alert")
    assert page.by_css("#alert-text")[0].text
    page.by_css("dialog#alert button")[0].click()
    page.send(marta, "/review")
    page.press(marta, "re:Ławki przy przychodniach")
    page.press(marta, "re:Odpowi")
    page.press(marta, "przyjęty")
    page.bot_text(marta, "(?i)stanowisko")
    page.send(marta, "Ławki staną przy trzech przychodniach do wiosny.")
    page.press(marta, "re:Opublikuj odpowiedź")
    page.press(marta, "re:Tak, opublikuj")  # asked once before the authors are told
    page.screenshot("staff-answered")
    page.bot_text(anna, r"Miasto odpowiedziało.*Ławki przy przychodniach.*do wiosny")
    page.screenshot("answer-arrived")


def test_the_interface_switches_to_ukrainian(page: Page) -> None:
    from selenium.webdriver.support.ui import Select

    Select(page.by_css("#ui-language")[0]).select_by_value("uk")
    page.wait(
        lambda: page.driver.execute_script("return document.documentElement.lang") == "uk",
        "the page in Ukrainian",
    )
    assert page.by_css("h1")[0].text == "ngobot — демонстраційна версія"
    oksana = page.open_chat(OKSANA)
    page.send(oksana, "/start")
    page.bot_text(oksana, "Крок 1 з 3")
    assert page.by_css(".composer button", oksana)[0].text == "Надіслати"
    page.screenshot("ukrainian")
    # What people type is shown as typed, never as markup (of the page or of Telegram).
    page.press(oksana, "Далі ▶️")
    page.send(oksana, '<b>ніщо</b><img src=x onerror="document.title=1">')
    answer = page.bot_text(oksana, "Не знайдено організації за запитом «<b>ніщо</b><img")
    assert not page.by_css("img", answer) and not page.by_css(".text b", answer)


def test_a_polish_hint_types_the_polish_command_and_the_bot_answers_it(page: Page) -> None:
    from selenium.webdriver.support.ui import Select

    anna = page.panel(ANNA)
    page.bot_text(anna, "Konkurs ofert")  # the seeded chat is shown
    polish = [
        "/terminy — najbliższe terminy",
        "/postulat — zgłoś postulat",
        "/tematy — wybierz tematy",
    ]
    page.wait(lambda: hints(page, anna) == polish, f"the hints {polish}")
    shown = len(page.by_css(".message", anna))
    page.by_css(".try-command", anna)[0].click()
    page.wait(lambda: newer(page, anna, shown, "mine") == ["/terminy"], "Anna's /terminy")
    page.wait(
        lambda: any("Nadchodzące" in text for text in newer(page, anna, shown, "bot")),
        "the bot's coming dates after /terminy",
    )
    page.screenshot("polish-hint-answered")
    # The names follow the page's language: the bot shows English names in Ukrainian too.
    Select(page.by_css("#ui-language")[0]).select_by_value("uk")
    page.wait(lambda: hints(page, anna)[0] == "/upcoming — найближчі терміни", "Ukrainian hints")
    Select(page.by_css("#ui-language")[0]).select_by_value("en")
    page.wait(lambda: hints(page, anna)[0] == "/upcoming — coming deadlines", "English hints")


def hints(page: Page, panel: Any) -> list[str]:
    return [button.text for button in page.by_css(".try-command", panel)]


def newer(page: Page, panel: Any, shown: int, sender: str) -> list[str]:
    """The texts of the messages after the first `shown`, from the bot or the person."""
    return [
        message.find_element("css selector", ".text").text
        for message in page.by_css(".message", panel)[shown:]
        if sender in (message.get_attribute("class") or "").split()
    ]


def test_a_new_demo_feed_item_reaches_the_group_chat(page: Page) -> None:
    group = page.open_chat(GROUP)
    page.by_css("#feed-button")[0].click()
    toast = page.wait(lambda: page.by_css("#toast")[0].text, "the feed button's confirmation")
    title = re.search(r"„(.+)”", toast)
    assert title, toast
    page.bot_text(group, re.escape(title.group(1)))
    page.screenshot("feed-item-in-group")


def test_the_page_has_no_serious_accessibility_problems(page: Page) -> None:
    page.panel(ANNA)
    page.bot_text(page.panel(ANNA), "Dodaj do kalendarza|Konkurs ofert")
    page.by_css(".panel .menu summary")[0].click()
    problems = page.driver.execute_script(CHECKER)
    page.screenshot("accessibility-checked")
    assert problems == []
    # The checker can fail: an unlabelled field and pale text are found.
    page.driver.execute_script(
        "document.querySelector('header').insertAdjacentHTML('beforeend',"
        ' \'<input id="bare"><p style="color:#bbb">pale</p>\')'
    )
    found = {problem["rule"] for problem in page.driver.execute_script(CHECKER)}
    assert {"label", "color-contrast"} <= found


def test_the_chat_can_be_used_with_the_keyboard_alone(page: Page) -> None:
    from selenium.webdriver.common.keys import Keys

    anna = page.panel(ANNA)
    page.bot_text(anna, "Konkurs ofert")
    body = page.by_css("body")[0]
    body.send_keys(Keys.TAB)
    focused = page.driver.switch_to.active_element
    assert focused.get_attribute("class") == "skip"
    outline = page.driver.execute_script(
        "return getComputedStyle(document.activeElement).outlineStyle"
    )
    assert outline != "none", "the focus is visible"
    box = page.by_css("textarea", anna)[0]
    for _ in range(200):
        if page.driver.switch_to.active_element == box:
            break
        page.driver.switch_to.active_element.send_keys(Keys.TAB)
    assert page.driver.switch_to.active_element == box, "Tab reaches Anna's message box"
    box.send_keys("/help", Keys.ENTER)
    page.bot_text(anna, "/postulat")
    page.screenshot("keyboard-only")
