"""Staff's decisions on held feed items: the card, publish, topics, deadline, discard."""

from __future__ import annotations

from datetime import datetime

from bot.announcements.field_view import date_confirmation, problem_text
from bot.announcements.model import Announcement, Field, Problem, Refusal, parse_value
from bot.announcements.render import AnnouncementRenderer
from bot.announcements.service import AnnouncementService
from bot.core.dialogs import Dialog, DialogService
from bot.core.i18n import Translator
from bot.core.render import Html
from bot.core.screens import Reply, Screen
from bot.core.topics import TopicService
from bot.delivery.outbox import OutboxService
from bot.feeds import held_view
from bot.feeds.flow import toggle_topic
from bot.feeds.held import HeldItem, HeldItemService
from bot.feeds.held_view import DEADLINE_FLOW, DEADLINE_STEP
from bot.feeds.ingest import DEADLINE_KINDS
from bot.feeds.view import Action

HELD_SHOWN = 10  # cards sent per press of "Held items"; the oldest first


class HeldItemFlow:
    """Held items as staff see them and the buttons on their cards; each decision works once."""

    def __init__(
        self,
        review: HeldItemService,
        renderer: AnnouncementRenderer,
        announcements: AnnouncementService,
        topics: TopicService,
        outbox: OutboxService,
        dialogs: DialogService,
    ) -> None:
        self.review = review
        self.renderer = renderer
        self.announcements = announcements
        self.topics = topics
        self.outbox = outbox
        self.dialogs = dialogs

    async def card(self, item: HeldItem, t: Translator) -> tuple[Screen, Screen]:
        """The recipients' preview, then where it came from, its deadline and the buttons."""
        preview = await self.renderer.message(item.announcement, t.language, cached=False)
        return preview, held_view.controls(t, item, self.announcements.zone)

    async def listing(self, t: Translator) -> tuple[Screen, ...]:
        """How many are waiting, then a card for each of the oldest few."""
        items = await self.review.held(HELD_SHOWN)
        total = max(await self.review.count_held(), len(items))
        screens: list[Screen] = [Screen(held_view.listing_head(t, len(items), total))]
        for item in items:
            screens.extend(await self.card(item, t))
        return tuple(screens)

    async def press(self, action: Action, user_id: int, t: Translator) -> Reply | None:
        """A card's button; an item decided meanwhile gets an alert, a forged id None."""
        item_id = action.ids[0]
        item = await self.review.get(item_id)
        if item is None:
            alert = held_view.already_decided(t, await self.review.decision(item_id))
            return None if alert is None else Reply(toast=alert, alert=True)
        if action.name == "hp":
            return await self._publish(item, user_id, t)
        if action.name == "hq":
            if not await self.review.discard(item_id, user_id):
                state = await self.review.decision(item_id)
                return Reply(toast=held_view.already_decided(t, state), alert=True)
            return Reply(edit=Screen(held_view.discarded(t, item.announcement.title)))
        if action.name in ("ht", "hx", "ha", "hd"):
            return await self._topics(item, action, t)
        if item.announcement.kind not in DEADLINE_KINDS:
            return None
        if action.name == "hl":
            data = {"item_id": item_id}
            await self.dialogs.start(user_id, DEADLINE_FLOW, DEADLINE_STEP, data)
            return Reply(send=(held_view.deadline_prompt(t, item),))
        # "hn": no deadline after all
        await self._end_deadline_dialog(user_id, item_id)
        changed = await self.review.set_deadline(item_id, None)
        if isinstance(changed, Refusal):
            return Reply(toast=problem_text(t, changed), alert=True)
        card = await self.card(changed, t)
        return Reply(edit=Screen(held_view.deadline_removed(t)), send=card)

    async def _publish(self, item: HeldItem, user_id: int, t: Translator) -> Reply:
        published = await self.review.publish(item.item_id, user_id)
        if isinstance(published, Refusal):
            state = await self.review.decision(item.item_id)
            alert = held_view.already_decided(t, state) or problem_text(t, published)
            return Reply(toast=alert, alert=True)
        chats = (await self.outbox.stats(published.id)).total
        return Reply(edit=Screen(held_view.published(t, published.title, chats)))

    async def _topics(self, item: HeldItem, action: Action, t: Translator) -> Reply | None:
        draft: Announcement = item.announcement
        if action.name == "hd":
            return Reply(edit=Screen(held_view.updated(t)), send=await self.card(item, t))
        if action.name == "ha":
            changed = await self.review.set_topics(item.item_id, (), all_topics=True)
            if changed is None:
                return None
            return Reply(edit=Screen(held_view.updated(t)), send=await self.card(changed, t))
        if action.name == "hx":
            chosen = await toggle_topic(
                self.topics, draft.all_topics, draft.topic_ids, action.ids[1], t
            )
            if not isinstance(chosen, set):
                return chosen
            item = await self.review.set_topics(item.item_id, chosen) or item
        topics = await self.topics.list_topics(include_retired=True)
        return Reply(edit=held_view.topics_screen(t, item, topics))

    async def answer_deadline(self, dialog: Dialog, text: str | None, t: Translator) -> Reply:
        """The typed deadline of a held call or consultation: the updated card, or why not."""
        item_id = dialog.data.get("item_id")
        item = await self.review.get(item_id) if isinstance(item_id, int) else None
        if item is None:
            await self.dialogs.finish(dialog.user_id)
            state = await self.review.decision(item_id) if isinstance(item_id, int) else None
            return Reply(send=(Screen(held_view.item_gone(t, state)),))
        prompt = held_view.deadline_prompt(t, item)
        if text is None:
            return Reply(send=(Screen(held_view.date_expected(t), prompt.rows),))
        changed = await self._set_deadline(item, text)
        if isinstance(changed, Refusal):
            refusal = problem_text(t, changed)
            return Reply(send=(Screen(Html(f"{refusal}\n\n{prompt.text}"), prompt.rows),))
        await self.dialogs.finish(dialog.user_id)
        deadline, zone = changed.announcement.deadline, self.announcements.zone
        confirmed = (
            () if deadline is None else (date_confirmation(t, Field.DEADLINE, deadline, zone),)
        )
        return Reply(send=(*map(Screen, confirmed), *await self.card(changed, t)))

    async def _set_deadline(self, item: HeldItem, text: str) -> HeldItem | Refusal:
        """Read a Polish date as the kind means it (a call's date alone: 15:00) and keep it."""
        kind, zone = item.announcement.kind, self.announcements.zone
        value = parse_value(Field.DEADLINE, text, text, kind, zone, self.announcements.now())
        if isinstance(value, Refusal):
            return value
        if not isinstance(value, datetime):
            return Refusal(Problem.UNREADABLE, Field.DEADLINE)
        return await self.review.set_deadline(item.item_id, value)

    async def _end_deadline_dialog(self, user_id: int, item_id: int) -> None:
        dialog = await self.dialogs.get(user_id)
        if dialog and dialog.flow == DEADLINE_FLOW and dialog.data.get("item_id") == item_id:
            await self.dialogs.finish(user_id)
