"""Topic toggles and topic names, as every screen that picks or shows topics writes them."""

from __future__ import annotations

from collections.abc import Callable, Collection

from bot.core.callbacks import Keyboard
from bot.core.i18n import Translator
from bot.core.topics import Topic

ON, OFF = "✅", "▫️"


def topic_rows(
    t: Translator,
    topics: list[Topic],
    chosen: Collection[int],
    toggle: Callable[[int], str],
    everything: str,
    *,
    all_topics: bool,
) -> Keyboard:
    """Topic toggles, two to a row, then "All topics" (ticked when chosen)."""
    shown = [topic for topic in topics if not topic.retired or topic.id in chosen]
    ticked = set() if all_topics else set(chosen)
    rows: Keyboard = [
        [
            (f"{ON if topic.id in ticked else OFF} {topic.name(t.language)}", toggle(topic.id))
            for topic in shown[i : i + 2]
        ]
        for i in range(0, len(shown), 2)
    ]
    label = t.plain("🌐 All topics")
    rows.append([(f"{ON} {label}" if all_topics else label, everything)])
    return rows


def topic_names(t: Translator, topics: list[Topic], ids: Collection[int], all_topics: bool) -> str:
    if all_topics:
        return t.plain("all")
    names = [topic.name(t.language) for topic in topics if topic.id in ids]
    return ", ".join(names) or "—"
