"""OPML import and export: round trip, nested outlines, and refusal of DOCTYPEs."""

from __future__ import annotations

import time

import pytest

from bot.feeds.opml import OpmlError, read_opml, write_opml
from tests.feeds_server import FeedServer, entity_bomb_doctype

FEEDS: list[tuple[str, str | None]] = [
    ("https://ngo.krakow.pl/feed/aktualnosci.rss", "Aktualności – Kraków dla NGO"),
    ("https://www.gdansk.pl/ngo/atom.xml?lang=pl&typ=konkursy", 'Gdańsk: "konkursy" & <nabory>'),
    ("https://www.wroclaw.pl/ngo/rss", None),
]

# An export from a desktop feed reader: folders, a feed with only `text`, a plain link.
READER_EXPORT = b"""<?xml version="1.0" encoding="UTF-8"?>
<opml version="1.0">
  <head><title>Subskrypcje</title></head>
  <body>
    <outline text="Urz\xc4\x99dy">
      <outline text="Krak\xc3\xb3w" title="Krak\xc3\xb3w dla NGO" type="rss"
               xmlUrl="https://ngo.krakow.pl/feed/aktualnosci.rss"/>
      <outline text="Pozna\xc5\x84">
        <outline text="Pozna\xc5\x84 NGO" type="rss" xmlUrl=" https://www.poznan.pl/ngo/rss "/>
      </outline>
    </outline>
    <outline text="Strona miasta" type="link" url="https://www.lodz.pl"/>
    <outline type="rss" xmlUrl="https://www.wroclaw.pl/ngo/rss"/>
  </body>
</opml>
"""


def test_export_then_import_gives_the_same_feeds() -> None:
    document = write_opml(FEEDS)
    assert document.startswith(b'<?xml version="1.0" encoding="utf-8"?>\n<opml version="2.0">')
    assert read_opml(document) == FEEDS


def test_nested_outlines_are_read_in_document_order() -> None:
    assert read_opml(READER_EXPORT) == [
        ("https://ngo.krakow.pl/feed/aktualnosci.rss", "Kraków dla NGO"),
        ("https://www.poznan.pl/ngo/rss", "Poznań NGO"),
        ("https://www.wroclaw.pl/ngo/rss", None),
    ]


def test_empty_list_exports_a_valid_document() -> None:
    assert read_opml(write_opml([])) == []


def test_entity_bomb_is_refused_at_its_doctype() -> None:
    bomb = (
        f'<?xml version="1.0"?>\n{entity_bomb_doctype("opml")}\n'
        '<opml version="2.0"><body><outline text="&lol9;" xmlUrl="https://x.pl/rss"/></body></opml>'
    ).encode()
    started = time.monotonic()
    with pytest.raises(OpmlError, match="DOCTYPE declarations are not allowed"):
        read_opml(bomb)
    assert time.monotonic() - started < 1


def test_external_dtd_is_refused_without_a_request(feed_server: FeedServer) -> None:
    feed_server.serve("/opml.dtd", b'<!ENTITY x "y">', content_type="application/xml-dtd")
    document = f'<!DOCTYPE opml SYSTEM "{feed_server.url("/opml.dtd")}"><opml/>'.encode()
    with pytest.raises(OpmlError, match="DOCTYPE"):
        read_opml(document)
    assert feed_server.requests == []


@pytest.mark.parametrize(
    ("document", "reason"),
    [
        (b"", "not well-formed XML"),
        (b"<opml><body><outline xmlUrl='https://x.pl/rss'>", "not well-formed XML"),
        (b"<rss version='2.0'><channel/></rss>", "not an OPML document"),
    ],
)
def test_unusable_documents_are_refused_with_a_reason(document: bytes, reason: str) -> None:
    with pytest.raises(OpmlError, match=reason):
        read_opml(document)
