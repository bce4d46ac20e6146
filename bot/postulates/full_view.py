"""A postulate's long texts in full, as messages of their own (cards show them shortened)."""

from __future__ import annotations

from bot.core.fit import messages_of
from bot.core.i18n import Translator
from bot.core.render import Html
from bot.postulates.model import Postulate


def full_text_messages(t: Translator, p: Postulate, *, staff: bool) -> list[Html]:
    """The description and the city's published position, each split at paragraph breaks
    into messages within Telegram's limit; for staff also a drafted answer."""
    out = messages_of(
        t.gettext("📝 <b>№{number} {title}</b>: description", number=p.id, title=p.title),
        p.description,
    )
    if p.position and p.answered_at is not None:
        heading = t.gettext("🏛 <b>The City's position on №{number}</b>", number=p.id)
        out += messages_of(heading, p.position)
    elif p.position and staff:
        heading = t.gettext("<b>Drafted answer</b> to №{number} (not published)", number=p.id)
        out += messages_of(heading, p.position)
    return out
