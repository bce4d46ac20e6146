"""Run the emulator by hand: `python -m bot.sandbox --port 8081 --token 123:ABC...`."""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import sys

from bot.sandbox.driver import SimulatedUser
from bot.sandbox.model import HistoryEntry
from bot.sandbox.server import BotApiEmulator

HELP = "type text to send it, 'press <label>' to press a button, Ctrl-D to quit"


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bot.sandbox", description=__doc__)
    parser.add_argument("--port", type=int, default=8081)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--token", default="123456:" + "A" * 35)
    parser.add_argument("--bot-username", default="ngobot_test_bot")
    parser.add_argument("--user-id", type=int, default=1001)
    parser.add_argument("--first-name", default="Alicja")
    parser.add_argument("--language", default="pl")
    parser.add_argument(
        "--lenient-html", action="store_true", help="accept a bare & like real Telegram does"
    )
    parser.add_argument("--no-repl", action="store_true", help="only serve; read no stdin")
    return parser.parse_args(argv)


def show(entry: HistoryEntry) -> None:
    marker = "edited" if entry.edited else "bot"
    labels = [
        b["text"] for row in (entry.reply_markup or {}).get("inline_keyboard", []) for b in row
    ]
    print(f"[{marker} #{entry.message_id}] {entry.text}" + (f"  {labels}" if labels else ""))


async def print_bot_messages(emu: BotApiEmulator, chat_id: int) -> None:
    seen = emu.state.seq
    while True:
        await emu.state.notifier.wait(1.0)
        for entry in emu.chat_history(chat_id):
            if entry.from_bot and not entry.deleted and entry.seq > seen:
                show(entry)
        seen = emu.state.seq


async def stdin_lines() -> asyncio.StreamReader:
    loop = asyncio.get_running_loop()
    reader = asyncio.StreamReader()
    await loop.connect_read_pipe(lambda: asyncio.StreamReaderProtocol(reader), sys.stdin)
    return reader


async def repl(user: SimulatedUser) -> None:
    reader = await stdin_lines()
    while raw := await reader.readline():
        line = raw.decode().rstrip("\n")
        try:
            if line.startswith("press "):
                await user.press(line.removeprefix("press "), timeout=0.5)
            elif line:
                await user.send(line)
        except AssertionError as exc:
            print(exc)


async def serve(args: argparse.Namespace) -> None:
    emu = BotApiEmulator(
        args.token,
        args.bot_username,
        strict_html=not args.lenient_html,
        host=args.host,
        port=args.port,
    )
    async with emu:
        print(f"Bot API emulator: base_url={emu.base_url} base_file_url={emu.base_file_url}")
        if args.no_repl:
            await asyncio.Event().wait()
        user = emu.user(args.user_id, args.first_name, language_code=args.language)
        print(f"You are {args.first_name} ({args.user_id}): {HELP}")
        printer = asyncio.create_task(print_bot_messages(emu, user.chat_id))
        try:
            await repl(user)
        finally:
            printer.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await printer


def main() -> None:
    with contextlib.suppress(KeyboardInterrupt):
        asyncio.run(serve(parse_args()))


if __name__ == "__main__":
    main()
