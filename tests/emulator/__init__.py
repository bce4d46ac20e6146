"""A local Telegram Bot API emulator for tests: server, simulated users, fault injection."""

from tests.emulator.driver import CallbackAnswer, ReceivedDocument, SimulatedGroup, SimulatedUser
from tests.emulator.errors import ApiError
from tests.emulator.faults import Faults, Stats
from tests.emulator.model import HistoryEntry
from tests.emulator.server import BotApiEmulator, RecordedRequest

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
