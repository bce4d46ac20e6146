"""Staff correct a published answer: a status, the new position, a look, then it goes out."""

from __future__ import annotations

from bot.core.dialogs import Dialog, DialogService
from bot.core.i18n import Translator
from bot.core.render import Html
from bot.core.screens import Reply, Screen
from bot.postulates import review_view as view
from bot.postulates.actions import Action, problem_text
from bot.postulates.model import (
    ANSWERS,
    POSITION_MAX,
    Postulate,
    Problem,
    Refusal,
    Status,
    clean_text,
)
from bot.postulates.review import ReviewService

ACTIONS = frozenset({"ca", "cs", "cy"})


class AnswerCorrection:
    """The "ca", "cs" and "cy" buttons and the typed position of a correction."""

    def __init__(self, desk: ReviewService, dialogs: DialogService) -> None:
        self.desk = desk
        self.dialogs = dialogs

    async def press(
        self, user_id: int, found: Postulate, action: Action, t: Translator
    ) -> Reply | None:
        page = action.ids[-1]
        if found.status not in ANSWERS or found.answered_at is None:
            return Reply(toast=problem_text(t, Refusal(Problem.WRONG_STATE)), alert=True)
        if action.name == "ca":
            return Reply(edit=view.answer_choice(t, found, page, action="cs"))
        if action.name == "cs":
            if action.ids[1] >= len(ANSWERS):
                return None
            status = ANSWERS[action.ids[1]]
            data = {"id": found.id, "status": status.value, "page": page}
            await self.dialogs.start(user_id, view.CORRECT_FLOW, "position", data)
            return Reply(send=(view.position_prompt(t, found, status),))
        return await self._send(user_id, found, t)

    async def typed(
        self, dialog: Dialog, found: Postulate, text: str | None, t: Translator
    ) -> Reply:
        """The new position: checked, kept in the conversation, shown before it goes out."""
        status = _status(dialog)
        if status is None:
            await self.dialogs.finish(dialog.user_id)
            return Reply(send=(Screen(view.cancelled(t)),))
        cleaned = clean_text(text or "", POSITION_MAX)
        if isinstance(cleaned, Refusal):
            prompt = view.position_prompt(t, found, status)
            return Reply(
                send=(Screen(Html(f"{problem_text(t, cleaned)}\n\n{prompt.text}"), prompt.rows),)
            )
        await self.dialogs.advance(dialog.user_id, "confirm", position=cleaned)
        page = dialog.data.get("page")
        shown = view.correction_confirm(
            t, found, status, cleaned, page if isinstance(page, int) else 0
        )
        return Reply(send=(shown,))

    async def _send(self, user_id: int, found: Postulate, t: Translator) -> Reply:
        dialog = await self.dialogs.get(user_id)
        position = dialog.data.get("position") if dialog is not None else None
        status = _status(dialog) if dialog is not None else None
        if dialog is None or dialog.flow != view.CORRECT_FLOW or dialog.data.get("id") != found.id:
            return Reply(toast=problem_text(t, Refusal(Problem.WRONG_STATE)), alert=True)
        if status is None or not isinstance(position, str):
            return Reply(toast=problem_text(t, Refusal(Problem.WRONG_STATE)), alert=True)
        result = await self.desk.correct_answer(found.id, status, position, user_id)
        if isinstance(result, Refusal):
            return Reply(toast=problem_text(t, result), alert=True)
        await self.dialogs.finish(user_id)
        corrected, people = result
        return Reply(edit=Screen(view.corrected(t, corrected, people)))


def _status(dialog: Dialog) -> Status | None:
    value = dialog.data.get("status")
    return Status(value) if value in {answer.value for answer in ANSWERS} else None
