"""`python -m bot demo` without a browser: the page, the seeded chats, the API's refusals,
Ctrl-C and --reset."""

from __future__ import annotations

import json
import re
import sqlite3
import time
import urllib.error
import urllib.request
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from bot.core.commands import COMMANDS
from bot.demo.run import DB_NAME, reset
from tests.demo_browser_support import demo_process

ANNA, OKSANA, MARTA = 1001, 1002, 1003


def get(url: str) -> Any:
    with urllib.request.urlopen(url, timeout=5) as response:  # noqa: S310 - 127.0.0.1 only
        body = response.read().decode()
    return json.loads(body) if body[:1] in "[{" else body


def post(url: str, body: dict[str, Any]) -> tuple[int, Any]:
    request = urllib.request.Request(  # noqa: S310 - 127.0.0.1 only
        url, json.dumps(body).encode(), {"Content-Type": "application/json"}
    )
    try:
        with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as error:
        return error.code, None


def wait_for_text(url: str, pattern: str) -> str:
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        texts = [m["text"] for m in get(url)["messages"] if m["from_bot"]]
        found = [text for text in texts if pattern in text]
        if found:
            return found[-1]
        time.sleep(0.1)
    raise AssertionError(f"no bot message with {pattern!r} at {url}")


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("demo")


@pytest.fixture(scope="module")
def demo(folder: Path) -> Any:
    with demo_process(folder) as url:
        yield url


def test_the_page_and_the_seeded_announcements_are_served(demo: str) -> None:
    page = get(demo + "/")
    assert '<html lang="pl">' in page
    assert not re.search(r"""(src|href)=["']?(https?:)?//""", page), "nothing from the internet"
    wait_for_text(f"{demo}/api/chat/{ANNA}", "Konkurs ofert: wsparcie seniorów")
    people = {p["role"]: p for p in get(demo + "/api/people")}
    assert set(people) == {"member", "volunteer", "staff", "group"}


def test_a_message_from_the_page_reaches_the_bot_and_its_answer_comes_back(demo: str) -> None:
    status, _ = post(f"{demo}/api/chat/{ANNA}/send", {"text": "/upcoming"})
    assert status == 200
    assert "Konkurs ofert" in wait_for_text(f"{demo}/api/chat/{ANNA}", "Nadchodzące")


def test_the_hints_name_each_command_as_the_bot_shows_it_in_each_language(demo: str) -> None:
    names = get(demo + "/api/commands")
    assert names["upcoming"] == {"pl": "terminy", "uk": "upcoming", "en": "upcoming"}
    assert names["postulate"]["pl"] == "postulat"
    # The names are those of the menu the bot registered for a Polish and a Ukrainian chat.
    for chat, language in ((ANNA, "pl"), (OKSANA, "uk")):
        menu = wait_for_menu(f"{demo}/api/chat/{chat}")
        assert menu <= {by_language[language] for by_language in names.values()}, chat
    assert "terminy" in wait_for_menu(f"{demo}/api/chat/{ANNA}")


def test_every_hint_is_a_command_of_the_bot_described_in_every_language() -> None:
    static = Path(__file__).resolve().parent.parent / "bot" / "demo" / "static"
    tries = re.search(r"const TRIES = \{(.*?)\};", (static / "chat.js").read_text("utf-8"), re.S)
    assert tries is not None
    hinted = set(re.findall(r'"(\w+)"', tries.group(1)))
    assert hinted and hinted <= {command.name for command in COMMANDS}
    texts = (static / "texts.js").read_text("utf-8")
    described = [
        set(re.findall(r"(\w+): \"", block))
        for block in re.findall(r"tries: \{(.*?)\}", texts, re.S)
    ]
    assert len(described) == 3 and all(hinted <= block for block in described)


def wait_for_menu(url: str) -> set[str]:
    """The command names of a chat's menu, once the bot has set one."""
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        menu = {command["command"] for command in get(url)["commands"]}
        if menu:
            return menu
        time.sleep(0.1)
    raise AssertionError(f"no command menu at {url}")


def test_the_sample_call_arrives_and_its_reminder_is_due_within_minutes(
    demo: str, folder: Path
) -> None:
    status, sample = post(f"{demo}/api/sample", {})
    assert status == 200
    wait_for_text(f"{demo}/api/chat/{ANNA}", sample["title"])
    with sqlite3.connect(folder / DB_NAME) as db:
        [(due,)] = db.execute(
            "SELECT o.not_before FROM outbox o JOIN announcements a ON a.id = o.announcement_id"
            " WHERE o.chat_id = ? AND o.purpose = 'reminder' AND o.tag LIKE '7d|%'"
            " AND a.title = ?",
            (ANNA, sample["title"]),
        ).fetchall()
    wait = datetime.fromisoformat(due) - datetime.now(UTC)
    assert timedelta(0) < wait <= timedelta(minutes=2)


def test_staff_import_an_opml_file_sent_from_the_page(demo: str) -> None:
    post(f"{demo}/api/chat/{MARTA}/send", {"text": "/feeds"})
    wait_for_text(f"{demo}/api/chat/{MARTA}", "Kanały: 1")
    latest = get(f"{demo}/api/chat/{MARTA}")["messages"][-1]
    post(f"{demo}/api/chat/{MARTA}/press", {"message_id": latest["id"], "data": "fd:i"})
    wait_for_text(f"{demo}/api/chat/{MARTA}", "Wyślij plik OPML")
    opml = (
        '<?xml version="1.0" encoding="UTF-8"?><opml version="2.0"><head><title>Portale</title>'
        f'</head><body><outline type="rss" text="NGO" xmlUrl="{demo}/demo/other.xml"/>'
        "</body></opml>"
    )
    boundary = "demo-boundary"
    body = (
        f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="portale.opml"'
        f"\r\nContent-Type: text/x-opml\r\n\r\n{opml}\r\n--{boundary}--\r\n"
    ).encode()
    request = urllib.request.Request(  # noqa: S310 - 127.0.0.1 only
        f"{demo}/api/chat/{MARTA}/upload",
        body,
        {"Content-Type": f"multipart/form-data; boundary={boundary}"},
    )
    with urllib.request.urlopen(request, timeout=5) as response:  # noqa: S310
        assert response.status == 200
    wait_for_text(f"{demo}/api/chat/{MARTA}", "Plik zawiera 1 kanał")


def is_docx(message: dict[str, Any]) -> bool:
    return message["from_bot"] and message.get("document", {}).get("name", "").endswith(".docx")


def test_staff_download_the_consultation_report_as_docx(demo: str) -> None:
    chat = f"{demo}/api/chat/{MARTA}"
    post(f"{chat}/send", {"text": "/export"})
    wait_for_text(chat, "Raport z konsultacji")
    for data, shown in (("pex:r:1", "Raport: Konsultacje"), ("pex:f:1:docx", None)):
        latest = get(chat)["messages"][-1]
        post(f"{chat}/press", {"message_id": latest["id"], "data": data})
        if shown:
            wait_for_text(chat, shown)
    deadline = time.monotonic() + 10
    while not (reports := [m["document"] for m in get(chat)["messages"] if is_docx(m)]):
        assert time.monotonic() < deadline, "no report document"
        time.sleep(0.1)
    with urllib.request.urlopen(demo + reports[-1]["url"], timeout=5) as response:  # noqa: S310
        assert response.read()[:2] == b"PK"  # a DOCX is a zip
        assert "attachment" in response.headers["Content-Disposition"]


def test_bad_requests_are_refused_and_change_nothing(demo: str) -> None:
    before = get(demo + "/api/people")
    assert post(demo + "/api/people", {"name": "   ", "language": "pl"})[0] == 400
    assert post(demo + "/api/people", {"name": "Ewa", "language": "de"})[0] == 400
    assert post(f"{demo}/api/chat/{ANNA}/send", {"text": ""})[0] == 400
    assert post(f"{demo}/api/chat/999999/send", {"text": "hej"})[0] == 404
    beyond = [{"type": "bold", "offset": 2, "length": 5}]
    script = [{"type": "text_link", "offset": 0, "length": 3, "url": "javascript:alert(1)"}]
    for entities in (beyond, script, [{"type": "pre", "offset": 0, "length": 1}], "bold"):
        sent = {"text": "hej", "entities": entities}
        assert post(f"{demo}/api/chat/{ANNA}/send", sent)[0] == 400, entities
    assert get(demo + "/api/people") == before
    with pytest.raises(urllib.error.HTTPError):
        get(demo + "/static/..%2Frun.py")


def test_a_restarted_demo_shows_its_chats_again_and_carries_on(tmp_path: Path) -> None:
    with demo_process(tmp_path) as url:
        wait_for_text(f"{url}/api/chat/{ANNA}", "Konsultacje programu")
        before = get(f"{url}/api/chat/{ANNA}")["messages"]
    with demo_process(tmp_path) as url:
        again = get(f"{url}/api/chat/{ANNA}")["messages"]
        assert [m["text"] for m in again[: len(before)]] == [m["text"] for m in before]
        post(f"{url}/api/chat/{ANNA}/send", {"text": "/upcoming"})
        wait_for_text(f"{url}/api/chat/{ANNA}", "Nadchodzące")
        ids = [m["id"] for m in get(f"{url}/api/chat/{ANNA}")["messages"]]
    assert len(ids) == len(set(ids)) > len(before)


def test_reset_removes_the_demo_files_only(tmp_path: Path) -> None:
    for name in (DB_NAME, f"{DB_NAME}-wal", "people.json", "chats.json", "notes.txt"):
        (tmp_path / name).write_text("x")
    reset(tmp_path)
    assert [p.name for p in tmp_path.iterdir()] == ["notes.txt"]
