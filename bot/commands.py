"""The one command table that Discord, Slack and the console all drive.

Each command names its arguments so that each adapter can build its own syntax
(slash-command options, ``/llama4 <command> ...`` words, console ``/command``
lines) from the same table, and every command ends in the engine.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal

from bot.answering.engine import Engine
from bot.answering.follow_ups import follow_up
from bot.answering.small_talk import Talk, small_talk
from bot.language.text import normalise_query
from bot.models import Answer, AnswerKind, Turn

ArgumentKind = Literal["text", "model"]


@dataclass(frozen=True)
class Argument:
    name: str
    description: str
    kind: ArgumentKind = "text"
    required: bool = True


@dataclass(frozen=True)
class Command:
    name: str
    summary: str
    arguments: tuple[Argument, ...]
    examples: tuple[str, ...]
    run: Callable[[Engine, str, Turn | None], Answer]

    @property
    def usage(self) -> str:
        parts = [self.name]
        for arg in self.arguments:
            parts.append(f"<{arg.name}>" if arg.required else f"[{arg.name}]")
        return " ".join(parts)


def _ask(engine: Engine, argument: str, previous: Turn | None) -> Answer:
    talk = small_talk(argument)
    if talk is Talk.HELP:
        return help_answer()
    if talk is Talk.SOURCES and not (previous is not None and follow_up(argument)):
        return engine.sources()  # "source?" in a conversation is where its last answer came from
    if talk is Talk.GREETING:
        return _info(argument, "Hi! " + help_text())
    if talk is Talk.THANKS:
        return _info(argument, "You're welcome. Ask me anything else about Llama 4 whenever you like.")
    return engine.answer(argument, previous)


def _info(said: str, text: str) -> Answer:
    return Answer(question=normalise_query(said), kind=AnswerKind.INFO, text=text)


def _specs(engine: Engine, argument: str, previous: Turn | None) -> Answer:
    return engine.sheets.specs(argument)


def _compare(engine: Engine, argument: str, previous: Turn | None) -> Answer:
    return engine.sheets.compare_text(argument)


def _sources(engine: Engine, argument: str, previous: Turn | None) -> Answer:
    return engine.sources(argument)


def _help(engine: Engine, argument: str, previous: Turn | None) -> Answer:
    command = find_command(argument.split()[0]) if argument.split() else None
    if command is None:
        return help_answer()
    examples = "; ".join(f"/{e}" for e in command.examples)
    args = "".join(f"\n  {a.name}: {a.description}{'' if a.required else ' (optional)'}" for a in command.arguments)
    return Answer(
        question=f"help {command.name}",
        kind=AnswerKind.INFO,
        text=f"/{command.usage}: {command.summary}{args}\nExamples: {examples}",
    )


COMMANDS: tuple[Command, ...] = (
    Command(
        "ask",
        "Ask any question about Llama 4; the answer cites its sources.",
        (Argument("question", "Your question about Llama 4"),),
        ("ask what is Scout's context window?", "ask how much does Maverick cost on OpenRouter?"),
        _ask,
    ),
    Command(
        "specs",
        "The spec sheet of one model, every value cited.",
        (Argument("model", "Scout, Maverick, Behemoth or a peer model", kind="model"),),
        ("specs scout", "specs behemoth"),
        _specs,
    ),
    Command(
        "compare",
        "Two or three models side by side.",
        (
            Argument("first", "First model", kind="model"),
            Argument("second", "Second model", kind="model"),
            Argument("third", "Optional third model", kind="model", required=False),
        ),
        ("compare scout maverick", "compare maverick gpt-4o"),
        _compare,
    ),
    Command(
        "sources",
        "The articles the bot knows, or those matching a word.",
        (Argument("filter", "A word of a title, publisher or author", required=False),),
        ("sources", "sources chatforest"),
        _sources,
    ),
    Command("help", "What the bot can do, with examples.", (), ("help",), _help),
)

_BY_NAME = {command.name: command for command in COMMANDS}


def find_command(name: str) -> Command | None:
    return _BY_NAME.get(name.strip().lower().lstrip("/"))


def parse_line(line: str, *, slash_required: bool) -> tuple[str, str]:
    """Split user text into ``(command, argument)``.

    With ``slash_required`` (the console) only ``/name ...`` is a command and any
    other text is a question; without it (Slack's ``/llama4 specs scout``) a
    leading command word is enough.
    """
    text = line.strip()
    head, _, rest = text.partition(" ")
    if slash_required and not head.startswith("/"):
        return "ask", text
    command = find_command(head)
    if command is None:
        return (head.lstrip("/").lower(), rest.strip()) if head.startswith("/") else ("ask", text)
    return command.name, rest.strip()


def dispatch(engine: Engine, command: str, argument: str, previous: Turn | None = None) -> Answer:
    found = find_command(command)
    if found is None:
        return help_answer(f"Unknown command '{normalise_query(command)[:40]}'.")
    return found.run(engine, argument, previous)


def help_text(prefix: str = "/") -> str:
    lines = [
        "I answer questions about Meta's Llama 4 models (Scout, Maverick, Behemoth) from my sources,",
        "and every answer cites them. Commands:",
    ]
    for command in COMMANDS:
        lines.append(f"  {prefix}{command.usage}: {command.summary}")
    lines.append("Examples: " + "; ".join(f"{prefix}{c.examples[0]}" for c in COMMANDS[:3]))
    lines.append("You can also just type a question, and follow up with 'and Maverick?', 'tell me more' or 'why?'.")
    return "\n".join(lines)


def help_answer(note: str = "") -> Answer:
    text = help_text()
    if note.strip():
        text = f"{note.strip()}\n{text}"
    return Answer(question="help", kind=AnswerKind.INFO, text=text)
