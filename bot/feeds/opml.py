"""OPML import and export of feed lists, refusing documents with a DOCTYPE (entity bombs)."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from typing import Any

OPML_TITLE = "ngobot feeds"


class OpmlError(ValueError):
    """The file is not a usable OPML document; the message says why, in English."""


class NoDoctypeBuilder(ET.TreeBuilder):
    """Refuses a DOCTYPE (its entities could explode: billion laughs) and notes the root."""

    root_started = False

    def doctype(self, name: Any, pubid: Any, system: Any) -> None:
        raise OpmlError("DOCTYPE declarations are not allowed")

    def start(self, tag: Any, attrs: Any) -> ET.Element:
        self.root_started = True
        return super().start(tag, attrs)


def read_opml(body: bytes) -> list[tuple[str, str | None]]:
    """(xmlUrl, title) of every outline with an xmlUrl, nested ones too, in document order."""
    root = parse_without_doctype(body)
    if root.tag != "opml":
        raise OpmlError("not an OPML document")
    feeds = []
    for outline in root.iter("outline"):
        url = (outline.get("xmlUrl") or "").strip()
        if url:
            title = (outline.get("title") or outline.get("text") or "").strip()
            # Exporters (ours included) put the URL in `text` when a feed has no title.
            feeds.append((url, title if title and title != url else None))
    return feeds


def parse_without_doctype(body: bytes) -> ET.Element:
    """Parse, feeding the prolog byte by byte so that a DOCTYPE is refused before expat reads
    its internal subset (expat keeps parsing after a handler fails, within one feed)."""
    builder = NoDoctypeBuilder()
    parser = ET.XMLParser(target=builder)  # noqa: S314 - see NoDoctypeBuilder
    try:
        position = 0
        while position < len(body) and not builder.root_started:
            parser.feed(body[position : position + 1])
            position += 1
        parser.feed(body[position:])
        root: ET.Element = parser.close()
    except ET.ParseError as error:
        raise OpmlError(f"not well-formed XML: {error}") from None
    return root


def write_opml(feeds: list[tuple[str, str | None]]) -> bytes:
    """An OPML 2.0 document with one RSS outline per (url, title)."""
    root = ET.Element("opml", version="2.0")
    ET.SubElement(ET.SubElement(root, "head"), "title").text = OPML_TITLE
    body = ET.SubElement(root, "body")
    for url, title in feeds:
        attributes = {"type": "rss", "text": title or url, "xmlUrl": url}
        if title:
            attributes["title"] = title
        ET.SubElement(body, "outline", attributes)
    ET.indent(root)
    text = ET.tostring(root, encoding="unicode")
    return f'<?xml version="1.0" encoding="utf-8"?>\n{text}\n'.encode()
