"""Polish command names beside the English ones: every command handler answers to both."""

from __future__ import annotations

from telegram.ext import CommandHandler

from bot.core import commands
from handlers.types import App


def add_polish_names(app: App) -> None:
    """Teach each registered CommandHandler the Polish names of its English commands.

    Done once, after every feature has registered its handlers, so that features keep naming
    their commands in English and the catalogue in bot/core/commands.py stays the one
    place where the Polish names live.
    """
    polish = commands.polish_names()
    for group in app.handlers.values():
        for handler in group:
            if isinstance(handler, CommandHandler):
                names: frozenset[str] = handler.commands
                extra = {polish[name] for name in names if name in polish}
                handler.commands = names | extra
