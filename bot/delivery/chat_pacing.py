"""Per-chat pacing: one message a second to a chat, and a group's messages per minute."""

from __future__ import annotations

import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field

# Telegram counts a message when it arrives, we when we send it; a later send can overtake an
# earlier one on the wire. Keeping this much further apart absorbs that jitter.
CHAT_MARGIN = 0.05  # seconds, per chat
GROUP_MARGIN = 1.0  # seconds, on the one-minute group window
# Forget chats that have been quiet this long (longer than any window), so memory stays small.
FORGET_AFTER = 120.0
SWEEP_EVERY = 1024


@dataclass
class _ChatState:
    busy: bool = False  # a send is reserved and not yet finished
    sends: deque[float] = field(default_factory=deque)


class ChatPacer:
    """Per-chat limits: `per_chat_interval` between messages to a chat, and at most
    `group_per_minute` messages per minute to a group (negative chat id)."""

    def __init__(
        self,
        per_chat_interval: float,
        group_per_minute: int,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._interval = per_chat_interval + CHAT_MARGIN
        self._group_limit = group_per_minute
        self._clock = clock
        self._chats: dict[int, _ChatState] = {}
        self._checks = 0

    def reserve(self, chat_id: int) -> float:
        """0 and the chat is reserved for one send; otherwise the seconds to wait first."""
        self._sweep()
        now = self._clock()
        state = self._chats.setdefault(chat_id, _ChatState())
        if state.busy:
            return self._interval
        sends = state.sends
        while sends and sends[0] <= now - 60.0 - GROUP_MARGIN:
            sends.popleft()
        wait = 0.0
        if sends:
            wait = sends[-1] + self._interval - now
        if chat_id < 0 and len(sends) >= self._group_limit:
            wait = max(wait, sends[-self._group_limit] + 60.0 + GROUP_MARGIN - now)
        if wait > 0:
            return wait
        state.busy = True
        return 0.0

    def sent(self, chat_id: int, at: float) -> None:
        """The reserved send went out at `at` (monotonic): it counts in the chat's windows."""
        state = self._chats.setdefault(chat_id, _ChatState())
        state.busy = False
        state.sends.append(at)

    def release(self, chat_id: int) -> None:
        """The reserved send did not go out after all."""
        state = self._chats.get(chat_id)
        if state is not None:
            state.busy = False

    def _sweep(self) -> None:
        self._checks += 1
        if self._checks % SWEEP_EVERY:
            return
        cutoff = self._clock() - FORGET_AFTER
        quiet = [
            chat_id
            for chat_id, state in self._chats.items()
            if not state.busy and (not state.sends or state.sends[-1] < cutoff)
        ]
        for chat_id in quiet:
            del self._chats[chat_id]
