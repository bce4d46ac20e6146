"""/rounds actions: the round list and the saved open-a-round conversation, step by step."""

from __future__ import annotations

from dataclasses import replace
from zoneinfo import ZoneInfo

from bot.core.clock import Clock, utc_now
from bot.core.dates import CLOSING_TIME, DateProblem, parse_when
from bot.core.dialogs import Dialog, DialogService
from bot.core.i18n import Translator
from bot.core.render import Html
from bot.core.screens import Reply, Screen, refused
from bot.core.topics import TopicService
from bot.postulates import rounds_view as view
from bot.postulates.model import (
    ROUND_DESCRIPTION_MAX,
    ROUND_TITLE_MAX,
    Problem,
    Refusal,
    clean_text,
)
from bot.postulates.rounds import RoundService
from bot.postulates.rounds_view import FLOW, Action, Choices, Step

# The conversation's buttons and the one step each belongs to ("x", cancel, fits any step).
_BUTTON_STEPS = {"s": Step.DESCRIPTION, "t": Step.TOPICS, "a": Step.TOPICS, "d": Step.TOPICS}
_BUTTON_STEPS |= {"w": Step.OPENS, "y": Step.CONFIRM}
# Where a refusal at the end sends the conversation back to.
_BACK = {Problem.UNKNOWN_TOPIC: Step.TOPICS, Problem.BAD_DATES: Step.CLOSES}
_NEXT = {
    Step.TITLE: Step.DESCRIPTION,
    Step.DESCRIPTION: Step.TOPICS,
    Step.OPENS: Step.CLOSES,
    Step.CLOSES: Step.CONFIRM,
}


class RoundFlow:
    """Staff's /rounds: listing rounds and opening one (title ... dates, then confirm)."""

    def __init__(
        self,
        rounds: RoundService,
        topics: TopicService,
        dialogs: DialogService,
        zone: ZoneInfo,
        clock: Clock = utc_now,
    ) -> None:
        self.rounds = rounds
        self.topics = topics
        self.dialogs = dialogs
        self.zone = zone
        self.clock = clock

    async def listing(self, t: Translator) -> Screen:
        return view.round_list(t, await self.rounds.list_all(), self.clock(), self.zone)

    async def start(self, user_id: int, t: Translator) -> Screen:
        await self.dialogs.start(user_id, FLOW, Step.TITLE)
        return view.prompt(t, Step.TITLE)

    async def answer(self, dialog: Dialog, text: str | None, t: Translator) -> Reply:
        """A typed answer: kept and the next question asked, or refused and the step stays."""
        step = Step(dialog.step) if dialog.step in set(Step) else Step.CONFIRM
        if step in (Step.TOPICS, Step.CONFIRM):
            return _send(Screen(view.use_buttons(t)))
        choices = Choices.of(dialog.data)
        # A non-text message (a photo, a sticker) counts as an empty answer.
        taken = Refusal(Problem.EMPTY) if text is None else await self._take(step, text, choices)
        if not isinstance(taken, Choices):
            return _send(refused(_why(t, taken), await self._screen(step, choices, t)))
        return _send(await self._go(dialog, _NEXT[step], taken, t))

    async def _take(
        self, step: Step, text: str, choices: Choices
    ) -> Choices | Refusal | DateProblem:
        """The choices with this step's answer, or why the answer cannot be used."""
        if step is Step.TITLE:
            title = clean_text(text, ROUND_TITLE_MAX, one_line=True)
            return title if isinstance(title, Refusal) else replace(choices, title=title)
        if step is Step.DESCRIPTION:
            description = clean_text(text, ROUND_DESCRIPTION_MAX)
            if isinstance(description, Refusal):
                return description
            return replace(choices, description=description)
        now = self.clock()
        if step is Step.OPENS:
            opening = parse_when(text, self.zone, now)
            if isinstance(opening, DateProblem):
                return opening
            return replace(choices, opens_now=False, opens_at=opening.isoformat())
        closing = parse_when(
            text, self.zone, now, default_time=CLOSING_TIME, day_of=choices.opening
        )
        if isinstance(closing, DateProblem):
            return closing
        if closing <= (choices.opening or now):
            return Refusal(Problem.BAD_DATES)
        return replace(choices, closes_at=closing.isoformat())

    async def press(self, dialog: Dialog | None, action: Action, t: Translator) -> Reply | None:
        """A conversation button, valid only at its step of this user's conversation."""
        if dialog is None or dialog.flow != FLOW:
            return None
        if action.name == "x":
            await self.dialogs.finish(dialog.user_id)
            return Reply(edit=Screen(view.cancelled(t)))
        if _BUTTON_STEPS.get(action.name) != dialog.step:
            return None
        choices = Choices.of(dialog.data)
        if action.name == "s":
            return Reply(
                edit=await self._go(dialog, Step.TOPICS, replace(choices, description=""), t)
            )
        if action.name == "w":
            now = replace(choices, opens_now=True, opens_at=None)
            return Reply(edit=await self._go(dialog, Step.CLOSES, now, t))
        if action.name == "y":
            return await self._confirm(dialog, choices, t)
        return await self._choose_topics(dialog, choices, action, t)

    async def _choose_topics(
        self, dialog: Dialog, choices: Choices, action: Action, t: Translator
    ) -> Reply | None:
        if action.name == "a":
            chosen = replace(choices, topic_ids=(), all_topics=not choices.all_topics)
            return Reply(edit=await self._go(dialog, Step.TOPICS, chosen, t))
        if action.name == "d":
            if not choices.topic_ids and not choices.all_topics:
                return Reply(toast=view.at_least_one_topic(t), alert=True)
            return Reply(edit=await self._go(dialog, Step.OPENS, choices, t))
        topic = await self.topics.get(action.topic_id)
        if topic is None or (topic.retired and topic.id not in choices.topic_ids):
            return None
        toggled = sorted(set(choices.topic_ids) ^ {topic.id})
        chosen = replace(choices, topic_ids=tuple(toggled), all_topics=False)
        return Reply(edit=await self._go(dialog, Step.TOPICS, chosen, t))

    async def _confirm(self, dialog: Dialog, choices: Choices, t: Translator) -> Reply | None:
        now = self.clock()
        opening = now if choices.opens_now else choices.opening
        if opening is None or choices.closing is None:
            return None
        if choices.all_topics:
            topic_ids = [topic.id for topic in await self.topics.list_topics()]
        else:
            topic_ids = list(choices.topic_ids)
        result = await self.rounds.open_round(
            choices.title, choices.description, topic_ids, opening, choices.closing, dialog.user_id
        )
        if isinstance(result, Refusal):
            step = _BACK.get(result.problem, Step.TITLE)
            screen = await self._go(dialog, step, choices, t)
            return Reply(edit=refused(view.refusal(t, result), screen))
        await self.dialogs.finish(dialog.user_id)
        return Reply(edit=Screen(view.opened(t, result, now, self.zone)))

    async def _go(self, dialog: Dialog, step: Step, choices: Choices, t: Translator) -> Screen:
        """Save the choices and the step (so a restart resumes here); the step's screen."""
        await self.dialogs.advance(dialog.user_id, step, **choices.data())
        return await self._screen(step, choices, t)

    async def _screen(self, step: Step, choices: Choices, t: Translator) -> Screen:
        if step is Step.TOPICS:
            return view.topics_screen(t, await self.topics.list_topics(), choices)
        if step is Step.CONFIRM:
            topics = await self.topics.list_topics(include_retired=True)
            return view.confirm_screen(t, choices, topics, self.clock(), self.zone)
        return view.prompt(t, step)


def _why(t: Translator, value: Refusal | DateProblem) -> Html:
    if isinstance(value, DateProblem):
        return view.date_problem(t, value)
    return view.refusal(t, value)


def _send(screen: Screen) -> Reply:
    return Reply(send=(screen,))
