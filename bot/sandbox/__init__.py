"""A local Telegram Bot API for tests and the demo: server, simulated users, faults."""

from bot.sandbox.driver import CallbackAnswer, ReceivedDocument, SimulatedGroup, SimulatedUser
from bot.sandbox.errors import ApiError
from bot.sandbox.faults import Faults, Stats
from bot.sandbox.model import HistoryEntry
from bot.sandbox.server import BotApiEmulator, RecordedRequest

__all__ = [
    "ApiError",
    "BotApiEmulator",
    "CallbackAnswer",
    "Faults",
    "HistoryEntry",
    "ReceivedDocument",
    "RecordedRequest",
    "SimulatedGroup",
    "SimulatedUser",
    "Stats",
]
