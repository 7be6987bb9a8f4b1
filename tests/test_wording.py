"""Covered questions in the words users type, not the articles' ("each model", "list every", "refer to", a
person's "role"): each is answered from the articles, not refused.

None of these questions is in ../shared/eval/dev.jsonl or dev2.jsonl.
"""

from __future__ import annotations

import pytest

from bot.answering.engine import Engine
from bot.answering.holders import holders
from bot.answering.query import parse_question
from bot.language.numbers import figure_spellings
from bot.render import render_plain


def _shown(engine: Engine, question: str) -> str:
    answer = engine.answer(question)
    assert not answer.abstained, render_plain(answer)
    for citation in answer.citations:
        assert citation.quote in engine.knowledge.article(citation.source).text
    return render_plain(answer, with_citations=False)


def test_a_question_asked_of_each_model_gives_each_models_value(engine: Engine) -> None:
    shown = _shown(engine, "how many experts does each llama 4 model have")
    assert "Llama 4 Scout — Experts: 16" in shown
    assert "Llama 4 Maverick — Experts: 128" in shown


def test_words_that_ask_for_every_model_or_provider_ask_nothing_more() -> None:
    assert parse_question("how many experts does each llama 4 model have").residual == ()
    assert parse_question("list every provider and price for llama 4").residual == ()
    assert "route" in parse_question("how many experts does maverick route each token to").residual  # still asked


def test_a_list_of_every_providers_price_is_the_price_table(engine: Engine) -> None:
    shown = _shown(engine, "list every provider and price for llama 4")
    assert "Price per 1M tokens (OpenRouter)" in shown and "Price per 1M tokens (Amazon Bedrock)" in shown


def test_what_a_figure_refers_to_is_the_sentence_that_states_it(engine: Engine) -> None:
    shown = _shown(engine, "what does 86.3% refer to")
    assert "HumanEval (passing rate of 86.3%)" in shown.splitlines()[0]


def test_a_persons_role_is_read_from_the_text_not_asked_of_a_model(engine: Engine) -> None:
    shown = _shown(engine, "what is yann lecun's role at meta")
    assert "Chief AI" in shown


def test_a_figure_of_an_unknown_name_is_still_not_stated(engine: Engine) -> None:
    """A figure asked of a name the articles mention but state no figures for stays a refusal."""
    answer = engine.answer("muse spark context window")
    assert answer.abstained and "Muse Spark" in answer.text


def test_a_sentence_that_only_labels_the_value_is_not_shown_again(engine: Engine) -> None:
    shown = _shown(engine, "how many exprts maverick got, routed + shared")
    assert shown.count("128 routed experts + 1 shared expert") == 1


def test_a_figure_is_searched_for_as_either_spelling(engine: Engine) -> None:
    assert figure_spellings(["10m", "context"]) == ["10", "million"]
    assert figure_spellings(["the", "10", "million", "token"]) == ["10m"]
    assert figure_spellings(["16", "experts"]) == []  # no magnitude: nothing else to spell
    terms = engine.reader.read("is the 10 million token context real").ask.terms
    assert engine.index.vocabulary["10m"] in terms  # "the 10M context claim" is found too


def test_the_head_of_an_attributes_label_after_a_word_the_articles_never_use_is_another_thing(
    engine: Engine,
) -> None:
    """ "carbon footprint" is no memory footprint; "memory", "vram" or "int4" footprints are, and a trigger that
    is the attribute's whole name ("grade-school math": MATH) stays what it names."""
    refused = engine.answer("what's the carbon footprint of training llama 4")
    assert refused.abstained and "carbon footprint" in refused.text
    for question in ("scout memory footprint", "scout vram footprint", "scout's footprint at int4"):
        assert "Memory footprint" in _shown(engine, question).splitlines()[0]
    assert "MATH" in _shown(engine, "maverick grade-school math score").splitlines()[0]


def test_a_users_industry_and_on_prem_find_what_the_articles_say_of_regulated_industries(engine: Engine) -> None:
    shown = _shown(engine, "we're a hospital IT team, should we consider llama 4 for on-prem use?")
    assert "Privacy-sensitive industries (healthcare, finance, legal) get to keep data on-premises" in shown


def test_a_summary_of_a_named_piece_gives_how_it_sums_up_and_what_it_sets_out_to_say(engine: Engine) -> None:
    shown = _shown(engine, "what does the calcsnippets article say")
    closing = shown.index("Llama 4 is not just another model family announcement.")
    opening = shown.index("A sharper look at Meta’s Llama 4 strategy")  # its first paragraph, after its close
    assert closing < opening
    # a view asked ("think of"), not the piece: its closing words only
    view = _shown(engine, "what does the value add vc newsletter think of llama 4")
    assert "The Meta Llama 4 release answered a question" not in view  # the newsletter's first paragraph


@pytest.mark.parametrize(
    ("question", "first"),
    [
        ("which model has 128 experts?", "Llama 4 Maverick — Experts: 128"),
        ("Which model was trained on 40T tokens?", "Llama 4 Scout — Training tokens: approximately 40 trillion"),
        ("what model scored 1417 on lmarena", "Llama 4 Maverick — LMArena ELO: 1417"),
        ("which llama 4 model has more than 100 experts", "Llama 4 Maverick — Experts: 128"),  # a bound
    ],
)
def test_a_figure_stated_asks_for_the_model_it_belongs_to(engine: Engine, question: str, first: str) -> None:
    assert _shown(engine, question).startswith(first)


def test_the_models_a_figure_fits_are_all_given_and_only_they() -> None:
    from bot.config import DEFAULT_KNOWLEDGE_DIR
    from bot.knowledge.base import load_knowledge

    knowledge = load_knowledge(DEFAULT_KNOWLEDGE_DIR)
    models = ["Llama 4 Scout", "Llama 4 Maverick", "Llama 4 Behemoth"]
    assert holders(knowledge, "which has 16 experts", ["experts"], models, ["llama"]) == [
        "Llama 4 Scout",
        "Llama 4 Behemoth",
    ]
    assert holders(knowledge, "which has 1000 experts", ["experts"], models, ["llama"]) == []
    assert holders(knowledge, "which llama 4 model has the most experts", ["experts"], models, ["llama"]) == []


def test_a_model_named_with_the_size_the_facts_give_it_is_still_that_model(engine: Engine) -> None:
    """ "DeepSeek V3 671B" is DeepSeek V3 (671B is its stated total); "llama 4 70b" is no model of theirs."""
    assert "671B total" in _shown(engine, "How does DeepSeek V3 671B compare to Maverick?")
    refused = engine.answer("llama 4 70b benchmarks")
    assert refused.abstained and "llama 4 70b" in refused.text


def test_a_count_of_devices_written_onto_them_is_the_count_and_the_device(engine: Engine) -> None:
    assert engine.names.split_fused(["8xh100", "node"]) == ["8", "h100", "node"]
    assert engine.names.split_fused(["2x3090"]) == ["2", "3090"]
    assert engine.names.split_fused(["10x", "cheaper"]) == ["10x", "cheaper"]  # a ratio, no device
    shown = _shown(engine, "is one 8xH100 node enough for maverick")
    assert "a single DGX H100 host (8 × H100 GPUs) is the minimum" in shown
