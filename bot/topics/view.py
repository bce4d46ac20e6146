"""Admins' topic screens: /newtopic prompts, /managetopics buttons, texts and callback data."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Final

from bot.config import SUPPORTED_LANGUAGES
from bot.core.callbacks import Keyboard, pack, unpack
from bot.core.i18n import N_, Translator
from bot.core.render import Html, bold, escape
from bot.core.screens import Screen
from bot.core.topics import CODE_PATTERN, NAME_MAX, Topic, TopicError
from bot.numbers import parse_natural

NEW_FLOW, RENAME_FLOW = "newtopic", "renametopic"
PREFIX = "tadm"
FLAGS: Final = {"pl": "🇵🇱", "uk": "🇺🇦", "en": "🇬🇧"}
RETIRED_MARK = "🗄"
RENAME_PATTERN = f"^{PREFIX}:n:"


class NewTopicStep(StrEnum):
    """The /newtopic conversation: a code, then the name in each language."""

    CODE = "code"
    NAME_PL = "pl"
    NAME_UK = "uk"
    NAME_EN = "en"


RENAME_STEP = "name"

_NAME_PROMPTS: Final = {
    "pl": N_("Now send the topic's name in Polish:"),
    "uk": N_("Now send the topic's name in Ukrainian:"),
    "en": N_("Now send the topic's name in English:"),
}
_RENAME_PROMPTS: Final = {
    "pl": N_("Send the new Polish name of the topic {name}:"),
    "uk": N_("Send the new Ukrainian name of the topic {name}:"),
    "en": N_("Send the new English name of the topic {name}:"),
}


def next_step(step: NewTopicStep) -> NewTopicStep | None:
    steps = list(NewTopicStep)
    index = steps.index(step) + 1
    return steps[index] if index < len(steps) else None


def check_code(text: str | None) -> str | TopicError:
    """A topic code as the catalogue accepts it (lower-cased for the admin's convenience)."""
    code = (text or "").strip().lower()
    return code if CODE_PATTERN.fullmatch(code) else TopicError.CODE_INVALID


def step_prompt(t: Translator, step: NewTopicStep) -> Html:
    if step is NewTopicStep.CODE:
        return t.gettext(
            "<b>New topic</b>\nSend a short code for it: 2 to 24 lowercase Latin letters, digits "
            "or hyphens, for example <code>health</code>. Send /cancel to stop."
        )
    return t.gettext(_NAME_PROMPTS[step.value])


def rename_prompt(t: Translator, topic: Topic, language: str) -> Html:
    return t.gettext(_RENAME_PROMPTS[language], name=topic.name(t.language))


def error_text(t: Translator, error: TopicError) -> Html:
    """Why an answer was refused; the prompt for the same step follows it."""
    if error is TopicError.CODE_INVALID:
        return t.gettext("That is not a valid code.")
    if error is TopicError.CODE_TAKEN:
        return t.gettext("Another topic already has this code. Please choose a different one.")
    if error is TopicError.NAME_EMPTY:
        return t.gettext("The name cannot be empty.")
    return t.gettext("The name is too long: at most {max} characters, please.", max=NAME_MAX)


def text_expected(t: Translator) -> Html:
    return t.gettext("Please answer with text, or send /cancel to stop.")


def created(t: Translator, topic: Topic) -> Html:
    return t.gettext(
        "Topic added: {name}. Chats can choose it in /topics from now on.",
        name=topic.name(t.language),
    )


def renamed(t: Translator) -> Html:
    return t.gettext("Name saved.")


def admins_only(t: Translator) -> Html:
    return t.gettext("This is for administrators only.")


def retired_toast(t: Translator, topic: Topic) -> Html:
    if topic.retired:
        return t.gettext("Retired: hidden from new subscriptions; existing ones are kept.")
    return t.gettext("Restored: chats can choose this topic again.")


@dataclass(frozen=True, slots=True)
class TopicAction:
    """A parsed /managetopics button."""

    action: str  # "list" | "show" | "rename" | "retire"
    topic_id: int = 0
    language: str = ""
    retired: bool = False


def parse(data: str | None) -> TopicAction | None:
    """Parse a /managetopics button; None for anything malformed or forged."""
    if data == pack(PREFIX, "list"):
        return TopicAction("list")
    parts = unpack(data, PREFIX, 2) or unpack(data, PREFIX, 3)
    topic_id = None if parts is None else parse_natural(parts[1])
    if parts is None or topic_id is None:
        return None
    shape, rest = parts[0], parts[2:]
    if shape == "s" and not rest:
        return TopicAction("show", topic_id)
    if shape == "n" and rest and rest[0] in SUPPORTED_LANGUAGES:
        return TopicAction("rename", topic_id, language=rest[0])
    if shape == "x" and rest and rest[0] in ("0", "1"):
        return TopicAction("retire", topic_id, retired=rest[0] == "1")
    return None


def topic_list(t: Translator, topics: list[Topic]) -> Screen:
    """Every topic as a button, retired ones marked."""
    if not topics:
        return Screen(t.gettext("There are no topics yet. Add one with /newtopic."))
    text = t.gettext(
        "<b>Topics</b>\nChoose a topic to rename, retire or restore it. {mark} marks retired "
        "topics.",
        mark=RETIRED_MARK,
    )
    rows: Keyboard = [[(_label(t, topic), pack(PREFIX, "s", topic.id))] for topic in topics]
    return Screen(text, rows)


def topic_card(t: Translator, topic: Topic) -> Screen:
    """A topic's names, code and status, with rename, retire/restore and « Back."""
    lines = [f"{bold(topic.name(t.language))} (<code>{escape(topic.code)}</code>)"]
    lines += [f"{FLAGS[lang]} {escape(topic.names.get(lang, ''))}" for lang in SUPPORTED_LANGUAGES]
    if topic.retired:
        lines.append(RETIRED_MARK + " " + t.gettext("Retired: hidden from new subscriptions."))
    else:
        lines.append(t.gettext("Active."))
    rename = t.gettext("Rename")
    rows: Keyboard = [
        [
            (f"{rename} {FLAGS[lang]}", pack(PREFIX, "n", topic.id, lang))
            for lang in SUPPORTED_LANGUAGES
        ]
    ]
    if topic.retired:
        rows.append([(t.gettext("♻️ Restore"), pack(PREFIX, "x", topic.id, 0))])
    else:
        rows.append([(RETIRED_MARK + " " + t.gettext("Retire"), pack(PREFIX, "x", topic.id, 1))])
    rows.append([(t.gettext("◀️ Back"), pack(PREFIX, "list"))])
    return Screen(Html("\n".join(lines)), rows)


def _label(t: Translator, topic: Topic) -> str:
    name = topic.name(t.language)
    return f"{RETIRED_MARK} {name}" if topic.retired else name
