"""One command table drives every adapter; the console adapter drives it like a user would."""

from __future__ import annotations

import pytest

from bot.commands import COMMANDS, dispatch, find_command, help_text, parse_line
from bot.engine import Engine
from bot.models import AnswerKind


@pytest.mark.parametrize(
    ("line", "slash", "expected"),
    [
        ("/specs scout", True, ("specs", "scout")),
        ("/compare scout maverick", True, ("compare", "scout maverick")),
        ("/SOURCES", True, ("sources", "")),
        ("what is scout?", True, ("ask", "what is scout?")),
        ("specs scout", True, ("ask", "specs scout")),
        ("specs scout", False, ("specs", "scout")),
        ("help", False, ("help", "")),
        ("what is scout?", False, ("ask", "what is scout?")),
        ("/nope x", True, ("nope", "x")),
        ("", True, ("ask", "")),
    ],
)
def test_parse_line(line: str, slash: bool, expected: tuple[str, str]) -> None:
    assert parse_line(line, slash_required=slash) == expected


def test_every_command_has_usage_summary_and_example() -> None:
    assert [c.name for c in COMMANDS] == ["ask", "specs", "compare", "sources", "help"]
    for command in COMMANDS:
        assert command.summary and command.examples
        assert find_command(command.name) is command
        assert f"/{command.usage}" in help_text()


def test_dispatch_runs_each_command(engine: Engine) -> None:
    assert dispatch(engine, "ask", "How fast is Maverick?").kind is AnswerKind.FACT
    assert dispatch(engine, "specs", "scout").kind is AnswerKind.SPECS
    assert dispatch(engine, "compare", "scout maverick").kind is AnswerKind.COMPARISON
    assert dispatch(engine, "sources", "").kind is AnswerKind.INFO
    assert dispatch(engine, "help", "").kind is AnswerKind.INFO


def test_an_unknown_command_gets_help_not_an_error(engine: Engine) -> None:
    answer = dispatch(engine, "frobnicate", "")
    assert answer.kind is AnswerKind.INFO
    assert "Unknown command 'frobnicate'" in answer.text
    assert "/specs" in answer.text


def test_help_for_one_command_and_no_echo_of_other_words(engine: Engine) -> None:
    detailed = dispatch(engine, "help", "specs")
    assert detailed.text.startswith("/specs <model>") and "/specs scout" in detailed.text
    plain = dispatch(engine, "help", "me <@123>")
    assert "<@123>" not in plain.text and "/compare" in plain.text
