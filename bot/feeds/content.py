"""Feed item content for Telegram: its HTML made readable, shortened to fit, or plain text."""

from __future__ import annotations

from html import escape
from typing import Final

from bot.core.safe_html import visible_length
from bot.feeds.html_text import Mark, Run, block_marks, http_url, read_runs, trim

ELLIPSIS: Final = "…"
# Trailing punctuation that reads badly before the ellipsis ("ofert, …").
_DANGLING: Final = " ,;:–—-"


def to_telegram_html(html: str, *, limit: int, link: str | None, more_label: str) -> str:
    """Telegram HTML of at most `limit` visible characters (UTF-16 units) for a feed item.

    A longer text is cut at a word with "…" and, when `link` is an http(s) address, ends
    with a line linking to it (`more_label`, already translated) within the same limit.
    """
    runs = read_runs(html, base=link)
    whole = _render(runs)
    if visible_length(whole) <= limit:
        return whole
    url = http_url(link, None) if link else None
    more = [Run("\n\n"), Run(more_label, (("a", url),))] if url and more_label else []
    if more and _length(more) >= limit:
        more = []  # no room for both the link and any text: the text matters more
    return _render(trim(_shorten(runs, limit - _length(more)) + more))


def plain_text(html: str) -> str:
    """The text of feed HTML (a title, a summary) on one line: no tags, entities decoded."""
    return " ".join("".join(run.text for run in read_runs(html)).split())


def _units(text: str) -> int:
    """Telegram's length: UTF-16 code units, so an emoji outside the BMP counts twice."""
    return len(text) + sum(1 for char in text if ord(char) > 0xFFFF)


def _length(runs: list[Run]) -> int:
    return sum(_units(run.text) for run in runs)


def _shorten(runs: list[Run], room: int) -> list[Run]:
    """The runs cut to fit `room` units with the ellipsis, at the last space where sensible."""
    if room < 1:
        return []
    text = "".join(run.text for run in runs)
    fits, used = 0, 0
    for char in text:
        used += _units(char)
        if used > room - 1:
            break
        fits += 1
    # Cut at the last space (one at index `fits` ends the last word that fits), unless that
    # loses more than half the room: then a long word (an address) is cut inside.
    space = _last_space(text, fits)
    end = space if space * 2 >= fits else fits
    kept = text[:end].rstrip().rstrip(_DANGLING).rstrip()
    cut = _cut(runs, len(kept))
    last = cut[-1].marks if cut else ()
    return [*cut, Run(ELLIPSIS, block_marks(last))]


def _last_space(text: str, end: int) -> int:
    for index in range(min(end, len(text) - 1), 0, -1):
        if text[index].isspace():
            return index
    return 0


def _cut(runs: list[Run], count: int) -> list[Run]:
    """The first `count` characters of the runs."""
    kept: list[Run] = []
    for run in runs:
        if count <= 0:
            break
        kept.append(Run(run.text[:count], run.marks))
        count -= len(run.text)
    return kept


def _render(runs: list[Run]) -> str:
    """Telegram HTML for the runs: each change of formatting closes and opens the tags."""
    parts: list[str] = []
    current: tuple[Mark, ...] = ()
    for run in runs:
        same = 0
        while same < min(len(current), len(run.marks)) and current[same] == run.marks[same]:
            same += 1
        parts.extend(f"</{tag}>" for tag, _ in reversed(current[same:]))
        parts.extend(_open(mark) for mark in run.marks[same:])
        parts.append(escape(run.text, quote=False))
        current = run.marks
    parts.extend(f"</{tag}>" for tag, _ in reversed(current))
    return "".join(parts)


def _open(mark: Mark) -> str:
    tag, href = mark
    return f'<a href="{escape(href, quote=True)}">' if tag == "a" else f"<{tag}>"
