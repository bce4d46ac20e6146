"""Imports point downwards only: bot.app -> handlers -> bot.services -> storage -> bot.config."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

# Each layer and the top-level modules it must never import.
RULES = {
    "storage": ("telegram", "bot", "handlers"),
    "bot/services": ("telegram", "handlers", "bot.app", "bot.cli"),
    "bot/delivery": ("telegram", "handlers", "bot.app", "bot.cli"),
    "bot/feeds": ("telegram", "handlers", "bot.app", "bot.cli"),
    "bot/config.py": ("telegram", "handlers", "storage", "bot.services", "bot.app"),
    "bot/wiring.py": ("telegram", "handlers", "bot.app", "bot.cli"),
    "bot/periods.py": ("telegram", "handlers", "storage", "bot.services", "bot.app", "bot.config"),
    "handlers": ("storage", "bot.app", "bot.cli", "aiosqlite", "sqlite3"),
    # The local Bot API is a stand-in for Telegram: it knows nothing of the bot.
    "bot/sandbox": (
        "telegram",
        "handlers",
        "storage",
        "bot.app",
        "bot.cli",
        "bot.services",
        "bot.delivery",
        "bot.feeds",
        "bot.demo",
        "bot.config",
        "bot.wiring",
    ),
}
# Only the composition root (bot.app, bot.cli, bot.demo) starts the local Bot API and the demo:
# no feature, handler or storage module imports them.
SANDBOX = ("bot.sandbox", "bot.demo")
for _layer, _forbidden in list(RULES.items()):
    if _layer != "bot/sandbox":
        RULES[_layer] = (*_forbidden, *SANDBOX)


def imported_modules(source: Path) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(source.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
    return names


def violations(layer: str, forbidden: tuple[str, ...]) -> dict[str, list[str]]:
    target = ROOT / layer
    files = [target] if target.suffix == ".py" else sorted(target.rglob("*.py"))
    found = {}
    for path in files:
        bad = sorted(
            name
            for name in imported_modules(path)
            if any(name == f or name.startswith(f + ".") for f in forbidden)
        )
        if bad:
            found[str(path.relative_to(ROOT))] = bad
    return found


@pytest.mark.parametrize(("layer", "forbidden"), sorted(RULES.items()))
def test_layer_does_not_import_upwards(layer: str, forbidden: tuple[str, ...]) -> None:
    assert violations(layer, forbidden) == {}


def test_the_check_catches_a_violation(tmp_path: Path) -> None:
    bad = tmp_path / "bad.py"
    bad.write_text("from telegram import Bot\nimport storage.users\n")
    assert imported_modules(bad) == {"telegram", "storage.users"}
