"""Fitting screens into Telegram's limits: fixed parts whole, long parts shortened fairly and
escaped, long texts split at paragraph breaks, all counted in UTF-16 units as Telegram does."""

from __future__ import annotations

from bot.core.fit import MESSAGE_MAX, Long, fit, messages_of, split_text, units
from bot.core.render import Html
from bot.core.safe_html import visible_length, visible_text


def test_fixed_parts_stay_whole_and_long_ones_share_the_room() -> None:
    head = Html("<b>Nagłówek</b>\n")
    fitted = fit([head, Long("<d>" * 300), Html("\n\n"), Long("🏠" * 4000)])
    assert visible_length(fitted.text) <= MESSAGE_MAX and fitted.clipped
    assert fitted.text.startswith("<b>Nagłówek</b>\n&lt;d&gt;")
    assert visible_text(fitted.text).count("<d>") == 300  # the short part kept whole


def test_short_parts_are_not_marked_clipped() -> None:
    fitted = fit([Html("a "), Long("b & c")])
    assert fitted.text == "a b &amp; c" and not fitted.clipped


def test_split_text_cuts_at_paragraph_breaks_within_the_limit() -> None:
    paragraphs = [f"Akapit {n}. " + "słowo " * 60 for n in range(40)]
    text = "\n\n".join(p.strip() for p in paragraphs)
    pieces = split_text(text, 1000, first=500)
    assert units(pieces[0]) <= 500 and all(units(p) <= 1000 for p in pieces)
    assert all(piece.startswith("Akapit") for piece in pieces)
    assert "\n\n".join(pieces) == text


def test_split_text_without_breaks_still_fits() -> None:
    pieces = split_text("🏠" * 5000, 4096)
    assert all(units(p) <= 4096 for p in pieces) and "".join(pieces) == "🏠" * 5000


def test_messages_of_escape_and_fit_every_piece() -> None:
    messages = messages_of(Html("<b>Tytuł</b>"), ("<i>x</i> " * 900).strip())
    assert len(messages) >= 2 and all(visible_length(m) <= MESSAGE_MAX for m in messages)
    assert messages[0].startswith("<b>Tytuł</b>\n&lt;i&gt;") and "<i>" not in messages[1]
