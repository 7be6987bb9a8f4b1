"""Acronyms are read from the articles that use them, never from a list."""

from __future__ import annotations

from bot.answering.engine import Engine
from bot.knowledge.acronyms import expansion
from bot.render import render_plain


def test_a_spelled_out_form_written_beside_the_acronym_is_what_it_stands_for() -> None:
    texts = ["All three use a Mixture of Experts (MoE) design.", "RAG — retrieval-augmented generation, where ..."]
    assert expansion("moe", texts) == ("mixture", "of", "experts")
    assert expansion("RAG", texts) == ("retrieval", "augmented", "generation")


def test_a_run_met_apart_from_the_acronym_counts_only_when_frequent_and_unrivalled() -> None:
    twice = ["Over 700M MAU.", "Firms with 700 million monthly active users", "3 billion monthly active users"]
    assert expansion("mau", twice) == ("monthly", "active", "users")
    assert expansion("mau", twice[:2]) is None  # met once: could be chance
    rivals = [*twice, "many active units", "more aggressive upgrades", "many active units; more aggressive upgrades"]
    assert expansion("mau", rivals) is None  # two runs met as often: neither is taken


def test_words_that_are_not_acronyms_are_left_alone() -> None:
    texts = ["Artificial Analysis (AA) scored it.", "Sonnet with extended thinking leads on SWE-bench."]
    assert expansion("aa", texts) is None  # two letters fit too many pairs
    assert expansion("swe", texts) is None  # near the acronym is not beside it
    assert expansion("ai2x", texts) is None  # not all letters


def test_an_acronym_in_a_question_finds_the_sentence_that_spells_it_out(engine: Engine) -> None:
    answer = engine.answer("which companies does the MAU limit really target")
    shown = render_plain(answer, with_citations=False)
    assert shown.startswith("Entities with more than 700 million monthly active users")
    assert "Google" in shown.splitlines()[0]


def test_two_runs_written_beside_the_acronym_as_often_leave_it_alone() -> None:
    assert expansion("mau", ["MAU (monthly active users)", "many angry users (MAU)"]) is None
