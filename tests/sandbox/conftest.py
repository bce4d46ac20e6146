"""The emulator's own fixtures for its tests: a started server (emu) and a PTB Bot on it (bot)."""

from tests.emulator_fixtures import bot_fixture, emu_fixture

# Fixtures are found by name in a conftest's namespace: importing them is how they are shared.
__all__ = ["bot_fixture", "emu_fixture"]
