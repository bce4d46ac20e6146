"""The admins' topic conversations (/newtopic, renaming): one answer in, the reply out."""

from __future__ import annotations

from bot.config import SUPPORTED_LANGUAGES
from bot.core import messages
from bot.core.dialogs import Dialog, DialogService
from bot.core.i18n import Translator
from bot.core.render import Html
from bot.core.screens import Screen
from bot.core.topics import TopicError, TopicService, validate_topic_name
from bot.topics.view import (
    RENAME_FLOW,
    RENAME_STEP,
    NewTopicStep,
    TopicAction,
    check_code,
    created,
    error_text,
    next_step,
    rename_prompt,
    renamed,
    retired_toast,
    step_prompt,
    text_expected,
    topic_card,
    topic_list,
)


async def answer_new_topic(
    topics: TopicService, dialogs: DialogService, dialog: Dialog, text: str | None, t: Translator
) -> Html:
    """Take one /newtopic answer: the next prompt, the error with the same prompt, or the result.

    Each answer is checked before it is kept, so nothing is saved until all four are valid.
    """
    step = NewTopicStep(dialog.step) if dialog.step in set(NewTopicStep) else NewTopicStep.CODE
    if text is None:
        return Html(f"{text_expected(t)}\n\n{step_prompt(t, step)}")
    value = check_code(text) if step is NewTopicStep.CODE else validate_topic_name(text)
    if step is NewTopicStep.CODE and isinstance(value, str):
        existing = await topics.find(value)
        if existing is not None and existing.code == value:
            value = TopicError.CODE_TAKEN
    if isinstance(value, TopicError):
        return _again(t, value, step)
    following = next_step(step)
    if following is not None:
        await dialogs.advance(dialog.user_id, following, **{step.value: value})
        return step_prompt(t, following)
    data = {key: str(dialog.data.get(key, "")) for key in ("code", "pl", "uk")}
    topic = await topics.add(data["code"], data["pl"], data["uk"], value)
    if isinstance(topic, TopicError):
        # Someone took the code meanwhile (or the saved answers were damaged): ask again.
        code_error = topic in (TopicError.CODE_INVALID, TopicError.CODE_TAKEN)
        first = NewTopicStep.CODE if code_error else NewTopicStep.NAME_PL
        await dialogs.advance(dialog.user_id, first)
        return _again(t, topic, first)
    await dialogs.finish(dialog.user_id)
    return created(t, topic)


async def start_rename(
    topics: TopicService, dialogs: DialogService, user_id: int, action: TopicAction, t: Translator
) -> Html | None:
    """Ask for a topic's new name in one language; None when the topic no longer exists."""
    topic = await topics.get(action.topic_id)
    if topic is None:
        return None
    data = {"topic_id": topic.id, "language": action.language}
    await dialogs.start(user_id, RENAME_FLOW, RENAME_STEP, data)
    return rename_prompt(t, topic, action.language)


async def answer_rename(
    topics: TopicService, dialogs: DialogService, dialog: Dialog, text: str | None, t: Translator
) -> Screen:
    """Take the new name: the renamed topic's card, or the error with the same prompt."""
    topic_id, language = dialog.data.get("topic_id"), dialog.data.get("language")
    topic = await topics.get(topic_id) if isinstance(topic_id, int) else None
    if topic is None or not isinstance(language, str) or language not in SUPPORTED_LANGUAGES:
        await dialogs.finish(dialog.user_id)
        return Screen(messages.stale_button(t))
    if text is None:
        return Screen(Html(f"{text_expected(t)}\n\n{rename_prompt(t, topic, language)}"))
    result = await topics.rename(topic.id, language, text)
    if result is None:
        await dialogs.finish(dialog.user_id)
        return Screen(messages.stale_button(t))
    if isinstance(result, TopicError):
        return Screen(Html(f"{error_text(t, result)}\n\n{rename_prompt(t, topic, language)}"))
    await dialogs.finish(dialog.user_id)
    card = topic_card(t, result)
    return Screen(Html(f"{renamed(t)}\n\n{card.text}"), card.rows)


async def apply_action(
    topics: TopicService, action: TopicAction | None, t: Translator
) -> tuple[Screen | None, Html | None]:
    """What a /managetopics button leads to (after retiring or restoring) and a short toast.

    (None, None) when the button is malformed or its topic no longer exists.
    """
    if action is None or action.action == "rename":
        return None, None
    if action.action == "list":
        return topic_list(t, await topics.list_topics(include_retired=True)), None
    if action.action == "show":
        topic = await topics.get(action.topic_id)
        return (None if topic is None else topic_card(t, topic)), None
    topic = await topics.set_retired(action.topic_id, action.retired)
    if topic is None:
        return None, None
    return topic_card(t, topic), retired_toast(t, topic)


def _again(t: Translator, error: TopicError, step: NewTopicStep) -> Html:
    return Html(f"{error_text(t, error)}\n\n{step_prompt(t, step)}")
