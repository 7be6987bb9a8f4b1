"""The ``llama4-bot`` command line: ask, console, and the platform and maintenance commands.

Platform and storage commands live in their own modules and are imported only
when asked for, so that a one-shot ``ask`` does not pay for discord.py or Slack.
Each such module offers ``add_arguments(parser)`` and ``run(args, settings) -> int``.
"""

from __future__ import annotations

import argparse
import importlib
import logging
import os
import sys
from collections.abc import Sequence
from types import ModuleType

from bot import logsafety
from bot.config import Settings

SUBCOMMANDS: dict[str, tuple[str, str]] = {
    "ask": ("bot.cli.ask", "answer one question, or questions on stdin with --json"),
    "console": ("adapters.console", "an interactive console (no token needed)"),
    "discord": ("adapters.discord.cli", "run the Discord bot (needs DISCORD_TOKEN)"),
    "slack": ("adapters.slack.cli", "run the Slack app (needs SLACK_BOT_TOKEN)"),
    "stats": ("bot.cli.stats", "what people asked, what went unanswered, feedback, latency"),
    "purge": ("bot.cli.purge", "delete stored history (one user's, or older than N days)"),
    "add": ("bot.cli.add", "add web pages (URLs), .html, .md or .txt files as articles; re-add to update"),
    "remove": ("bot.cli.remove", "remove articles by id, with their facts"),
    "sources": ("bot.cli.sources", "list the articles in the knowledge base"),
    "extract-facts": ("bot.cli.extract_facts", "re-extract structured facts from knowledge/articles"),
}


def _load(name: str) -> ModuleType | None:
    try:
        return importlib.import_module(SUBCOMMANDS[name][0])
    except ModuleNotFoundError as exc:
        if exc.name and SUBCOMMANDS[name][0].startswith(exc.name):
            return None
        raise


def build_parser(only: str | None = None) -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="llama4-bot", description="Cited answers about Meta's Llama 4 models.")
    parser.add_argument("-v", "--verbose", action="store_true", help="log debug details to stderr")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name, (_, summary) in SUBCOMMANDS.items():
        child = sub.add_parser(name, help=summary, description=summary)
        if only == name:
            module = _load(name)
            if module is not None:
                module.add_arguments(child)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args_list = list(sys.argv[1:] if argv is None else argv)
    if not args_list:
        args_list = ["console"]
    chosen = next((a for a in args_list if not a.startswith("-")), None)
    parser = build_parser(chosen if chosen in SUBCOMMANDS else None)
    args = parser.parse_args(args_list)
    logging.basicConfig(
        level=logging.DEBUG if args.verbose else logging.WARNING,
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
    )
    module = _load(args.command)
    if module is None:
        print(f"llama4-bot: '{args.command}' is not available in this installation.", file=sys.stderr)
        return 2
    settings = Settings.from_env()
    logsafety.install(settings.secrets())
    try:
        return int(module.run(args, settings))
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        # The reader went away (``llama4-bot console | head -1``): stop quietly, and keep Python's
        # final flush of stdout from raising again at exit.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 0


if __name__ == "__main__":
    sys.exit(main())
