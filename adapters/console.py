"""The console adapter: a REPL over the shared command table. No token, no server.

``/specs scout``, ``/compare scout maverick``, ``/sources`` and ``/help`` are
commands; any other line is a question. ``/quit`` (or Ctrl-D) leaves. History is
kept with readline where the platform has it.
"""

from __future__ import annotations

import argparse
import asyncio
import signal
import sys
from pathlib import Path
from types import FrameType

from bot.app import build_service
from bot.commands import parse_line
from bot.config import Settings
from bot.conversation import ConversationKey, Request
from bot.knowledge.corpus import KnowledgeError
from bot.render import render_plain
from bot.service import BotService

QUIT = frozenset({"/quit", "/exit", "quit", "exit"})
BANNER = "llama4-bot: ask about Meta's Llama 4 models. /help for commands, /quit to leave."


class ConsoleSession:
    """One console conversation: text in, rendered text out (also how tests drive the bot)."""

    def __init__(self, service: BotService, user: str = "local") -> None:
        self.service = service
        self.conversation = ConversationKey(platform="console", channel="console", user=user)

    async def respond(self, line: str) -> str | None:
        """The reply to one line, or None when the line asks to leave."""
        if line.strip().lower() in QUIT:
            return None
        if not line.strip():
            return ""
        command, argument = parse_line(line, slash_required=True)
        answer = await self.service.handle(Request(command=command, argument=argument, conversation=self.conversation))
        return render_plain(answer)


def _enable_history(path: Path) -> None:
    try:
        import readline
    except ImportError:  # pragma: no cover - Windows without pyreadline
        return
    import atexit

    path.parent.mkdir(parents=True, exist_ok=True)
    if path.exists():
        readline.read_history_file(path)
    readline.set_history_length(1000)
    atexit.register(readline.write_history_file, path)


def _stop(signum: int, frame: FrameType | None) -> None:
    raise SystemExit(0)  # unwinds through run()'s finally, which closes the store


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--no-history", action="store_true", help="do not read or write the readline history file")


def run(args: argparse.Namespace, settings: Settings) -> int:
    loop = asyncio.new_event_loop()
    try:  # the loop is closed on every way out: left to the garbage collector at exit, it complains
        return _serve(loop, args, settings)
    finally:
        loop.close()


def _serve(loop: asyncio.AbstractEventLoop, args: argparse.Namespace, settings: Settings) -> int:
    try:
        service = loop.run_until_complete(build_service(settings))
    except KnowledgeError as exc:
        print(f"llama4-bot: cannot load the knowledge base: {exc}", file=sys.stderr)
        return 1
    signal.signal(signal.SIGTERM, _stop)
    interactive = sys.stdin.isatty()
    if interactive and not args.no_history:
        _enable_history(settings.database_path.parent / "console_history")
    session = ConsoleSession(service)
    if interactive:
        print(BANNER)
    try:
        while True:
            try:
                line = input("> " if interactive else "")
            except EOFError:
                break
            reply = loop.run_until_complete(session.respond(line))
            if reply is None:
                break
            if reply:
                print(reply, flush=True)
    except KeyboardInterrupt:
        print()
    finally:
        loop.run_until_complete(service.store.close())
    return 0
