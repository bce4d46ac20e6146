"""/mypostulates (with withdrawal) and /postulates (browse, support, follow) for members."""

from __future__ import annotations

from collections.abc import Sequence

from bot.core.dialogs import Dialog
from bot.core.fit import Fitted, Part
from bot.core.i18n import Translator
from bot.core.pages import page_bounds
from bot.core.render import Html
from bot.core.screens import Reply, Screen, refused
from bot.postulates import browse_view as view
from bot.postulates.actions import ALL_TOPICS, INBOX, Action, problem_text
from bot.postulates.card import fitted_card
from bot.postulates.member import MemberServices
from bot.postulates.model import (
    REASON_MAX,
    Postulate,
    Problem,
    Refusal,
    Status,
    clean_text,
)

REASON, CONFIRM = "reason", "confirm"  # the withdrawal conversation's steps


class BrowseFlow:
    """The members' buttons outside the /postulate conversation; every value checked again."""

    def __init__(self, members: MemberServices) -> None:
        self.members = members

    async def mine(self, user_id: int, page: int, t: Translator) -> Screen:
        items = await self.members.postulates.mine(user_id)
        page, pages = page_bounds(len(items), page, view.PAGE_SIZE)
        first = page * view.PAGE_SIZE
        return view.mine_screen(t, items[first : first + view.PAGE_SIZE], page, pages)

    async def rounds_screen(self, t: Translator) -> Screen:
        return view.rounds_screen(t, await self.members.rounds.list_all())

    async def press(self, user_id: int, action: Action, t: Translator) -> Reply | None:
        """A /mypostulates or /postulates button; None when it is stale or forged."""
        name, ids = action.name, action.ids
        if name == "m":
            return Reply(edit=await self.mine(user_id, ids[0], t))
        if name == "mo":
            return await self._own_card(user_id, ids[0], ids[1], t)
        if name == "w":
            return await self._withdraw_start(user_id, ids[0], t)
        if name == "bl":
            return Reply(edit=await self.rounds_screen(t))
        if name == "bs":
            return await self._topics(ids[0], t)
        if name == "bp":
            return await self._page(view.Place(*ids), t)
        if name in ("bo", "sp", "fo"):
            return await self._card_action(user_id, action, t)
        return None

    async def _card(
        self, postulate: Postulate, t: Translator, extra: Sequence[Part] = ()
    ) -> Fitted:
        topic = await self.members.topics.get(postulate.topic_id)
        name = topic.name(t.language) if topic is not None else "—"
        return fitted_card(t, postulate, name, self.members.zone, extra=extra)

    async def _own_card(self, user_id: int, postulate_id: int, page: int, t: Translator) -> Reply:
        found = await self.members.postulates.get(postulate_id)
        if found is None or found.id not in {
            p.id for p in await self.members.postulates.mine(user_id)
        }:
            return Reply(toast=problem_text(t, Refusal(Problem.NOT_FOUND)), alert=True)
        return Reply(edit=view.mine_card(t, await self._card(found, t), found, page))

    async def _withdraw_start(self, user_id: int, postulate_id: int, t: Translator) -> Reply:
        found = await self.members.postulates.get(postulate_id)
        mine = {p.id for p in await self.members.postulates.mine(user_id)}
        if found is None or found.id not in mine:
            return Reply(toast=problem_text(t, Refusal(Problem.NOT_ALLOWED)), alert=True)
        if not found.is_open:
            return Reply(toast=problem_text(t, Refusal(Problem.WRONG_STATE)), alert=True)
        await self.members.dialogs.start(user_id, view.WITHDRAW_FLOW, REASON, {"id": found.id})
        return Reply(send=(view.reason_prompt(t, found),))

    async def withdraw_reason(self, dialog: Dialog, text: str | None, t: Translator) -> Reply:
        """The reason typed in the withdrawal conversation; then the confirmation."""
        found = await self._withdrawing(dialog)
        if found is None:
            await self.members.dialogs.finish(dialog.user_id)
            return Reply(send=(Screen(problem_text(t, Refusal(Problem.WRONG_STATE))),))
        prompt = view.reason_prompt(t, found)
        if dialog.step != REASON:
            return Reply(send=(Screen(Html(t.gettext("Please use the buttons above."))),))
        cleaned = clean_text(text, REASON_MAX) if text is not None else Refusal(Problem.EMPTY)
        if isinstance(cleaned, Refusal):
            problem = problem_text(t, cleaned)
            return Reply(send=(refused(problem, prompt),))
        await self.members.dialogs.advance(dialog.user_id, CONFIRM, reason=cleaned)
        return Reply(send=(view.withdraw_confirm(t, found, cleaned),))

    async def withdraw_press(self, dialog: Dialog | None, action: Action, t: Translator) -> Reply:
        """Confirm ("wy") or cancel ("x") the withdrawal in progress."""
        if dialog is None or dialog.flow != view.WITHDRAW_FLOW:
            return Reply(toast=problem_text(t, Refusal(Problem.WRONG_STATE)), alert=True)
        if action.name == "x":
            await self.members.dialogs.finish(dialog.user_id)
            return Reply(edit=Screen(view.withdraw_cancelled(t)))
        reason = dialog.data.get("reason")
        postulate_id = dialog.data.get("id")
        if (
            dialog.step != CONFIRM
            or not isinstance(reason, str)
            or not isinstance(postulate_id, int)
        ):
            return Reply(toast=t.plain("Please send the reason first."), alert=True)
        result = await self.members.postulates.withdraw(dialog.user_id, postulate_id, reason)
        await self.members.dialogs.finish(dialog.user_id)
        if isinstance(result, Refusal):
            return Reply(edit=Screen(problem_text(t, result)))
        return Reply(edit=Screen(view.withdrawn(t, result)))

    async def _withdrawing(self, dialog: Dialog) -> Postulate | None:
        postulate_id = dialog.data.get("id")
        if not isinstance(postulate_id, int):
            return None
        found = await self.members.postulates.get(postulate_id)
        return found if found is not None and found.is_open else None

    async def _topics(self, round_id: int, t: Translator) -> Reply | None:
        current = await self.members.topics.list_topics()
        if round_id == INBOX:
            return Reply(edit=view.topics_screen(t, INBOX, current))
        found = await self.members.rounds.get(round_id)
        if found is None:
            return None
        shown = [topic for topic in current if topic.id in found.topic_ids]
        return Reply(edit=view.topics_screen(t, round_id, shown))

    async def _page(self, place: view.Place, t: Translator) -> Reply | None:
        where = await self._where(place, t)
        if where is None:
            return None
        round_id = None if place.round_id == INBOX else place.round_id
        topic_id = None if place.topic_id == ALL_TOPICS else place.topic_id
        size = view.PAGE_SIZE
        items, total = await self.members.postulates.browse(
            round_id, topic_id, place.page * size, size, in_inbox=round_id is None
        )
        page, pages = page_bounds(total, place.page, size)
        if page != place.page:  # a stale page number: show the last page there is
            return await self._page(view.Place(place.round_id, place.topic_id, page), t)
        return Reply(edit=view.browse_screen(t, where, items, place, pages))

    async def _where(self, place: view.Place, t: Translator) -> str | None:
        """The page's heading (round, topic); None if the round or topic does not exist."""
        if place.round_id == INBOX:
            where = t.plain("general inbox")
        else:
            found = await self.members.rounds.get(place.round_id)
            if found is None:
                return None
            where = found.title
        if place.topic_id != ALL_TOPICS:
            topic = await self.members.topics.get(place.topic_id)
            if topic is None:
                return None
            where = f"{where} · {topic.name(t.language)}"
        return where

    async def _card_action(self, user_id: int, action: Action, t: Translator) -> Reply | None:
        """Open a browsed card, support it or (un)follow it; a gone postulate only alerts."""
        postulate_id, *rest = action.ids
        found = await self.members.postulates.get(postulate_id)
        if found is None:
            return None
        if action.name != "bo" and found.status in _GONE:
            return Reply(toast=problem_text(t, Refusal(Problem.WRONG_STATE)), alert=True)
        toast: str | None = None
        if action.name == "sp":
            result = await self.members.postulates.support(user_id, postulate_id)
            if isinstance(result, Refusal):
                return Reply(toast=_support_problem(t, result), alert=True)
            toast, found = view.supported_toast(t), result
        elif action.name == "fo":
            on = rest.pop(0)
            if on not in (0, 1):
                return None
            result = await self.members.postulates.follow(user_id, postulate_id, on == 1)
            if isinstance(result, Refusal):
                return Reply(toast=problem_text(t, result), alert=True)
            toast = view.followed_toast(t, on == 1)
        if len(rest) != 3:
            return None
        place = view.Place(*rest)
        return Reply(edit=await self._browse_card(user_id, found, place, t), toast=toast)

    async def _browse_card(
        self, user_id: int, found: Postulate, place: view.Place, t: Translator
    ) -> Screen:
        organisation = await self.members.organisations.membership(user_id)
        own = found.author_id == user_id or (
            organisation is not None and found.organisation_id == organisation.id
        )
        supported = await self.members.postulates.supported_by(user_id, found.id)
        state = view.CardState(
            can_support=organisation is not None and not own and found.is_open,
            supported=supported,
            following=await self.members.postulates.follows(user_id, found.id),
        )
        extra = [view.supported_line(t)] if supported else []
        return view.browse_card(t, await self._card(found, t, extra), found, place, state)


_GONE = (Status.WITHDRAWN, Status.MERGED)  # their old buttons only alert


def _support_problem(t: Translator, refusal: Refusal) -> str:
    if refusal.problem is Problem.ALREADY:
        return t.plain("Your organisation already supports this postulate.")
    return problem_text(t, refusal)
