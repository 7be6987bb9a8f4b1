"""One command table drives every adapter; the console adapter drives it like a user would."""

from __future__ import annotations

from pathlib import Path

import pytest
from knowledge_copy import copy_knowledge

from bot.answering.engine import Engine
from bot.answering.source_list import MAX_LISTED
from bot.commands import COMMANDS, dispatch, find_command, help_text, parse_line
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


@pytest.mark.parametrize(
    ("said", "expected"),
    [
        ("hi", "Hi! I answer questions"),
        ("Hey there!", "Hi! I answer questions"),
        ("good morning llama4", "Hi! I answer questions"),
        ("thanks", "You're welcome"),
        ("Thank you so much, that helps", "You're welcome"),
        ("help", "/compare"),
        ("what can you do?", "/compare"),
        ("who are you", "/compare"),
        ("how do I use this", "/compare"),
        ("what are your sources?", "I know 5 articles"),
        ("which articles do you know", "I know 5 articles"),
        ("who wrote the articles?", "I know 5 articles"),
    ],
)
def test_talk_to_the_bot_itself_gets_a_reply_not_a_refusal(engine: Engine, said: str, expected: str) -> None:
    answer = dispatch(engine, "ask", said)
    assert answer.kind is AnswerKind.INFO and not answer.abstained
    assert answer.text.startswith(expected) or expected in answer.text


@pytest.mark.parametrize(
    "question",
    [
        "hi, what is Scout's context window?",  # a greeting before a question: the question is answered
        "thanks! and how many experts does Maverick have?",
        "does llama 4 help with coding",  # "help" inside a question
        "what do the sources say about Behemoth's size",
        "which article says Scout fits on one GPU",
        "who are the authors of the value add vc article and what did they say about maverick's price",
    ],
)
def test_a_question_with_words_beyond_small_talk_goes_to_the_engine(engine: Engine, question: str) -> None:
    assert dispatch(engine, "ask", question).kind is not AnswerKind.INFO


def test_the_sources_list_names_each_articles_author_where_its_header_states_one(tmp_path: Path) -> None:
    folder = copy_knowledge(tmp_path / "knowledge")
    article = folder / "articles" / "valueaddvc-llama4-release.txt"
    header = "author: Trace Cohen\nurl: https://example.test/llama4\npublisher:"
    article.write_text(article.read_text(encoding="utf-8").replace("publisher:", header, 1))
    listed = dispatch(Engine.load(folder, cache=False), "ask", "who wrote the articles?").text
    assert "(by Trace Cohen, Value Add VC) [id: valueaddvc-llama4-release] https://example.test/llama4" in listed
    assert "ChatForest review of Llama 4 Scout and Maverick (ChatForest," in listed  # no author: none named


def _many_articles(folder: Path, count: int) -> Path:
    """The real knowledge plus ``count`` short articles, every third by one author."""
    for n in range(count):
        author = "author: Ada Byline\n" if n % 3 == 0 else ""
        (folder / "articles" / f"note-{n:03d}.txt").write_text(
            f"id: note-{n:03d}\nlabel: Field note {n} on Llama 4 serving\npublisher: Notes Weekly\n{author}"
            f"origin: test\n---\nField note {n}: Llama 4 Scout served on a rented GPU for a week of tests.\n",
            encoding="utf-8",
        )
    return folder


def test_a_long_sources_list_is_capped_and_narrowed_by_the_users_words(tmp_path: Path) -> None:
    engine = Engine.load(_many_articles(copy_knowledge(tmp_path / "knowledge"), 40), cache=False)
    listed = dispatch(engine, "sources", "").text.splitlines()
    assert listed[0] == "I know 45 articles:"
    assert len(listed) == 1 + MAX_LISTED + 1 and listed[-1].startswith("… and 20 more. Narrow the list")
    by_ada = dispatch(engine, "sources", "ada byline").text.splitlines()
    assert by_ada[0] == "14 of my 45 articles match 'ada byline':"
    assert len(by_ada) == 15 and all("(by Ada Byline, Notes Weekly)" in line for line in by_ada[1:])
    one = dispatch(engine, "sources", "CHATFOREST").text.splitlines()
    assert one[0] == "1 of my 45 articles matches 'chatforest':" and "[id: chatforest-llama4-review]" in one[1]
    none = dispatch(engine, "sources", "<@123> zebra").text
    assert none.startswith("None of my 45 articles matches '123 zebra'.") and "<@" not in none
