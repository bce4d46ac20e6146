"""Telegram's HTML parse mode: validation with tdlib's error texts, plain text and entities."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from bot.sandbox.errors import PARSE_ENTITIES, bad_request
from bot.sandbox.text import utf16_len

ALLOWED_TAGS = frozenset(
    {
        "a",
        "b",
        "strong",
        "i",
        "em",
        "u",
        "ins",
        "s",
        "strike",
        "del",
        "span",
        "tg-spoiler",
        "code",
        "pre",
        "blockquote",
        "tg-emoji",
    }
)
SIMPLE_TYPES = {
    "b": "bold",
    "strong": "bold",
    "i": "italic",
    "em": "italic",
    "u": "underline",
    "ins": "underline",
    "s": "strikethrough",
    "strike": "strikethrough",
    "del": "strikethrough",
    "span": "spoiler",
    "tg-spoiler": "spoiler",
    "code": "code",
    "pre": "pre",
}
NAMED_ENTITIES = {"lt": "<", "gt": ">", "amp": "&", "quot": '"'}
SPACES = " \t\r\n\f\v"


class HtmlError(Exception):
    """A parse failure; the message is tdlib's text without the Bot API prefix."""


@dataclass
class _OpenTag:
    tag: str
    attrs: dict[str, str]
    offset: int


@dataclass
class _Parser:
    source: str
    strict: bool
    pos: int = 0
    out: list[str] = field(default_factory=list)
    u16: int = 0
    stack: list[_OpenTag] = field(default_factory=list)
    entities: list[dict[str, Any]] = field(default_factory=list)

    def byte_offset(self, index: int) -> int:
        return len(self.source[:index].encode("utf-8"))

    def fail(self, message: str, index: int | None = None) -> HtmlError:
        suffix = "" if index is None else f" at byte offset {self.byte_offset(index)}"
        return HtmlError(message + suffix)

    def emit(self, chars: str) -> None:
        self.out.append(chars)
        self.u16 += utf16_len(chars)

    def at(self, index: int) -> str:
        return self.source[index] if index < len(self.source) else ""

    def skip_spaces(self, index: int) -> int:
        while self.at(index) and self.at(index) in SPACES:
            index += 1
        return index

    def run(self) -> tuple[str, list[dict[str, Any]]]:
        while self.pos < len(self.source):
            char = self.source[self.pos]
            if char == "&":
                self.text_entity()
            elif char == "<":
                self.tag()
            else:
                self.emit(char)
                self.pos += 1
        if self.stack:
            raise self.fail(
                f'Can\'t find end tag corresponding to start tag "{self.stack[-1].tag}"'
            )
        self.entities.sort(key=lambda e: (e["offset"], -e["length"]))
        return "".join(self.out), self.entities

    def text_entity(self) -> None:
        decoded, end = decode_entity(self.source, self.pos, self.strict)
        if decoded is None:
            if self.strict:
                raise self.fail('Character "&" must be escaped as "&amp;"', self.pos)
            decoded, end = "&", self.pos + 1
        self.emit(decoded)
        self.pos = end

    def tag(self) -> None:
        begin = self.pos
        if self.at(begin + 1) == "/":
            self.end_tag(begin)
        else:
            self.start_tag(begin)

    def start_tag(self, begin: int) -> None:
        index = begin + 1
        while self.at(index) and self.at(index) not in SPACES and self.at(index) != ">":
            index += 1
        if not self.at(index):
            raise self.fail("Unclosed start tag", begin)
        name = self.source[begin + 1 : index].lower()
        if name not in ALLOWED_TAGS:
            raise self.fail(f'Unsupported start tag "{name}"', begin)
        attrs, index = self.attributes(index, name, begin)
        check_tag_attributes(name, attrs, lambda msg: self.fail(msg, begin))
        self.stack.append(_OpenTag(name, attrs, self.u16))
        self.pos = index + 1

    def attributes(self, index: int, tag: str, begin: int) -> tuple[dict[str, str], int]:
        attrs: dict[str, str] = {}
        while True:
            index = self.skip_spaces(index)
            if not self.at(index):
                raise self.fail("Unclosed start tag", begin)
            if self.at(index) == ">":
                return attrs, index
            start = index
            while self.at(index) and self.at(index) not in SPACES + "=>":
                index += 1
            name = self.source[start:index].lower()
            if not name:
                raise self.fail(f'Empty attribute name in the tag "{tag}"', begin)
            index = self.skip_spaces(index)
            if self.at(index) != "=":
                if not self.at(index):
                    raise self.fail("Unclosed start tag", begin)
                if tag == "blockquote" and name == "expandable":
                    attrs[name] = ""
                    continue
                raise self.fail(
                    f'Expected equal sign in declaration of an attribute of the tag "{tag}"',
                    begin,
                )
            attrs[name], index = self.attribute_value(self.skip_spaces(index + 1), begin)

    def attribute_value(self, index: int, begin: int) -> tuple[str, int]:
        quote = self.at(index)
        if not quote:
            raise self.fail("Unclosed start tag", begin)
        if quote not in "'\"":
            start = index
            while self.at(index) and (self.at(index).isalnum() or self.at(index) in ".-"):
                index += 1
            if not self.at(index):
                raise self.fail("Unclosed start tag", begin)
            if self.at(index) not in SPACES + ">":
                raise self.fail("Unexpected end of name token", start)
            return self.source[start:index].lower(), index
        index += 1
        chars: list[str] = []
        while self.at(index) and self.at(index) != quote:
            decoded, end = decode_entity(self.source, index, strict=False)
            chars.append(decoded if decoded is not None else self.at(index))
            index = end if decoded is not None else index + 1
        if not self.at(index):
            raise self.fail("Unclosed start tag", begin)
        return "".join(chars), index + 1

    def end_tag(self, begin: int) -> None:
        if not self.stack:
            raise self.fail("Unexpected end tag", begin)
        index = begin + 2
        while self.at(index) and self.at(index) not in SPACES and self.at(index) != ">":
            index += 1
        name = self.source[begin + 2 : index].lower()
        index = self.skip_spaces(index)
        if self.at(index) != ">":
            raise self.fail("Unclosed end tag", begin)
        opened = self.stack.pop()
        if name and name != opened.tag:
            raise self.fail(
                f"Unmatched end tag at byte offset {self.byte_offset(begin)}, "
                f'expected "</{opened.tag}>", found "</{name}>"'
            )
        self.pos = index + 1
        if self.u16 > opened.offset:
            self.close_entity(opened)

    def close_entity(self, opened: _OpenTag) -> None:
        entity = make_entity(opened.tag, opened.attrs, opened.offset, self.u16 - opened.offset)
        if opened.tag == "pre":
            merge_code_into_pre(entity, self.entities)
        self.entities.append(entity)


def check_tag_attributes(tag: str, attrs: dict[str, str], fail: Any) -> None:
    if tag == "span" and attrs.get("class") != "tg-spoiler":
        raise fail('Tag "span" must have class "tg-spoiler"')
    if tag == "tg-emoji" and not attrs.get("emoji-id", "").isdigit():
        raise fail('Tag "tg-emoji" must have attribute "emoji-id"')


def make_entity(tag: str, attrs: dict[str, str], offset: int, length: int) -> dict[str, Any]:
    entity: dict[str, Any] = {"offset": offset, "length": length}
    if tag in SIMPLE_TYPES:
        entity["type"] = SIMPLE_TYPES[tag]
    elif tag == "a":
        href = attrs.get("href", "")
        entity.update({"type": "text_link", "url": href} if href else {"type": "url"})
    elif tag == "blockquote":
        entity["type"] = "expandable_blockquote" if "expandable" in attrs else "blockquote"
    else:
        entity.update(type="custom_emoji", custom_emoji_id=attrs["emoji-id"])
    language = attrs.get("class", "")
    if tag == "code" and language.startswith("language-"):
        entity["_language"] = language.removeprefix("language-")
    return entity


def merge_code_into_pre(pre: dict[str, Any], entities: list[dict[str, Any]]) -> None:
    """`<pre><code class="language-x">` becomes one pre entity with a language."""
    for inner in list(entities):
        same_span = (inner["offset"], inner["length"]) == (pre["offset"], pre["length"])
        if inner["type"] == "code" and same_span:
            entities.remove(inner)
            if "_language" in inner:
                pre["language"] = inner["_language"]


def decode_entity(source: str, index: int, strict: bool) -> tuple[str | None, int]:
    """Decode `&name;` or `&#N;` at index; (None, index) when it is not a valid entity."""
    end = index + 1
    if source[end : end + 1] == "#":
        end += 1
        hexadecimal = source[end : end + 1] in ("x", "X")
        end += hexadecimal
        digits = "0123456789abcdefABCDEF" if hexadecimal else "0123456789"
        start = end
        while end < len(source) and source[end] in digits:
            end += 1
        if start == end:
            return None, index
        code = int(source[start:end], 16 if hexadecimal else 10)
        valid = 0 < code <= 0x10FFFF and not 0xD800 <= code <= 0xDFFF
        decoded = chr(code) if valid else None
    else:
        while end < len(source) and source[end].isascii() and source[end].isalpha():
            end += 1
        decoded = NAMED_ENTITIES.get(source[index + 1 : end])
    if decoded is None:
        return None, index
    if source[end : end + 1] == ";":
        return decoded, end + 1
    return (None, index) if strict else (decoded, end)


def parse_html(source: str, strict: bool = True) -> tuple[str, list[dict[str, Any]]]:
    """Return (plain text, entities) or raise the Bot API's can't-parse-entities 400."""
    try:
        text, entities = _Parser(source, strict).run()
    except HtmlError as exc:
        raise bad_request(PARSE_ENTITIES + str(exc)) from None
    for entity in entities:
        entity.pop("_language", None)
    return text, entities
