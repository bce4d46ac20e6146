"""How long `deploy/run demo` takes until its page answers: on a fresh clone, then again.

    python3 tests/bench/demo_startup.py            # clones this checkout to a temp folder
    python3 tests/bench/demo_startup.py --here     # this checkout as it is (venv kept)
    PIP_NO_CACHE_DIR=1 python3 tests/bench/demo_startup.py   # nothing from pip's cache either

The first run of a fresh clone includes creating .venv and installing the bot (the brief:
under 60 s); every later start should serve within 5 s.
"""

from __future__ import annotations

import argparse
import signal
import socket
import subprocess
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
DEADLINE = 300.0


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def time_start(checkout: Path, folder: Path) -> float:
    """Seconds from `deploy/run demo` to the page answering 200; then Ctrl-C and wait."""
    port = free_port()
    started = time.monotonic()
    process = subprocess.Popen(
        ["deploy/run", "demo", "--port", str(port), "--folder", str(folder)],
        cwd=checkout,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        while time.monotonic() - started < DEADLINE:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=1) as page:
                    if page.status == 200:
                        return time.monotonic() - started
            except OSError:
                time.sleep(0.1)
        raise SystemExit(f"the demo did not serve within {DEADLINE} s")
    finally:
        process.send_signal(signal.SIGINT)
        process.wait(timeout=30)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--here", action="store_true", help="use this checkout, not a clone")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as temp:
        checkout = ROOT
        if not args.here:
            checkout = Path(temp) / "clone"
            subprocess.run(["git", "clone", "-q", str(ROOT), str(checkout)], check=True)
            head = subprocess.run(["git", "rev-parse", "HEAD"], cwd=ROOT, text=True,
                                  capture_output=True, check=True).stdout.strip()  # fmt: skip
            subprocess.run(["git", "checkout", "-q", head], cwd=checkout, check=True)
        folder = Path(temp) / "demo-data"
        first = time_start(checkout, folder)
        print(f"first start (install included when fresh): {first:5.1f} s")
        for run in (2, 3):
            again = time_start(checkout, folder)
            print(f"start {run}: {again:5.1f} s")


if __name__ == "__main__":
    main()
