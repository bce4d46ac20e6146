"""/feeds actions: the list's buttons, and the saved add-feed / OPML-import conversation."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Collection
from dataclasses import dataclass, replace
from zoneinfo import ZoneInfo

from bot.core.dialogs import Dialog, DialogService
from bot.core.i18n import Translator
from bot.core.screens import Reply, Screen
from bot.core.topics import Kind, TopicService
from bot.feeds import add_view, view
from bot.feeds.add_view import FILE_MAX, FLOW, Choices, Step
from bot.feeds.held import HeldItemService
from bot.feeds.model import Feed, FeedProblem, Mode
from bot.feeds.opml import OpmlError, read_opml
from bot.feeds.service import FeedService, check_url
from bot.feeds.view import Action

# Downloads a file sent to the bot by its Telegram file id (the handler's part of the work).
Fetch = Callable[[str], Awaitable[bytes]]
# The conversation's buttons and the one step each belongs to ("cx", cancel, fits any step).
_BUTTON_STEPS = {"ct": Step.TOPICS, "ca": Step.TOPICS, "cd": Step.TOPICS}
_BUTTON_STEPS |= {"ck": Step.KIND, "cm": Step.MODE, "cy": Step.CONFIRM}
FEED_ACTIONS = frozenset({"p", "r", "d", "dy", "t", "tt", "ta"})


@dataclass(frozen=True, slots=True)
class Upload:
    """A file sent in the conversation: Telegram's id for it, its name and declared size."""

    file_id: str
    name: str
    size: int | None


class FeedAdmin:
    """The feed list's buttons: pages, pause and resume, remove, topics."""

    def __init__(
        self, feeds: FeedService, review: HeldItemService, topics: TopicService, zone: ZoneInfo
    ) -> None:
        self.feeds = feeds
        self.review = review
        self.topics = topics
        self.zone = zone

    async def list_screen(self, page: int, t: Translator) -> Screen:
        feeds = await self.feeds.list()
        topics = await self.topics.list_topics(include_retired=True)
        held = await self.review.count_held()
        return view.feed_list(t, feeds, page, topics, held, self.zone)

    async def press(self, action: Action, t: Translator) -> Reply | None:
        """A list button's effect and the screen that replaces the list; None if stale."""
        if action.name == "l":
            return Reply(edit=await self.list_screen(action.ids[0], t))
        feed = await self.feeds.get(action.ids[0]) if action.name in FEED_ACTIONS else None
        if feed is None:
            return None
        page = action.ids[-1]
        if action.name == "d":
            return Reply(edit=view.remove_confirm(t, feed, page))
        if action.name in ("t", "tt", "ta"):
            return await self._topics(feed, action, t)
        toast = None
        if action.name == "p":
            await self.feeds.pause(feed.id)
            toast = view.paused_toast(t)
        elif action.name == "r":
            await self.feeds.resume(feed.id)
            toast = view.resumed_toast(t)
        elif action.name == "dy":
            await self.feeds.remove(feed.id)
            toast = view.removed_toast(t)
        return Reply(edit=await self.list_screen(page, t), toast=toast)

    async def _topics(self, feed: Feed, action: Action, t: Translator) -> Reply | None:
        page = action.ids[-1]
        if action.name == "tt":
            chosen = await toggle_topic(
                self.topics, feed.all_topics, feed.topic_ids, action.ids[1], t
            )
            if not isinstance(chosen, set):
                return chosen
            feed = await self.feeds.set_topics(feed.id, chosen) or feed
        elif action.name == "ta":
            feed = await self.feeds.set_topics(feed.id, None) or feed
        topics = await self.topics.list_topics(include_retired=True)
        return Reply(edit=view.feed_topics(t, feed, topics, page))


async def toggle_topic(
    topics: TopicService,
    all_topics: bool,
    topic_ids: Collection[int],
    topic_id: int,
    t: Translator,
) -> set[int] | Reply | None:
    """The chosen topics with one added or taken out; an alert rather than none left; None
    for an unknown topic, or a retired one not chosen (it may only be taken out)."""
    chosen = set() if all_topics else set(topic_ids)
    topic = await topics.get(topic_id)
    if topic is None or (topic.retired and topic.id not in chosen):
        return None
    chosen ^= {topic.id}
    if not chosen:
        return Reply(toast=view.at_least_one_topic(t), alert=True)
    return chosen


class AddFeedFlow:
    """Adding one feed (an address) or many (an OPML file): topics, kind, mode, confirm."""

    def __init__(self, feeds: FeedService, topics: TopicService, dialogs: DialogService) -> None:
        self.feeds = feeds
        self.topics = topics
        self.dialogs = dialogs

    async def start(self, user_id: int, step: Step, t: Translator) -> Screen:
        """Begin with an address (which also takes a file) or, for Import, with a file."""
        await self.dialogs.start(user_id, FLOW, step)
        return add_view.file_prompt(t) if step is Step.FILE else add_view.url_prompt(t)

    async def answer(
        self, dialog: Dialog, text: str | None, upload: Upload | None, fetch: Fetch, t: Translator
    ) -> Reply:
        """A message in the conversation: an address or a file where one is asked for."""
        if dialog.step not in (Step.URL, Step.FILE):
            return Reply(send=(Screen(add_view.use_buttons(t)),))
        if upload is not None:
            return await self._file(dialog, upload, fetch, t)
        if dialog.step == Step.FILE or text is None:
            return Reply(send=(add_view.file_expected(t),))
        url = check_url(text)
        problem = None
        if url is None:
            problem = FeedProblem.INVALID_URL
        elif any(feed.url == url for feed in await self.feeds.list()):
            problem = FeedProblem.DUPLICATE
        if problem is not None:
            return Reply(send=(add_view.again(t, problem, add_view.url_prompt(t)),))
        screen = await self._go(dialog, Step.TOPICS, Choices(url=url), t)
        return Reply(send=(screen,))

    async def _file(self, dialog: Dialog, upload: Upload, fetch: Fetch, t: Translator) -> Reply:
        if upload.size is not None and upload.size > FILE_MAX:
            return Reply(send=(add_view.file_too_big(t),))
        body = await fetch(upload.file_id)
        if len(body) > FILE_MAX:
            return Reply(send=(add_view.file_too_big(t),))
        try:
            count = len(read_opml(body))
        except OpmlError:
            count = 0
        if count == 0:
            prompt = add_view.file_prompt(t)
            return Reply(send=(add_view.again(t, FeedProblem.UNREADABLE, prompt),))
        choices = Choices(file_id=upload.file_id, file_name=upload.name[:100], count=count)
        screen = await self._go(dialog, Step.TOPICS, choices, t)
        return Reply(send=(Screen(add_view.file_read(t, count)), screen))

    async def press(
        self, dialog: Dialog | None, action: Action, fetch: Fetch, t: Translator
    ) -> Reply | None:
        """A conversation button, valid only at its step of this user's conversation."""
        if dialog is None or dialog.flow != FLOW:
            return None
        if action.name == "cx":
            await self.dialogs.finish(dialog.user_id)
            return Reply(edit=Screen(add_view.cancelled(t)))
        if _BUTTON_STEPS.get(action.name) != dialog.step:
            return None
        choices = Choices.of(dialog.data)
        if action.name in ("ct", "ca", "cd"):
            return await self._choose_topics(dialog, choices, action, t)
        if action.name == "ck":
            screen = await self._go(dialog, Step.MODE, replace(choices, kind=Kind(action.word)), t)
            return Reply(edit=screen)
        if action.name == "cm":
            chosen = replace(choices, mode=Mode(action.word))
            return Reply(edit=await self._go(dialog, Step.CONFIRM, chosen, t))
        return await self._confirm(dialog, choices, fetch, t)

    async def _choose_topics(
        self, dialog: Dialog, choices: Choices, action: Action, t: Translator
    ) -> Reply | None:
        if action.name == "ca":
            chosen = replace(choices, topic_ids=(), all_topics=True)
            return Reply(edit=await self._go(dialog, Step.KIND, chosen, t))
        if action.name == "cd":
            if not choices.topic_ids:
                return Reply(toast=view.at_least_one_topic(t), alert=True)
            return Reply(edit=await self._go(dialog, Step.KIND, choices, t))
        topic = await self.topics.get(action.ids[0])
        if topic is None or (topic.retired and topic.id not in choices.topic_ids):
            return None
        toggled = sorted(set(choices.topic_ids) ^ {topic.id})
        chosen = replace(choices, topic_ids=tuple(toggled), all_topics=False)
        return Reply(edit=await self._go(dialog, Step.TOPICS, chosen, t))

    async def _go(self, dialog: Dialog, step: Step, choices: Choices, t: Translator) -> Screen:
        """Save the choices and the step (so a restart resumes here); the step's screen."""
        await self.dialogs.advance(dialog.user_id, step, **choices.data())
        if step is Step.TOPICS:
            topics = await self.topics.list_topics()
            return add_view.topics_screen(t, topics, choices.topic_ids)
        if step is Step.KIND:
            return add_view.kind_screen(t)
        if step is Step.MODE:
            return add_view.mode_screen(t)
        topics = await self.topics.list_topics(include_retired=True)
        return add_view.confirm_screen(t, choices, topics)

    async def _confirm(
        self, dialog: Dialog, choices: Choices, fetch: Fetch, t: Translator
    ) -> Reply | None:
        if choices.kind is None or choices.mode is None:
            return None
        topic_ids = None if choices.all_topics else choices.topic_ids
        if choices.file_id is not None:
            body = await fetch(choices.file_id)
            result = await self.feeds.import_opml(
                body, choices.kind, topic_ids, choices.mode, dialog.user_id
            )
            if isinstance(result, FeedProblem):
                return await self._back(dialog, Step.FILE, result, t)
            await self.dialogs.finish(dialog.user_id)
            added, skipped = result
            return Reply(edit=Screen(add_view.imported(t, len(added), skipped, choices.mode)))
        if choices.url is None:
            return None
        feed = await self.feeds.add(
            choices.url, choices.kind, topic_ids, choices.mode, dialog.user_id
        )
        if isinstance(feed, FeedProblem):
            step = Step.TOPICS if feed is FeedProblem.NO_TOPICS else Step.URL
            return await self._back(dialog, step, feed, t)
        await self.dialogs.finish(dialog.user_id)
        return Reply(edit=Screen(add_view.added(t, feed)))

    async def _back(
        self, dialog: Dialog, step: Step, problem: FeedProblem, t: Translator
    ) -> Reply:
        """Refused at the end (someone added the feed meanwhile...): back to the step concerned."""
        if step is Step.TOPICS:
            prompt = await self._go(dialog, step, Choices.of(dialog.data), t)
        else:
            await self.dialogs.advance(dialog.user_id, step, **Choices().data())
            prompt = add_view.file_prompt(t) if step is Step.FILE else add_view.url_prompt(t)
        return Reply(edit=add_view.again(t, problem, prompt))
