"""A section heading over a list, in the layouts articles use: the list is quoted whole with its heading, and a
heading whose list shows nothing never leaves an answer empty."""

from __future__ import annotations

from pathlib import Path

from bot.answering.engine import Engine
from bot.render import render_plain
from tests.knowledge_copy import copy_knowledge

HEADER = "id: {id}\nlabel: {label}\npublisher: Test\norigin: none\n---\n"


def _engine_with(tmp_path: Path, name: str, body: str) -> Engine:
    folder = copy_knowledge(tmp_path / "knowledge")
    (folder / "articles" / f"{name}.txt").write_text(HEADER.format(id=name, label=name) + body, encoding="utf-8")
    return Engine.load(folder)


def test_a_heading_only_over_questions_falls_back_to_a_sentence_without_failing(tmp_path: Path) -> None:
    engine = _engine_with(
        tmp_path,
        "reader-faq",
        "# Llama 4 reader questions\n\nReaders wrote in after the launch of Llama 4 Scout and Maverick with many "
        "questions about deployment and licensing.\n\n## Common deployment worries from homelab readers\n"
        "- Can Llama 4 Scout run on a laptop with sixteen gigabytes of memory?\n"
        "- Does Maverick need a whole rack of accelerators to serve one user?\n",
    )
    answer = engine.answer("common deployment worries from homelab readers")
    shown = render_plain(answer, with_citations=False)
    assert shown.strip()  # an answer or a refusal, never an empty one or an error
    assert not shown.startswith("Common deployment worries")  # the heading alone would show nothing


def test_a_blank_line_between_a_heading_and_its_list_keeps_them_one_quote(tmp_path: Path) -> None:
    engine = _engine_with(
        tmp_path,
        "pricing-notes",
        "# Pricing notes on Llama 4\n\nSome notes on how hosts price the Llama 4 models.\n\n"
        "## Surcharges hosts add for batch jobs\n\n- queue priority fees on every request\n"
        "- a storage fee for uploaded batch files\n",
    )
    answer = engine.answer("what surcharges do hosts add for batch jobs")
    quote = next(c.quote for c in answer.citations if c.source == "pricing-notes")
    assert quote.startswith("Surcharges hosts add for batch jobs\n\n- queue priority fees")
    assert quote.endswith("a storage fee for uploaded batch files")
    assert quote in engine.knowledge.article("pricing-notes").text
