"""``llama4-bot ask``: one answer for a question, or the JSON-lines protocol on stdin.

``ask --json`` reads one question a line and writes, for each, one JSON object
on one line, flushed: {"question", "answer", "kind", "abstained", "citations":
[{"source", "title", "quote"}]}. With ``--conversation ID`` the lines form one
conversation, so "and Maverick?" follows up on the line before.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
import uuid
from typing import TextIO

from bot.config import Settings
from bot.conversation import ConversationKey, Request
from bot.knowledge.corpus import KnowledgeError
from bot.live import LiveEngine
from bot.models import Answer
from bot.render import render_plain
from bot.service import BotService
from bot.storage.store import MemoryStore


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("question", nargs="*", help="the question (with --json: omit it to read questions from stdin)")
    parser.add_argument(
        "--json", action="store_true", help="answer as JSON lines: the question given, or each line of stdin"
    )
    parser.add_argument("--conversation", metavar="ID", help="treat the input lines as one conversation")


def answer_json(question: str, answer: Answer) -> str:
    return json.dumps(
        {
            "question": question,
            "answer": render_plain(answer, with_citations=False),
            "kind": answer.kind.value,
            "abstained": answer.abstained,
            "citations": [c.model_dump() for c in answer.citations],
        }
    )


async def _serve_json(service: BotService, conversation: str | None, out: TextIO) -> None:
    raw = sys.stdin.buffer
    while True:
        line = await asyncio.to_thread(raw.readline)
        if not line:
            return
        question = line.decode("utf-8", errors="replace").rstrip("\r\n")
        key = ConversationKey(platform="cli", channel=conversation or uuid.uuid4().hex)
        answer = await service.handle(Request(command="ask", argument=question, conversation=key))
        out.write(answer_json(question, answer) + "\n")
        out.flush()


def run(args: argparse.Namespace, settings: Settings) -> int:
    if hasattr(sys.stdout, "reconfigure"):
        sys.stdout.reconfigure(errors="replace")
    if not args.json and not args.question:
        print(
            'llama4-bot ask: give a question, e.g. llama4-bot ask "what is Scout\'s context window?"', file=sys.stderr
        )
        return 2
    try:
        engine = LiveEngine.load(settings.knowledge_dir)
    except KnowledgeError as exc:
        print(f"llama4-bot: cannot load the knowledge base: {exc}", file=sys.stderr)
        return 1
    service = BotService(engine, MemoryStore(turn_ttl_s=settings.conversation_idle_s))
    if args.json and not args.question:
        asyncio.run(_serve_json(service, args.conversation, sys.stdout))
        return 0
    question = " ".join(args.question)
    key = ConversationKey(platform="cli", channel=args.conversation or "one-shot")
    answer = asyncio.run(service.handle(Request(command="ask", argument=question, conversation=key)))
    # With --json and a question on the command line, that question is answered as one JSON line.
    print(answer_json(question, answer) if args.json else render_plain(answer), flush=True)
    return 0
