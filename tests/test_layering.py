"""Imports point downwards only, and the packages' import graph has no cycle.

bot.app, bot.cli and the rest of the composition root -> handlers -> feature packages
-> bot.core / bot.delivery -> storage -> bot.config (with bot.periods and bot.logs beside it).
Feature packages use each other only along FEATURE_USES, a graph without cycles; everything
else goes through bot.core or an explicit Protocol (as bot.delivery does with ChatStates).
Inside a package, too, modules never import each other in a circle.
"""

from __future__ import annotations

import ast
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

FEATURES = (
    "bot.announcements",
    "bot.calendar",
    "bot.feeds",
    "bot.onboarding",
    "bot.organisations",
    "bot.postulates",
    "bot.privacy",
    "bot.subscriptions",
    "bot.topics",
)
# The composition root: it may import everything, and nothing below imports it.
COMPOSITION = (
    "bot.app",
    "bot.cli",
    "bot.container",
    "bot.demo",
    "bot.outbox_render",
    "bot.runtime",
    "bot.scheduling",
    "bot.watching",
    "bot.wiring",
)
BOTTOM = ("bot.config", "bot.periods", "bot.logs")
# Which feature may import which other feature (directly, for its models and services).
FEATURE_USES: Mapping[str, frozenset[str]] = {
    "bot.announcements": frozenset({"bot.organisations"}),
    "bot.calendar": frozenset({"bot.announcements"}),
    "bot.feeds": frozenset({"bot.announcements", "bot.organisations"}),
    "bot.onboarding": frozenset({"bot.organisations", "bot.subscriptions"}),
    "bot.organisations": frozenset(),
    "bot.postulates": frozenset({"bot.announcements", "bot.organisations"}),
    "bot.privacy": frozenset(),
    "bot.subscriptions": frozenset({"bot.organisations"}),
    "bot.topics": frozenset(),
}
# The local Bot API (bot.sandbox) stands in for Telegram: only the root starts it.
UPPER = ("telegram", "handlers", "bot.sandbox", *COMPOSITION)
# Each layer (a folder or a module) and the modules it must never import.
RULES: Mapping[str, tuple[str, ...]] = {
    "storage": ("telegram", "bot", "handlers"),
    "bot/config.py": ("telegram", "handlers", "storage", "bot.core", *FEATURES, *COMPOSITION),
    "bot/periods.py": ("telegram", "handlers", "storage", "bot.config", "bot.core", *FEATURES),
    "bot/logs.py": ("telegram", "handlers", "storage", "bot.config", "bot.core", *FEATURES),
    "bot/core": (*UPPER, *FEATURES, "bot.delivery"),
    "bot/delivery": (*UPPER, *FEATURES),
    **{
        feature.replace(".", "/"): (
            *UPPER,
            *(other for other in FEATURES if other != feature and other not in uses),
        )
        for feature, uses in FEATURE_USES.items()
    },
    "handlers": (
        "bot.sandbox",
        "storage",
        "aiosqlite",
        "sqlite3",
        *(m for m in COMPOSITION if m != "bot.container"),
    ),
}


def imports(source: Path) -> Iterator[tuple[str, str | None]]:
    """(module, name) of each import: `import a.b` gives (a.b, None), `from a import b` (a, b)."""
    for node in ast.walk(ast.parse(source.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            yield from ((alias.name, None) for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            yield from ((node.module, alias.name) for alias in node.names)


def imported_modules(source: Path) -> set[str]:
    return {module for module, _ in imports(source)}


def violations(layer: str, forbidden: tuple[str, ...], root: Path = ROOT) -> dict[str, list[str]]:
    target = root / layer
    files = [target] if target.suffix == ".py" else sorted(target.rglob("*.py"))
    found = {}
    for path in files:
        bad = sorted(
            name
            for name in imported_modules(path)
            if any(name == f or name.startswith(f + ".") for f in forbidden)
        )
        if bad:
            found[str(path.relative_to(root))] = bad
    return found


def package_of(module: str) -> str:
    """The room a module belongs to: bot.<package>, or a top-level module or package."""
    parts = module.split(".")
    return ".".join(parts[:2]) if parts[0] == "bot" and len(parts) > 1 else parts[0]


def package_graph(root: Path = ROOT) -> dict[str, set[str]]:
    """Arrows between the application's packages (bot.<x>, handlers, storage)."""
    graph: dict[str, set[str]] = {}
    for top in ("bot", "handlers", "storage"):
        for path in sorted((root / top).rglob("*.py")):
            module = ".".join(path.relative_to(root).with_suffix("").parts)
            source = package_of(module.removesuffix(".__init__"))
            arrows = graph.setdefault(source, set())
            for name in imported_modules(path):
                target = package_of(name)
                if target.split(".")[0] in ("bot", "handlers", "storage") and target != source:
                    arrows.add(target)
    return graph


def find_cycle(graph: Mapping[str, Iterable[str]]) -> list[str] | None:
    """One cycle of the graph as a path (first == last), or None: a depth-first search."""
    state: dict[str, str] = {}
    path: list[str] = []

    def visit(node: str) -> list[str] | None:
        state[node] = "open"
        path.append(node)
        for target in sorted(graph.get(node, ())):
            if state.get(target) == "open":
                return [*path[path.index(target) :], target]
            if target not in state and (cycle := visit(target)) is not None:
                return cycle
        state[node] = "done"
        path.pop()
        return None

    for node in sorted(graph):
        if node not in state and (cycle := visit(node)) is not None:
            return cycle
    return None


# Modules of one package that still import each other, each group to be untangled and then
# removed from this list; no other group may appear.
KNOWN_MODULE_CYCLES: frozenset[frozenset[str]] = frozenset()


def module_name(path: Path, root: Path = ROOT) -> str:
    """`bot/sandbox/driver.py` -> bot.sandbox.driver; a package's __init__.py -> the package."""
    parts = path.relative_to(root).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def module_graph(root: Path = ROOT) -> dict[str, set[str]]:
    """Arrows between the modules of each package (bot.<x>, handlers, storage), not across.

    Imports made only for type checking count: they tie two modules together just as much.
    """
    paths = {
        module_name(path, root): path
        for top in ("bot", "handlers", "storage")
        for path in sorted((root / top).rglob("*.py"))
    }
    folder = {name: path.parent for name, path in paths.items()}
    graph: dict[str, set[str]] = {}
    for name, path in paths.items():
        arrows = graph.setdefault(name, set())
        for module, imported in imports(path):
            # `from bot.sandbox import driver` imports the module bot.sandbox.driver.
            target = f"{module}.{imported}" if f"{module}.{imported}" in paths else module
            if target in paths and target != name and folder[target] == folder[name]:
                arrows.add(target)
    return graph


def tangles(graph: Mapping[str, Iterable[str]]) -> set[frozenset[str]]:
    """The groups of nodes that reach each other (a graph's cycles, each group once)."""
    reach = {node: reachable(graph, node) for node in graph}
    return {
        frozenset(other for other in reach[node] if node in reach[other])
        for node in graph
        if node in reach[node]
    }


def reachable(graph: Mapping[str, Iterable[str]], start: str) -> set[str]:
    """The nodes one or more arrows away from `start` (itself only through a cycle)."""
    seen: set[str] = set()
    todo = list(graph.get(start, ()))
    while todo:
        node = todo.pop()
        if node not in seen:
            seen.add(node)
            todo.extend(graph.get(node, ()))
    return seen


@pytest.mark.parametrize(("layer", "forbidden"), sorted(RULES.items()))
def test_layer_does_not_import_upwards(layer: str, forbidden: tuple[str, ...]) -> None:
    assert (ROOT / layer).exists(), f"{layer} is named in RULES but does not exist"
    assert violations(layer, forbidden) == {}


def test_every_feature_package_has_a_rule() -> None:
    packages = {
        f"bot.{path.name}"
        for path in (ROOT / "bot").iterdir()
        if (path / "__init__.py").exists()
        and f"bot.{path.name}"
        not in ("bot.core", "bot.delivery", "bot.cli", "bot.demo", "bot.sandbox")
    }
    assert packages == set(FEATURES)


def test_packages_import_each_other_without_a_cycle() -> None:
    assert find_cycle(package_graph()) is None


def test_modules_of_a_package_import_each_other_without_a_cycle() -> None:
    found = tangles(module_graph())
    new = sorted(sorted(group) for group in found - KNOWN_MODULE_CYCLES)
    assert not new, f"modules that import each other in a circle: {new}"
    gone = sorted(sorted(group) for group in KNOWN_MODULE_CYCLES - found)
    assert not gone, f"untangled, so remove them from KNOWN_MODULE_CYCLES: {gone}"


def test_the_check_catches_a_violation(tmp_path: Path) -> None:
    bad = tmp_path / "bad.py"
    bad.write_text("from telegram import Bot\nimport storage.users\n")
    assert imported_modules(bad) == {"telegram", "storage.users"}


def test_a_feature_importing_an_unlisted_feature_is_caught(tmp_path: Path) -> None:
    (tmp_path / "bot" / "calendar").mkdir(parents=True)
    (tmp_path / "bot" / "calendar" / "x.py").write_text("from bot.postulates.model import Round\n")
    assert violations("bot/calendar", RULES["bot/calendar"], tmp_path) == {
        "bot/calendar/x.py": ["bot.postulates.model"]
    }


def test_an_arrow_back_up_makes_a_cycle_the_check_finds(tmp_path: Path) -> None:
    for name, source in {
        "bot/core/a.py": "from bot.postulates.service import PostulateService\n",
        "bot/postulates/service.py": "from bot.core.a import x\n",
    }.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(source)
    assert find_cycle(package_graph(tmp_path)) == ["bot.core", "bot.postulates", "bot.core"]


def test_the_cycle_check_catches_a_cycle() -> None:
    graph = {"bot.a": {"bot.b"}, "bot.b": {"bot.c"}, "bot.c": {"bot.a"}, "bot.d": {"bot.a"}}
    assert find_cycle(graph) == ["bot.a", "bot.b", "bot.c", "bot.a"]
    assert find_cycle({"bot.a": {"bot.b"}, "bot.b": set()}) is None


def test_an_import_back_for_type_checking_makes_a_module_cycle(tmp_path: Path) -> None:
    for name, source in {
        "bot/sandbox/__init__.py": "from bot.sandbox.driver import SimulatedUser\n",
        "bot/sandbox/driver.py": "from bot.sandbox.driver_group import SimulatedGroup\n",
        "bot/sandbox/driver_group.py": (
            "from typing import TYPE_CHECKING\n"
            "from bot.core import clock\n"
            "if TYPE_CHECKING:\n"
            "    from bot.sandbox import driver\n"
        ),
        "bot/core/clock.py": "from bot.sandbox.driver_group import SimulatedGroup\n",
    }.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(source)
    assert tangles(module_graph(tmp_path)) == {
        frozenset({"bot.sandbox.driver", "bot.sandbox.driver_group"})
    }


def test_modules_that_import_in_one_direction_are_no_cycle() -> None:
    graph = {"bot.x.a": {"bot.x.b", "bot.x.c"}, "bot.x.b": {"bot.x.c"}, "bot.x.c": set()}
    assert tangles(graph) == set()
    graph["bot.x.c"] = {"bot.x.a"}
    assert tangles(graph) == {frozenset({"bot.x.a", "bot.x.b", "bot.x.c"})}
