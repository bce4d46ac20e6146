"""Feed item HTML read into styled text runs: paragraphs, lists and tables laid out as lines."""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from html.parser import HTMLParser
from typing import Final

import nh3

from bot.core.addresses import join_address, split_address

# A formatting Telegram keeps: (tag, href); href is "" for every tag but <a>.
Mark = tuple[str, str]

# Source tags that become one of Telegram's; headings are bold.
_MARKS: Final = {
    "b": "b", "strong": "b", "i": "i", "em": "i", "u": "u", "ins": "u", "s": "s",
    "strike": "s", "del": "s", "code": "code", "pre": "pre", "blockquote": "blockquote",
    "a": "a", "h1": "b", "h2": "b", "h3": "b", "h4": "b", "h5": "b", "h6": "b",
}  # fmt: skip
# Blocks separated by a blank line; their contents flow as one paragraph.
_BLOCKS: Final = {
    "p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "pre", "table", "hr",
    "section", "article", "header", "footer", "main", "aside", "nav", "figure", "address",
    "center", "dl",
}  # fmt: skip
# Blocks that start a new line but no blank one.
_LINES: Final = {"tr", "dt", "dd", "caption", "figcaption"}
_CELLS: Final = {"td", "th"}
_LISTS: Final = {"ul", "ol"}
_KEPT: Final = set(_MARKS) | _BLOCKS | _LINES | _CELLS | _LISTS | {"li", "br"}
# Removed with their content: code, styling, embedded documents and MS Word's XML islands.
_DROPPED: Final = {
    "script", "style", "noscript", "template", "iframe", "object", "svg", "math", "xml",
    "title", "head",
}  # fmt: skip
# Telegram's block entities: a line break inside them stays inside.
_BLOCK_MARKS: Final = {"blockquote", "pre"}
_CDATA: Final = re.compile(r"<!\[CDATA\[(.*?)\]\]>", re.S)
_HAS_TAG: Final = re.compile(r"<[a-zA-Z/!?]")
# Soft hyphens, zero-width spaces and byte-order marks: invisible junk from word processors.
_INVISIBLE: Final = str.maketrans("", "", "\u00ad\u200b\ufeff")
_PARAGRAPH_BREAK: Final = re.compile(r"\n[^\S\n]*\n\s*")
_TAG: Final = re.compile(r"<[^>]*>")
# Word's list markers: <![if !supportLists]>·<![endif]> (Symbol, Wingdings or plain fonts).
_WORD_MARKER: Final = re.compile(r"<!\[if !supportLists\]>(.*?)<!\[endif\]>", re.S | re.I)
# Word's list items are paragraphs of these classes: lines, like the items of a list.
_WORD_LIST_ITEM: Final = re.compile(
    r"<p\b[^>]*\bclass=[\"']?MsoListParagraph[^>]*>(.*?)</p>", re.S | re.I
)
_WORD_BULLETS: Final = {"·", "•", "§", "o", "-", "–", "▪", "Ø", "ü", ""}
_BLANK_LINES: Final = re.compile(r"\n[^\S\n]*(?:\n[^\S\n]*)+\n")


@dataclass(frozen=True, slots=True)
class Run:
    """Text with the formattings that apply to all of it, outermost first."""

    text: str
    marks: tuple[Mark, ...] = ()


def read_runs(markup: str, base: str | None = None) -> list[Run]:
    """The readable text of feed HTML as runs, trimmed; relative links resolve against `base`."""
    reader = _Reader(base)
    reader.feed(_sanitise(markup))
    reader.close()
    return trim(reader.runs)


def trim(runs: list[Run]) -> list[Run]:
    """Runs without leading and trailing whitespace, and without empty runs."""
    kept = [run for run in runs if run.text]
    while kept and not kept[0].text.strip():
        kept.pop(0)
    while kept and not kept[-1].text.strip():
        kept.pop()
    if kept:
        kept[0] = Run(kept[0].text.lstrip(), kept[0].marks)
        kept[-1] = Run(kept[-1].text.rstrip(), kept[-1].marks)
    return kept


def block_marks(marks: tuple[Mark, ...]) -> tuple[Mark, ...]:
    """The leading block formattings (a quote, a code block) a line break may stay inside."""
    count = 0
    while count < len(marks) and marks[count][0] in _BLOCK_MARKS:
        count += 1
    return marks[:count]


def http_url(href: str, base: str | None) -> str | None:
    """An absolute http(s) address for `href`, or None for any other kind of link."""
    if not href.strip():
        return None  # the cleaner empties a javascript: or data: address
    resolved = join_address(base, href.strip()) if base else href.strip()
    parts = None if resolved is None else split_address(resolved)
    if parts is not None and parts.scheme.lower() in ("http", "https") and parts.netloc:
        return resolved
    return None


def _sanitise(markup: str) -> str:
    # Unwrapped first: a CDATA section left in an HTML fragment would be read as a comment.
    text = _WORD_MARKER.sub(_word_marker, _CDATA.sub(r"\1", markup))
    text = _WORD_LIST_ITEM.sub(r"<li>\1</li>", text)
    if not _HAS_TAG.search(text):
        text = _plain_paragraphs(text)
    return nh3.clean(
        text,
        tags=_KEPT,
        clean_content_tags=_DROPPED,
        attributes={"a": {"href"}, "ol": {"start"}},
        link_rel=None,
    )


def _plain_paragraphs(text: str) -> str:
    """Plain text (some feeds send no markup) keeps its paragraphs and lines."""
    paragraphs = _PARAGRAPH_BREAK.split(text.replace("\r\n", "\n"))
    return "".join(f"<p>{part.replace(chr(10), '<br>')}</p>" for part in paragraphs)


def _word_marker(found: re.Match[str]) -> str:
    """MS Word writes list bullets as text in a symbol font: made a bullet, numbers kept."""
    marker = " ".join(html.unescape(_TAG.sub("", found.group(1))).split())
    return "• " if marker in _WORD_BULLETS else f"{marker} "


def _shared(first: tuple[Mark, ...], second: tuple[Mark, ...]) -> tuple[Mark, ...]:
    count = 0
    while count < min(len(first), len(second)) and first[count] == second[count]:
        count += 1
    return first[:count]


class _Reader(HTMLParser):
    """Walks sanitised (well-formed) HTML; separators are pending until text follows them."""

    def __init__(self, base: str | None) -> None:
        super().__init__(convert_charrefs=True)
        self.base = base
        self.runs: list[Run] = []
        self.stack: list[tuple[str, Mark | None]] = []
        self.lists: list[list[int]] = []  # [ordered (0/1), items so far] per open list
        self.cells = 0
        self.row_started = False
        self.pending_break = 0  # 1: a new line, 2: a blank line
        self.pending_space = False
        self.prefix = ""  # a list item's bullet, or a table cell's separator

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _MARKS:
            self.stack.append((tag, self._mark(tag, dict(attrs).get("href"))))
        if tag == "br":
            self._separate(1)
        elif tag in _LISTS:
            self._separate(2)
            if self.lists and self.runs and not self.cells:
                self.pending_break = 1  # a nested list continues its item's lines
            self.lists.append([int(tag == "ol"), _start(dict(attrs).get("start")) - 1])
        elif tag == "li":
            self._item()
        elif tag in _CELLS:
            self.cells += 1
            if self.row_started:
                self.pending_space, self.prefix = True, "| "
        elif tag in _LINES:
            self._separate(1)
            self.row_started = False
        elif tag in _BLOCKS and not (self.prefix and self.lists):
            self._separate(2)  # a paragraph opening a list item stays on the bullet's line

    def handle_endtag(self, tag: str) -> None:
        if tag in _MARKS:
            for index in range(len(self.stack) - 1, -1, -1):
                if self.stack[index][0] == tag:
                    del self.stack[index]
                    break
        if tag in _LISTS and self.lists:
            self.lists.pop()
            self._separate(1 if self.lists else 2)
        elif tag == "li" and self.runs and not self.cells:
            self.pending_break = 1  # even after the item's last paragraph: items are lines
        elif tag in _CELLS:
            self.cells = max(self.cells - 1, 0)
        elif tag in _LINES:
            self._separate(1)
            self.row_started = False
        elif tag in _BLOCKS:
            self._separate(2)

    def handle_data(self, data: str) -> None:
        data = data.translate(_INVISIBLE)
        if any(mark == ("pre", "") for mark in self._marks()):
            text = _BLANK_LINES.sub("\n\n", data.replace("\r\n", "\n").replace("\xa0", " "))
            self._emit(text)
            return
        words = data.split()
        if data[:1].isspace():
            self.pending_space = True
        if words:
            self._emit(" ".join(words))
        if data[-1:].isspace():
            self.pending_space = True

    def _marks(self) -> tuple[Mark, ...]:
        return tuple(mark for _, mark in self.stack if mark is not None)

    def _mark(self, tag: str, href: str | None) -> Mark | None:
        """The formatting for a tag, or None where Telegram cannot nest it or the link is bad."""
        name, current = _MARKS[tag], self._marks()
        names = [mark[0] for mark in current]
        if name in names or "code" in names or "pre" in names:
            return None
        if name == "blockquote" and current:
            return None
        if name in ("code", "pre") and any(other != "blockquote" for other in names):
            return None
        if name != "a":
            return (name, "")
        url = http_url(href or "", self.base)
        return ("a", url) if url else None

    def _separate(self, level: int) -> None:
        if self.cells:
            self.pending_space = True  # a table cell's contents stay on the row's line
        elif self.runs:
            self.pending_break = max(self.pending_break, level)

    def _item(self) -> None:
        if not self.lists:
            self._separate(1)
            return
        current = self.lists[-1]
        current[1] += 1
        if self.cells:
            self.pending_space = True
            return
        self._separate(1)
        indent = "  " * (len(self.lists) - 1)
        self.prefix = indent + (f"{current[1]}. " if current[0] else "• ")

    def _emit(self, text: str) -> None:
        if not text:
            return
        marks = self._marks()
        if self.runs:
            previous = self.runs[-1]
            if self.pending_break:
                shared = block_marks(_shared(previous.marks, marks))
                self.runs.append(Run("\n" * self.pending_break, shared))
            elif self.pending_space and not previous.text[-1:].isspace():
                self.runs.append(Run(" ", _shared(previous.marks, marks)))
        if self.prefix:
            self.runs.append(Run(self.prefix, block_marks(marks)))
        self.runs.append(Run(text, marks))
        self.pending_break, self.pending_space, self.prefix = 0, False, ""
        self.row_started = self.row_started or self.cells > 0


def _start(value: str | None) -> int:
    """An ordered list's first number (its `start` attribute), 1 when absent or nonsense."""
    try:
        return max(int(value or "1"), 0)
    except ValueError:
        return 1
