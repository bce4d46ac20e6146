"""`ngobot demo`: try the bot without Telegram, in a web chat on this machine."""

from __future__ import annotations

import argparse
import asyncio
import sys
from pathlib import Path
from typing import Any

from bot.demo.run import reset, run_demo
from bot.logs import configure_logging

DEFAULT_FOLDER = Path("demo-data")


def add_parsers(subparsers: Any) -> None:
    demo = subparsers.add_parser(
        "demo",
        help="try the bot without Telegram: a local web chat with demo data (no token needed)",
    )
    demo.add_argument("--port", type=int, default=8080, help="web page port (default 8080)")
    demo.add_argument(
        "--folder",
        type=Path,
        default=DEFAULT_FOLDER,
        help="where the demo keeps its database (default ./demo-data)",
    )
    demo.add_argument("--reset", action="store_true", help="forget everything and start afresh")


def run(args: argparse.Namespace) -> int:
    configure_logging("WARNING", "")
    if args.reset:
        reset(args.folder)
    try:
        asyncio.run(run_demo(args.folder, args.port))
    except OSError as error:
        message = f"ngobot: error: cannot serve the demo on port {args.port} ({error}); try --port"
        print(message, file=sys.stderr)
        return 2
    return 0
