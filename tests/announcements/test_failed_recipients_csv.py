"""The failed-recipients CSV names each chat: a person's @username or a group's title."""

from __future__ import annotations

import csv
import io

from bot.announcements.list_view import failed_csv
from bot.delivery.types import FailedRecipient


def test_each_chat_is_named_and_nothing_can_run_as_a_formula() -> None:
    data = failed_csv(
        [
            FailedRecipient(7, "blocked", None, 1, "@ania"),
            FailedRecipient(-100_5, "failed", "Bad Request: chat not found", 3, "=Grupa Łąka"),
            FailedRecipient(9, "failed", "Forbidden", 1, None),
        ]
    )
    assert data.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline=""), delimiter=";"))
    assert rows[1] == ["użytkownik @ania", "7", "zablokowane", "", "1"]
    assert rows[2] == ["'=Grupa Łąka", "-1005", "nieudane", "Bad Request: chat not found", "3"]
    assert rows[3][:3] == ["", "9", "nieudane"]
