"""/thread's screen in a forum group: which of the group's themes go to this thread."""

from __future__ import annotations

from bot.core.callbacks import Keyboard, pack, unpack_ints
from bot.core.i18n import Translator
from bot.core.render import Html
from bot.core.screens import Screen
from bot.core.topics import Topic

PREFIX = "thr"
ON, OFF = "✅", "▫️"


def threads_screen(
    t: Translator, topics: list[Topic], chosen: set[int], routes: dict[int, int], here: int
) -> Screen:
    """The group's subscribed themes: on when routed to this thread, saying so in words."""
    shown = [topic for topic in topics if topic.id in chosen]
    if not shown:
        return Screen(
            t.gettext("This group has no topics yet: choose them with /topics, then come back.")
        )
    rows: Keyboard = []
    for topic in shown:
        name = topic.name(t.language)
        if routes.get(topic.id) == here:
            label = t.plain("{on} {topic}: to this thread", on=ON, topic=name)
        elif topic.id in routes:
            label = t.plain("{off} {topic}: to another thread", off=OFF, topic=name)
        else:
            label = t.plain("{off} {topic}: to General", off=OFF, topic=name)
        rows.append([(label, pack(PREFIX, topic.id))])
    text = t.gettext(
        "<b>Which topics go to this thread?</b>\nTap a topic to send its announcements, "
        "reminders and corrections here; tap it again to send them back to General."
    )
    return Screen(text, rows)


def parse(data: str | None) -> int | None:
    parts = unpack_ints(data, PREFIX, 1)
    return None if parts is None else parts[0]


def not_in_a_thread(t: Translator) -> Html:
    return t.gettext(
        "Send /thread inside the thread of this group where the messages should go (the group "
        "must have topics turned on)."
    )
