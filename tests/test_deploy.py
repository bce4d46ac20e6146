"""The operator's entry points in a fresh clone: deploy/run, and CI running the README's test."""

from __future__ import annotations

import hashlib
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
VENV = Path(sys.prefix)


@pytest.fixture(scope="module")
def clone(tmp_path_factory: pytest.TempPathFactory) -> Path:
    if not (ROOT / ".git").exists():
        pytest.skip("not a git checkout")
    target = tmp_path_factory.mktemp("clone") / "ngobot"
    subprocess.run(["git", "clone", "-q", str(ROOT), str(target)], check=True, timeout=60)
    return target


def run_script(clone: Path, *args: str) -> subprocess.CompletedProcess[str]:
    # Reuse this test run's virtual environment so the test stays offline; deploy/run sees an
    # up-to-date installation only if pyproject.toml is the same, as it is in a clone.
    # Only when this venv is already current for the clone's pyproject.toml: otherwise
    # deploy/run would reinstall ngobot into this very venv, pointing it at the clone.
    stamp = VENV / ".ngobot-installed"
    wanted = hashlib.sha256((clone / "pyproject.toml").read_bytes()).hexdigest()
    if not stamp.exists() or stamp.read_text().split()[0] != wanted:
        pytest.skip("the test venv is not deploy/test's current one for this pyproject.toml")
    env = {"PATH": os.environ["PATH"], "HOME": str(clone), "NGOBOT_VENV": str(VENV)}
    return subprocess.run(
        [str(clone / "deploy" / "run"), *args],
        cwd=clone,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def test_fresh_clone_starts_with_deploy_run_and_explains_a_missing_token(clone: Path) -> None:
    result = run_script(clone)
    assert result.returncode == 2, result.stderr
    assert "@BotFather" in result.stderr
    assert "Traceback" not in result.stderr


def test_deploy_run_passes_other_commands_through(clone: Path) -> None:
    result = run_script(clone, "migrate")
    assert result.returncode == 0, result.stderr
    assert (clone / "data" / "ngobot.sqlite3").exists()


def test_readme_quick_start_is_the_demo_the_bot_and_the_tests_and_ci_runs_the_last() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    quick_start = readme.split("## Quick start", 1)[1].split("## ", 1)[0]
    block = re.search(r"```sh\n(.*?)```", quick_start, re.S)
    assert block is not None
    commands = [line.split("#")[0].split() for line in block.group(1).splitlines() if line]
    # The demo first (no token), then the real bot with a token, then the checks.
    assert commands[0] == ["deploy/run", "demo"]
    assert commands[1][0].startswith("TELEGRAM_BOT_TOKEN=") and commands[1][1:] == ["deploy/run"]
    assert commands[2:] == [["deploy/test"]]
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert re.search(r"^exec deploy/test$", ci, re.M)
