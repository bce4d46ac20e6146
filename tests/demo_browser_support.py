"""The demo started as a visitor starts it, and a headless Chromium driving its web page."""

from __future__ import annotations

import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, TypeVar

import pytest

ROOT = Path(__file__).resolve().parent.parent
SCREENS = ROOT / "tests" / "artifacts" / "screens"
START_DEADLINE = 60.0
STEP_DEADLINE = 10.0
CHROMIUM = ("/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome")
CHROMEDRIVER = ("/usr/bin/chromedriver", "/usr/lib/chromium/chromedriver")
NO_BROWSER = (
    "\n" + "!" * 78 + "\n!!! NO BROWSER: the demo's web page was NOT tested in a real browser.\n"
    "!!! Install Debian's chromium and chromium-driver (.ci/run does) and selenium.\n" + "!" * 78
)
T = TypeVar("T")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def find(paths: tuple[str, ...]) -> str | None:
    return next((p for p in paths if Path(p).exists()), None)


@contextmanager
def demo_process(folder: Path) -> Iterator[str]:
    """`python -m bot demo` on a free port; yields its address once it printed it."""
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "bot", "demo", "--port", str(port), "--folder", str(folder)],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
    )
    try:
        assert process.stdout is not None
        line = process.stdout.readline()  # the demo prints its address when it is ready
        match = re.search(r"http://127\.0\.0\.1:\d+", line)
        assert match, f"the demo did not start: {line}{process.stdout.read(4000)}"
        yield match.group(0)
    finally:
        process.send_signal(signal.SIGINT)
        try:
            code = process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            raise AssertionError("the demo did not stop within 15 s of Ctrl-C") from None
        finally:
            rest = process.stdout.read() if process.stdout is not None else ""
            if process.stdout is not None:
                process.stdout.close()
        assert code == 0, f"the demo stopped with status {code}:\n{rest}"
        assert "Traceback" not in rest and "ERROR" not in rest, rest


def chrome() -> Any:
    """A headless Chromium via Selenium, or a skip that nobody can miss."""
    try:
        from selenium import webdriver
        from selenium.webdriver.chrome.service import Service
    except ImportError:
        pytest.skip(NO_BROWSER)
    binary, driver = find(CHROMIUM), find(CHROMEDRIVER) or shutil.which("chromedriver")
    if binary is None or driver is None:
        pytest.skip(NO_BROWSER)
    options = webdriver.ChromeOptions()
    options.binary_location = binary
    for argument in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage",
                     "--window-size=1400,1000", "--lang=pl"):  # fmt: skip
        options.add_argument(argument)
    return webdriver.Chrome(options=options, service=Service(driver))


def answered(button: Any) -> bool:
    """A pressed button is enabled again, or gone because the bot edited its message."""
    from selenium.common.exceptions import StaleElementReferenceException

    try:
        return bool(button.is_enabled())
    except StaleElementReferenceException:
        return True


class Page:
    """The demo page in the browser, with the few moves a visitor makes."""

    def __init__(self, driver: Any, url: str, test_name: str) -> None:
        self.driver = driver
        self.url = url
        self._prefix = test_name
        self._shots = 0
        SCREENS.mkdir(parents=True, exist_ok=True)

    def wait(self, condition: Callable[[], T | None], what: str) -> T:
        deadline = time.monotonic() + STEP_DEADLINE
        while True:
            try:
                found = condition()
            except Exception:
                found = None
            if found:
                return found
            if time.monotonic() > deadline:
                self.screenshot("FAILED")
                raise AssertionError(f"not within {STEP_DEADLINE} s: {what}")
            time.sleep(0.05)

    def screenshot(self, step: str) -> Path:
        self._shots += 1
        path = SCREENS / f"{self._prefix}-{self._shots:02d}-{step}.png"
        self.driver.save_screenshot(str(path))
        return path

    def open(self, query: str = "") -> None:
        self.driver.get(self.url + "/" + query)
        self.wait(lambda: self.driver.execute_script("return document.readyState") == "complete",
                  "the page loaded")  # fmt: skip

    def by_css(self, css: str, root: Any = None) -> list[Any]:
        from selenium.webdriver.common.by import By

        return list((root or self.driver).find_elements(By.CSS_SELECTOR, css))

    def panel(self, chat_id: int) -> Any:
        return self.wait(
            lambda: next(iter(self.by_css(f'.panel[data-chat-id="{chat_id}"]')), None),
            f"the chat panel of {chat_id}",
        )

    def open_chat(self, chat_id: int) -> Any:
        from selenium.webdriver.support.ui import Select

        Select(self.by_css("#person-pick")[0]).select_by_value(str(chat_id))
        self.by_css("#open-form button")[0].click()
        return self.panel(chat_id)

    def send(self, panel: Any, text: str) -> None:
        box = self.by_css("textarea", panel)[0]
        box.clear()
        box.send_keys(text)
        self.by_css(".composer button", panel)[0].click()
        self.wait(lambda: not box.get_attribute("value"), f"{text!r} was sent")

    def bot_text(self, panel: Any, pattern: str) -> Any:
        """The newest bot message whose text matches (re.S)."""

        def found() -> Any:
            for message in reversed(self.by_css(".message.bot", panel)):
                if re.search(pattern, message.find_element("css selector", ".text").text, re.S):
                    return message
            return None

        return self.wait(found, f"a bot message matching {pattern!r}")

    def press(self, panel: Any, label: str) -> None:
        """Press the button labelled so (exactly, or by regex with re:) on the newest message."""

        def button() -> Any:
            for message in reversed(self.by_css(".message.bot", panel)):
                for node in self.by_css(".inline-keyboard button", message):
                    text = node.text.strip()
                    if (label[3:] and re.search(label[3:], text)) if label.startswith("re:") \
                            else text == label:  # fmt: skip
                        return node
            return None

        node = self.wait(button, f"a button {label!r}")
        node.click()
        self.wait(lambda: answered(node), f"the bot answered {label!r}")
