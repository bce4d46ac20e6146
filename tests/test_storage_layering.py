"""Storage must stay Telegram-free: it may not import telegram, bot or handlers."""

from __future__ import annotations

import ast
from pathlib import Path

import storage

FORBIDDEN = {"telegram", "bot", "handlers"}


def imported_top_level_names(source: Path) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(source.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module.split(".")[0])
    return names


def test_storage_imports_neither_telegram_nor_upper_layers() -> None:
    package = Path(storage.__file__).parent
    offenders = {
        str(path.relative_to(package)): sorted(imported_top_level_names(path) & FORBIDDEN)
        for path in package.rglob("*.py")
    }
    assert {path: names for path, names in offenders.items() if names} == {}
