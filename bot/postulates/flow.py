"""The /postulate conversation: each answer and button is saved at once, surviving restarts."""

from __future__ import annotations

from dataclasses import replace
from typing import Final

from bot.core.dialogs import Dialog
from bot.core.i18n import Translator
from bot.core.render import Html
from bot.core.screens import Reply, Screen, refused
from bot.core.topics import Topic
from bot.organisations.service import Organisation
from bot.postulates import view
from bot.postulates.actions import (
    FIELDS,
    INBOX,
    Action,
    draft_data,
    draft_of,
    problem_text,
)
from bot.postulates.member import MemberServices
from bot.postulates.model import PER_DAY, Draft, Problem, Refusal
from bot.postulates.view import FLOW, Step

# The conversation's order; BEHALF is skipped for people without an organisation.
ORDER: Final = (
    Step.ROUND,
    Step.TOPIC,
    Step.TITLE,
    Step.DESCRIPTION,
    Step.BENEFICIARIES,
    Step.BEHALF,
    Step.REVIEW,
)
# The buttons of the conversation and the one step each belongs to ("x", "cr", "cn": any).
_BUTTON_STEPS: Final = {
    "r": Step.ROUND,
    "t": Step.TOPIC,
    "b": Step.BEHALF,
    "e": Step.REVIEW,
    "s": Step.REVIEW,
}


class PostulateFlow:
    """Round, topic, title, description, who it concerns, on whose behalf, review, submit."""

    def __init__(self, members: MemberServices) -> None:
        self.members = members

    async def start(self, user_id: int, t: Translator) -> Reply:
        """/postulate: offer to resume a saved draft, else begin a new one."""
        dialog = await self.members.dialogs.get(user_id)
        if dialog is not None and dialog.flow == FLOW:
            return Reply(send=(view.resume_offer(t, draft_of(dialog.data)),))
        return Reply(send=(await self._begin(user_id, t),))

    async def _begin(self, user_id: int, t: Translator) -> Screen:
        """A new draft: the daily allowance first, then the round (or the line saying which)."""
        left = PER_DAY - await self.members.postulates.submitted_today(user_id)
        if left <= 0:
            await self.members.dialogs.finish(user_id)
            return Screen(view.none_left(t))
        allowance = view.left_today(t, left)
        rounds = await self.members.rounds.open_now()
        if len(rounds) > 1:
            await self.members.dialogs.start(user_id, FLOW, Step.ROUND, draft_data(Draft()))
            screen = view.round_screen(t, rounds, self.members.zone)
            return Screen(Html(f"{allowance}\n\n{screen.text}"), screen.rows)
        draft = Draft(round_id=rounds[0].id if rounds else None)
        where = (
            view.one_round_line(t, rounds[0], self.members.zone) if rounds else view.inbox_line(t)
        )
        await self.members.dialogs.start(user_id, FLOW, Step.TOPIC, draft_data(draft))
        topics = await self._topics(draft)
        return view.topic_screen(t, topics, Html(f"{where}\n{allowance}"))

    async def answer(self, dialog: Dialog, text: str | None, t: Translator) -> Reply:
        """A typed answer: checked like the service will check it; refused, the step stays."""
        step = _step(dialog.step)
        draft = draft_of(dialog.data)
        if step not in view.TEXT_STEPS:
            current = await self._screen(dialog.user_id, step, draft, t)
            return Reply(send=(Screen(view.use_buttons(t)), current))
        prompt = view.text_prompt(t, step)
        if text is None:
            return Reply(send=(refused(view.text_expected(t), prompt),))
        cleaned = await self.members.postulates.check_field(step.value, text)
        if isinstance(cleaned, Refusal):
            return Reply(send=(refused(problem_text(t, cleaned), prompt),))
        draft = _with_text(draft, step, cleaned)
        return Reply(send=(await self._next(dialog, step, draft, t),))

    async def press(
        self, user_id: int, dialog: Dialog | None, action: Action, t: Translator
    ) -> Reply | None:
        """A conversation button, valid only at its step of this user's conversation."""
        if action.name == "cn":  # start again: replaces whatever draft there was
            return Reply(edit=await self._begin(user_id, t))
        if dialog is None or dialog.flow != FLOW:
            return None
        step, draft = _step(dialog.step), draft_of(dialog.data)
        if action.name == "x":
            await self.members.dialogs.finish(dialog.user_id)
            return Reply(edit=Screen(view.cancelled(t)))
        if action.name == "cr":
            return Reply(edit=await self._screen(dialog.user_id, step, draft, t))
        if _BUTTON_STEPS.get(action.name) != step:
            return None
        if action.name == "e":
            return await self._edit(dialog, action.ids[0], draft, t)
        if action.name == "s":
            return await self._submit(dialog, draft, t)
        chosen = await self._choose(dialog.user_id, action, draft)
        if chosen is None:
            return None
        return Reply(edit=await self._next(dialog, step, chosen, t))

    async def _choose(self, user_id: int, action: Action, draft: Draft) -> Draft | None:
        """Apply a round, topic or on-behalf button, re-checking its value now; None: refused."""
        value = action.ids[0]
        if action.name == "r":
            open_ids = {item.id for item in await self.members.rounds.open_now()}
            if value != INBOX and value not in open_ids:
                return None
            chosen = replace(draft, round_id=None if value == INBOX else value)
            # A topic outside the new round's topics has to be chosen again.
            if chosen.topic_id not in {topic.id for topic in await self._topics(chosen)}:
                chosen = replace(chosen, topic_id=None)
            return chosen
        if action.name == "t":
            if value not in {topic.id for topic in await self._topics(draft)}:
                return None
            return replace(draft, topic_id=value)
        if value not in (0, 1):
            return None
        if value == 1 and await self.members.organisations.membership(user_id) is None:
            return None
        return replace(draft, on_behalf=value == 1)

    async def _edit(self, dialog: Dialog, index: int, draft: Draft, t: Translator) -> Reply | None:
        if index >= len(FIELDS):
            return None
        step = Step(FIELDS[index])
        screen = await self._go(dialog.user_id, step, draft, t, editing=True)
        return Reply(edit=screen) if step not in view.TEXT_STEPS else Reply(send=(screen,))

    async def _next(self, dialog: Dialog, step: Step, draft: Draft, t: Translator) -> Screen:
        """After a step: back to the review when editing a complete draft, else onwards."""
        editing = dialog.data.get("editing") is True
        if editing and _complete(draft):
            return await self._go(dialog.user_id, Step.REVIEW, draft, t, editing=True)
        following = ORDER[ORDER.index(step) + 1]
        return await self._go(dialog.user_id, following, draft, t, editing=editing)

    async def _go(
        self, user_id: int, step: Step, draft: Draft, t: Translator, *, editing: bool
    ) -> Screen:
        """Save the draft and the step (a restart resumes here); the step's screen."""
        if step is Step.BEHALF and await self.members.organisations.membership(user_id) is None:
            step, draft = Step.REVIEW, replace(draft, on_behalf=False)
        await self.members.dialogs.advance(user_id, step, editing=editing, **draft_data(draft))
        return await self._screen(user_id, step, draft, t)

    async def _screen(self, user_id: int, step: Step, draft: Draft, t: Translator) -> Screen:
        if step is Step.ROUND:
            return view.round_screen(t, await self.members.rounds.open_now(), self.members.zone)
        if step is Step.TOPIC:
            return view.topic_screen(t, await self._topics(draft))
        if step in view.TEXT_STEPS:
            return view.text_prompt(t, step)
        organisation = await self.members.organisations.membership(user_id)
        if step is Step.BEHALF and organisation is not None:
            return view.behalf_screen(t, organisation.name)
        return view.review_screen(t, await self._summary(user_id, draft, organisation, t))

    async def _summary(
        self, user_id: int, draft: Draft, organisation: Organisation | None, t: Translator
    ) -> view.Summary:
        found = (
            await self.members.rounds.get(draft.round_id) if draft.round_id is not None else None
        )
        topic = (
            await self.members.topics.get(draft.topic_id) if draft.topic_id is not None else None
        )
        return view.Summary(
            draft=draft,
            round_title=found.title if found is not None else None,
            topic_name=topic.name(t.language) if topic is not None else "—",
            organisation=organisation.name if organisation is not None else None,
            left_today=max(PER_DAY - await self.members.postulates.submitted_today(user_id), 0),
            several_rounds=len(await self.members.rounds.open_now()) > 1,
        )

    async def _topics(self, draft: Draft) -> list[Topic]:
        """The topics a draft may take: its round's, or every current topic for the inbox."""
        current = await self.members.topics.list_topics()
        if draft.round_id is None:
            return current
        found = await self.members.rounds.get(draft.round_id)
        allowed = set(found.topic_ids) if found is not None else set()
        return [topic for topic in current if topic.id in allowed]

    async def _submit(self, dialog: Dialog, draft: Draft, t: Translator) -> Reply:
        result = await self.members.postulates.submit(dialog.user_id, draft)
        if not isinstance(result, Refusal):
            await self.members.dialogs.finish(dialog.user_id)
            return Reply(edit=view.submitted(t, result))
        step = Step.REVIEW
        if result.problem is Problem.ROUND_CLOSED:
            open_now = await self.members.rounds.open_now()
            step = Step.ROUND if len(open_now) > 1 else Step.TOPIC
            draft = replace(draft, round_id=open_now[0].id if len(open_now) == 1 else None)
        elif result.problem is Problem.UNKNOWN_TOPIC:
            step = Step.TOPIC
        elif result.problem is Problem.NO_ORGANISATION:
            draft = replace(draft, on_behalf=False)
        screen = await self._go(dialog.user_id, step, draft, t, editing=True)
        return Reply(edit=refused(problem_text(t, result), screen))


def _step(value: str) -> Step:
    return Step(value) if value in set(Step) else Step.REVIEW


def _complete(draft: Draft) -> bool:
    return bool(draft.topic_id and draft.title and draft.description and draft.beneficiaries)


def _with_text(draft: Draft, step: Step, value: str) -> Draft:
    if step is Step.TITLE:
        return replace(draft, title=value)
    if step is Step.DESCRIPTION:
        return replace(draft, description=value)
    return replace(draft, beneficiaries=value)
