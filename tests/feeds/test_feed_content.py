"""Feed item HTML becomes readable Telegram HTML, shortened within Telegram's visible length."""

from __future__ import annotations

import random
import re

import pytest

from bot.core.safe_html import visible_length, visible_text
from bot.feeds.content import ELLIPSIS, plain_text, to_telegram_html
from bot.sandbox.html_parse import parse_html
from tests.feed_samples import BIP_CALL, BIP_LINK, NEWS, TABLE, WORD

MORE = "Czytaj dalej na stronie Miasta"
LINK = "https://www.krakow.pl/aktualnosci/275001,artykul,warsztaty.html"
TELEGRAM_TAGS = {"b", "i", "u", "s", "a", "code", "pre", "blockquote"}
_TAG = re.compile(r"</?([a-z-]+)")


def convert(markup: str, limit: int = 4096, link: str | None = LINK) -> str:
    return to_telegram_html(markup, limit=limit, link=link, more_label=MORE)


def assert_valid(result: str, limit: int) -> None:
    """What Telegram would accept: its tags only, balanced, escaped, within the limit."""
    text, _ = parse_html(result)  # the emulator's strict parser: raises on any mistake
    assert set(_TAG.findall(result)) <= TELEGRAM_TAGS
    assert visible_length(result) == len(text.strip().encode("utf-16-le")) // 2
    assert visible_length(result) <= limit


@pytest.mark.parametrize(
    ("markup", "expected"),
    [
        ("<p>Pierwszy akapit.</p><p>Drugi akapit.</p>", "Pierwszy akapit.\n\nDrugi akapit."),
        ("<div>Blok</div><div><div>zagnieżdżony</div></div>", "Blok\n\nzagnieżdżony"),
        ("Linia pierwsza<br>druga<br/>trzecia", "Linia pierwsza\ndruga\ntrzecia"),
        ("<h2>Nagłówek</h2><p>Treść</p>", "<b>Nagłówek</b>\n\nTreść"),
        ("<ul><li>jeden</li><li>dwa</li></ul>", "• jeden\n• dwa"),
        ("<ol><li>pierwszy</li><li>drugi</li></ol>", "1. pierwszy\n2. drugi"),
        ('<ol start="4"><li>czwarty</li><li>piąty</li></ol>', "4. czwarty\n5. piąty"),
        ("<ul><li>a<ul><li>a1</li></ul></li><li>b</li></ul>", "• a\n  • a1\n• b"),
        ("<ul><li><p>w akapicie</p></li><li><p>też</p></li></ul>", "• w akapicie\n• też"),
        ("<p>Wstęp:</p><ul><li>punkt</li></ul><p>Dalej</p>", "Wstęp:\n\n• punkt\n\nDalej"),
        ("<strong>mocno</strong> <em>kursywa</em>", "<b>mocno</b> <i>kursywa</i>"),
        ("<b>b</b><i>i</i><u>u</u><ins>ins</ins>", "<b>b</b><i>i</i><u>uins</u>"),
        ("<s>s</s> <strike>strike</strike> <del>del</del>", "<s>s strike del</s>"),
        ("<b>gruby <strong>bardzo</strong></b>", "<b>gruby bardzo</b>"),
        ('<span style="color:red;font-weight:bold">czerwony</span>', "czerwony"),
        ('<p>Zdjęcie: <img src="x.jpg" alt="opis"></p>', "Zdjęcie:"),
        ("<script>alert('x')</script><style>p{}</style>Treść", "Treść"),
        ("<noscript><img src=t.gif></noscript><iframe src=x>ramka</iframe>ok", "ok"),
        (
            "a&nbsp;&nbsp;b &amp; c &lt;d&gt; &quot;e&quot; &#8211; &ndash;",
            'a b &amp; c &lt;d&gt; "e" – –',
        ),
        ("   dużo    \n\n   spacji\t\tw  tekście  ", "dużo\n\nspacji w tekście"),
        ("<p></p><p>&nbsp;</p><p>tekst</p><p> </p><br><br><br><p>koniec</p>", "tekst\n\nkoniec"),
        ("<p>x</p><p><br></p><p><br></p><p>y</p>", "x\n\ny"),
        ("<![CDATA[<p>z sekcji CDATA</p>]]>", "z sekcji CDATA"),
        (
            "<blockquote><p>cytat</p><p>dalej</p></blockquote>po",
            "<blockquote>cytat\n\ndalej</blockquote>\n\npo",
        ),
        ("<pre>  wcięty\n    kod</pre>", "<pre>wcięty\n    kod</pre>"),
        ("użyj <code>a &lt; b</code>", "użyj <code>a &lt; b</code>"),
        ("<code><b>bez zagnieżdżeń</b></code>", "<code>bez zagnieżdżeń</code>"),
        ("<blockquote><blockquote>raz</blockquote></blockquote>", "<blockquote>raz</blockquote>"),
        (
            "tekst bez znaczników\n\nz akapitami\ni liniami",
            "tekst bez znaczników\n\nz akapitami\ni liniami",
        ),
        ("zwykły tekst z & i < oraz >", "zwykły tekst z &amp; i &lt; oraz &gt;"),
        ("<p>soft\u00adhyphen\u200bzero width</p>", "softhyphenzero width"),
        ("<o:p>słowo</o:p><xml><w:x>śmieci</w:x></xml>", "słowo"),
    ],
)
def test_each_construct_becomes_readable_telegram_html(markup: str, expected: str) -> None:
    result = convert(markup)
    assert result == expected
    assert_valid(result, 4096)


@pytest.mark.parametrize(
    ("markup", "expected"),
    [
        (
            '<a href="https://um.krakow.pl/x?a=1&amp;b=2">abs</a>',
            '<a href="https://um.krakow.pl/x?a=1&amp;b=2">abs</a>',
        ),
        (
            '<a href="/aktualnosci/1.html">rel</a>',
            '<a href="https://www.krakow.pl/aktualnosci/1.html">rel</a>',
        ),
        (
            '<a href="//cdn.krakow.pl/p.pdf">proto</a>',
            '<a href="https://cdn.krakow.pl/p.pdf">proto</a>',
        ),
        ('<a href="javascript:alert(1)">js</a>', "js"),
        ('<a href="mailto:a@um.krakow.pl">a@um.krakow.pl</a>', "a@um.krakow.pl"),
        ('<a href="data:text/html,x">data</a>', "data"),
        ("<a>bez adresu</a>", "bez adresu"),
        (
            '<a href="https://x.pl/&quot;onclick=&quot;">q</a>',
            '<a href="https://x.pl/&quot;onclick=&quot;">q</a>',
        ),
        ('<a href="https://x.pl/"><img src="i.png"></a>po', "po"),
        (
            '<a href="https://x.pl/"><b>gruby</b> link</a>',
            '<a href="https://x.pl/"><b>gruby</b> link</a>',
        ),
        (
            '<a href="https://a.pl/">a</a><a href="https://b.pl/">b</a>',
            '<a href="https://a.pl/">a</a><a href="https://b.pl/">b</a>',
        ),
    ],
)
def test_only_http_links_survive_and_relative_ones_resolve_against_the_item(
    markup: str, expected: str
) -> None:
    result = convert(markup, link="https://www.krakow.pl/aktualnosci/")
    assert result == expected
    assert_valid(result, 4096)


def test_a_relative_link_without_an_item_address_is_dropped() -> None:
    assert convert('<a href="/x.pdf">plik</a>', link=None) == "plik"


def test_tables_are_flattened_to_lines_with_cells_separated() -> None:
    result = convert(TABLE)
    assert result == (
        "Harmonogram spotkań konsultacyjnych:\n\n"
        "Data | Miejsce\n"
        "12 lutego 2027 | Urząd Miasta, pl. Wszystkich Świętych 3–4\n"
        "19 lutego 2027 | Online &amp; <i>transmisja</i>\n\n"
        "Zapraszamy!"
    )
    assert_valid(result, 4096)


def test_a_bip_call_keeps_its_documents_as_a_list_of_links() -> None:
    result = convert(BIP_CALL, link=BIP_LINK)
    assert result == (
        "<b>Prezydent Miasta Krakowa</b> ogłasza otwarty konkurs ofert na realizację zadania "
        "publicznego pn. „Prowadzenie Klubu Integracji Społecznej” w latach 2027–2028.\n\n"
        "Termin składania ofert upływa <b>15 stycznia 2027 r. o godz. 15:00</b>.\n\n"
        "Dokumenty do pobrania:\n\n"
        '• <a href="https://www.bip.krakow.pl/zalaczniki/dokumenty/ogloszenie.pdf">'
        "Ogłoszenie konkursowe</a> (PDF, 245 KB)\n"
        '• <a href="https://www.bip.krakow.pl/zalaczniki/dokumenty/wzor-oferty.docx">'
        "Wzór oferty</a>\n"
        '• <a href="https://www.bip.krakow.pl/zalaczniki/dokumenty/zarzadzenie.pdf">'
        "Zarządzenie Nr 3456/2026 Prezydenta Miasta Krakowa</a>\n\n"
        "Kontakt: Anna Nowak, tel. 12 616 12 34, anna.nowak@um.krakow.pl"
    )
    assert_valid(result, 4096)


def test_a_news_item_loses_its_images_and_script_but_keeps_the_caption() -> None:
    result = convert(NEWS)
    assert result == (
        "W Centrum Aktywności Seniorów przy ul. Józefińskiej 14 ruszyły bezpłatne warsztaty "
        "<i>cyfrowe</i>.\n\n"
        "Fot. Jan Kowalski / UMK\n\n"
        "<b>Jak się zapisać?</b>\n\n"
        "Zapisy pod numerem <b>12 616 00 00</b> lub e-mailem.\n"
        "Liczba miejsc ograniczona – do 15 osób w grupie."
    )
    assert_valid(result, 4096)


def test_a_word_paste_loses_its_junk_and_its_bullets_become_a_list() -> None:
    result = convert(WORD)
    assert result == (
        "<b>Konsultacje społeczne projektu „Programu współpracy na 2027 rok”</b>\n\n"
        "Uwagi można zgłaszać do 5 marca 2027 r. za pomocą:\n\n"
        "• formularza elektronicznego,\n"
        "• poczty tradycyjnej.\n\n"
        "<i>Wydział Polityki Społecznej i Zdrowia</i>"
    )
    assert_valid(result, 4096)


def test_a_numbered_word_list_keeps_its_numbers() -> None:
    item = (
        '<p class="MsoListParagraphCxSpFirst"><![if !supportLists]><span>1.<span>&nbsp;&nbsp; '
        "</span></span><![endif]>oferta</p>"
        '<p class="MsoListParagraphCxSpLast"><![if !supportLists]><span>2.<span>&nbsp;&nbsp; '
        "</span></span><![endif]>statut</p>"
    )
    assert convert(item) == "1. oferta\n2. statut"


def test_a_text_within_the_limit_is_whole_and_gets_no_link() -> None:
    text = "<p>Krótka wiadomość.</p>"
    assert convert(text, limit=len("Krótka wiadomość.")) == "Krótka wiadomość."


def test_a_long_text_is_cut_at_a_word_and_links_to_the_source() -> None:
    text = "Zażółć gęślą jaźń. " * 40
    result = convert(f"<p>{text}</p>", limit=120)
    body, more = result.split("\n\n")
    assert more == f'<a href="{LINK}">{MORE}</a>'
    kept = body.removesuffix(ELLIPSIS)
    assert text.startswith(kept) and text[len(kept)] == " "
    # Nothing more would have fitted: the next word makes it too long.
    following = text[len(kept) :].split()[0]
    assert visible_length(result) + 1 + len(following) > 120
    assert_valid(result, 120)


@pytest.mark.parametrize("limit", [40, 41, 42, 43, 44, 45, 46])
def test_shortening_counts_emoji_as_two_units_at_exact_limits(limit: int) -> None:
    # "Nabór 😀 trwa 😀 do 😀 końca 😀 ..." in UTF-16 units: each emoji counts 2.
    words = ["Nabór", "😀", "trwa", "😀", "do", "😀", "końca", "😀", "stycznia", "😀"] * 3
    text = " ".join(words)
    result = convert(text, limit=limit, link=None)
    assert visible_length(result) <= limit
    kept = visible_text(result).removesuffix(ELLIPSIS)
    assert text.startswith(kept)
    following = text[len(kept) :].split(" ", 2)[1]
    assert visible_length(result) + 1 + len(following.encode("utf-16-le")) // 2 > limit


def test_cyrillic_text_is_cut_at_a_word() -> None:
    text = "Оголошення про конкурс для громадських організацій міста Кракова " * 5
    result = convert(text, limit=50, link=None)
    assert result == "Оголошення про конкурс для громадських…"
    assert visible_length(result) <= 50


def test_an_exact_fit_is_not_shortened_and_one_unit_less_is() -> None:
    text = "Zażółć gęślą jaźń 😀"
    assert convert(text, limit=20, link=None) == text  # 17 letters, a space, an emoji of two
    assert convert(text, limit=19, link=None) == "Zażółć gęślą jaźń…"


def test_the_cut_closes_open_tags_and_never_splits_an_entity() -> None:
    text = "<p><b>Ważne &amp; pilne: <i>oferty &lt;do&gt; 15 stycznia</i> i dalej</b> tekst</p>"
    # "Ważne & pilne: oferty <do> 15…" would be 30 visible characters.
    result = convert(text, limit=29, link=None)
    assert result == "<b>Ważne &amp; pilne: <i>oferty &lt;do&gt;</i></b>…"
    assert_valid(result, 29)


def test_trailing_punctuation_is_dropped_before_the_ellipsis() -> None:
    result = convert("Termin, miejsce, godzina, sala, piętro", limit=17, link=None)
    assert result == "Termin, miejsce…"


def test_a_single_long_word_is_cut_inside() -> None:
    address = "https://www.bip.krakow.pl/" + "a" * 80
    result = convert(f"Zobacz {address}", limit=40, link=None)
    assert visible_length(result) == 40
    assert result.startswith("Zobacz https://www.bip")


def test_the_link_line_is_left_out_when_nothing_else_would_fit() -> None:
    text = "Bardzo długi tekst " * 10
    result = convert(text, limit=len(MORE) + 2, link=LINK)
    assert "<a" not in result
    assert visible_length(result) <= len(MORE) + 2


def test_a_non_http_item_link_adds_no_link_line() -> None:
    result = convert("słowo " * 50, limit=30, link="javascript:alert(1)")
    assert "<a" not in result and result.endswith(ELLIPSIS)


@pytest.mark.parametrize(("limit", "expected"), [(0, ""), (1, "…"), (2, "<b>K</b>…")])
def test_tiny_limits_still_give_valid_output(limit: int, expected: str) -> None:
    result = convert("<b>Konkurs</b> ofert", limit=limit)
    assert result == expected


def test_plain_text_decodes_entities_and_drops_tags_and_lines() -> None:
    assert (
        plain_text("Konkurs &quot;Aktywni&quot; &amp; <b>razem</b>") == 'Konkurs "Aktywni" & razem'
    )
    assert plain_text("<p>Termin:</p>\n<p>15.01.2027&nbsp;r.</p>") == "Termin: 15.01.2027 r."
    assert plain_text("<script>x()</script>  Tytuł  \n  ogłoszenia ") == "Tytuł ogłoszenia"
    assert plain_text("") == ""


FAMILY = "\U0001f468\u200d\U0001f469\u200d\U0001f467"  # one emoji of five code points
_PIECES = [
    "Zażółć", "gęślą", "jaźń", "Оголошення", "громадських", "😀", FAMILY, "&amp;", "&lt;",
    "&gt;", "&nbsp;", "&quot;", "&#8211;", "&", "<", ">", "15.01.2027", "r.", "ofert", " ",
    "  ", "\n",
]  # fmt: skip
_OPENERS = [
    "<p>", "<div>", "<b>", "<strong>", "<i>", "<em>", "<u>", "<s>", "<code>", "<pre>",
    "<blockquote>", "<h2>", "<ul><li>", "<ol><li>", "<li>", "<br>", "<table><tr><td>", "<td>",
    '<a href="https://x.pl/?a=1&b=2">', '<a href="/rel">', '<span style="x">', '<img src="i">',
    "<script>", "<![CDATA[", "]]>", "</p>", "</b>", "</i>", "</a>", "</li>", "</ul>", "</td>",
    "</blockquote>", "</pre>", "</code>", "<!-- komentarz -->",
]  # fmt: skip


def _random_html(rng: random.Random) -> str:
    parts = []
    for _ in range(rng.randint(1, 60)):
        parts.append(rng.choice(_OPENERS) if rng.random() < 0.35 else rng.choice(_PIECES))
    return "".join(parts)


def test_any_cut_of_any_input_is_valid_and_within_the_limit() -> None:
    rng = random.Random(20270115)
    for _ in range(400):
        markup = _random_html(rng)
        link = rng.choice([None, LINK])
        whole = convert(markup, link=link)
        assert_valid(whole, 4096)
        full = visible_length(whole)
        for limit in {rng.randint(0, full + 3) for _ in range(6)} | {full, max(full - 1, 0)}:
            result = convert(markup, limit=limit, link=link)
            assert visible_length(result) <= limit, (markup, limit)
            if result:
                assert_valid(result, limit)
            if limit >= full:
                assert result == whole
            elif result:
                body = visible_text(result).removesuffix(MORE).rstrip()
                assert body.endswith(ELLIPSIS), (markup, limit, result)
                assert visible_text(whole).startswith(body.removesuffix(ELLIPSIS).rstrip())
