"""Unit tests of the emulator's Telegram-HTML parser and text rules (no server)."""

import pytest

from bot.sandbox.errors import ApiError
from bot.sandbox.formatting import format_caption, format_text
from bot.sandbox.html_parse import parse_html
from bot.sandbox.markup import validate_reply_markup


def entity_types(entities: list[dict]) -> list[tuple[str, int, int]]:
    return [(e["type"], e["offset"], e["length"]) for e in entities]


def test_all_telegram_tags_give_entities_with_utf16_offsets() -> None:
    text, entities = parse_html(
        "😀 <b>Zdrowie</b> <i>ż</i><u>u</u><s>s</s><tg-spoiler>x</tg-spoiler>"
        '<span class="tg-spoiler">y</span><a href="https://ngo.pl/?a=1&amp;b=2">link</a>'
        "<code>c</code><blockquote expandable>q</blockquote>"
    )
    assert text == "😀 Zdrowie żusxylinkcq"
    assert entity_types(entities) == [
        ("bold", 3, 7),
        ("italic", 11, 1),
        ("underline", 12, 1),
        ("strikethrough", 13, 1),
        ("spoiler", 14, 1),
        ("spoiler", 15, 1),
        ("text_link", 16, 4),
        ("code", 20, 1),
        ("expandable_blockquote", 21, 1),
    ]
    assert entities[6]["url"] == "https://ngo.pl/?a=1&b=2"


def test_pre_with_language_and_entities_decode() -> None:
    text, entities = parse_html(
        '<pre><code class="language-python">a &lt; b &amp;&amp; c &gt; d &quot;&#33;&#x41;</code>'
        "</pre>"
    )
    assert text == 'a < b && c > d "!A'
    assert entities == [{"offset": 0, "length": 18, "type": "pre", "language": "python"}]


def test_nested_tags_are_both_kept() -> None:
    _, entities = parse_html("<b>bold <i>both</i></b>")
    assert entity_types(entities) == [("bold", 0, 9), ("italic", 5, 4)]


@pytest.mark.parametrize(
    ("html", "error"),
    [
        ("<foo>x</foo>", 'Unsupported start tag "foo" at byte offset 0'),
        ("ż <br>", 'Unsupported start tag "br" at byte offset 3'),
        ("<b>bold", 'Can\'t find end tag corresponding to start tag "b"'),
        ("<b><i>x</b></i>", 'Unmatched end tag at byte offset 7, expected "</i>", found "</b>"'),
        ("x</b>", "Unexpected end tag at byte offset 1"),
        ("a < b", 'Unsupported start tag "" at byte offset 2'),
        ("1 <", "Unclosed start tag at byte offset 2"),
        ("AT&T", 'Character "&" must be escaped as "&amp;" at byte offset 2'),
        ("&nbsp;", 'Character "&" must be escaped as "&amp;" at byte offset 0'),
        ('<span class="x">s</span>', 'Tag "span" must have class "tg-spoiler" at byte offset 0'),
        ("<a href>x</a>", 'Expected equal sign in declaration of an attribute of the tag "a"'),
    ],
)
def test_invalid_html_is_refused_with_tdlib_text(html: str, error: str) -> None:
    with pytest.raises(ApiError) as caught:
        parse_html(html)
    assert caught.value.status == 400
    assert caught.value.description.startswith("Bad Request: can't parse entities: " + error)


def test_lenient_mode_keeps_a_bare_ampersand_like_real_telegram() -> None:
    assert parse_html("AT&T &lt", strict=False)[0] == "AT&T <"


def test_text_is_trimmed_and_empty_text_refused() -> None:
    text, entities = format_text("  \n<b>x</b>  ", "HTML")
    assert (text, entity_types(entities)) == ("x", [("bold", 0, 1)])
    for empty in ("", "   ", "<b> </b>"):
        with pytest.raises(ApiError, match="message text is empty"):
            format_text(empty, "HTML")


def test_length_limits_count_utf16_code_units() -> None:
    assert format_text("😀" * 2048, None)[0]  # 4096 units
    assert format_text("ż" * 4096, "HTML")[0]
    with pytest.raises(ApiError, match="message is too long"):
        format_text("😀" * 2048 + "ą", None)
    assert format_caption("<b>" + "ż" * 1024 + "</b>", "HTML")[0]
    with pytest.raises(ApiError, match="message caption is too long"):
        format_caption("😀" * 512 + "!", None)


def test_markdown_is_refused_and_plain_text_is_literal() -> None:
    with pytest.raises(ApiError, match="unsupported parse_mode"):
        format_text("*x*", "MarkdownV2")
    assert format_text("<b>x</b> & y", None)[0] == "<b>x</b> & y"


def test_commands_urls_and_mentions_are_detected_outside_code() -> None:
    source = "/help@ngobot_test_bot see https://ngo.pl <code>/x</code>"
    text, entities = format_text(source, "HTML")
    assert text.endswith("/x")
    assert entity_types(entities) == [
        ("bot_command", 0, 21),
        ("url", 26, 14),
        ("code", 41, 2),
    ]


@pytest.mark.parametrize(
    ("button", "error"),
    [
        ({"text": "x"}, "Text buttons are unallowed"),
        ({"text": "x", "callback_data": ""}, "BUTTON_DATA_INVALID"),
        ({"text": "x", "callback_data": "ż" * 32 + "a"}, "BUTTON_DATA_INVALID"),
        ({"text": "x", "url": "ftp://ngo.pl"}, "BUTTON_URL_INVALID"),
        ({"text": "x", "url": "https://ngo.pl", "callback_data": "a"}, "BUTTON_TYPE_INVALID"),
    ],
)
def test_invalid_inline_buttons_are_refused(button: dict, error: str) -> None:
    with pytest.raises(ApiError, match=error):
        validate_reply_markup({"inline_keyboard": [[button]]})


def test_64_bytes_of_polish_callback_data_pass() -> None:
    markup = {"inline_keyboard": [[{"text": "x", "callback_data": "ż" * 32}]]}
    assert validate_reply_markup(markup) == markup
