"""When many articles state the same value, an answer cites a few of them and counts the rest.

The knowledge here is the real articles copied eight times (new ids, every fact re-pointed at each copy), so
every value is stated by eight times as many articles as in the real knowledge, and nothing else changes.
"""

from __future__ import annotations

import re
from pathlib import Path
from types import ModuleType

import pytest

from bot.answering.engine import Engine
from bot.knowledge.citations import MAX_SOURCES_CITED
from bot.models import NO_VALUE, Answer

COPIES = 8


@pytest.fixture(scope="module")
def copied(scale_corpus: ModuleType, tmp_path_factory: pytest.TempPathFactory) -> Engine:
    folder: Path = tmp_path_factory.mktemp("copies") / "kb"
    scale_corpus.repeat_facts(folder, COPIES)
    return Engine.load(folder, cache=False)


def _cited_sources(answer: Answer, numbers: tuple[int, ...] | list[int]) -> set[str]:
    return {answer.citations[n - 1].source for n in numbers}


def _line_marks(line: str) -> list[int]:
    return [int(n) for n in re.findall(r"\[(\d+)\]", line)]


def test_a_fact_stated_by_many_articles_cites_a_few_and_counts_the_rest(copied: Engine, engine: Engine) -> None:
    question = "how many total parameters does scout have"
    stating = {f.source for f in copied.knowledge.facts_of("Llama 4 Scout", "total_parameters")}
    answer = copied.answer(question)
    line = answer.text.splitlines()[0]

    assert len(stating) > MAX_SOURCES_CITED
    assert "109 billion" in line
    assert len(_cited_sources(answer, _line_marks(line))) == MAX_SOURCES_CITED
    assert f"(and {len(stating) - MAX_SOURCES_CITED} more sources)" in line
    assert len({c.source for c in answer.citations}) == MAX_SOURCES_CITED
    assert "more source" not in engine.answer(question).text  # the real knowledge: every source cited


def test_each_side_of_a_disagreement_keeps_its_citations_and_names_each_publisher_once(copied: Engine) -> None:
    answer = copied.answer("how much memory does scout need at int4")
    line = answer.text.splitlines()[0]
    sides = line.split(" vs ")

    assert line.startswith("Sources disagree") and len(sides) == 2
    for side in sides:
        cited = _cited_sources(answer, _line_marks(side))
        assert len(cited) == MAX_SOURCES_CITED
        named = re.search(r"\(([^()]*) and (\d+) more\)", side)
        assert named is not None, side
        assert "," not in named.group(1), "the copies share one publisher: named once"
        assert int(named.group(2)) == COPIES - MAX_SOURCES_CITED


def test_a_sentence_that_denies_a_value_is_quoted_once_however_many_articles_carry_it(copied: Engine) -> None:
    answer = copied.answer("maverick lmarena elo")

    assert answer.text.count("But ") == 1
    assert "1417" in answer.text.splitlines()[0]


def test_a_comparison_cites_at_most_a_few_articles_per_value_and_says_so(copied: Engine, engine: Engine) -> None:
    answer = copied.sheets.compare(["Llama 4 Scout", "Llama 4 Maverick"])
    assert answer.table is not None
    filled = [c for row in answer.table.rows for c in row.cells if c.value != NO_VALUE]
    disputed = [c for c in filled if c.value.startswith("⚠")]

    assert filled and disputed
    for cell in filled:  # a disputed cell has two values, each cited by its own articles
        limit = 2 * MAX_SOURCES_CITED if cell in disputed else MAX_SOURCES_CITED
        assert 1 <= len(_cited_sources(answer, cell.citations)) <= limit
    for cell in disputed:
        assert len(_cited_sources(answer, cell.citations)) == 2 * MAX_SOURCES_CITED
    assert f"(up to {MAX_SOURCES_CITED} sources each)" in answer.text
    real = engine.sheets.compare(["Llama 4 Scout", "Llama 4 Maverick"])
    assert "sources each" not in real.text  # the real knowledge: every stating article cited


def test_copies_change_no_value_of_a_comparison(copied: Engine, engine: Engine) -> None:
    def values(e: Engine) -> list[tuple[str, tuple[str, ...]]]:
        table = e.sheets.compare(["Llama 4 Scout", "Llama 4 Maverick"]).table
        assert table is not None
        return [(row.label, tuple(c.value for c in row.cells)) for row in table.rows]

    assert values(copied) == values(engine)
