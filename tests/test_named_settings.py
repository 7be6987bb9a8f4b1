"""Where a figure was measured, named by a name the articles use but the facts lack ("Maverick's price on Azure"),
and what the articles say about a thing asked in the words for the articles themselves.

None of these questions is in ../shared/eval/dev.jsonl or dev2.jsonl.
"""

from __future__ import annotations

import pytest

from bot.answering.engine import Engine
from bot.models import Answer
from bot.render import render_plain


def _first_line(answer: Answer) -> str:
    return render_plain(answer, with_citations=False).splitlines()[0]


@pytest.mark.parametrize(
    "question",
    ["how much does maverick cost on azure?", "azure price per million tokens for maverick"],
)
def test_a_price_asked_on_a_platform_the_facts_lack_says_so_and_shows_what_is_stated(
    engine: Engine, question: str
) -> None:
    # the articles name Azure ("AWS/GCP/Azure can cut AI inference costs 60-80%") but give no price there
    answer = engine.answer(question)
    text = render_plain(answer, with_citations=False)
    assert answer.abstained  # not the price asked for
    assert text.startswith("My sources give no Azure figure for Llama 4 Maverick")
    assert "$0.15 input, $0.60 output" in text  # what they do state, cited
    assert all(c.quote in engine.knowledge.article(c.source).text for c in answer.citations)
    assert "60–80%" not in text  # a share of self-hosting costs is no price on Azure


@pytest.mark.parametrize(
    ("question", "qualifiers"),
    [
        ("how much does azure charge for maverick", ("Azure",)),
        ("cheapest scout api price", ()),  # an acronym the articles use is no platform
        ("what does a lora finetune of maverick cost", ()),  # nor is a technique's name
        ("gpt-4o's price? i've seen $15/M", ()),  # nor a unit's letter
        ("maverick context window on azure", ()),  # a context window does not depend on where the model runs
    ],
)
def test_only_a_proper_name_beside_a_figure_of_where_the_model_runs_is_a_platform(
    engine: Engine, question: str, qualifiers: tuple[str, ...]
) -> None:
    assert engine.read(question).query.qualifiers == qualifiers


def test_a_platform_the_facts_have_still_gets_its_figure(engine: Engine) -> None:
    assert _first_line(engine.answer("maverick price on openrouter")).startswith(
        "Llama 4 Maverick — Price per 1M tokens (OpenRouter): $0.15 input, $0.60 output"
    )


def test_the_words_for_the_articles_name_no_topic_of_theirs(engine: Engine) -> None:
    # "articles" is a word the articles never use: asked what they say about DeepSeek, they say plenty
    answer = engine.answer("what do the articles say about deepseek")
    assert not answer.abstained
    assert "DeepSeek" in answer.citations[0].quote and sum("DeepSeek" in c.quote for c in answer.citations) >= 3
    assert all(c.quote in engine.knowledge.article(c.source).text for c in answer.citations)
    # ... and the words for them do not make an off-topic question covered
    assert engine.answer("any articles about llamas the animal?").abstained


def test_a_provider_that_charges_is_where_the_price_is_asked(engine: Engine) -> None:
    # "does Fireworks AI charge": the articles never mention Fireworks; their prices are elsewhere
    answer = engine.answer("how much does fireworks ai charge for scout")
    assert answer.abstained
    assert _first_line(answer) == "My sources give no Fireworks figure for Llama 4 Scout; they state these instead:"
    # a provider they give a price for, and a model that is no provider, read as before
    assert _first_line(engine.answer("how much does groq charge for scout")).startswith(
        "Llama 4 Scout — Price per 1M tokens (Groq, 128K): $0.11 input"
    )
    assert not engine.answer("how much does scout charge per million tokens").abstained
