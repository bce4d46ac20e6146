"""/review for staff: queue, under review, merge, answer (status, then position), publish."""

from __future__ import annotations

from zoneinfo import ZoneInfo

from bot.core.dialogs import Dialog, DialogService
from bot.core.i18n import Translator
from bot.core.pages import page_bounds
from bot.core.render import Html
from bot.core.screens import Reply, Screen
from bot.core.topics import TopicService
from bot.numbers import parse_natural
from bot.postulates import review_view as view
from bot.postulates.actions import INBOX, Action, problem_text
from bot.postulates.card import fitted_card
from bot.postulates.correction_flow import ACTIONS as CORRECTION_ACTIONS
from bot.postulates.correction_flow import AnswerCorrection
from bot.postulates.model import ANSWERS, Postulate, Problem, Refusal, Status
from bot.postulates.reach import AnswerReach
from bot.postulates.review import ReviewService
from bot.postulates.rounds import RoundService
from bot.postulates.service import PostulateService

QUEUE_SCAN = 500  # queue items read per query when looking for a round's drafted answers


class ReviewFlow:
    """The staff's buttons and typed answers; the role is checked by the handler each time."""

    def __init__(
        self,
        desk: ReviewService,
        postulates: PostulateService,
        rounds: RoundService,
        topics: TopicService,
        dialogs: DialogService,
        reach: AnswerReach,
        zone: ZoneInfo,
    ) -> None:
        self.desk = desk
        self.postulates = postulates
        self.rounds = rounds
        self.topics = topics
        self.dialogs = dialogs
        self.reach = reach
        self.zone = zone
        self.corrections = AnswerCorrection(desk, dialogs)

    async def queue(self, page: int, t: Translator) -> Screen:
        _, total = await self.desk.queue(0, 0)
        page, pages = page_bounds(total, page, view.PAGE_SIZE)
        items, total = await self.desk.queue(page * view.PAGE_SIZE, view.PAGE_SIZE)
        return view.queue_screen(t, items, page, pages, total)

    async def press(self, user_id: int, action: Action, t: Translator) -> Reply | None:
        """A /review button; None when it is stale or forged."""
        name, ids = action.name, action.ids
        if name == "q":
            return Reply(edit=await self.queue(ids[0], t))
        if name == "rl":
            return Reply(edit=view.rounds_screen(t, await self.rounds.list_all()))
        if name in ("pr", "py"):
            return await self._round(user_id, name, ids[0], t)
        if name == "x":
            return await self._cancel(user_id, t)
        found = await self.postulates.get(ids[0])
        if found is None:
            return None
        if name == "o":
            return Reply(edit=await self.card(found, ids[-1], t))
        if name in CORRECTION_ACTIONS:
            return await self.corrections.press(user_id, found, action, t)
        if not found.is_open:
            return Reply(toast=problem_text(t, Refusal(Problem.WRONG_STATE)), alert=True)
        return await self._act(user_id, found, action, t)

    async def _act(
        self, user_id: int, found: Postulate, action: Action, t: Translator
    ) -> Reply | None:
        name, page = action.name, action.ids[-1]
        if name == "u":
            result = await self.desk.mark_under_review(found.id, user_id)
            return await self._result(result, page, t, t.plain("🔍 Marked as under review."))
        if name == "m":
            target = {"id": found.id, "page": page}
            await self.dialogs.start(user_id, view.MERGE_FLOW, "target", target)
            return Reply(send=(view.merge_prompt(t, found),))
        if name == "a":
            return Reply(edit=view.answer_choice(t, found, page))
        if name == "as":
            if action.ids[1] >= len(ANSWERS):
                return None
            status = ANSWERS[action.ids[1]]
            data = {"id": found.id, "status": status.value, "page": page}
            await self.dialogs.start(user_id, view.ANSWER_FLOW, "position", data)
            return Reply(send=(view.position_prompt(t, found, status),))
        if name == "p":
            return Reply(edit=view.publish_confirm(t, found, page))
        if name == "mc":
            return await self._merge_confirmed(user_id, found, action.ids[1], t)
        if name == "pc":
            result = await self.desk.publish_answer(found.id, user_id)
            if isinstance(result, Refusal):
                return Reply(toast=problem_text(t, result), alert=True)
            people = await self.reach.people([found.id])
            notice = Screen(view.published(t, result, people))
            return Reply(edit=await self.card(result, page, t), send=(notice,))
        return None

    async def _result(
        self, result: Postulate | Refusal, page: int, t: Translator, toast: str
    ) -> Reply:
        if isinstance(result, Refusal):
            return Reply(toast=problem_text(t, result), alert=True)
        return Reply(edit=await self.card(result, page, t), toast=toast)

    async def card(self, found: Postulate, page: int, t: Translator) -> Screen:
        topic = await self.topics.get(found.topic_id)
        name = topic.name(t.language) if topic is not None else "—"
        in_round = await self.rounds.get(found.round_id) if found.round_id is not None else None
        title = in_round.title if in_round is not None else None
        card = fitted_card(t, found, name, self.zone, title, view.draft_parts(t, found))
        return view.staff_card(t, card, found, page)

    async def typed(self, dialog: Dialog, text: str | None, t: Translator) -> Reply:
        """A merge target's number or the city's position, typed in a /review conversation."""
        postulate_id = dialog.data.get("id")
        found = await self.postulates.get(postulate_id) if isinstance(postulate_id, int) else None
        if found is not None and dialog.flow == view.CORRECT_FLOW:
            return await self.corrections.typed(dialog, found, text, t)
        if found is None or not found.is_open:
            await self.dialogs.finish(dialog.user_id)
            return Reply(send=(Screen(problem_text(t, Refusal(Problem.WRONG_STATE))),))
        if dialog.flow == view.MERGE_FLOW:
            return await self._merge(dialog, found, text, t)
        status = dialog.data.get("status")
        if status not in {answer.value for answer in ANSWERS}:
            await self.dialogs.finish(dialog.user_id)
            return Reply(send=(Screen(view.cancelled(t)),))
        prompt = view.position_prompt(t, found, Status(status))
        result = await self.desk.draft_answer(found.id, Status(status), text or "", dialog.user_id)
        if isinstance(result, Refusal):
            return Reply(send=(_again(problem_text(t, result), prompt),))
        await self.dialogs.finish(dialog.user_id)
        page = dialog.data.get("page")
        return Reply(send=(await self.card(result, page if isinstance(page, int) else 0, t),))

    async def _merge(
        self, dialog: Dialog, found: Postulate, text: str | None, t: Translator
    ) -> Reply:
        prompt = view.merge_prompt(t, found)
        digits = (text or "").strip().lstrip("№#").strip()
        into = parse_natural(digits, typed=True)
        if into is None:
            return Reply(send=(_again(view.number_expected(t), prompt),))
        if into == found.id:
            return Reply(send=(_again(view.not_itself(t), prompt),))
        target = await self.postulates.get(into)
        if target is None or not target.is_open:
            problem = Problem.NOT_FOUND if target is None else Problem.WRONG_STATE
            return Reply(send=(_again(problem_text(t, Refusal(problem)), prompt),))
        page = dialog.data.get("page")
        return Reply(
            send=(view.merge_confirm(t, found, target, page if isinstance(page, int) else 0),)
        )

    async def _merge_confirmed(
        self, user_id: int, found: Postulate, into: int, t: Translator
    ) -> Reply:
        """The staff member saw both titles and confirmed: merge now."""
        result = await self.desk.merge(found.id, into, user_id)
        if isinstance(result, Refusal):
            return Reply(toast=problem_text(t, result), alert=True)
        dialog = await self.dialogs.get(user_id)
        if dialog is not None and dialog.flow == view.MERGE_FLOW:
            await self.dialogs.finish(user_id)
        return Reply(edit=Screen(view.merged(t, result, into)))

    async def _cancel(self, user_id: int, t: Translator) -> Reply | None:
        dialog = await self.dialogs.get(user_id)
        if dialog is None or dialog.flow not in (
            view.MERGE_FLOW,
            view.ANSWER_FLOW,
            view.CORRECT_FLOW,
        ):
            return None
        await self.dialogs.finish(user_id)
        return Reply(edit=Screen(view.cancelled(t)))

    async def _round(self, user_id: int, name: str, round_id: int, t: Translator) -> Reply | None:
        """Ask ("pr"), then ("py") publish every drafted answer of a round or the inbox."""
        if round_id == INBOX:
            target, where = None, t.plain("the general inbox")
        else:
            found = await self.rounds.get(round_id)
            if found is None:
                return None
            target, where = found.id, found.title
        drafted = await self._drafted(target)
        if name == "pr":
            return Reply(edit=view.round_confirm(t, round_id, where, len(drafted)))
        count = await self.desk.publish_round(target, user_id)
        people = await self.reach.people(drafted)
        return Reply(edit=Screen(view.round_published(t, count, people)))

    async def _drafted(self, round_id: int | None) -> list[int]:
        """Ids of the round's open postulates with an answer drafted, not yet published."""
        found: list[int] = []
        offset = 0
        while True:
            items, total = await self.desk.queue(offset, QUEUE_SCAN)
            found += [
                item.id
                for item in items
                if item.round_id == round_id and item.answer_status is not None
            ]
            offset += QUEUE_SCAN
            if offset >= total or not items:
                return found


def _again(problem: Html, prompt: Screen) -> Screen:
    return Screen(Html(f"{problem}\n\n{prompt.text}"), prompt.rows)
