"""The demo's web page and its small JSON API: people, chats, sending, buttons, files, events."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from importlib.resources import files
from typing import Any
from urllib.parse import quote

from aiohttp import web

from bot.demo.chat_view import chat_json, command_names, sse
from bot.demo.feed import FEED_PATH, NEWS_PATH, DemoFeed
from bot.demo.formatting import checked_entities
from bot.demo.people import People, Person
from bot.sandbox import BotApiEmulator, SimulatedGroup, SimulatedUser

STATIC = files("bot.demo") / "static"
ASSETS = {
    "chat.css": "text/css",
    "chat.js": "text/javascript",
    "texts.js": "text/javascript",
}
ANSWER_WAIT = 5.0  # seconds a pressed button waits for the bot's answer (Telegram: 15 s)
HEARTBEAT = 15.0  # seconds between events when nothing changes, so proxies keep the stream
UPLOAD_MAX = 20 * 1024 * 1024  # Telegram bots download files up to 20 MB
TEXT_MAX = 4096


@dataclass(frozen=True, slots=True)
class DemoActions:
    """What the page's buttons ask of the bot's side: poll the demo feed now (after it got an
    item), and publish a sample call whose reminder comes soon (returns its title)."""

    feed_published: Callable[[], Awaitable[None]]
    publish_sample: Callable[[], Awaitable[str]]


class DemoSite:
    """Routes of the page, its JSON API and the demo feed."""

    def __init__(
        self, emulator: BotApiEmulator, people: People, feed: DemoFeed, actions: DemoActions
    ) -> None:
        self._emulator = emulator
        self._people = people
        self._feed = feed
        self._actions = actions
        self.closing = asyncio.Event()

    def application(self) -> web.Application:
        app = web.Application(client_max_size=UPLOAD_MAX + 64 * 1024)
        app.router.add_get("/", self._index)
        app.router.add_get("/static/{name}", self._asset)
        app.router.add_get(FEED_PATH, self._rss)
        app.router.add_get(f"/{NEWS_PATH}/{{guid}}", self._news)
        app.router.add_get("/api/people", self._list_people)
        app.router.add_get("/api/commands", self._commands)
        app.router.add_post("/api/people", self._create_person)
        app.router.add_get("/api/chat/{chat_id}", self._chat)
        app.router.add_post("/api/chat/{chat_id}/send", self._send)
        app.router.add_post("/api/chat/{chat_id}/press", self._press)
        app.router.add_post("/api/chat/{chat_id}/upload", self._upload)
        app.router.add_get("/api/file/{unique_id}", self._file)
        app.router.add_post("/api/feed", self._publish_feed_item)
        app.router.add_post("/api/sample", self._publish_sample)
        app.router.add_get("/api/events", self._events)
        return app

    # -- page ------------------------------------------------------------------------------

    async def _index(self, request: web.Request) -> web.Response:
        page = (STATIC / "index.html").read_text(encoding="utf-8")
        return web.Response(text=page, content_type="text/html", headers=NO_STORE)

    async def _asset(self, request: web.Request) -> web.Response:
        name = request.match_info["name"]
        if name not in ASSETS:
            raise web.HTTPNotFound()
        body = (STATIC / name).read_text(encoding="utf-8")
        return web.Response(text=body, content_type=ASSETS[name], headers=NO_STORE)

    async def _rss(self, request: web.Request) -> web.Response:
        return web.Response(text=self._feed.rss(), content_type="application/rss+xml")

    async def _news(self, request: web.Request) -> web.Response:
        item = self._feed.find(request.match_info["guid"])
        if item is None:
            raise web.HTTPNotFound()
        return web.Response(text=self._feed.page(item), content_type="text/html")

    # -- people and chats ------------------------------------------------------------------

    async def _list_people(self, request: web.Request) -> web.Response:
        return web.json_response([person_json(p) for p in self._people.all()])

    async def _commands(self, request: web.Request) -> web.Response:
        return web.json_response(command_names())

    async def _create_person(self, request: web.Request) -> web.Response:
        body = await _json_body(request)
        person = self._people.create(str(body.get("name", "")), str(body.get("language", "")))
        if person is None:
            return web.json_response({"error": "invalid"}, status=400)
        return web.json_response(person_json(person))

    async def _chat(self, request: web.Request) -> web.Response:
        return web.json_response(chat_json(self._emulator, self._person(request)))

    async def _send(self, request: web.Request) -> web.Response:
        person = self._person(request)
        body = await _json_body(request)
        text = str(body.get("text", ""))
        entities = checked_entities(text, body.get("entities"))
        if not text.strip() or len(text) > TEXT_MAX or entities is None:
            return web.json_response({"error": "invalid"}, status=400)
        speaker, group = self._speaker(person)
        if group is None:
            await speaker.send(text, entities=entities)
        else:
            await speaker.send_in(group, text, entities=entities)
        return web.json_response({"ok": True})

    async def _press(self, request: web.Request) -> web.Response:
        person = self._person(request)
        body = await _json_body(request)
        speaker, group = self._speaker(person)
        try:
            query_id = await speaker.press_data(
                str(body.get("data", "")), message_id=int(body.get("message_id", 0)), chat=group
            )
            answer = await speaker.wait_for_answer(query_id, timeout=ANSWER_WAIT)
        except (AssertionError, ValueError, TypeError):
            return web.json_response({"text": None, "show_alert": False})
        return web.json_response({"text": answer.text, "show_alert": answer.show_alert})

    async def _upload(self, request: web.Request) -> web.Response:
        person = self._person(request)
        form = await request.post()
        upload = form.get("file")
        if not isinstance(upload, web.FileField):
            return web.json_response({"error": "invalid"}, status=400)
        speaker, group = self._speaker(person)
        await speaker.send_document(
            upload.file.read(), upload.filename, mime_type=upload.content_type, chat=group
        )
        return web.json_response({"ok": True})

    async def _file(self, request: web.Request) -> web.Response:
        unique_id = request.match_info["unique_id"]
        for stored in self._emulator.state.files.values():
            if stored.file_unique_id == unique_id:
                disposition = f"attachment; filename*=UTF-8''{_quote(stored.file_name)}"
                return web.Response(
                    body=stored.data,
                    content_type=stored.mime_type,
                    headers={"Content-Disposition": disposition},
                )
        raise web.HTTPNotFound()

    async def _publish_feed_item(self, request: web.Request) -> web.Response:
        item = self._feed.add_item()
        await self._actions.feed_published()
        return web.json_response({"title": item.title})

    async def _publish_sample(self, request: web.Request) -> web.Response:
        return web.json_response({"title": await self._actions.publish_sample()})

    async def _events(self, request: web.Request) -> web.StreamResponse:
        """Server-sent events: `change` whenever any chat changes; the page then reloads it."""
        response = web.StreamResponse(
            headers={"Content-Type": "text/event-stream", "Cache-Control": "no-store"}
        )
        await response.prepare(request)
        state = self._emulator.state
        seen = -1
        try:
            while not self.closing.is_set():
                if state.seq != seen:
                    seen = state.seq
                    await response.write(sse("change", {"seq": seen}))
                else:
                    await response.write(b": keep-alive\n\n")
                await state.notifier.wait(HEARTBEAT)
        except ConnectionResetError:
            pass  # the page was closed or reloaded
        return response

    # -- helpers ---------------------------------------------------------------------------

    def _person(self, request: web.Request) -> Person:
        try:
            chat_id = int(request.match_info["chat_id"])
        except ValueError:
            raise web.HTTPNotFound() from None
        person = self._people.get(chat_id)
        if person is None:
            raise web.HTTPNotFound()
        return person

    def _speaker(self, person: Person) -> tuple[SimulatedUser, SimulatedGroup | None]:
        speaker = self._emulator.user(person.speaker_id, person.name)
        if person.chat_id == person.speaker_id:
            return speaker, None
        return speaker, SimulatedGroup(self._emulator.state, person.chat_id)


NO_STORE = {"Cache-Control": "no-store"}


def person_json(person: Person) -> dict[str, Any]:
    return {
        "chat_id": person.chat_id,
        "name": person.name,
        "language": person.language,
        "role": person.role,
    }


async def _json_body(request: web.Request) -> dict[str, Any]:
    try:
        body = await request.json()
    except ValueError:
        return {}
    return body if isinstance(body, dict) else {}


def _quote(name: str) -> str:
    return quote(name, safe="")
