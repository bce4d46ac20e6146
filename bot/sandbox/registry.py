"""The table of Bot API methods the emulator answers, looked up case-insensitively."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any

from bot.sandbox.params import UploadedFile
from bot.sandbox.state import EmulatorState


@dataclass
class CallContext:
    """One API call: the world, its parameters and uploads, and whether the client left."""

    state: EmulatorState
    params: dict[str, Any]
    files: dict[str, UploadedFile] = field(default_factory=dict)
    client_gone: Callable[[], bool] = lambda: False


Handler = Callable[[CallContext], Awaitable[Any]]
METHODS: dict[str, tuple[str, Handler]] = {}


def api_method(name: str) -> Callable[[Handler], Handler]:
    def register(handler: Handler) -> Handler:
        METHODS[name.lower()] = (name, handler)
        return handler

    return register


def lookup(name: str) -> tuple[str, Handler] | None:
    return METHODS.get(name.lower())


def canonical(name: str) -> str:
    found = lookup(name)
    return found[0] if found else name
