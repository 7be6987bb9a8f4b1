"""Each answer type and each failure pattern the answering redesign addresses, on questions of our own.

None of these questions is in ../shared/eval/dev.jsonl or dev2.jsonl; they are worded the way
people ask in chat. Every test checks what a reader sees first, and that quotes stay verbatim.
"""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import pytest
from knowledge_copy import copy_knowledge

from bot.answering.domain import FILLER_STEMS, content_weights
from bot.answering.engine import Engine
from bot.answering.forms import (
    Expect,
    Form,
    asks_date,
    asks_if_true,
    asks_where_to_get_a_model,
    counts_in_words,
    has_value,
    naming_verb,
    question_after_interjection,
    question_after_preamble,
    question_before_postamble,
    shape,
    split_parts,
)
from bot.answering.query import parse_question
from bot.answering.reading import skill_judged
from bot.answering.shown import _GOES_ON_FROM, _runs
from bot.answering.snippets import Snippet, choose
from bot.answering.verdicts import asks_negated, comparative_verdict, denies, tradeoffs, value_verdict
from bot.knowledge.base import Knowledge
from bot.knowledge.entities import read_names
from bot.knowledge.index import Index
from bot.knowledge.matching import find_attributes, find_subjects, lexicon_spellings
from bot.language.numbers import number_claims
from bot.language.text import holds_phrase, quoted_phrases, stem, tokens, typed_tokens
from bot.models import NO_VALUE, Answer, AnswerKind, Table, TableCell, TableRow
from bot.render import render_plain


def _first_line(answer: Answer) -> str:
    return render_plain(answer, with_citations=False).splitlines()[0]


def _verbatim(answer: Answer, knowledge: Knowledge) -> None:
    for citation in answer.citations:
        assert citation.quote in knowledge.article(citation.source).text, citation.quote


# --- 1. answered when the articles cover it ---------------------------------------------------------


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        ("who wrote the chatforest review", "Grove"),
        ("why did the lmarena thing blow up", "LMArena"),
        ("what is muse spark", "Meta Superintelligence Labs"),
        ("is scout better than llama 3.3 70b", "70B"),
    ],
)
def test_casual_people_and_background_questions_get_the_passage(
    engine: Engine, knowledge: Knowledge, question: str, expected: str
) -> None:
    answer = engine.answer(question)
    assert not answer.abstained, answer.text
    assert expected in _first_line(answer)
    _verbatim(answer, knowledge)


# --- 2. names come from the knowledge -----------------------------------------------------------------


def test_names_and_model_families_are_read_from_the_text_not_a_list() -> None:
    names = read_names(
        [
            "Acme shipped Foo 2 in March and Foo 3 in May, ahead of Bar-9. Dr Jane Roe of Widget Labs "
            "said the widget labs team agreed."
        ]
    )
    assert ("foo", "2") in names.names and ("foo", "3") in names.names
    assert "foo" in names.families  # two versions: a model family
    assert names.covers(("foo", "3")) and not names.covers(("foo", "4"))
    assert ("jane", "roe") in names.names
    assert ("widget", "labs") not in names.names  # also written in lower case: not a name


def test_the_plural_of_an_acronym_is_no_name() -> None:
    names = read_names(["Serving LLMs on GPUs behind closed APIs costs FLOPs; DeepSeek and LMArena differ, as NoPE."])
    assert not {("llms",), ("gpus",), ("apis",), ("flops",)} & names.names
    assert {("deepseek",), ("lmarena",), ("nope",)} <= names.names  # mixed case inside a word still names


def test_a_plural_acronym_in_a_refusal_is_not_named_as_a_thing(engine: Engine) -> None:
    answer = engine.answer("how much can we save by self-hosting llama 4 vs closed apis?")
    assert "Apis" not in answer.text


def test_a_model_the_articles_never_mention_is_named_in_the_refusal(engine: Engine) -> None:
    answer = engine.answer("What is Claude 4 Opus pricing?")
    assert answer.abstained
    assert "Claude 4 Opus" in answer.text
    assert "Claude 3.7 Sonnet" not in answer.text.split(".")[0]  # "claude" alone is not the known model


def test_models_the_articles_do_mention_are_not_treated_as_unknown(engine: Engine) -> None:
    for question in ("what did behemoth beat, gpt-4.5?", "how does deepseek r1's license differ from llama 4's"):
        assert not engine.answer(question).abstained, question


# --- 3. a fact only when the question asks for it ---------------------------------------------------------


def test_what_is_controversial_about_a_thing_is_answered_with_what_the_sources_find_wrong(engine: Engine) -> None:
    answer = engine.answer("what was so controversial about llama 4's training data")
    assert "Instagram" in _first_line(answer)  # not the count of its tokens


def test_a_provider_the_facts_lack_is_answered_from_its_own_sentence(engine: Engine, knowledge: Knowledge) -> None:
    answer = engine.answer("what context length does groq serve scout with")
    assert "128K" in _first_line(answer)
    assert "10 million" not in _first_line(answer)
    _verbatim(answer, knowledge)


def test_words_beyond_the_value_bring_the_sentence_that_holds_them(engine: Engine) -> None:
    answer = engine.answer("where does maverick rank on the artificial analysis index")
    assert answer.kind is AnswerKind.FACT
    assert "27th of 43" in answer.text


def test_a_correctly_spelled_word_is_not_read_as_a_known_one(engine: Engine) -> None:
    answer = engine.answer("did meta cheat on the arena benchmark")
    assert "$" not in _first_line(answer)  # "cheat" is not "cheap": no price table
    assert "price" not in (answer.turn.attributes if answer.turn else ())


# --- 4. question forms --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("question", "form", "expect"),
    [
        ("does scout fit on one h100", Form.YES_NO, Expect.ANY),
        ("why did meta release on a weekend", Form.EXPLAIN, Expect.ANY),
        ("scout or maverick for a small team?", Form.CHOICE, Expect.ANY),
        ("maverick vs gpt-4o, which should i go with", Form.CHOICE, Expect.ANY),  # "vs" poses the choice
        ("maverick vs gpt-4o", Form.LOOKUP, Expect.ANY),  # no choice asked: every row
        ("when did llama 2 come out", Form.LOOKUP, Expect.DATE),
        ("how many experts does maverick use", Form.LOOKUP, Expect.NUMBER),
        ("whats yann lecun's job title", Form.LOOKUP, Expect.NAME),
        ("what's so controversial about the training data", Form.EXPLAIN, Expect.ANY),  # what is wrong: a story
        ("what was the controversy with lmarena", Form.EXPLAIN, Expect.ANY),
        ("whats wrong with the mmlu score of maverick", Form.LOOKUP, Expect.ANY),  # its disputed figures
        ("what is the context window", Form.LOOKUP, Expect.ANY),
    ],
)
def test_the_form_and_expected_value_of_a_question(question: str, form: Form, expect: Expect) -> None:
    found = shape(question)
    assert (found.form, found.expect) == (form, expect)


def test_a_yes_no_question_on_a_stated_number_gets_a_verdict_first(engine: Engine) -> None:
    assert _first_line(engine.answer("does scout have 16 experts?")).startswith("Yes — ")
    no = engine.answer("is maverick's context window 10m?")
    assert _first_line(no).startswith("No — ") and "1 million" in _first_line(no)


def test_each_part_of_a_multi_part_question_is_answered(engine: Engine) -> None:
    assert split_parts("how many experts does scout have and what is maverick's context window") == [
        "how many experts does scout have",
        "what is maverick's context window",
    ]
    assert split_parts("scout or maverick, which is faster?") == ["scout or maverick, which is faster?"]
    text = engine.answer("how many experts does scout have and what is maverick's context window").text
    assert "16" in text and "1 million" in text


def test_models_named_then_a_question_without_one_is_one_question(engine: Engine) -> None:
    # the question after the models asks about them: one comparison, not the same one twice
    assert split_parts("scout vs maverick, what's the actual difference?") == ["scout vs maverick, what's the actual difference?"]
    answer = engine.answer("scout vs maverick, what's the actual difference?")
    assert answer.table is not None and answer.text.count("By the sources' figures") == 1
    # a part that asks something the first does not name stays its own question, and so does one that asks no
    # comparison: each model's own date
    assert len(split_parts("maverick deepinfra price, how many experts does it have")) == 2
    assert len(split_parts("scout vs maverick, when were they released")) == 2


def test_what_the_asker_means_to_do_is_the_light_the_question_after_it_is_asked_in() -> None:
    wish = "we want to feed our entire repo into a single prompt, which llama 4 model should we use"
    assert split_parts(wish) == [wish]
    assert split_parts("i wanna run it on my own servers, which llama 4 model is cheaper") == [
        "i wanna run it on my own servers, which llama 4 model is cheaper"
    ]
    assert len(split_parts("i want to find a model for long docs, which llama 4 model should i use")) == 1
    # wanting to know, or wanting a thing, asks for it: two questions
    assert len(split_parts("I want Scout's context window, and what's its price on groq")) == 2
    assert len(split_parts("i want to know scout's context window, and what's its price on groq")) == 2


def test_a_part_that_only_sets_the_scene_stays_with_the_question_after_it(engine: Engine) -> None:
    asked = "for long multi-file refactors, would you recommend maverick?"
    assert split_parts(asked) == [asked]
    assert split_parts("on groq, how fast is scout") == ["on groq, how fast is scout"]
    assert len(split_parts("in what year did llama 1 come out, and who made it")) == 2  # "in what year" asks
    assert len(split_parts("for scout the groq price, and what about maverick's context window")) == 2  # a model
    assert len(split_parts("for a startup that has no gpus, would you recommend maverick?")) == 1
    assert "I can only answer" not in engine.answer(asked).text  # no refusal of a part standing alone


def test_a_model_of_another_maker_is_compared_on_the_rows_both_have(engine: Engine) -> None:
    # (a price is shared by attribute: each model's providers keep rows of their own)
    for asked in ("how does maverick compare to deepseek v3", "compare maverick with gpt-4o", "/compare"):
        answer = engine.sheets.compare(["maverick", "gpt-4o"]) if asked == "/compare" else engine.answer(asked)
        table = answer.table
        assert table is not None and table.rows
        unpriced = [row for row in table.rows if "price" not in row.label.lower()]
        assert unpriced and all(sum(c.value != NO_VALUE for c in row.cells) >= 2 for row in unpriced), asked
    # no row the two share: their sources' words, no table of empty cells
    alone = engine.answer("how does maverick compare with claude 3.7 sonnet")
    assert not alone.abstained and alone.table is None
    # two of the family's models: every row either has, its gaps shown
    family = engine.answer("scout versus maverick").table
    assert family is not None and any(NO_VALUE in (c.value for c in row.cells) for row in family.rows)


def test_a_comparison_verdict_leaves_out_its_paragraph_on_another_of_the_family(engine: Engine) -> None:
    answer = engine.answer("did maverick really beat gpt-4o on lm arena")
    assert _first_line(answer).startswith("Maverick hit 1417 on LM Arena, beating GPT-4o.")
    assert "Scout runs a 10 million token context window" not in answer.text  # the next sentence, on Scout
    # a sentence that says "it" may be about the model of the one before: kept ("If it delivers ... over Maverick")
    assert "If it delivers proportional performance gains" in engine.answer("is behemoth as big as gpt-4").text


def test_x_or_y_names_the_winner_on_the_attribute_asked(engine: Engine) -> None:
    answer = engine.answer("scout or maverick, which is faster?")
    assert answer.table is not None
    assert _first_line(answer).startswith("Llama 4 Scout is faster")
    assert "143" in _first_line(answer) and "109" in _first_line(answer)


def test_which_is_cheaper_after_two_models_compares_those_two(engine: Engine) -> None:
    first = engine.answer("put scout and maverick side by side")
    follow = engine.answer("which is cheaper?", first.turn)
    assert follow.table is not None and follow.table.columns == ("Llama 4 Scout", "Llama 4 Maverick")
    assert _first_line(follow).startswith("Llama 4 Scout is cheaper")
    assert all("price" in row.label.lower() for row in follow.table.rows)


# --- 5. disagreements stated in prose -------------------------------------------------------------------------


def test_a_prose_disagreement_shows_each_side_cited(engine: Engine, knowledge: Knowledge) -> None:
    answer = engine.answer("what is yann lecun's job title")
    assert answer.disagreement
    assert answer.text.startswith("Sources differ")
    assert "Chief AI Officer" in answer.text and "Chief AI Scientist" in answer.text
    assert len({c.source for c in answer.citations}) >= 2
    _verbatim(answer, knowledge)


def test_numbers_are_compared_only_with_numbers_of_the_same_unit() -> None:
    claims = number_claims(
        "At $0.15 per 1M tokens it costs 60–80% less; GPT-4.5 is 2,000 users strong", frozenset({"gpt"})
    )
    assert claims == ("n:$:0.15", "n:m:1", "n:%:80", "n:users:2000")  # bare "60" and the version 4.5 left out


def test_the_word_before_a_number_is_found_however_far_back_it_lies() -> None:
    families = frozenset({"gpt"})
    assert number_claims("GPT" + " " * 200 + "4o scores 80%", families) == ("n:%:80",)  # a version, far back
    assert number_claims("xgpt" + " " * 77 + "4o", families) == ("n:o:4",)  # "xgpt" names no family
    assert number_claims("x" * 100 + "GPT-4 at 80%", families) == ("n:%:80",)


def test_sentences_that_merely_share_a_topic_are_not_called_a_disagreement(engine: Engine) -> None:
    for question in ("what's the per-token cost of self hosting maverick", "scout mmlu", "cheapest scout api price"):
        answer = engine.answer(question)
        assert "Sources differ" not in answer.text and "states otherwise" not in answer.text, question


# --- 6. not stated, plainly ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "question",
    ["what is maverick's swe-bench score", "gemini 2.5 pro context window?", "What is Behemoth's MMLU?"],
)
def test_a_value_the_articles_never_give_is_not_stated(engine: Engine, question: str) -> None:
    answer = engine.answer(question)
    assert answer.abstained
    assert "don't state" in answer.text
    assert "MMLU Pro" not in answer.text.split(".")[0]  # no list of other benchmarks instead


# --- 7. the answering sentence first, no padding ---------------------------------------------------------------


def test_further_sentences_come_only_when_nearly_as_good() -> None:
    ranked = [
        Snippet("a", "the answer", 0.9, 0.8),
        Snippet("a", "nearly as good", 0.7, 0.6),
        Snippet("b", "another source, nearly as good", 0.6, 0.5),
        Snippet("a", "weak filler", 0.2, 0.2),
    ]
    chosen = choose(ranked)
    assert next(s.text for s in chosen) == "the answer"
    assert "weak filler" not in [s.text for s in chosen]
    assert chosen[1].source == "b"  # another source's view before a second sentence of the same source
    # ... unless the same source's next sentence answers clearly better
    clearly = [ranked[0], Snippet("a", "answers much better", 0.85, 0.8), *ranked[2:]]
    assert [s.text for s in choose(clearly)][:2] == ["the answer", "answers much better"]


def test_the_sentence_that_answers_leads(engine: Engine) -> None:
    answer = engine.answer("what was lmarena called before")
    assert "Chatbot Arena" in _first_line(answer)


def test_chat_filler_does_not_count_against_a_question(engine: Engine) -> None:
    weights = content_weights(engine.index, "ok so lol tbh whats scout's context window")
    assert not weights.unknown
    terms = {i: term for term, i in engine.index.vocabulary.items()}
    assert {terms[t] for t in weights.known} == {"scout", "context", "window"}


# --- explanations, sources named in the question, facts checked against the prose ----------------------


def test_an_explanation_quotes_the_passage_that_goes_on_past_the_lead_sentence(engine: Engine) -> None:
    answer = engine.answer("why do people say the saturday launch date was itself a statement")
    shown = render_plain(answer, with_citations=False)
    assert answer.kind is AnswerKind.SNIPPETS
    assert shown.index("timing itself was a statement") < shown.index("pulled forward from a planned Monday")
    _verbatim(answer, engine.knowledge)


def test_a_list_is_quoted_whole_with_its_markers_as_the_article_has_them() -> None:
    article = "Their pitch is:\n\n  1. a wrapper\n  2. a UI\n  3. no serious proprietary moat\n\nThat is the danger."
    runs = _runs(["a wrapper", "a UI", "no serious proprietary moat"], article)
    assert runs == ["1. a wrapper\n  2. a UI\n  3. no serious proprietary moat"]
    assert all(run in article for run in runs)
    assert _runs(["a wrapper", "That is the danger."], article) == []  # a fragment alone is no evidence


def test_a_sentence_ending_in_a_colon_brings_its_whole_list(engine: Engine) -> None:
    answer = engine.answer("why would weaker startups be the first victims of stronger open models")
    shown = render_plain(answer, with_citations=False)
    assert "whose entire pitch is" in shown
    assert shown.index("whose entire pitch is") < shown.index("no serious proprietary moat")
    _verbatim(answer, engine.knowledge)


def test_a_heading_over_a_list_answers_with_the_list(engine: Engine) -> None:
    answer = engine.answer("in which areas is maverick still behind closed models? where does it trail")
    shown = render_plain(answer, with_citations=False)
    assert "Still trails closed models" in shown
    assert shown.index("Still trails closed models") < shown.index("Complex multi-file code generation")
    assert "Complex multi-file code generation" in shown and "Long-horizon agent reliability" in shown
    _verbatim(answer, engine.knowledge)


def test_a_short_heading_and_its_list_are_one_quote(engine: Engine) -> None:
    answer = engine.answer("what did llama 4 look strong at right at launch")
    assert answer.citations[0].quote.startswith("Strong at launch\n- MMLU-Pro")  # too short to stand alone
    assert "LM Arena rank: 1417" in answer.citations[0].quote
    _verbatim(answer, engine.knowledge)


def test_indefinite_pronouns_are_filler(engine: Engine) -> None:
    assert {"anyth", "someth", "everyth"} <= FILLER_STEMS
    reading = engine.read("do the llama 4 weights cost anything")
    assert "anyth" not in {engine.index.terms_by_id[t] for t in reading.ask.terms}  # not searched for
    assert not reading.ranked[0].text.startswith("Anything")


def test_a_heading_over_a_table_or_prose_is_never_a_unit(engine: Engine) -> None:
    reading = engine.read("maverick instruction-tuned results")
    headings = [s.text for s in reading.ranked if s.heading]
    assert "Llama 4 Maverick — Instruction-Tuned Results" not in headings
    reading = engine.read("what is iRoPE, how does scout reach 10 million tokens")
    assert not [s for s in reading.ranked if s.heading]


def test_points_set_out_as_paragraphs_are_listed_by_their_run_in_headings(engine: Engine) -> None:
    answer = engine.answer("what are the layers of meta's business logic for releasing open weights")
    shown = render_plain(answer, with_citations=False)
    points = [
        "Commoditize the competitors’ moat.",
        "Ecosystem branding.",
        "Platform positioning.",
        "Talent attraction.",
    ]
    at = [shown.index(p) for p in points]
    assert at == sorted(at) and shown.index("multi-layered:") < at[0]
    _verbatim(answer, engine.knowledge)


def test_a_phrase_the_user_quotes_brings_the_sentence_that_holds_it() -> None:
    assert quoted_phrases("what's the 'public good' argument, and \"floor raise\"?") == [
        ("public", "good"),
        ("floor", "raise"),
    ]
    assert quoted_phrases("meta's and llama's release") == []  # apostrophes are no quotes
    assert quoted_phrases("what does 'moe' mean") == []  # one word: the ranking already weighs it
    assert holds_phrase("remain a genuine public good — however", ("public", "good"))
    assert not holds_phrase("good for the public", ("public", "good"))


def test_a_quoted_phrase_is_searched_for_and_leads_even_when_its_words_are_filler(engine: Engine) -> None:
    plain = engine.read("what is the public good for meta here")  # "good" is chat filler when not quoted
    quoted = engine.read("what is the 'public good' for meta here")
    assert not holds_phrase(plain.ranked[0].text, ("public", "good"))
    assert holds_phrase(quoted.ranked[0].text, ("public", "good"))


def test_a_comparisons_verdict_comes_with_the_paragraph_that_weighs_the_two(engine: Engine) -> None:
    answer = engine.answer("deepseek v3 or llama 4 maverick, which one would you build a startup on?")
    lead = render_plain(answer, with_citations=False).splitlines()[0]
    assert lead.startswith("Meta explicitly acknowledged that Maverick achieves")  # the verdict still leads
    assert "MIT license" in lead and "Call it a wash" in lead  # the sentences before and after it follow
    _verbatim(answer, engine.knowledge)


def test_a_lead_that_goes_on_from_the_sentence_before_is_shown_after_it(engine: Engine) -> None:
    answer = engine.answer("why would ecosystem power outlast leaderboard wins")
    shown = render_plain(answer, with_citations=False)
    assert shown.index("Adoption shapes ecosystem power.") < shown.index("And ecosystem power often outlasts")
    _verbatim(answer, engine.knowledge)


def test_a_numbered_list_after_a_colon_is_shown_whole_not_only_its_first_item(engine: Engine) -> None:
    answer = engine.answer("what leverage do buyers get from open-weight progress")
    shown = render_plain(answer, with_citations=False)
    assert "1. more negotiation power against vendors" in shown
    assert "4. more ways to build differentiated products" in shown
    _verbatim(answer, engine.knowledge)


def test_a_value_lookup_gets_no_passage_padding(engine: Engine) -> None:
    answer = engine.answer("how many experts does scout route between")
    assert "16" in _first_line(answer)
    assert len(render_plain(answer, with_citations=False)) < 400


def test_source_names_come_from_each_articles_metadata(engine: Engine) -> None:
    from bot.answering.source_names import Header, source_names

    headers = [Header(*h) for h in engine.knowledge.article_headers()]
    added = Header(
        "example-news-interview", "Example Wire interview with a Llama 4 engineer", "Example Wire", "Jane Doe"
    )
    names = source_names([*headers, added], engine.reader.passage_share)
    assert names.mentioned(["per", "chatforest"])[0] == {"chatforest-llama4-review"}
    assert names.mentioned(["the", "example", "wire", "piece"])[0] == {"example-news-interview"}
    assert names.mentioned(["what", "did", "doe", "say"])[0] == {"example-news-interview"}
    assert names.mentioned(["what", "did", "the", "interview", "say"])[0] == {"example-news-interview"}
    # a label word names a source only after "the", "per", ...: "a post-train thing" is no blog post
    assert not names.mentioned(["codistil", "is", "a", "post", "train", "thing"])[0]
    assert names.mentioned(["per", "the", "blog", "post"])[0] == {"llama4-lands-open-weights"}
    # the topic of a label ("on the Llama 4 open-weights release") never names it
    assert not names.mentioned(["the", "open", "weights", "release"])[0]
    # a label word right after a publisher is that publisher's piece, not every piece its label word names
    assert names.mentioned(["the", "example", "wire", "interview"])[0] == {"example-news-interview"}
    found, at = names.mentioned(["what", "does", "the", "value", "add", "vc", "article", "say"])
    assert found == {"valueaddvc-llama4-release"} and at == {3, 4, 5, 6}  # "article" still names no topic
    assert len(names.mentioned(["what", "does", "the", "article", "say"])[0]) >= 2  # alone, it names each


def test_a_summary_of_a_source_named_with_its_kind_of_piece_quotes_that_source(engine: Engine) -> None:
    answer = engine.answer("what does the value add vc article say")
    assert {c.source for c in answer.citations} == {"valueaddvc-llama4-release"}


def test_a_source_named_in_the_question_is_quoted_first(engine: Engine) -> None:
    answer = engine.answer("what does the chatforest review say about the weekend release")
    assert answer.citations[0].source == "chatforest-llama4-review"
    assert not engine.answer("per the newsletter, what was meta spending on capex").abstained


def test_a_stored_fact_is_checked_against_another_sources_prose(engine: Engine) -> None:
    answer = engine.answer("How many parameters per token are active in DeepSeek V3?")
    shown = render_plain(answer, with_citations=False)
    assert answer.disagreement and shown.startswith("Sources differ")
    assert "37B" in shown and "~17B active parameters" in shown
    assert len({c.source for c in answer.citations}) == 2
    _verbatim(answer, engine.knowledge)


@pytest.mark.parametrize(
    "question",
    ["deepseek v3 total parameter count", "maverick input price on openrouter", "how long is scout's context"],
)
def test_a_sentence_on_another_attribute_or_provider_is_no_disagreement(engine: Engine, question: str) -> None:
    assert not engine.answer(question).text.startswith("Sources differ")


def test_a_model_named_just_before_a_sentence_is_the_one_it_refers_to(engine: Engine) -> None:
    reading = engine.read("Will Llama 4 put OpenAI and Anthropic out of business?")
    them = next(s for s in reading.ranked if s.text.startswith("Llama 4 doesn't kill them"))
    assert them.named  # OpenAI and Anthropic are named in its section's heading and the sentences before


def test_a_sentence_about_the_family_need_not_say_llama_4(engine: Engine) -> None:
    # every article is about Llama 4: the sentence that answers says "the release", not "Llama 4"
    answer = engine.answer("was the llama 4 launch first planned for another day of the week")
    assert "planned Monday announcement" in render_plain(answer, with_citations=False)[:700]


def test_a_word_whose_stem_ends_in_s_is_still_known(engine: Engine) -> None:
    # "releases" stems to "releas"; stemming that again lost it, and the question read as off-topic
    reading = engine.read("what pattern do the llama releases follow")
    assert not reading.weights.unknown
    assert not engine.answer("whats the recurring pattern in meta's llama releases").abstained


def test_a_four_letter_typo_is_read_by_its_dropped_letter(engine: Engine) -> None:
    assert engine.index.correct("capx", "capx") == "capex"
    assert engine.index.correct("cape", "cape") is None  # an English word is never corrected


def test_a_who_question_is_not_read_as_a_numeric_attribute(engine: Engine) -> None:
    answer = engine.answer("Who is Yann LeCun, in the context of Meta's research lab?")
    assert not answer.abstained
    assert "Chief AI" in render_plain(answer, with_citations=False)[:400]


def test_how_much_guesses_an_attribute_but_names_no_word_the_answer_must_hold(engine: Engine) -> None:
    answer = engine.answer("how much does meta spend on capex this year")
    assert "$65B" in _first_line(answer)


def test_only_a_word_written_as_a_name_is_what_a_question_turns_on(engine: Engine) -> None:
    # "happened" is rarer in the articles than "LMArena", but it is a plain word: the question is about LMArena
    answer = engine.answer("so what happened with lmarena")
    assert "LMArena" in _first_line(answer)
    assert "weekend" not in render_plain(answer, with_citations=False)


def test_sentences_naming_different_models_are_no_disagreement_on_an_open_question(engine: Engine) -> None:
    answer = engine.answer("how is llama 4 licensed")
    assert not answer.disagreement
    assert "700M MAU" in render_plain(answer, with_citations=False)[:400]


def test_a_context_never_ends_on_the_next_points_opening_line(engine: Engine) -> None:
    shown = render_plain(engine.answer("how is llama 4 licensed"), with_citations=False)
    assert "The benchmark controversy." not in shown


@pytest.mark.parametrize(
    ("question", "quoted"),
    [
        ("does llama 4 support audio input", "does not support audio"),
        ("is llama 4 an open source license by the osi definition", "not an open-source license by OSI"),
        ("are the 70b llama 3.3 models obsolete now", "are not obsolete"),
    ],
)
def test_a_yes_no_question_leads_with_no_when_the_answer_negates_it(engine: Engine, question: str, quoted: str) -> None:
    answer = engine.answer(question)
    first = _first_line(answer)
    assert first.startswith("No — ")
    assert quoted in first


@pytest.mark.parametrize(
    "question",
    [
        "is muse spark an open weights model",  # the sentence holds 'open-weight' and says closed-weight
        "is every fourth layer of scout a nope layer",  # "not every layer" negates only "every"
        "is the 10m context an achievement even though it's not validated",  # a negated question
        "is llama 4 free to use commercially",  # "not freely usable by all organizations": by most it is
    ],
)
def test_no_verdict_is_read_off_words_that_do_not_settle_it(engine: Engine, question: str) -> None:
    assert not _first_line(engine.answer(question)).startswith(("No — ", "Yes — "))


def test_another_version_of_a_family_is_not_the_lexicons_model(engine: Engine) -> None:
    reading = engine.read("how does the deepseek r1 license compare with llama 4's")
    assert "DeepSeek V3" not in reading.query.subjects
    assert ("deepseek", "r1") in reading.named
    assert engine.read("deepseek license terms").query.subjects == ("DeepSeek V3",)


def test_a_comparison_on_one_attribute_quotes_sentences_on_that_attribute(engine: Engine) -> None:
    answer = engine.answer("maverick vs scout: whose context window is longer, and by how much")
    shown = render_plain(answer, with_citations=False)
    assert "10 million" in shown or "10M" in shown
    assert "Hugging Face" not in shown


def test_a_model_name_written_together_counts_as_the_model(engine: Engine) -> None:
    reading = engine.read("does llama4 natively take images as input")
    assert reading.query.subjects == ("Llama 4",)
    unknown = {word for word, _ in reading.weights.unknown}
    assert "llama4" not in unknown  # it is Llama 4, not a word the articles never use


def test_words_scattered_over_a_passage_do_not_make_an_unrelated_question_answerable(engine: Engine) -> None:
    # "week", "training" and "planned" each occur in the articles, in sentences about other things
    assert engine.answer("a 12 week training plan for my first half marathon").abstained
    assert not engine.answer("why was the release pulled forward to the weekend").abstained


def test_a_tables_header_row_is_never_quoted_as_an_answer(engine: Engine) -> None:
    answer = engine.answer("gemini 2.5 pro or maverick if i must host it myself")
    assert not any(c.quote.startswith("| Benchmark | Maverick |") for c in answer.citations[:2])


def test_two_words_the_articles_write_as_one_retrieve_it(engine: Engine) -> None:
    reading = engine.read("what went wrong with maverick on lm arena")
    assert any("LMArena" in s.text for s in reading.ranked[:8])  # ChatForest writes "LMArena"


def test_no_question_here_is_one_of_the_shared_check_sets() -> None:
    import json
    import re
    from pathlib import Path

    shared = Path(__file__).resolve().parents[1].parent / "shared" / "eval"
    sets = [shared / "dev.jsonl", shared / "dev2.jsonl"]
    if not all(p.exists() for p in sets):
        pytest.skip("the shared check sets are not beside the project")
    asked = {json.loads(line)["q"].lower().strip() for p in sets for line in p.read_text().splitlines() if line}
    quoted = set(re.findall(r'"([^"\n]{8,})"', Path(__file__).read_text(encoding="utf-8")))
    assert not {q for q in quoted if q.lower().strip() in asked}


def test_how_many_is_not_answered_with_a_list_of_words(engine: Engine) -> None:
    answer = engine.answer("how many pictures can go into a single scout prompt")
    assert answer.kind is not AnswerKind.FACT  # the modalities fact lists kinds of input, it counts nothing
    assert engine.answer("behemoth's context length?").kind is AnswerKind.FACT  # "TBD" is that fact's value


def test_a_later_part_keeps_the_topic_of_the_first(engine: Engine) -> None:
    def top(topic: str) -> list[str]:
        return [s.text for s in engine.read("is it at least fast", topic=topic).ranked[:3]]

    throughput = "The benefit is throughput: inference is fast because only the active experts are doing work."
    assert throughput not in top("")
    assert throughput in top("why does an moe need more memory than its active parameters")


def test_a_number_is_read_as_stated_of_the_model_named_before_it(engine: Engine) -> None:
    text = "Scout (17B active, 109B total parameters), Maverick (17B active, 400B total), and Behemoth (~2T parameters)"
    assert engine.reader.claims_about(text, ["Llama 4 Behemoth"]) == {"n:t:2"}
    assert not engine.answer("behemoth active parameter count").disagreement  # 17B is Scout's and Maverick's


def test_a_rephrase_with_nothing_new_to_ask_is_no_part_of_its_own() -> None:
    assert split_parts("why does meta give llama away for free, what's in it for them") == [
        "why does meta give llama away for free, what's in it for them"
    ]
    assert len(split_parts("how big is scout, and what is it priced at on groq")) == 2


def test_a_number_carries_a_unit_only_when_one_is_written() -> None:
    claims = number_claims(
        "Behemoth beat GPT-4.5 on MATH-500 and GPQA; Maverick hit 1417 on LM Arena; 2 trillion tokens"
    )
    assert claims == ("n:t:2",)  # "500 and" and "1417 on" state no unit to compare


def test_an_either_or_question_on_one_model_gets_the_sources_views_not_a_bare_value(engine: Engine) -> None:
    answer = engine.answer("does scout run on one h100 at full precision or only with int4")
    shown = render_plain(answer, with_citations=False)
    assert answer.kind is AnswerKind.SNIPPETS
    assert "full precision" in shown and ("INT4" in shown or "quantization" in shown)
    assert len({c.source for c in answer.citations}) >= 2


@pytest.mark.parametrize(
    ("question", "form"),
    [
        ("wat does 17b-128e mean", Form.EXPLAIN),
        ("what does nope stand for in llama 4", Form.EXPLAIN),
        ("what is the mean mmlu score", Form.LOOKUP),
    ],
)
def test_what_does_x_mean_asks_for_an_explanation(question: str, form: Form) -> None:
    assert shape(question).form is form


def test_a_model_code_asked_about_gets_its_meaning_not_the_spec_sheet(engine: Engine) -> None:
    answer = engine.answer("wat does 17b-128e mean")
    assert answer.kind is not AnswerKind.SPECS
    assert "128" in _first_line(answer)


def test_a_company_is_not_read_as_an_o_series_model(engine: Engine) -> None:
    assert engine.reader.is_model(("o1",)) and engine.reader.is_model(("o3",))
    assert not engine.reader.is_model(("openai",))
    answer = engine.answer("which openai model does the unsigned news piece say behemoth can match")
    assert "GPT-5" in render_plain(answer, with_citations=False)[:600]


def test_an_article_naming_itself_is_no_answer_about_it(engine: Engine) -> None:
    reading = engine.read("what would releasing behemoth signal about meta, according to value add vc")
    assert not reading.ranked[0].text.startswith("Track AI company valuations")
    answer = engine.answer("who is the author of the chatforest review")
    assert "Grove" in render_plain(answer, with_citations=False)[:300]


def test_a_sentence_holding_the_whole_question_answers_it_whatever_unit_was_guessed(engine: Engine) -> None:
    answer = engine.answer("by how much can self-hosting llama 4 on aws cut inference costs compared with closed apis")
    assert not answer.abstained
    assert "60–80%" in _first_line(answer)


def test_which_one_after_two_models_is_part_of_their_comparison() -> None:
    assert split_parts("maverick vs scout, which one has the longer context and by how much") == [
        "maverick vs scout, which one has the longer context and by how much"
    ]
    assert len(split_parts("how big is scout, and which models did behemoth beat")) == 2


def test_a_named_source_is_searched_even_when_facts_fill_the_best_hits(engine: Engine) -> None:
    answer = engine.answer("what does the chatforest review say about scout")
    assert answer.citations and answer.citations[0].source == "chatforest-llama4-review"


def test_a_spec_bullet_is_not_followed_by_the_rest_of_the_spec_sheet(engine: Engine) -> None:
    shown = render_plain(engine.answer("what does 17B-16E mean?"), with_citations=False)
    assert "16 routed experts" in shown.splitlines()[0]
    assert "Training:" not in shown and "Deployment:" not in shown


@pytest.mark.parametrize("question", ["who leads meta ai", "who made maverick and scout"])
def test_a_who_question_is_not_answered_by_a_model_or_its_own_words(engine: Engine, question: str) -> None:
    # "Behemoth is the model that made Scout ..." names no one but models: no "who"
    answer = engine.answer(question)
    assert answer.abstained or not _first_line(answer).startswith("Behemoth is the model that made")


def test_the_sentence_cache_is_bounded(engine: Engine, monkeypatch: pytest.MonkeyPatch) -> None:
    from bot.answering import snippets

    monkeypatch.setattr(snippets, "MAX_CUT_PASSAGES", 3)
    units = snippets.Units(engine.index, engine.names)
    passages = [i for i, d in enumerate(engine.index.docs) if d.fact_index is None][:6]
    for position in passages:
        assert units.get(position)
    assert len(units._cut) == 3 and passages[-1] in units._cut and passages[0] not in units._cut
    assert units.get(passages[0])  # cut again when asked again


@pytest.mark.parametrize(
    "question",
    [
        "where can i get llama 4",
        "where do i grab maverick's weights",
        "where can u get llama 4",  # chat shorthand for the asker
        "u can grab llama 4 weights where",  # the place asked last
        "u can find scout where",
    ],
)
def test_where_to_get_a_model_is_answered_by_where_it_is_downloaded(engine: Engine, question: str) -> None:
    assert asks_where_to_get_a_model(question)
    assert _first_line(engine.answer(question)).startswith("Both Scout and Maverick are available for download")


@pytest.mark.parametrize(
    "question",
    [
        "where can i use llama 4 commercially?",  # using it, not getting it
        "how can i get scout to output json?",  # getting it to do something
        "how do i get good results with scout?",  # getting something else
        "where can i buy a gpu to run scout?",
    ],
)
def test_getting_something_else_than_a_model_is_no_question_where_to_get_it(question: str) -> None:
    assert not asks_where_to_get_a_model(question)


def test_a_training_run_asks_no_hardware_to_run_on(engine: Engine) -> None:
    assert parse_question("about scout's training run: how many tokens did it see").attributes == ("training_tokens",)
    assert "deployment" in parse_question("can i run scout at home").attributes  # "run" alone still asks it
    shown = _first_line(engine.answer("about scout's training run: how many tokens did it see"))
    assert shown.startswith("Llama 4 Scout — Training tokens")


def test_a_sentence_after_a_short_label_opening_its_line_is_found_by_the_labels_words(engine: Engine) -> None:
    """ "Ecosystem branding." opens the line of "The Llama 4 Community License requires “Built with Llama”
    attribution in products.": a question on branding finds that sentence, quoted without the label."""
    from bot.answering import snippets

    units = snippets.Units(engine.index, engine.names)
    found = [
        u
        for i, d in enumerate(engine.index.docs)
        if d.fact_index is None and "Ecosystem branding." in d.text
        for u in units.get(i)
    ]
    label = next(u for u in found if u.text == "Ecosystem branding.")
    after = next(u for u in found if u.text.startswith("The Llama 4 Community License requires"))
    assert label.terms <= after.terms and "branding" in after.words
    assert all("branding" not in u.words for u in found if u.line != label.line and "brand" not in u.text.lower())
    answer = engine.answer("if i put llama 4 in my product what branding goes on it")
    assert "“Built with Llama” attribution" in _first_line(answer)


def test_a_number_with_its_magnitude_written_on_also_finds_it_spelled_out(engine: Engine) -> None:
    terms, _ = engine.index.query_terms("the 700m user clause")
    assert engine.index.vocabulary["million"] in terms and engine.index.vocabulary["700"] in terms


def test_a_generic_word_is_narrowed_to_the_attributes_the_question_names() -> None:
    assert find_attributes("mav AA index score how bad") == ["intelligence_index"]
    assert find_attributes("scout mmmu and chartqa scores") == ["mmmu", "chartqa"]
    assert len(find_attributes("maverick benchmark scores")) > 10  # names none: every benchmark


def test_an_index_score_asked_in_slang_gets_that_score_alone(engine: Engine) -> None:
    answer = engine.answer("how does maverick rank on the AA index, score wise")
    assert "18/100" in _first_line(answer)
    assert "MMLU" not in render_plain(answer, with_citations=False)


def test_a_long_model_name_is_read_through_two_slips_a_short_word_through_one() -> None:
    assert find_subjects("chartqa for mavrik", fuzzy=True) == ["Llama 4 Maverick"]
    assert find_subjects("behmoth specs", fuzzy=True) == ["Llama 4 Behemoth"]
    assert find_subjects("mavrk", fuzzy=True) == []  # too short for two slips
    assert find_subjects("marketing budget", fuzzy=True) == []  # an English word is never a typo


def test_a_stop_words_plural_or_possessive_is_a_stop_word_too() -> None:
    assert tokens("metas apps llamas") == ["apps"]
    assert [s for s, _ in typed_tokens("llamas scouts")] == ["scout"]


def test_what_is_left_of_a_contraction_is_no_word_to_search_for() -> None:
    assert tokens("the 10m context isn't proven, we'll see, they're sure") == [
        "10m",
        "context",
        "proven",
        "see",
        "sure",
    ]


def test_a_generic_attribute_word_after_a_word_the_articles_never_use_asks_about_something_else(
    engine: Engine,
) -> None:
    assert engine.answer("what is scout's tokenizer vocab size").abstained
    assert engine.answer("scout hidden dimension size").abstained
    assert "109" in _first_line(engine.answer("what is scout's total size"))
    # ... unless the question also names the attribute outright
    answer = engine.answer("scout's result on the grad-school quiz benchmark, gpqa diamond")
    assert _first_line(answer) == "Llama 4 Scout — GPQA Diamond: 57.2 [1]."


def test_a_short_label_line_with_a_number_can_answer(engine: Engine) -> None:
    answer = engine.answer("what rating did chatforest give llama 4 in its verdict")
    assert "Rating: 3.5/5" in _first_line(answer)
    _verbatim(answer, engine.knowledge)


def test_who_wrote_finds_written_by(engine: Engine) -> None:
    answer = engine.answer("who wrote that chatforest review of llama 4?")
    assert "written by Grove" in _first_line(answer)


def test_who_wrote_a_source_ranks_where_it_was_published_first(engine: Engine) -> None:
    ranked = engine.read("who wrote the value add vc article").ranked
    assert ranked[0].text == "Originally published in the Trace Cohen newsletter."


def test_did_they_admit_finds_the_denial(engine: Engine) -> None:
    shown = render_plain(engine.answer("did meta admit it gamed lmarena"), with_citations=False)
    assert "denied the company had “artificially boosted”" in shown[:700]


@pytest.mark.parametrize("question", ["did meta cheat on lmarena?", "did meta manipulate the arena scores"])
def test_foul_play_words_find_what_the_articles_say_of_misleading_scores(engine: Engine, question: str) -> None:
    answer = engine.answer(question)  # the articles never say "cheat" or "manipulate"
    assert not answer.abstained
    assert "are a bit misleading" in render_plain(answer, with_citations=False).split("\n")[0]


def test_criticizing_finds_what_critics_argued(engine: Engine) -> None:
    answer = engine.answer("why did people criticize the llama 4 launch")  # the articles say "critics"
    assert _first_line(answer).startswith("Critics argued that the public-facing benchmark claims")


def test_acting_differently_finds_what_behaved_differently(engine: Engine) -> None:
    answer = engine.answer("did maverick act differently depending on the provider")
    assert "(Groq, DeepInfra, Together AI) behaved differently" in _first_line(answer)


def test_an_adjective_finds_its_adverb(engine: Engine) -> None:
    answer = engine.answer("which providers did maverick behave different on")
    assert "(Groq, DeepInfra, Together AI) behaved differently" in _first_line(answer)


def test_what_a_thing_is_called_asks_its_name_not_its_terms(engine: Engine) -> None:
    assert naming_verb("what is the license for llama 4 called?") == "called"
    answer = engine.answer("what is the license for llama 4 called?")
    assert answer.kind is AnswerKind.SNIPPETS  # not the stored list of license terms
    assert "Llama 4 Community License" in _first_line(answer)
    parts = engine.answer("whats the license of llama 4 called, and can i use it commercially")
    assert "Llama 4 Community License" in _first_line(parts) and "Commercial use is permitted" in parts.text
    # what a thing is called need not be a capitalised name: "an experimental chat version"
    variant = engine.answer("What's the Maverick variant on LMArena called?")
    assert "“experimental chat version”" in _first_line(variant)


def test_a_who_question_not_stated_reads_as_a_sentence(engine: Engine) -> None:
    refused = engine.answer("who is scout's product manager")
    assert refused.text.startswith("My sources don't state that about Llama 4 Scout.")
    sentence = engine.answer("can i run scout on my macbook")  # not "Llama 4 Scout's run macbook"
    assert sentence.text.startswith("My sources don't state that about Llama 4 Scout.")
    named = engine.answer("what's the position encoding in scout called")
    assert named.text.startswith("My sources don't state Llama 4 Scout's position encoding.")


def test_pitching_a_product_finds_how_it_is_positioned(engine: Engine) -> None:
    answer = engine.answer("is meta pitching llama 4 as a competitor")
    assert "Meta is not positioning Llama 4 as a cost-optimized alternative" in _first_line(answer)


def test_a_peer_model_named_as_an_example_does_not_hide_the_answer(engine: Engine) -> None:
    # GPT-4o stands for any closed model here: the sentence that answers need not name it
    shown = render_plain(
        engine.answer("is a startup that is a layer on top of gpt-4o in trouble"), with_citations=False
    )
    assert "you have a business model problem" in shown[:700]
    # asked for a value of its own, it still must: "GPT-4o's context window" is not Scout's
    assert "10M" not in _first_line(engine.answer("what's gpt-4o's context window"))


def test_a_choice_with_a_condition_shows_what_the_sources_say_on_the_condition(engine: Engine) -> None:
    question = "should we pick gemini 2.5 pro or maverick if everything has to stay on prem"
    shown = render_plain(engine.answer(question), with_citations=False)
    assert "Gemini 2.5 Pro is API-only, no local deployment." in shown[:700]  # "on prem": run locally


@pytest.mark.parametrize(
    ("question", "parts"),
    [
        ("llama timeline? when did each version come out", 1),  # a topic, then the question about it
        ("meta open weights strategy? why do they give it away", 1),
        ("scout groq price? how fast is it", 2),  # a lookup of its own, then a second question on its model
        ("scout context? how much vram does it need", 2),
    ],
)
def test_a_topic_before_its_question_is_one_question(question: str, parts: int) -> None:
    assert len(split_parts(question)) == parts


def test_a_topic_before_its_question_is_answered_as_one(engine: Engine) -> None:
    answer = engine.answer("llama version history? when did 1, 2 and 3 come out")
    assert _first_line(answer).startswith("Meta releases Llama 1 in February 2023, Llama 2 in July 2023")


def test_a_size_is_no_score_for_a_sentence_to_lead_with(engine: Engine) -> None:
    # "understanding" meets "well-understood" in a sentence on 70B-class models: "70B" is no ChartQA score
    assert _first_line(engine.answer("What is Scout's chart understanding score?")).startswith(
        "Llama 4 Scout — ChartQA"
    )


def test_a_sentence_with_no_number_does_not_lead_a_number_asked_for(engine: Engine) -> None:
    # "visual ... reasoning" is in a sentence on visual tasks that states no score: the stored score leads
    answer = engine.answer("what did scout score on the visual math reasoning test (mathvista)")
    assert _first_line(answer).startswith("Llama 4 Scout — MathVista: 73.7")


def test_a_word_of_a_benchmark_s_name_asks_for_that_benchmark_outright(engine: Engine) -> None:
    query = parse_question("scout chart reading score?")
    assert query.attributes == ("chartqa",) and query.strong_attributes and "chart" not in query.residual
    assert _first_line(engine.answer("scout chart reading score?")).startswith("Llama 4 Scout — ChartQA: 88.8")


def test_whats_the_deal_with_asks_about_what_follows(engine: Engine) -> None:
    answer = engine.answer("what's the deal with the lmarena thing")  # "deal" is the idiom, not a topic
    assert not answer.abstained and "LMArena" in answer.text


def test_what_a_thing_was_about_asks_for_the_story_not_its_number(engine: Engine) -> None:
    assert shape("what was the whole lmarena drama with llama 4 about").form is Form.EXPLAIN
    assert shape("what is scout's context window").form is Form.LOOKUP
    assert engine.answer("what was scout about").kind is AnswerKind.SPECS  # a model, not a story
    answer = engine.answer("what was the lmarena drama all about")
    assert "controversy about what model Meta actually submitted" in _first_line(answer)  # not the 1417 itself


def test_a_listed_fact_gives_the_item_the_question_names_first(engine: Engine) -> None:
    answer = engine.answer("llama 4 licence mau limit?")  # "MAU": "monthly active users"
    terms = next(line for line in answer.text.splitlines() if line.startswith("Llama 4 — License terms: "))
    assert terms.startswith("Llama 4 — License terms: Entities with more than 700 million monthly active users")
    # "limit" meets the articles' "threshold": the sentence that says so comes before the terms
    assert _first_line(answer).startswith("The 700M MAU threshold is tighter than Llama 3’s")


def test_a_synonym_of_the_words_beyond_the_value_brings_the_sentence_that_answers(engine: Engine) -> None:
    answer = engine.answer("did scout have the biggest context window of any model at launch")
    assert _first_line(answer).startswith("Scout runs a 10 million token context window, the largest of any")


def test_a_word_written_without_its_vowels_is_read_as_the_word(engine: Engine) -> None:
    index = engine.index
    assert index.correct("imgs", "imgs") == stem("images") and index.correct("strng", "strng") == stem("strong")
    assert index.correct("pts", "pts") is None  # three letters could be "puts" as well as "points"
    answer = engine.answer("does llama 4 only undrstand imgs or make them too")
    assert _first_line(answer).startswith("Llama 4 understands images but cannot generate them.")


def test_a_size_adjective_before_another_noun_asks_no_model_size(engine: Engine) -> None:
    assert find_attributes("what are the two big architecture changes from llama 3 to llama 4") == []
    assert find_attributes("which big companies is the clause aimed at") == []
    assert "total_parameters" in find_attributes("how big is scout")
    assert "total_parameters" in find_attributes("which is bigger, scout or maverick")
    answer = engine.answer("what are the two big architecture changes from llama 3 to llama 4")
    assert "Llama 4 switched to Mixture-of-Experts (MoE)" in answer.text


def test_a_size_asked_of_a_named_attribute_is_that_attributes_figure(engine: Engine) -> None:
    assert find_attributes("how big is scout's context window") == ["context_window"]
    assert find_attributes("is scout's context window bigger than maverick's") == ["context_window"]
    assert find_attributes("how big is scout") == ["total_parameters", "active_parameters"]
    corpus = engine.answer("how big was the pretraining corpus of scout")
    assert corpus.text.startswith("Llama 4 Scout — Training tokens: approximately 40 trillion")
    assert "Total parameters" not in corpus.text


def test_a_figure_the_articles_state_anchors_a_question(engine: Engine) -> None:
    assert engine.read("which big companies is the 700m user clause aimed at").signals.anchored
    assert not engine.read("which big companies is the user clause aimed at").signals.anchored
    assert not engine.read("which big companies is the 123m user clause aimed at").signals.anchored


def test_have_to_pay_is_answered_by_what_is_free(engine: Engine) -> None:
    answer = engine.answer("do we have to pay meta for the llama 4 weights")  # "have to" is "must": no word
    assert _first_line(answer).startswith("The weights are free.")


def test_support_relates_a_model_to_what_is_asked_and_asks_nothing_itself(engine: Engine) -> None:
    # not "Llama 4 does not support audio" before the languages
    assert _first_line(engine.answer("what languages does llama 4 support")).startswith("Llama 4 — Languages:")
    assert _first_line(engine.answer("does llama 4 support audio")).startswith("No — ")


@pytest.mark.parametrize(
    ("question", "negated"),
    [
        ("is maverick open source or not", False),  # the doubt that closes it negates nothing
        ("can scout take audio input or not?", False),
        ("does llama 4 support audio, or not", False),
        ("is maverick open source, yes or no?", False),
        ("is it open source even though it's not osi approved", True),
        ("doesn't scout support audio", True),
    ],
)
def test_a_closing_or_not_is_no_negated_question_and_keeps_the_verdict(
    engine: Engine, question: str, negated: bool
) -> None:
    assert asks_negated(question) is negated
    if not negated:
        assert _first_line(engine.answer(question)).startswith("No — ")


def test_no_verdict_or_first_place_from_the_words_that_only_relate_model_and_attribute(engine: Engine) -> None:
    first = _first_line(engine.answer("Does Llama 4 support video?"))
    assert not first.startswith("No — ")  # "does not support audio" says nothing of video
    assert not first.startswith("Llama 4 — Modalities: Llama 4 does not support audio")  # "llama" orders nothing
    assert not _first_line(engine.answer("does llama 4 support images")).startswith("No — ")  # "No image
    # generation" denies the generation, not the images


def test_a_topic_with_an_attribute_of_its_own_is_a_question_of_its_own() -> None:
    assert len(split_parts("price per token? how many experts does it have")) == 2
    assert len(split_parts("hardware requirements? how much does it cost on groq")) == 2


def test_two_parts_with_one_answer_show_it_once(engine: Engine) -> None:
    shown = render_plain(engine.answer("Release date? when did Scout ship"), with_citations=False)
    assert shown.count("Release date: April 5, 2025") == 1
    # a later part whose sentences an earlier part shows adds nothing: each sentence is shown once
    both = render_plain(engine.answer("what's Yann LeCun's role at Meta, and what does he think of scale-only approaches?"))
    assert both.count("has been consistent in his criticism of scale-only approaches") == 2  # shown once, cited once
    # a sentence only cited under a value an earlier part states is still shown for the part it answers
    speed = engine.answer("what is scout's average output speed, and how does it rank among the systems evaluated?")
    assert "(top 5 among all evaluated systems)" in render_plain(speed, with_citations=False)


def test_review_edges_of_this_round_s_word_rules(engine: Engine) -> None:
    assert "total_parameters" in find_attributes("is scout big enough")  # no noun after "big"
    assert stem("cheaply") == stem("cheap") and stem("successfully") == stem("successful")
    assert stem("supply") == "supply" and stem("multiply") == "multiply"
    assert engine.index.correct("ptch", "ptch") == "pitch"  # no vowel-less reading: the typo correction still runs
    assert engine.index.correct("brrr", "brrr") is None  # too few letters to stand for a word
    assert not engine.read("which big companies is the 27th user clause aimed at").signals.anchored  # no unit


def test_the_family_against_another_model_stands_for_its_own_models(engine: Engine) -> None:
    priced = render_plain(engine.answer("how does llama 4 compare to gpt-4o on price"), with_citations=False)
    assert "Llama 4 Maverick" in priced and "$0.15" in priced  # the family has no price; its models do
    better = engine.answer("is llama 4 better than deepseek v3?")
    assert better.table is not None and {"Llama 4 Scout", "DeepSeek V3"} <= set(better.table.columns)
    assert len(better.table.rows) <= 3  # the rows the family's models share with DeepSeek V3, no spec dump


def test_a_figure_of_the_family_is_shown_with_its_models_own_figures(engine: Engine) -> None:
    lines = render_plain(engine.answer("how many tokens was llama 4 pretrained on"), with_citations=False)
    shown = lines.splitlines()
    assert shown[0].startswith("Llama 4 — Training tokens: more than 30 trillion")
    assert any(line.startswith("Llama 4 Scout — Training tokens: approximately 40 trillion") for line in shown[1:3])
    assert any(line.startswith("Llama 4 Maverick — Training tokens: approximately 22 trillion") for line in shown[1:3])


def test_a_family_fact_of_words_is_the_familys_alone_though_a_model_has_one_too(tmp_path: Path) -> None:
    folder = copy_knowledge(tmp_path / "kb")
    quote = "Meta released them under a commercial license via llama.meta.com and Hugging Face"
    own = {"subject": "Llama 4 Scout", "attribute": "license", "value": "commercial license"}
    fact = {**own, "source": "news-llama4-open-weight-frontier", "quote": quote}
    with (folder / "facts" / "reviewed.jsonl").open("a", encoding="utf-8") as out:
        out.write(json.dumps(fact) + "\n")
    engine = Engine.load(folder, cache=False)
    assert engine.knowledge.facts_of("Llama 4 Scout", "license")  # the model has a license term of its own
    lines = render_plain(engine.answer("llama 4 license terms"), with_citations=False).splitlines()
    assert lines[0].startswith("Llama 4 — License terms:")
    assert not any(line.startswith("Llama 4 Scout") for line in lines)


def test_a_figure_the_family_lacks_is_looked_up_for_its_own_models(engine: Engine) -> None:
    both = engine.answer("how does llama 4 do on livecodebench")
    assert both.kind is AnswerKind.FACT
    assert "Llama 4 Scout — LiveCodeBench: 32.8" in both.text and "Llama 4 Maverick — LiveCodeBench: 43.4" in both.text
    one = engine.answer("what's llama 4's humaneval score")  # only Maverick's is stated
    assert one.kind is AnswerKind.FACT and one.text.startswith("Llama 4 Maverick — HumanEval: 86.3%")
    when = engine.answer("when is meta shipping a llama 4 reasoning model")  # more is asked than a figure
    assert when.kind is not AnswerKind.FACT


def test_a_sentence_that_states_a_value_to_deny_it_is_shown_apart_not_cited_as_support(engine: Engine) -> None:
    answer = engine.answer("maverick lmarena elo?")
    lines = render_plain(answer, with_citations=False).splitlines()
    assert lines[0] == "Llama 4 Maverick — LMArena ELO: 1417 [1][2]."  # the two sentences that report it
    # the denial is short: the sentence before it in its paragraph says why, and is quoted with it, verbatim
    assert lines[1].startswith("But ChatForest says: “The explanation emerged within 48 hours: Meta had submitted")
    assert lines[1].endswith("The model that earned 1417 ELO was not the model users were running.” [3]")
    _verbatim(answer, engine.knowledge)
    table = engine.answer("maverick vs gpt-4o on lmarena")  # in a table, the cell cites the reports only
    assert table.table is not None and table.table.rows[0].cells[0].citations == (1, 2)
    assert "“experimental chat version” of Maverick to LMArena" in table.text
    assert "was not the model users were running" in table.text
    _verbatim(table, engine.knowledge)
    assert "“experimental chat version”" in engine.sheets.compare(["maverick", "gpt-4o"], ["lmarena_elo"]).text
    # an answer that leads with that sentence already quotes it once, and keeps it first
    sent = render_plain(engine.answer("which version of maverick did meta send to lmarena"), with_citations=False)
    assert sent.startswith("The explanation emerged") and sent.count("The explanation emerged") == 1
    # a negation about something else than the value is no denial of it ("did not frame it as a safe step")
    assert "But " not in render_plain(engine.answer("llama 4 launch date?"), with_citations=False)


def test_a_denial_that_opens_its_paragraph_is_quoted_alone(tmp_path: Path) -> None:
    folder = copy_knowledge(tmp_path / "kb")
    article = folder / "articles" / "chatforest-llama4-review.txt"
    denial = "The model that earned 1417 ELO was not the model users were running."
    article.write_text(article.read_text(encoding="utf-8").replace(f" {denial}", f"\n\n{denial}"), encoding="utf-8")
    engine = Engine.load(folder, cache=False)
    lines = render_plain(engine.answer("maverick lmarena elo?"), with_citations=False).splitlines()
    assert lines[1] == f"But ChatForest says: “{denial}” [3]"  # no sentence before it in its paragraph to say why


def test_a_product_in_capitals_with_its_version_is_a_name() -> None:
    assert has_value(
        "Early benchmarks suggest Behemoth matches or exceeds GPT-5 on tasks.", Expect.NAME, (), {"behemoth"}
    )
    assert not has_value("it scored 80.5% on the test.", Expect.NAME)
    # a name of several words counts only when one of them is no model's word: a model is no "who"
    models = {"claude", "sonnet", "gpt", "4o", "maverick"}
    assert not has_value("Maverick lagged Claude Sonnet on multi-file tasks.", Expect.NAME, (), models, models)
    assert has_value("Maverick lagged Claude Sonnet on multi-file tasks.", Expect.NAME, (), models)  # "which"
    assert has_value("The review was written by Grove Parker.", Expect.NAME, (), models, models)
    assert has_value("Led by Priya Raman.", Expect.NAME, (), {"priya", "raman"}, models)  # the name asked about


def test_each_sources_list_of_who_a_model_beat_is_shown(engine: Engine) -> None:
    answer = engine.answer("what did meta say behemoth outperforms?")
    shown = render_plain(answer, with_citations=False)
    assert "GPT-4.5" in shown and "GPT-5" in shown  # one source says GPT-4.5 and others, another GPT-5


def test_a_sentence_answering_more_of_the_question_than_the_fact_leads_it(
    engine: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    question = "what would scout cost to run as a 109b dense model"
    assert "six times more to run" in _first_line(engine.answer(question))  # the hypothetical, then the prices
    assert "$0.11" in render_plain(engine.answer(question), with_citations=False)
    monkeypatch.setattr("bot.answering.engine.EVIDENCE_LEADS", float("inf"))  # the rule off: the stored value leads
    assert "$0.11" in _first_line(engine.answer(question))
    assert "$0.11" in _first_line(engine.answer("how much does scout cost on groq"))  # a plain lookup: the value


def test_the_start_of_a_label_word_names_it_within_a_generic_group() -> None:
    assert find_attributes("chart understanding score for maverick?") == ["chartqa"]


def test_gpu_time_in_any_wording_is_the_training_compute() -> None:
    for question in ("how much gpu time went into scout", "maverick h100 hrs", "h100 time to train maverick"):
        assert parse_question(question).attributes == ("gpu_hours",), question


def test_stands_for_asks_what_a_name_means_and_is_no_word_to_search_for(engine: Engine) -> None:
    assert shape("what's FAIR short for").form is Form.EXPLAIN
    answer = engine.answer("so irope stands for what exactly")
    assert "interleaved Rotary Position Encoding" in _first_line(answer)


def test_the_date_a_model_dropped_is_its_release_date(engine: Engine) -> None:
    assert "April 5, 2025" in _first_line(engine.answer("which date did the llama 4 models drop on"))
    assert "April 5, 2025" not in _first_line(engine.answer("what happened right after llama 4 dropped"))


def test_a_list_item_quoted_alone_says_whose_value_it_is(engine: Engine) -> None:
    answer = engine.answer("which one fits on one h100")
    lines = answer.text.splitlines()
    assert lines[0].startswith("Llama 4 Scout — Deployment: fits on a single NVIDIA H100 GPU with INT4")
    assert any(line.startswith("Llama 4 Maverick — Deployment: fits on a single H100 DGX host") for line in lines)
    rows = engine.answer("is maverick above 90 on ChartQA or just below?").text  # a one-value table row too,
    assert "Llama 4 Maverick — | ChartQA | 90.0 |" in rows  # but not a row of three models' values
    assert "— | MATH | 61.2 | ~76 | ~90 |" not in rows
    strengths = engine.answer("list of llama 4 strengths").text  # a list whose lead-in names no model: no label
    assert "Behemoth — 2. we can distill" not in strengths
    # the label is the answer's, the quote stays the article's own words
    assert "Deployment: fits on a single NVIDIA H100 GPU with INT4 quantization" in {c.quote for c in answer.citations}
    _verbatim(answer, engine.knowledge)


def test_a_released_models_date_answers_no_other_when(engine: Engine) -> None:
    assert engine.answer("when does llama 4 support end?").abstained
    assert engine.answer("when did scout's weights leak?").abstained


def test_a_date_no_sentence_gives_is_answered_by_the_stored_value_not_refused(engine: Engine) -> None:
    # "download" is more than the release date asks; no sentence dates it, so Behemoth's status answers
    answer = engine.answer("when can I download Behemoth?")
    assert not answer.abstained and "still training" in _first_line(answer)
    providers = engine.answer("what providers were people on when maverick didn't match its score")
    assert "MMLU" not in providers.text  # names are asked, not the scores a weak "score" hints at


def test_where_to_get_something_prefers_a_place_by_name_and_never_refuses_for_want_of_one(engine: Engine) -> None:
    assert shape("where can i download scout").expect is Expect.PLACE
    assert shape("where does maverick trail closed models").expect is Expect.ANY
    assert "Hugging Face" in _first_line(engine.answer("where do people download the llama 4 weights"))
    assert not engine.answer("where can i get the llama 4 weights").abstained  # a place is preferred, not required
    assert "get" not in {engine.index.terms_by_id[t] for t in engine.read("where can i get scout").ask.terms}


def test_a_quantity_written_in_words_is_a_number() -> None:
    assert has_value("give the tooling a few weeks before judging the model", Expect.NUMBER)
    assert has_value("The headline package is two release-ready models", Expect.NUMBER)
    assert not has_value("it is a good thing to wait", Expect.NUMBER)


def test_how_long_to_wait_is_answered_by_a_duration_in_words(engine: Engine) -> None:
    assert "few weeks" in _first_line(engine.answer("how long before i should judge a new llama 4 quant"))


def test_how_exactly_did_still_asks_for_an_explanation() -> None:
    assert shape("how exactly did behemoth help train scout").form is Form.EXPLAIN


def test_a_provider_the_sources_never_price_a_model_on_is_a_refusal_that_shows_what_they_state(
    engine: Engine,
) -> None:
    answer = engine.answer("how much is scout on deepinfra")
    assert answer.abstained  # the price asked for is not stated
    assert _first_line(answer).startswith("My sources give no DeepInfra figure for Llama 4 Scout")
    assert "$0.11" in render_plain(answer, with_citations=False)  # ... and what is, cited
    _verbatim(answer, engine.knowledge)
    # a provider named by two words is named by both: "AI inference costs" is no sentence on Together AI
    answer = engine.answer("how much does together ai charge for scout per token")
    assert _first_line(answer).startswith("My sources give no Together AI figure for Llama 4 Scout")


def test_a_peer_models_value_is_stated_only_by_a_number_said_of_it(engine: Engine) -> None:
    answer = engine.answer("what is the context window of gpt-4o")  # a sentence names GPT-4o beside Scout's 10M
    assert answer.abstained
    assert _first_line(answer).startswith("My sources don't state GPT-4o's context window.")
    assert "87.2" in _first_line(engine.answer("what did gpt-4o score on mmlu"))  # its own numbers still count


def test_a_word_that_grades_the_value_does_not_make_it_another_attribute(engine: Engine) -> None:
    assert "$0.11" in _first_line(engine.answer("scout precise price"))
    assert engine.answer("what's the tokenizer vocab size for scout").abstained


def test_words_of_a_models_name_or_too_short_to_name_a_benchmark_do_not_narrow_scores() -> None:
    assert len(find_attributes("maverick vs gemini 2.5 pro scores")) > 10  # "pro" is Gemini's, not MMLU Pro's
    assert len(find_attributes("live numbers score")) > 10  # "live" is too short to be LiveCodeBench


@pytest.mark.parametrize(
    ("question", "form"),
    [
        ("how does the router rank experts", Form.EXPLAIN),
        ("how are the benchmark scores calculated", Form.EXPLAIN),
        ("how does gemini 2.5 pro score on mmlu-pro", Form.LOOKUP),
        ("does maverick fall short for coding", Form.YES_NO),
    ],
)
def test_score_and_short_for_change_the_form_only_where_they_ask_a_value_or_a_meaning(
    question: str, form: Form
) -> None:
    assert shape(question).form is form


def test_function_words_after_a_count_word_are_no_quantity() -> None:
    assert not any(counts_in_words(t) for t in ("two of its layers", "the two was", "several has"))


def test_a_lead_opening_its_passage_is_shown_after_the_end_of_the_one_before(engine: Engine) -> None:
    answer = engine.answer("why would early fusion be the same philosophy as gpt-4o")
    shown = render_plain(answer, with_citations=False)
    assert shown.index("there is no separate vision tower") < shown.index("This “early fusion” approach is the same")
    _verbatim(answer, engine.knowledge)


def test_at_launch_is_a_time_not_a_question_about_the_release_date() -> None:
    assert parse_question("what was scout's context window at launch").attributes == ("context_window",)
    assert parse_question("when did llama 4 launch").attributes == ("release_date",)
    assert parse_question("llama 4 launch date").attributes == ("release_date",)


def test_a_yes_no_question_leads_with_a_sentence_that_takes_a_stance_when_it_answers_as_well(engine: Engine) -> None:
    answer = engine.answer("is llama 4 truly open source?")
    assert _first_line(answer).startswith("No — The Llama 4 Community License Agreement is not an open-source license")
    _verbatim(answer, engine.knowledge)


def test_chat_words_are_not_what_a_question_asks_beyond_its_attribute() -> None:
    assert parse_question("whats scout's context window").residual == ()
    assert parse_question("behemoth released yet??").residual == ()
    assert parse_question("whats the cheapest place to run maverick").residual == ("place",)


def test_a_sentence_leads_a_price_only_when_it_states_a_sum_of_money(engine: Engine) -> None:
    assert {"price_input", "price_output"} <= set(find_attributes("cheapest provider for scout"))
    answer = engine.answer("whats the cheapest place to run maverick")  # "place": "placing", "placed"
    assert answer.text.startswith("Llama 4 Maverick — Price per 1M tokens")
    assert "HumanEval" not in answer.text and "1417" not in answer.text


def _price_lines(answer: Answer) -> list[str]:
    """The price lines of an answer, without their citation marks."""
    return [line.rsplit(" [", 1)[0] for line in answer.text.splitlines() if "Price per 1M tokens" in line]


def test_a_superlative_orders_the_providers_by_their_figure(engine: Engine) -> None:
    stated = _price_lines(engine.answer("scout price"))
    cheapest = _price_lines(engine.answer("cheapest provider for scout"))
    assert sorted(stated) == sorted(cheapest) and len(cheapest) == 2
    assert "(OpenRouter): $0.08 input" in cheapest[0]  # $0.08 before Groq's $0.11, whatever order is stated
    dearest = _price_lines(engine.answer("most expensive way to run maverick"))
    assert [line.split(" (")[1].split(")")[0] for line in dearest] == ["Amazon Bedrock", "DeepInfra", "OpenRouter"]


def test_a_speed_on_a_provider_is_never_read_off_its_price_row(engine: Engine) -> None:
    for question in ("how fast is scout on groq", "maverick tokens per second on deepinfra"):
        answer = engine.answer(question)  # the articles give prices per provider, speeds for no provider
        assert answer.abstained and "Output speed:" in answer.text and "$" not in answer.text
    context = engine.answer("what context length does groq serve scout with")
    assert "| Groq | Scout (128K) |" in context.text  # "128K": a figure in a unit the context window's values use


def test_a_comparison_on_one_row_says_so_in_the_singular(engine: Engine) -> None:
    fastest = engine.answer("which is fastest, scout or maverick")
    assert fastest.kind is AnswerKind.COMPARISON and "Llama 4 Scout is fastest" in fastest.text
    assert "1 row, every value cited." in fastest.text


@pytest.mark.parametrize(
    ("question", "verdict"),
    [
        ("which llama 4 model has the longest context", "Llama 4 Scout is longest by the sources' figures for Context"),
        ("what llama 4 model is fastest", "Llama 4 Scout is fastest by the sources' figures for Output speed"),
        ("which of the llama 4 models has the most experts", "Llama 4 Maverick has the most experts by the sources'"),
        ("which llama 4 model is the biggest", "Llama 4 Behemoth is biggest by the sources' figures for Total"),
    ],
)
def test_which_of_the_familys_models_compares_them_and_names_the_winner(
    engine: Engine, question: str, verdict: str
) -> None:
    answer = engine.answer(question)
    assert answer.kind is AnswerKind.COMPARISON and answer.table is not None
    assert {"Llama 4 Scout", "Llama 4 Maverick"} <= set(answer.table.columns)
    assert _first_line(answer).startswith(verdict)


def test_a_verdict_weighs_the_models_with_a_figure_and_names_the_one_without(engine: Engine) -> None:
    line = _first_line(engine.answer("which llama 4 model has the longest context"))
    assert line.endswith("(Llama 4 Maverick) (no figure for Llama 4 Behemoth).")


def test_a_superlative_beside_an_attribute_stays_a_word_of_the_question() -> None:
    query = parse_question("was scout's context window the biggest of any model at launch")
    assert query.attributes == ("context_window",) and query.residual == ("biggest",)


@pytest.mark.parametrize(
    "question",
    ["is scout any good", "thoughts on maverick", "is maverick overrated", "yo is scout actually good or nah"],
)
def test_asking_what_the_sources_think_of_a_model_gets_their_closing_verdict(engine: Engine, question: str) -> None:
    answer = engine.answer(question)
    assert answer.kind is AnswerKind.SNIPPETS
    assert _first_line(answer).startswith("Llama 4 Scout and Maverick are genuine achievements in open-weight AI.")
    closing = []  # the text of each article's last section
    for span in engine.knowledge.article_passages().values():
        last = engine.knowledge.passages[span[-1]].heading
        closing += [engine.knowledge.passages[i].text for i in span if engine.knowledge.passages[i].heading == last]
    assert answer.citations and all(any(c.quote in text for text in closing) for c in answer.citations)


@pytest.mark.parametrize(
    "question",
    ["tl;dr of llama 4", "summarize llama 4 for me", "bottom line on maverick?", "what do the reviews say about scout"],
)
def test_asking_for_the_gist_gets_where_the_sources_sum_up(engine: Engine, question: str) -> None:
    answer = engine.answer(question)
    assert answer.kind is AnswerKind.SNIPPETS and answer.table is None  # no spec sheet
    closing = []
    for span in engine.knowledge.article_passages().values():
        last = engine.knowledge.passages[span[-1]].heading
        closing += [engine.knowledge.passages[i].text for i in span if engine.knowledge.passages[i].heading == last]
    assert answer.citations and all(any(c.quote in text for text in closing) for c in answer.citations)
    assert "Review by ChatForest" not in answer.text  # "reviews" is no word to search for: no byline


def test_a_model_no_closing_section_names_is_answered_about_itself_not_with_the_familys_verdict(
    engine: Engine,
) -> None:
    answer = engine.answer("thoughts on behemoth")
    assert "Behemoth" in _first_line(answer) and "genuine achievements" not in answer.text


def test_how_to_get_the_models_asks_where_they_are(engine: Engine) -> None:
    assert shape("how do i download llama 4").expect is Expect.PLACE
    assert shape("how can we get the maverick weights").expect is Expect.PLACE
    assert shape("how does maverick get its speed").expect is not Expect.PLACE
    assert "available for download from Hugging Face" in _first_line(engine.answer("how do i download llama 4"))


def test_is_there_a_family_model_of_a_kind_is_no_lookup_of_its_models_figures(engine: Engine) -> None:
    answer = engine.answer("is there a llama 4 reasoning model")  # "reasoning" names benchmarks, but asks a kind
    assert answer.kind is not AnswerKind.FACT and "GPQA Diamond:" not in answer.text


@pytest.mark.parametrize(
    ("question", "said"),
    [
        ("how long did it take to train llama 4", "My sources don't state that about Llama 4."),
        (
            "how many attention heads does maverick have",
            "My sources don't state Llama 4 Maverick's attention heads.",
        ),
        ("what's the tokenizer vocab size of scout", "My sources don't state Llama 4 Scout's tokenizer vocab size."),
        # what someone else did is no thing of the model's: not "Llama 4's money"
        ("how much money did meta spend training llama 4", "My sources don't state that about Llama 4."),
        ("how many attention heads does it have, maverick", "My sources don't state Llama 4 Maverick's attention heads."),
        ("how many attention heads would you say maverick has", "My sources don't state Llama 4 Maverick's attention"),
        ("what carbon footprint does the training of maverick have", "My sources don't state Llama 4 Maverick's carbon"),
    ],
)
def test_a_refusal_names_what_was_asked_in_the_users_words_only_when_they_name_a_thing(
    engine: Engine, question: str, said: str
) -> None:
    answer = engine.answer(question)
    assert answer.abstained and answer.text.startswith(said)


def test_the_languages_a_model_speaks_are_its_languages(engine: Engine) -> None:
    assert find_attributes("what languages can scout speak") == ["languages"]
    answer = engine.answer("what languages can scout speak")  # not "... teams I've spoken with"
    assert _first_line(answer).startswith("Llama 4 (the whole family, Llama 4 Scout included) — Languages:")


@pytest.mark.parametrize("question", ["what is the mau limit", "is there a user cap in the llama 4 license"])
def test_a_limit_or_cap_finds_the_articles_threshold_and_restriction(engine: Engine, question: str) -> None:
    answer = engine.answer(question)  # the articles never say "limit" or "cap"
    assert not answer.abstained and "700M MAU threshold" in answer.text


def test_a_gaming_pc_or_a_homelab_is_consumer_hardware_not_benchmark_gaming(engine: Engine) -> None:
    answer = engine.answer("can maverick run on a gaming pc")
    assert _first_line(answer).startswith("No — ") and "Maverick cannot run on consumer hardware" in _first_line(answer)


def test_a_comparison_without_a_direction_says_where_each_model_comes_out_ahead(engine: Engine) -> None:
    lead = _first_line(engine.answer("is scout better than maverick"))
    ahead = lead.partition(". Total parameters")[0]
    scout, maverick = ahead.removeprefix("By the sources' figures, ").split("; ")
    assert scout.startswith(
        "Llama 4 Scout has a longer context window (10 vs 1 million tokens), a smaller memory footprint at INT4 "
        "(~55 GB or ~60GB vs 200GB+), faster output speed (143 vs 109 tokens/second)"
    )
    assert "a lower input price on OpenRouter ($0.08 vs $0.15)" in scout  # a lower price is better
    assert maverick.startswith("Llama 4 Maverick has higher scores on MMLU Pro (80.5% vs 74.3), GPQA Diamond")
    assert "MMLU (" not in lead  # MMLU: the sources disagree
    # a size is neither better nor worse: said as it is, after who is ahead
    assert lead.endswith(
        "Total parameters: 109 billion (Llama 4 Scout) vs ~400 billion (Llama 4 Maverick); Experts: 16 routed experts "
        "(Llama 4 Scout) vs 128 routed experts + 1 shared expert (Llama 4 Maverick)."
    )
    coding = engine.answer("scout or maverick for coding")
    assert _first_line(coding) == (
        "By the sources' figures, Llama 4 Maverick has higher scores on LiveCodeBench (43.4 vs 32.8 pass@1)."
    )
    cheaper = engine.answer("which is cheaper, scout or maverick")  # a direction asked: that row's verdict
    assert _first_line(cheaper).startswith("Llama 4 Scout is cheaper by the sources' figures")
    # "more better": "better" is asked, which no single row settles
    assert "is more by" not in render_plain(engine.answer("maverick is more better than gpt4o or not?"))


def test_a_comparative_is_settled_by_the_rows_it_speaks_of() -> None:
    def row(label: str, *cells: str) -> TableRow:
        return TableRow(label=label, cells=tuple(TableCell(value=c, citations=(1,)) for c in cells))

    context = row("Context window", "10 million tokens", "1 million tokens")
    price = row("Input price ($/1M tokens) (OpenRouter)", "$0.08", "$0.15")
    table = Table(columns=("Scout", "Maverick"), rows=(context, price))
    cheaper = comparative_verdict(["which", "is", "cheaper"], table)  # not "Maverick, for its smaller context"
    assert cheaper is not None and cheaper.startswith("Scout is cheaper by the sources' figures for Input price")
    longer = comparative_verdict(["which", "has", "the", "bigger", "context", "window"], table.model_copy(
        update={"rows": (context,)}
    ))  # no row of the sizes "bigger" means alone: the row the table holds
    assert longer is not None and longer.startswith("Scout is bigger by the sources' figures for Context window")
    assert comparative_verdict(["which", "is", "cheaper"], table.model_copy(update={"rows": (context,)})) is None
    # the words after the comparative name its row, before the rows it names itself ("bigger": the sizes)
    size = row("Total parameters", "109 billion", "~400 billion")
    both = Table(columns=("Scout", "Maverick"), rows=(size, context))
    for asked in (["which", "has", "the", "bigger", "context", "window"], ["the", "longer", "context", "window"]):
        found = comparative_verdict(asked, both)
        assert found is not None and found.startswith("Scout is") and "for Context window" in found
    bigger = comparative_verdict(["which", "is", "bigger"], both)
    assert bigger is not None and bigger.startswith("Maverick is bigger by the sources' figures for Total parameters")


def test_every_figure_of_a_winner_must_beat_every_figure_of_the_others() -> None:
    def table(*cells: str) -> Table:
        row = TableRow(label="Memory footprint (INT4)", cells=tuple(TableCell(value=c, citations=(1,)) for c in cells))
        return Table(columns=("A", "B"), rows=(row,))

    assert tradeoffs(table("⚠ approximately 55 GB vs roughly 60GB", "200GB+")) == (
        "By the sources' figures, A has a smaller memory footprint at INT4 (~55 GB or ~60GB vs 200GB+)."
    )
    assert tradeoffs(table("200GB+", "⚠ approximately 55 GB vs roughly 60GB")) == (
        "By the sources' figures, B has a smaller memory footprint at INT4 (~55 GB or ~60GB vs 200GB+)."
    )  # the winner's figure first
    assert tradeoffs(table("⚠ 55 GB vs 250 GB", "200GB+")) is None  # the sources' figures overlap
    three = Table(
        columns=("A", "B", "C"),
        rows=(TableRow(label="MMLU", cells=tuple(TableCell(value=v, citations=(1,)) for v in ("70", "91.0", "80"))),),
    )
    assert tradeoffs(three) == "By the sources' figures, B has higher scores on MMLU (91.0 vs 70 for A and 80 for C)."
    assert tradeoffs(table("55 GB", "—")) is None  # one model without a figure


def test_a_model_without_a_figure_leaves_a_row_to_the_models_with_one(engine: Engine) -> None:
    def row(*cells: str) -> Table:
        found = TableRow(label="Context window", cells=tuple(TableCell(value=c, citations=(1,)) for c in cells))
        return Table(columns=("A", "B", "C"), rows=(found,))

    expected = "By the sources' figures, A has a longer context window (10 million tokens vs 1 million tokens for B)."
    assert tradeoffs(row("10 million tokens", "1 million tokens", "TBD")) == expected  # C's is still to come
    assert tradeoffs(row("10 million tokens", "TBD", "TBD")) is None  # one figure weighs nothing
    # a model no source gives a value for may be ahead: no verdict between the others ("Llama 4 vs Claude 3.7
    # Sonnet for coding" is not Maverick against Scout)
    assert tradeoffs(row("10 million tokens", "1 million tokens", "—")) is None
    # the family asked which of its models has the most of one thing gets the one that does, Behemoth's TBD aside
    answer = engine.answer("we want to feed our entire repo into a single prompt, which llama 4 model should we use")
    assert _first_line(answer).startswith("By the sources' figures, Llama 4 Scout has a longer context window")


def test_a_choice_shows_the_rows_a_user_is_better_or_worse_off_on_before_sizes(engine: Engine) -> None:
    answer = engine.answer("should i use scout or maverick for a chatbot?")
    assert answer.table is not None
    labels = [row.label for row in answer.table.rows]
    assert {"Context window", "Output speed", "MMLU Pro", "GPQA Diamond"} <= set(labels)
    assert "Total parameters" not in labels  # a size is neither better nor worse
    lead = _first_line(answer)
    assert "Llama 4 Scout has a longer context window" in lead and "Llama 4 Maverick has higher scores on MMLU Pro" in lead


def test_license_questions_in_the_users_words_find_the_license_terms(engine: Engine) -> None:
    credit = engine.answer("do i need to credit meta")  # the articles say "attribution"
    assert _first_line(credit).startswith("The Llama 4 Community License requires “Built with Llama” attribution")
    renamed = engine.answer("can i rename my finetune")  # "derivatives" and their "name"
    assert _first_line(renamed).startswith("Derivatives must include “Llama” in the name")


def test_the_plural_of_a_name_with_digits_is_the_name(engine: Engine) -> None:
    assert [stem(w) for w in ("h100s", "4090s", "a100s")] == ["h100", "4090", "a100"]
    answer = engine.answer("how many h100s for maverick")
    assert "a single DGX H100 host (8 × H100 GPUs) is the minimum" in _first_line(answer)


@pytest.mark.parametrize(
    ("question", "other"),
    [("what does a ford maverick cost", "ford maverick"), ("a boy scout troop near me", "boy scout")],
)
def test_a_word_the_articles_never_use_before_a_models_name_names_another_thing(
    engine: Engine, question: str, other: str
) -> None:
    answer = engine.answer(question)
    assert answer.abstained and answer.text.startswith(f"My sources don't cover {other}.")


def test_a_verb_or_a_known_word_before_a_models_name_leaves_it_the_model(engine: Engine) -> None:
    assert not engine.answer("how did people regard behemoth's claimed capabilities").abstained
    assert not engine.answer("cheapest scout api price").abstained
    assert engine.read("what does groq maverick cost").query.subjects == ("Llama 4 Maverick",)


@pytest.mark.parametrize(
    "question", ["did behemoth actually beat gpt-4.5?", "which models does meta claim behemoth beats"]
)
def test_a_claim_is_shown_with_what_weighs_it(engine: Engine, question: str) -> None:
    answer = engine.answer(question)
    shown = render_plain(answer, with_citations=False)
    assert "What Meta claimed at launch" in shown
    assert shown.count("What Meta did not release: the actual scores.") == 1
    _verbatim(answer, engine.knowledge)


@pytest.mark.parametrize(
    ("question", "verdict"),
    [
        ("is it true maverick scored 1500 on lmarena?", "No — Llama 4 Maverick — LMArena ELO: 1417"),
        ("is it true that Scout only has a 1M token context window?", "No — Llama 4 Scout — Context window"),
        ("is that really true, scout has 16 experts?", "Yes — Llama 4 Scout — Experts: 16"),
        # a mistyped magnitude is still that magnitude: "10 milion" is no "10" to deny
        ("is it true scout has a 10 milion token context window", "Yes — Llama 4 Scout — Context window"),
        ("does scout have a 1 milion token context", "No — Llama 4 Scout — Context window"),
        ("true or false: maverick has 128 experts", "Yes — Llama 4 Maverick — Experts: 128"),  # no choice of two
        ("does behemoth have 2 trillion parameters", "Yes — Llama 4 Behemoth — Total parameters"),  # a size asked
    ],
)
def test_is_it_true_asks_a_yes_or_no_and_true_is_no_word_to_search_for(
    engine: Engine, question: str, verdict: str
) -> None:
    assert _first_line(engine.answer(question)).startswith(verdict)


def test_true_said_of_something_is_still_a_word_to_search_for(engine: Engine) -> None:
    assert asks_if_true(["is", "it", "true", "that"], 2) and asks_if_true(["true", "or", "false"], 0)
    assert not asks_if_true(["technically", "true"], 1)
    answer = engine.answer("was the lmarena denial technically true")
    assert "technically true" in _first_line(answer)


def test_a_paragraphs_context_stops_before_a_list_about_another_model(engine: Engine) -> None:
    shown = render_plain(engine.answer("can maverick run on a gaming pc"), with_citations=False)
    assert "it is why Maverick cannot run on consumer hardware" in shown
    assert "Behemoth — the teacher model" not in shown and "~2 trillion" not in shown
    # a list that names no other model still follows the paragraph that leads to it
    shown = render_plain(engine.answer("is llama 4 going to kill the closed ai labs"), with_citations=False)
    assert "still matter because they change:" in shown and "cost structure" in shown


def test_accusations_find_the_denial(engine: Engine) -> None:
    answer = engine.answer("how did meta answer the accusations about its benchmark scores")
    assert "a Meta executive denied the company had “artificially boosted”" in _first_line(answer)


def test_how_meta_responded_finds_the_denial(engine: Engine) -> None:
    answer = engine.answer("how did meta respond to the benchmark criticism")
    assert "a Meta executive denied the company had “artificially boosted”" in _first_line(answer)
    turn = engine.answer("tell me about the lmarena controversy").turn
    assert "April 7, 2025" in _first_line(engine.answer("when did meta respond to it?", turn))


@pytest.mark.parametrize(
    "question", ["how did people react to the llama 4 launch", "what was the reception of llama 4"]
)
def test_how_a_launch_was_received_finds_the_controversy_it_caused(engine: Engine, question: str) -> None:
    answer = engine.answer(question)
    assert not answer.abstained
    assert "controversy" in _first_line(answer)


def test_react_the_library_is_no_reaction(engine: Engine) -> None:
    assert engine.answer("can maverick write react components?").abstained


def test_a_first_part_of_only_chat_is_no_question_of_its_own(engine: Engine) -> None:
    assert split_parts("yo quick q, how long a prompt can maverick take") == [
        "yo quick q, how long a prompt can maverick take"
    ]
    answer = engine.answer("ok so, how many tokens can maverick take in one prompt")
    assert _first_line(answer).startswith("Llama 4 Maverick — Context window: 1 million tokens")


def test_an_attribute_a_negation_sets_aside_is_not_asked() -> None:
    assert find_attributes("how big is maverick overall, i mean total not the active part") == ["total_parameters"]
    assert find_attributes("scout total size, excluding the active params") == ["total_parameters"]
    assert find_attributes("maverick params overall, not the active number") == ["total_parameters"]
    # a negation over every attribute named leaves the topic: "audio, not just images" is about modalities
    assert find_attributes("does scout support audio, not just images") == ["modalities"]


@pytest.mark.parametrize("question", ["what are maverick's weaknesses", "any downsides to scout"])
def test_weaknesses_and_downsides_find_the_limitations(engine: Engine, question: str) -> None:
    answer = engine.answer(question)  # the articles say "limitations", "trails", "lags"
    assert not answer.abstained and _first_line(answer).startswith("The limitations are real:")


def test_a_model_called_by_its_size_is_that_model(engine: Engine) -> None:
    answer = engine.answer("what did the 400b llama get on mmlu pro")
    assert "Maverick" in _first_line(answer) and "80.5" in _first_line(answer)
    assert engine.read("the 2t one or the 109B one, which has more experts?").query.subjects == (
        "Llama 4 Behemoth",
        "Llama 4 Scout",
    )
    assert engine.read("would a 70b model be enough for me").query.subjects == ()  # no Llama 4 model is 70B
    assert engine.read("which model was trained on 2T tokens").query.subjects == ()  # 2T counts tokens, not params
    assert engine.read("is deepseek v3 bigger than the 400b model").query.subjects == (
        "DeepSeek V3",
        "Llama 4 Maverick",
    )


def test_a_size_stated_wins_over_the_model_of_the_question_before(engine: Engine) -> None:
    first = engine.answer("what is maverick's mmlu pro")
    assert "Scout" in _first_line(engine.answer("how many experts does the 109B one have", first.turn))
    first = engine.answer("what is scout's context window")
    after = _first_line(engine.answer("and the 400b one?", first.turn))
    assert after.startswith("Llama 4 Maverick — Context window")


def test_the_sizes_models_are_called_by_come_from_the_facts(knowledge: Knowledge) -> None:
    resized = tuple(
        f.model_copy(update={"value": "500B"}) if f.attribute == "total_parameters" and "Maverick" in f.subject else f
        for f in knowledge.facts
    )
    grown = Engine(replace(knowledge, facts=resized), Index.build(knowledge))
    assert grown.read("how many experts does the 500b one have").query.subjects == ("Llama 4 Maverick",)
    assert grown.read("how many experts does the 400b one have").query.subjects == ()


def test_a_model_called_by_its_rank_in_size_is_that_model(engine: Engine) -> None:
    answer = engine.answer("how many experts does the bigger released llama 4 route between?")
    assert _first_line(answer).startswith("Llama 4 Maverick — Experts: 128")  # not its release date, not Behemoth
    assert _first_line(engine.answer("how many experts in the biggest llama 4")).startswith("Llama 4 Behemoth")
    reading = engine.read("context window of the small llama 4")  # the words that call it ask nothing else
    assert reading.query.subjects == ("Llama 4 Scout",) and reading.query.residual == ()
    assert engine.read("is the big llama 4 open weights").query.attributes == ()  # "big" calls it, asks no size
    assert engine.read("which llama 4 is bigger").query.subjects == ("Llama 4",)  # no size word before the name
    assert engine.read("how big is the medium llama 4 model?").query.subjects == ("Llama 4 Maverick",)
    assert engine.read("the middle released llama 4's context").query.subjects == ("Llama 4",)  # of two: none
    compared = engine.answer("expert counts: the small llama 4 vs the big released one?")  # "one": the family's
    assert compared.table is not None and "Llama 4 Scout vs Llama 4 Maverick: 1 row" in compared.text
    assert compared.text == engine.answer("expert counts: scout vs maverick?").text  # as if named
    assert engine.read("is the bigger one better at coding than scout").query.subjects == ("Llama 4 Scout",)


def test_the_ranks_in_size_come_from_the_facts(knowledge: Knowledge) -> None:
    resized = tuple(
        f.model_copy(update={"value": "5T", "number": 5e12})
        if f.attribute == "total_parameters" and "Scout" in f.subject
        else f
        for f in knowledge.facts
    )
    grown = Engine(replace(knowledge, facts=resized), Index.build(knowledge))
    assert grown.read("the biggest llama 4's context window").query.subjects == ("Llama 4 Scout",)
    assert grown.read("the smallest llama 4's context window").query.subjects == ("Llama 4 Maverick",)


def test_a_participle_before_a_models_name_asks_nothing() -> None:
    assert find_attributes("how many experts does the released llama 4 use") == ["experts"]
    assert find_attributes("when was llama 4 released") == ["release_date"]


def test_a_premise_stated_first_is_not_what_is_asked(engine: Engine) -> None:
    answer = engine.answer("ok so scout is 17b active, but how big is it in total?")
    assert _first_line(answer) == "Llama 4 Scout — Total parameters: 109 billion [1][2][3][4]."
    assert engine.read("i know maverick is 400b, but what is its context window?").query.attributes == (
        "context_window",
    )
    assert engine.read("is scout 17b active, but how big is it").query.attributes == ("active_parameters",)


def test_total_beside_another_size_word_is_the_total() -> None:
    assert find_attributes("maverick vs gpt-4o: active params and total") == ["active_parameters", "total_parameters"]
    assert find_attributes("scout total or active size?") == ["total_parameters", "active_parameters"]
    assert find_attributes("total cost of running scout") == ["price_input", "price_output"]  # no size there


def test_a_generic_size_word_narrowed_by_a_word_of_one_label() -> None:
    assert find_attributes("how big are scout's weights in total?") == ["total_parameters"]
    assert find_attributes("how big is scout") == ["total_parameters", "active_parameters"]
    assert find_attributes("will maverick fit on a mac studio") == ["single_h100", "deployment"]  # "on": no label


@pytest.mark.parametrize(
    "question",
    [
        "we work in healthcare and can't send patient data to third parties, is llama 4 an option?",
        "i have two 3090s, can scout run on that?",
        "our team is on groq already, how fast is maverick there?",
    ],
)
def test_a_first_part_about_the_asker_is_the_questions_context(question: str) -> None:
    assert split_parts(question) == [question]


@pytest.mark.parametrize(
    "question", ["per the article, how big is scout", "according to chatforest, how fast is maverick"]
)
def test_a_first_part_naming_whose_account_is_asked_is_the_questions_context(engine: Engine, question: str) -> None:
    assert split_parts(question) == [question]
    assert not engine.answer(question).abstained


def test_a_first_part_that_asks_something_else_is_still_a_question_of_its_own(engine: Engine) -> None:
    assert len(split_parts("per token price for scout, and what is its context window")) == 2
    assert len(split_parts("per gpu, how much memory does scout need?")) == 2  # a rate, no source
    # "per" and a publisher's name: whose account; the names come from the articles
    assert not engine.answer("per value add vc, how big is behemoth?").abstained


@pytest.mark.parametrize(
    ("message", "question"),
    [
        (
            "my manager wants a report by monday haha. what are maverick's weaknesses?",
            "what are maverick's weaknesses?",
        ),
        ("back from coffee! how big is scout", "how big is scout"),
        ("ok back to llama: how fast is scout", "how fast is scout"),  # a colon ends a preamble too
        ("probably a silly one but how does irope work", "how does irope work"),  # so does a "but"
        ("scout is great but maverick?", None),  # no question word after the "but"
        ("is scout better vs. gpt-4o?", None),  # a question from the start: no preamble
        ("what is scout. what is maverick", None),
        ("no question here. just chat", None),
    ],
)
def test_the_question_after_a_preamble_that_asks_nothing(message: str, question: str | None) -> None:
    assert question_after_preamble(message) == question


def test_a_question_refused_with_its_preamble_is_read_alone(engine: Engine) -> None:
    answer = engine.answer("my boss wants a writeup by friday lol. what are the main downsides of llama 4?")
    assert _first_line(answer).startswith("The limitations are real:")
    answer = engine.answer("we parse a ton of scanned invoices. what docvqa score does scout get?")
    assert _first_line(answer) == "Llama 4 Scout — DocVQA: 94.4 [1]."
    assert engine.answer("my cat is asleep. what's the weather in paris?").abstained  # still nothing to answer
    answer = engine.answer("forgive the newbie question but what does iRoPE stand for?")
    assert "iRoPE (interleaved Rotary Position Encoding)" in _first_line(answer)
    answer = engine.answer("anyway, back to llama: how fast is scout in tokens per second")
    assert _first_line(answer) == "Llama 4 Scout — Output speed: 143 tokens/second [1]."
    # a refusal that shows what is stated is an answer of its own: the model before the colon is kept
    kept = engine.answer("about maverick on groq: how much does it cost?", engine.answer("how big is scout").turn)
    assert _first_line(kept).startswith("My sources give no Groq figure for Llama 4 Maverick")


@pytest.mark.parametrize(
    ("message", "question"),
    [
        ("how big is maverick? we have two a100s", "how big is maverick?"),
        ("is it open?? asking for legal", "is it open??"),
        ("how big is maverick? how fast is it", None),  # a second question: parts, not chat
        ("how big is maverick? and scout", None),  # "and scout" leans on the question
        ("how big is maverick?", None),  # nothing after the question
        ("scout is the small one, right", None),  # no question mark
        ("which llama 4 model is best? for an iphone 15 app", None),  # a phrase that narrows the question
        ("what's the cheapest llama 4 option? for 10 million requests a month", None),
    ],
)
def test_the_question_before_chat_that_asks_nothing(message: str, question: str | None) -> None:
    assert question_before_postamble(message) == question


def test_a_question_refused_with_the_chat_after_it_is_read_alone(engine: Engine) -> None:
    message = "hey, whats the context window on Llama 4 Maverick? trying to figure out if it can take our whole repo"
    answer = engine.answer(message)
    assert _first_line(answer).startswith("Llama 4 Maverick — Context window: 1 million tokens")
    assert answer.question == message  # the whole message is what was asked
    assert engine.answer("what's the weather in paris? just curious").abstained  # still nothing to answer
    assert engine.answer("how long do llamas live? thinking of getting two for the farm").abstained  # no model
    # chat that names what the articles never mention is not dropped: it may be what the question is about
    assert engine.answer("what is its context window? asking about mistral large").abstained


def test_bad_at_and_good_at_judge_a_skill_where_bad_or_good_alone_is_chat(engine: Engine) -> None:
    assert skill_judged(["what", "is", "it", "bad", "at"]) == ["what", "is", "it", "weak", "at"]
    assert skill_judged(["not", "bad", "at", "coding"]) == ["not", "bad", "at", "coding"]  # the skill is asked
    assert skill_judged(["what", "is", "it", "not", "good", "at", "lol"])[4] == "weak"  # denied; chat after it
    assert _first_line(engine.answer("what is llama 4 not good at")).startswith("The limitations are real:")
    assert _first_line(engine.answer("what is llama 4 bad at")).startswith("The limitations are real:")
    good = engine.answer("what is maverick good at")
    assert good.kind is AnswerKind.SNIPPETS and "Strong at launch" in good.text and "The limitations" not in good.text


def test_stricter_and_losing_are_the_articles_tighter_and_trailing(engine: Engine) -> None:
    answer = engine.answer("has the llama 4 license gotten stricter compared with llama 3?")
    assert _first_line(answer).startswith("The 700M MAU threshold is tighter than Llama 3’s")
    shown = render_plain(engine.answer("what does llama 4 lose to closed models on?"), with_citations=False)
    assert "Still trails closed models" in shown


@pytest.mark.parametrize("question", ["pros and cons of maverick", "what are the upsides of llama 4"])
def test_pros_and_cons_are_where_it_is_strong_and_falls_short(engine: Engine, question: str) -> None:
    answer = engine.answer(question)
    assert not answer.abstained
    shown = render_plain(answer, with_citations=False).lower()
    assert "strong" in shown or "advantage" in shown


def test_a_second_question_after_a_question_mark_and_also_is_its_own_part() -> None:
    assert split_parts("is scout open weights? also do we need to credit meta") == [
        "is scout open weights?",
        "do we need to credit meta",
    ]


def test_it_in_a_later_part_compared_with_another_model_is_the_earlier_parts_model(engine: Engine) -> None:
    answer = engine.answer("what's maverick's price on openrouter, and is it faster than scout?")
    shown = render_plain(answer, with_citations=False)
    assert "109 tokens/second (Llama 4 Maverick) vs 143 tokens/second (Llama 4 Scout)" in shown


def test_a_claim_the_sources_disagree_on_is_met_with_their_disagreement_first(engine: Engine) -> None:
    for question in ("scout fits on one h100 in full precision, right?", "is maverick's MATH score over 90 percent?"):
        assert _first_line(engine.answer(question)).startswith("Sources disagree on Llama 4 ")
    answer = engine.answer("scout fits on one h100 in full precision, right?")  # the one side's sentence after it
    assert "is capable of running on a single NVIDIA H100 GPU in full precision" in answer.text.split("\n", 1)[1]


def test_a_later_part_naming_only_a_model_asks_what_the_part_before_asked(engine: Engine) -> None:
    answer = engine.answer("does behemoth have 16 experts? and how many does maverick have?")
    lines = render_plain(answer, with_citations=False).splitlines()
    assert any(line.startswith("Llama 4 Maverick — Experts: 128 routed experts") for line in lines[:3])
    # a later part that asks something of its own keeps it
    own = render_plain(engine.answer("how many experts does scout have? and how much does maverick cost?"))
    assert "Experts: 16 routed experts" in own and "$0.15" in own and "Experts: 128" not in own
    for later in ("and is maverick any good?", "what is maverick?", "and where can i get maverick?"):
        said = render_plain(engine.answer(f"how many experts does scout have? {later}"))
        assert "Llama 4 Maverick — Experts" not in said, later  # asks of the model itself, not its experts
    for later in ("what about maverick?", "and maverick?"):
        said = render_plain(engine.answer(f"how many experts does scout have? {later}"))
        assert "Llama 4 Maverick — Experts: 128 routed experts" in said, later


def test_a_later_part_naming_a_kind_of_the_attribute_before_takes_its_noun(engine: Engine) -> None:
    answer = engine.answer("how many active params does maverick have, and how many total?")
    shown = render_plain(answer, with_citations=False)
    assert "Llama 4 Maverick — Active parameters: 17 billion" in shown
    assert "Llama 4 Maverick — Total parameters: approximately 400 billion" in shown
    assert "how many total:" not in shown  # no refusal of the second part
    # a later part is widened only into an attribute that holds a word of its own ("total")
    for later in ("and what does that mean?", "and is that good?"):
        own = render_plain(engine.answer(f"how many active params does maverick have, {later}"))
        assert "Total parameters" not in own, later
    good = render_plain(engine.answer("what's maverick's mmlu pro score, and is that any good?"), with_citations=False)
    assert "MMLU Pro: 80.5" in good and "on MMLU (" not in good and "MMLU: " not in good
    # "what about scout" asks what the part before asked, not an attribute one of its label's words names
    about = render_plain(engine.answer("what's maverick's mmlu pro score, and what about scout?"), with_citations=False)
    assert "Llama 4 Scout — MMLU Pro: 74.3" in about and "Llama 4 Scout — MMLU:" not in about


def test_a_question_asked_in_the_light_of_its_context(engine: Engine) -> None:
    answer = engine.answer("we're in healthcare and can't send patient data to third parties, is llama 4 an option?")
    assert "healthcare" in _first_line(answer).lower()
    assert split_parts("scout context window, and how many experts does it have") == [
        "scout context window",
        "how many experts does it have",
    ]


@pytest.mark.parametrize(
    "question",
    [
        "why did so many people find llama 4 disappointing",
        "what was the big letdown with maverick",
        "underwhelming parts of llama 4?",
    ],
)
def test_what_let_people_down_is_what_critics_argued_and_where_it_lags(engine: Engine, question: str) -> None:
    answer = engine.answer(question)
    shown = render_plain(answer, with_citations=False).lower()
    assert not answer.abstained
    assert any(word in shown for word in ("limitations are real", "lags", "critics argued")), shown[:300]
    _verbatim(answer, engine.knowledge)


@pytest.mark.parametrize(
    ("question", "told"),
    [
        ("could you summarize the lmarena situation with maverick", "experimental chat version"),
        ("what happened to maverick's lmarena score", "discrepancy"),
    ],
)
def test_a_story_asked_for_is_told_not_a_value(engine: Engine, question: str, told: str) -> None:
    answer = engine.answer(question)
    assert answer.kind is AnswerKind.SNIPPETS
    assert told in render_plain(answer, with_citations=False)
    _verbatim(answer, engine.knowledge)


@pytest.mark.parametrize(
    "question",
    [
        "please describe iRoPE",
        "could you please summarize the license",
        "what happened with behemoth",
        "can u explain moe",
    ],
)
def test_asking_for_an_account_is_an_explanation(question: str) -> None:
    assert shape(question).form is Form.EXPLAIN


def test_a_request_for_an_account_of_a_model_gets_its_spec_sheet(engine: Engine) -> None:
    for question in ("tell me about scout", "explain maverick", "give me a rundown of behemoth"):
        answer = engine.answer(question)
        assert answer.kind is AnswerKind.SPECS, (question, answer.text[:120])
    assert engine.answer("what is scout about").kind is AnswerKind.SPECS  # "about" asks for no story


def test_a_word_that_asks_for_an_account_is_still_searched_where_it_asks_nothing(engine: Engine) -> None:
    assert "described as still in active training" in _first_line(engine.answer("how is behemoth described"))


def test_a_count_is_answered_by_a_sentence_naming_what_is_counted(engine: Engine) -> None:
    answer = engine.answer("how many staff did meta put on llama 4")  # the articles never count staff; Meta's
    assert answer.abstained and "don't state that about Llama 4" in answer.text  # staff, put on it: not "Llama 4's"
    answer = engine.answer("how many people worked on llama 4")  # "depends on Llama 4 working well" counts none
    assert answer.abstained and "don't state that about Llama 4" in answer.text  # no "Llama 4's worked"
    assert engine.answer("how many ppl worked on llama 4").abstained  # chat shorthand for people
    answer = engine.answer("how many of the attention heads does maverick have")
    assert "don't state Llama 4 Maverick's attention heads" in answer.text
    # "such", "other", "total" only qualify what is counted
    for qualifier in ("other", "different"):
        assert not engine.answer(f"how many {qualifier} languages does llama 4 support").abstained
    assert "12 languages" in _first_line(engine.answer("how many such languages did meta instruction-tune llama 4 for"))
    answer = engine.answer("how many languages does llama 4 support")  # not "no data supporting such a claim"
    assert "languages" in _first_line(answer)
    _verbatim(answer, engine.knowledge)


@pytest.mark.parametrize("question", ["explain irope to me", "describe iRoPE", "summarize what irope is"])
def test_the_words_that_ask_for_an_account_weigh_nothing(engine: Engine, question: str) -> None:
    answer = engine.answer(question)
    assert "iRoPE" in _first_line(answer)
    _verbatim(answer, engine.knowledge)


def test_a_sentence_that_denies_what_a_yes_no_question_asks_of_the_model_comes_first(engine: Engine) -> None:
    answer = engine.answer("is maverick really a frontier model")
    assert "it is not a frontier model" in _first_line(answer)  # the model named just before: "... But it is not"
    _verbatim(answer, engine.knowledge)
    assert "not a frontier model" not in _first_line(engine.answer("is scout really a frontier model"))  # not Scout
    # a sentence denying one word asked ("not 'best closed product'") denies nothing of "the best open model"
    assert not _first_line(engine.answer("is maverick the best open model")).startswith("No")
    # what is said of the family (its license) is said of each model
    assert _first_line(engine.answer("is behemoth really open source")).startswith("No — ")


def test_a_lead_that_says_this_of_what_came_before_comes_after_it(engine: Engine) -> None:
    answer = engine.answer("is the 10m token context real or marketing")
    lead = _first_line(answer)
    assert lead.index("were not published") < lead.index("The community flagged this as insufficient evidence")
    _verbatim(answer, engine.knowledge)


@pytest.mark.parametrize(
    ("question", "provider", "model"),
    [
        ("whats scout's price on fireworks", "Fireworks", "Llama 4 Scout"),
        ("maverick per token cost through vertex?", "Vertex", "Llama 4 Maverick"),
        ("what does scout cost on google vertex ai", "Google Vertex", "Llama 4 Scout"),  # a known word first
        ("what would scout cost me on the fireworks api", "Fireworks", "Llama 4 Scout"),  # "the" before it
        ("what does scout cost at scale on fireworks", "Fireworks", "Llama 4 Scout"),  # after another slot
    ],
)
def test_a_provider_the_articles_never_name_gets_no_other_providers_figure_as_its_own(
    engine: Engine, question: str, provider: str, model: str
) -> None:
    answer = engine.answer(question)
    assert answer.abstained
    assert _first_line(answer).startswith(f"My sources give no {provider} figure for {model}")
    assert "$" in render_plain(answer, with_citations=False)  # ... and what they do state, cited
    _verbatim(answer, engine.knowledge)


def test_the_users_own_machine_is_no_provider(engine: Engine) -> None:
    for question in ("what does scout cost to run on my own servers", "how much would scout cost on my macbook"):
        assert "figure for Llama 4 Scout" not in _first_line(engine.answer(question))


@pytest.mark.parametrize(
    ("question", "device"),
    [
        ("how many tokens per second does scout get on a 4090", "4090"),
        ("scout tokens per second on an M3 MacBook", "M3 MacBook"),
        ("scout output speed on an rtx 3090 at home", "rtx 3090"),
        ("how fast does scout run on a mac studio m2 ultra", "mac studio m2 ultra"),  # the whole name
    ],
)
def test_a_device_the_articles_never_name_gets_no_figure_measured_elsewhere_as_its_own(
    engine: Engine, question: str, device: str
) -> None:
    answer = engine.answer(question)
    assert _first_line(answer).startswith(f"My sources give no {device} figure for Llama 4 Scout; they state these")
    _verbatim(answer, engine.knowledge)


@pytest.mark.parametrize(
    "question",
    [
        "how fast is maverick on 8 h100s",  # a count of a device they name
        "can scout run on one h100",
        "can scout run in 32gb",  # a quantity
        "scout speed with 2 gpus",
        "how much would scout cost on my macbook",  # no model number: no device named
        "will scout run on my single 4090?",  # its memory footprint answers that, wherever it runs
        "what's scout's price with 1000000 tokens",  # a number of something counted, no model number
        "scout output speed with 2000 requests a day",
        "how fast is scout compared with qwen2.5",  # another model, not where this one runs
    ],
)
def test_a_count_a_quantity_or_a_device_the_articles_name_is_no_unknown_device(engine: Engine, question: str) -> None:
    assert "figure for Llama 4" not in _first_line(engine.answer(question))


def test_a_provider_slot_holding_a_word_the_articles_use_is_no_provider(engine: Engine) -> None:
    assert not engine.answer("what's scout's price on openroutr").abstained  # a misspelt provider they name
    assert not engine.answer("scout price per million tokens with caching").abstained  # "caching": their word


@pytest.mark.parametrize(
    ("question", "unknown"),
    [("is scout smarter than a dolphin", "dolphin"), ("vicunas vs llama 4, which is fluffier", "vicunas")],
)
def test_a_comparison_with_something_the_articles_never_mention_is_not_covered(
    engine: Engine, question: str, unknown: str
) -> None:
    answer = engine.answer(question)
    assert answer.abstained
    assert _first_line(answer).startswith(f"My sources don't cover {unknown}, so I can't compare it with")
    # llamas, the animals, are no Llama 4 model to compare with
    assert _first_line(engine.answer("vicunas vs llamas, which is fluffier")).startswith(
        "My sources don't cover vicunas. They cover Llama 4"
    )


def test_a_verb_before_vs_is_no_thing_compared(engine: Engine) -> None:
    answer = engine.answer("how much can self-hosting llama 4 save vs closed api pricing")
    assert "60–80%" in _first_line(answer)


def test_a_choice_posed_with_vs_shows_the_rows_both_models_have(engine: Engine) -> None:
    answer = engine.answer("maverick vs deepseek v3, which one should i go with")
    assert answer.table is not None and len(answer.table.rows) == 2  # the rows DeepSeek V3 has too, not 26
    assert all(all(c.value != "—" for c in row.cells) for row in answer.table.rows)


def test_a_choice_for_a_use_opens_with_the_sources_words_on_that_use(engine: Engine) -> None:
    answer = engine.answer("scout or maverick for a rag chatbot?")
    shown = render_plain(answer, with_citations=False)
    assert shown.index("RAG implementations") < shown.index("By the sources' figures")
    assert answer.table is not None
    # no use named: who is ahead by the figures still leads
    assert _first_line(engine.answer("scout or maverick, which is better?")).startswith("By the sources' figures")


@pytest.mark.parametrize(
    ("question", "parts"),
    [
        ("I want scout's context window, and how many experts does maverick have?", 2),  # asks of its own
        ("US pricing for maverick, and how fast is scout?", 2),  # the country, no asker
        ("is behemoth out? won't it be open weights?", 2),  # a negative question of its own
        ("is maverick open source, and don’t they require attribution?", 2),
        ("we can’t send data to outside apis and won't use the cloud, is llama 4 an option?", 1),
        ("we are a bank and can’t use the cloud, is llama 4 ok?", 1),  # the apostrophe phones type
        ("I have 48GB of VRAM, can I run scout?", 1),  # what the asker has, not a question of its own
        ("my first question is scout's context window, and what is maverick's price?", 2),  # one that asks
    ],
)
def test_what_stays_its_own_question_beside_an_asker_or_a_negation(question: str, parts: int) -> None:
    assert len(split_parts(question)) == parts


@pytest.mark.parametrize(
    ("sentence", "goes_on"),
    [
        ("However, this is the minimum bar.", True),
        ("In practice, those were never published.", True),
        ("For this reason the window matters.", False),  # "this" before a noun names its own thing
        ("This model is big.", True),  # an opening "This" always goes on from before
    ],
)
def test_a_sentence_whose_this_stands_alone_goes_on_from_the_one_before(sentence: str, goes_on: bool) -> None:
    assert bool(_GOES_ON_FROM.match(sentence)) is goes_on


@pytest.mark.parametrize(
    ("question", "verdict"),
    [
        ("does maverick have more than 100 experts?", "Yes"),
        ("is maverick faster than 100 tokens per second?", "Yes"),
        ("is maverick slower than 100 tok/s?", "No"),
        ("does maverick have fewer than 100 experts", "No"),
        ("does maverick have at least 128 experts", "Yes"),
        ("does scout have over 300B total params", "No"),
        ("does scout have 16 experts", "Yes"),
        ("does scout have no more than 16 experts", "Yes"),  # at most 16
        ("does scout have not more than 20 experts", "Yes"),
        ("is behemoth over a trillion parameters", "Yes"),  # its parameters are its total
        ("does the 109b one have more than 10 experts", "Yes"),  # the size calling it is no figure asked
        ("do scout and maverick have more than 10 experts", "Yes"),
    ],
)
def test_a_yes_no_question_with_a_bound_is_checked_against_it(engine: Engine, question: str, verdict: str) -> None:
    assert _first_line(engine.answer(question)).startswith(f"{verdict} — ")


def test_no_verdict_when_the_values_stated_fall_on_both_sides_of_the_bound() -> None:
    assert value_verdict("is it under $0.20 per million?", "usd", [0.15, 0.24]) is None
    assert value_verdict("is it under $0.20 per million?", "usd", [0.15, 0.11]) == "Yes"
    assert value_verdict("more than 1 million tokens?", "tokens", [1_000_000]) == "No"  # not more: the same
    assert value_verdict("is it more than 20x the other's?", "tokens", [10_000_000]) is None  # a ratio


def test_can_a_load_fit_a_capacity_or_a_budget_cover_a_need() -> None:
    assert value_verdict("can i fit 5 million tokens in it", "tokens", [10_000_000], "max") == "Yes"
    assert value_verdict("can it take 20 million tokens", "tokens", [10_000_000], "max") == "No"
    assert value_verdict("does it have a 5 million token window", "tokens", [10_000_000], "max") == "No"  # equal?
    assert value_verdict("could i run it in 64gb", "gb", [55, 60], "min", disputed=True) == "Yes"  # both fit
    assert value_verdict("could i run it in 58gb", "gb", [55, 60], "min", disputed=True) is None  # one source no
    assert value_verdict("is its mmlu 85.5", "score", [85.5, 73.5], disputed=True) is None  # one source says so


def test_a_yes_no_on_a_capacity_answers_for_the_load_asked(engine: Engine) -> None:
    answer = engine.answer("can scout take about 5 million tokens in one prompt?")
    assert _first_line(answer).startswith("Yes — Llama 4 Scout — Context window: 10 million tokens")
    assert _first_line(engine.answer("can scout do 100 tokens per second")).startswith("Yes — ")
    assert _first_line(engine.answer("can i run scout in 32 gb of vram")).startswith("No, by every source's figure — Sources disagree")
    assert _first_line(engine.answer("quick q how long of a prompt can llama 4 scout take in")).startswith(
        "Llama 4 Scout — Context window: 10 million tokens"
    )  # a prompt's length is the context window


def test_a_bound_spelled_with_a_magnitude_alone(engine: Engine) -> None:
    assert _first_line(engine.answer("does behemoth have more than a trillion total parameters")).startswith("Yes — ")
    lead = _first_line(engine.answer("is maverick under a trillion params"))
    assert lead.startswith("Yes — Llama 4 Maverick — Total parameters")  # no sentence on Behemoth's "2 trillion"


@pytest.mark.parametrize(
    ("question", "summed_up"),
    [
        ("what does the value add vc newsletter think of llama 4", "Meta is not building an AI company"),
        ("whats calcsnippets take on llama 4", "Llama 4 is not just another model family announcement"),
        ("what does chatforest think of llama 4", "genuine achievements in open-weight AI"),
        ("the value add vc newsletters take on llama 4?", "Meta is not building an AI company"),  # label words by stem
        ("what's the gist of the chatforest piece", "genuine achievements in open-weight AI"),  # "piece" names it
        ("what does the calcsnippets piece argue", "Llama 4 is not just another model family announcement"),
        # words of its title in quotes name a source as its publisher's name does
        ("the main thesis of that 'open-model war' essay?", "Llama 4 is not just another model family announcement"),
    ],
)
def test_what_a_named_source_thinks_is_where_it_sums_up(engine: Engine, question: str, summed_up: str) -> None:
    answer = engine.answer(question)
    assert summed_up in _first_line(answer)
    _verbatim(answer, engine.knowledge)


def test_words_of_a_title_in_quotes_name_that_article_only(engine: Engine) -> None:
    assert engine.read("what does the 'lands' blog say about behemoth").sources == {"llama4-lands-open-weights"}
    assert engine.read("what does the 'llama 4' article say").sources == frozenset()  # in every title: none
    assert engine.read("what does the 'open-model war' piece say").sources == {"calcsnippets-open-model-war"}


def test_a_model_called_otherwise_than_by_name_weighs_as_its_name(engine: Engine) -> None:
    by_rank = engine.read("can i run the big released llama 4 at home on a couple gaming gpus")
    by_name = engine.read("can i run maverick at home on a couple gaming gpus")
    assert by_rank.signals.evidence == pytest.approx(by_name.signals.evidence)
    assert not engine.answer("can i run the big released llama 4 at home on a couple gaming gpus").abstained


def test_a_source_named_by_its_kind_of_piece_asks_no_view(engine: Engine) -> None:
    lead = _first_line(engine.answer("what does the chatforest review say about behemoth"))
    assert "Behemoth" in lead and not lead.startswith("Review by ChatForest")
    # what a source says of one model is what it says of that model, not where it sums up
    assert "Behemoth" in _first_line(engine.answer("what does chatforest think of behemoth"))
    # what a source says of something in particular is that, not where it sums up
    lead = _first_line(engine.answer("does the value add vc piece think the benchmark numbers were cherry-picked"))
    assert "cherry-picked" in lead


def test_a_weak_attribute_word_after_a_word_the_articles_never_use_is_not_stated(engine: Engine) -> None:
    answer = engine.answer("the knowledge cutoff date for scout?")  # "date" of a cutoff, not of the release
    assert answer.abstained
    assert _first_line(answer).startswith("My sources don't state Llama 4 Scout's knowledge cutoff date.")
    assert not engine.answer("maverick strng pts @ launch?").abstained  # a shorthand says nothing of what is dated
    assert "April 5, 2025" in _first_line(engine.answer("llama 4 launch date?"))


@pytest.mark.parametrize("question", ["whats the diffrence between scout and maverik", "comparision of scout and maverick"])
def test_a_mistyped_comparing_word_still_compares(engine: Engine, question: str) -> None:
    assert engine.read(question).query.compare
    assert engine.answer(question).table is not None


def test_a_word_one_letter_from_a_comparing_word_that_is_a_word_compares_nothing(engine: Engine) -> None:
    assert not engine.read("what makes scout different from deepseek's approach to experts").query.compare
    # only the words that do nothing but compare are read through a typo: "againts" may be any "against"
    assert not engine.read("did critics turn againts meta over scout and maverick?").query.compare


@pytest.mark.parametrize(
    ("question", "attributes"),
    [
        ("how fast was scout when it launched", ("output_speed",)),  # the clause sets when; it asks no date
        ("what did people think of llama 4 when it came out", ()),
        ("when did llama 4 come out", ("release_date",)),  # the time is what is asked
        ("scout context window and when was it released", ("context_window", "release_date")),
        ("do you know when llama 4 came out?", ("release_date",)),  # "know when ...": the time is asked
        ("tell me when behemoth will be released", ("release_date",)),
    ],
)
def test_a_closing_when_clause_sets_a_time_and_asks_no_attribute(question: str, attributes: tuple[str, ...]) -> None:
    assert parse_question(question).attributes == attributes


@pytest.mark.parametrize(
    ("question", "attributes", "subjects"),
    [
        ("scout vs maverick, what's the difference besides size", (), 2),
        ("apart from the price, how is maverick better than scout on speed", ("output_speed",), 2),
        ("other than the context window, what differs", (), 0),
        ("what's different between scout and maverick apart from price and context window", (), 2),  # both
        ("can scout run without quantization", ("deployment",), 1),  # negated, still the topic
        ("set the price aside, which is faster, scout or maverick?", ("price_input", "price_output", "output_speed"), 2),
        ("besides, what's scout's context window?", ("context_window",), 1),  # "besides" sets nothing aside
        ("apart from the price and the context window, how do scout and maverick differ?", (), 2),
        ("which one fits on one h100 other than scout", ("single_h100",), 1),  # a model set aside stays named
        ("what is the total size of scout", ("total_parameters",), 1),  # nothing set aside
    ],
)
def test_what_a_question_sets_aside_is_not_asked(question: str, attributes: tuple[str, ...], subjects: int) -> None:
    query = parse_question(question)
    assert query.attributes == attributes and len(query.subjects) == subjects


def test_a_part_that_only_turns_to_a_model_is_asked_by_the_question_after_it(engine: Engine) -> None:
    question = "ok and what about maverick, how long is its context window?"
    assert split_parts(question) == [question]
    assert _first_line(engine.answer(question)).startswith("Llama 4 Maverick — Context window: 1 million")
    # a part that asks a thing of its own stays a question, and so does a turn followed by another turn or model
    assert len(split_parts("what about maverick's context window, and how many experts does it have")) == 2
    assert len(split_parts("what about maverick, and what about scout?")) == 2
    # ... but a question after the turn that names another model asks it of the model turned to
    compared = "what about maverick, is it cheaper than gpt-4o?"
    assert split_parts(compared) == [compared] and not engine.answer(compared).abstained
    # the asker's words join the question after them once: the questions after that stay their own
    assert len(split_parts("i have two 3090s, can i run scout? how many experts does maverick have?")) == 2
    assert len(split_parts("i'm new here, what is scout? when was behemoth announced?")) == 2


def test_the_plural_of_a_word_that_names_an_attribute_asks_nothing_more(engine: Engine) -> None:
    """ "expert counts" is "expert count": the family's models each get the value, not a refusal."""
    assert parse_question("compare the expert counts of all three llama 4 models").residual == ()
    assert parse_question("compare the expert counts of all three llama 4 families").residual == ("families",)
    assert parse_question("does maverick take images and videos?").residual == ("videos",)  # no name ends there
    answer = engine.answer("compare the expert counts of all three llama 4 models")
    assert not answer.abstained
    shown = render_plain(answer, with_citations=False)
    assert all(f"Llama 4 {m} — Experts" in shown for m in ("Scout", "Maverick", "Behemoth"))


def test_two_models_then_what_is_different_besides_one_thing_is_one_answered_comparison(engine: Engine) -> None:
    question = "scout vs maverick, what's actually different besides size?"
    assert split_parts(question) == [question]  # "different" weighs the models named before it
    answer = engine.answer(question)
    assert not answer.abstained and answer.table is not None
    assert "don't state" not in answer.text


@pytest.mark.parametrize(
    "question",
    [
        "what month did llama 4 launch",  # the month is the date asked, not another thing of Llama 4's
        "which year did meta put out llama 4",  # "put out": released, as people say it
        "when did meta unveil llama 4",
        "when did maverick become available",
    ],
)
def test_a_release_asked_in_other_words_gets_the_release_date(engine: Engine, question: str) -> None:
    answer = engine.answer(question)
    assert "Release date: April 5, 2025" in _first_line(answer)
    _verbatim(answer, engine.knowledge)


@pytest.mark.parametrize(
    ("question", "first"),
    [
        ("any idea when llama 4 came out", "Llama 4 — Release date: April 5, 2025"),
        ("any word on when behemoth ships", "Llama 4 Behemoth — Status:"),
        ("any word on when llama 4 came out", "Llama 4 — Release date: April 5, 2025"),
        ("any news on when llama 5 lands?", "My sources don't state that about Llama 5."),  # no date of it
    ],
)
def test_when_after_chat_asks_a_date(engine: Engine, question: str, first: str) -> None:
    assert _first_line(engine.answer(question)).startswith(first)


def test_an_eta_is_a_date_and_a_scandal_a_controversy(engine: Engine) -> None:
    assert _first_line(engine.answer("maverick eta?")).startswith("Llama 4 (the whole family, Llama 4 Maverick")
    assert _first_line(engine.answer("behemoth eta??")).startswith("Llama 4 Behemoth — Status:")
    scandal = engine.answer("the lmarena scandal in a nutshell")
    assert not scandal.abstained and "controversy" in render_plain(scandal, with_citations=False)


@pytest.mark.parametrize(
    "question",
    ["we're building a voice assistant. is llama 4 a good fit?", "which llama 4 model should i use for a voice app?"],
)
def test_a_voice_use_is_answered_by_what_the_articles_say_of_audio(engine: Engine, question: str) -> None:
    shown = _first_line(engine.answer(question))
    assert "anything requiring audio understanding, Llama 4 is not the right choice" in shown
    # "speech" is no audio: "his speech", "free speech", "part of speech"
    assert "audio" not in _first_line(engine.answer("what did zuckerberg say in his speech about llama 4"))


def test_pics_are_images_and_img_gen_their_generation(engine: Engine) -> None:
    natively = _first_line(engine.answer("does scout do pics natively or is it bolted on"))
    assert natively.startswith("Both Scout and Maverick were trained from scratch with text, image, and video tokens")
    assert "understands images but cannot generate them" in _first_line(engine.answer("does llama 4 do img gen"))
    # "gen" alone is no image generation: "next gen" is a generation of models
    assert "cannot generate them" not in _first_line(engine.answer("is llama 4 a next gen model?"))


def test_a_date_of_a_named_model_must_be_stated_by_a_sentence_naming_it(engine: Engine) -> None:
    # "April 5, 2025" holds the "5" of "llama 5"; the one sentence naming Llama 5 states no date of it
    assert engine.answer("when is llama 5 getting released?").abstained
    assert engine.answer("what's the eta for llama 5").abstained
    llama2 = _first_line(engine.answer("what month and year was llama 2 released, per the newsletter?"))
    assert "Llama 2 in July 2023" in llama2


def test_when_after_saying_or_before_to_asks_no_date() -> None:
    assert asks_date("any idea when llama 5 lands") and asks_date("not sure when behemoth ships")
    assert not asks_date("what did meta say when people accused it of gaming the benchmarks")
    assert not asks_date("any advice on when to evaluate llama 4 after launch")
    assert not asks_date("what license applies to me when my app has over 700 million users")  # the asker's case
    assert not asks_date("any tips on when we should upgrade to maverick")


def test_a_date_part_asked_of_another_event_is_still_no_release_date(engine: Engine) -> None:
    # the month or day is the date asked; what it is the date of is still the question's own
    assert "Release date" not in _first_line(engine.answer("what day did meta deny juicing the benchmark scores"))
    left = engine.answer("what month did lecun leave meta")
    assert left.abstained and "Lecun's month" not in left.text  # the month of an event, no thing of his
    # a model that is not out has its status, not a date, for any wording of its release
    assert "Status" in _first_line(engine.answer("when did behemoth become available"))


@pytest.mark.parametrize(
    "question",
    [
        "on what date did the meta exec deny the claims",
        "that meta exec denying 'artificially boosting' the scores - what date was that denial?",
    ],
)
def test_the_date_of_an_event_the_question_names_is_the_sentence_that_dates_it(engine: Engine, question: str) -> None:
    # "date" alone guesses the family's release date; the other words name the event whose date is asked
    answer = engine.answer(question)
    assert not answer.abstained
    assert _first_line(answer).startswith("On April 7, 2025, a Meta executive denied")
    _verbatim(answer, engine.knowledge)


def test_a_size_beside_the_word_benchmark_is_no_score_of_a_model_without_one(engine: Engine) -> None:
    # no source gives Scout's MATH score: "... outperform Scout on some specific benchmarks" (beside "70B") is none
    answer = engine.answer("how does scout do on the MATH benchmark?")
    assert answer.abstained and "MATH" in answer.text
    assert not engine.answer("how does scout do on the chartqa benchmark?").abstained  # a score it has


def test_a_benchmark_named_outright_is_stated_only_by_a_sentence_naming_it(engine: Engine) -> None:
    # ChatForest gives GPT-4.1's GPQA Diamond (~66%), never its MMLU: that sentence is no MMLU score
    answer = engine.answer("what's gpt-4.1's MMLU score?")
    assert answer.abstained and "GPQA" not in render_plain(answer)
    assert _first_line(engine.answer("gpt-4.1 gpqa score?")).startswith("GPT-4.1 — GPQA Diamond: ~66%")


def test_users_words_find_what_the_articles_call_it(engine: Engine) -> None:
    # "juicing" is no word of theirs; the denial of "artificially boosted" scores still answers
    assert _first_line(engine.answer("when did a meta exec deny juicing the scores")).startswith(
        "On April 7, 2025, a Meta executive denied the company had “artificially boosted”"
    )
    # ... and "juice" is no synonym: "how much juice" is power, no benchmark gaming
    assert not engine.answer("how much juice does scout need to run").abstained
    assert "misleading" in _first_line(engine.answer("did meta cheat on lmarena"))
    # anger at the launch is its controversy; the model "sent" to LMArena is the one "submitted"
    assert "Critics argued" in _first_line(engine.answer("why are people so mad about the llama 4 benchmarks"))
    assert "submitted" in _first_line(engine.answer("which maverick did meta send to lmarena"))
    # joining or being hired is being "brought on": the second part is answered, not called uncovered
    text = render_plain(engine.answer("when was fair founded and when was lecun hired?"), with_citations=False)
    assert "brought on Yann LeCun as Chief AI Scientist in 2014" in text and "don't state" not in text
    # "deny" is asked where the articles say "denied", a form the stemmer keeps apart
    assert _first_line(engine.answer("which day did meta deny boosting the scores")).startswith("On April 7, 2025")


def test_a_choice_for_a_named_use_leads_with_the_rows_of_that_use(engine: Engine) -> None:
    # "charts" searches for ChartQA, "scanned documents" for what DocVQA tests: their rows and verdict come first
    answer = engine.answer("scout or maverick for reading charts and scanned documents?")
    lines = render_plain(answer, with_citations=False).splitlines()
    assert lines[0] == "By the sources' figures, Llama 4 Maverick has higher scores on ChartQA (90.0 vs 88.8)."
    assert lines[1].startswith("Beyond that, by the sources' figures, Llama 4 Scout has a longer context window")
    assert answer.table is not None and [r.label for r in answer.table.rows[:2]] == ["ChartQA", "DocVQA"]
    # ... and so does a comparison that names the use ("better ... for reading charts")
    better = engine.answer("is scout better than maverick for reading charts")
    assert _first_line(better) == "By the sources' figures, Llama 4 Maverick has higher scores on ChartQA (90.0 vs 88.8)."
    # a use no row is of keeps the usual verdict and rows
    plain = engine.answer("scout or maverick for a support chatbot?")
    assert _first_line(plain).startswith("By the sources' figures, Llama 4 Scout has a longer context window")
    assert plain.table is not None and plain.table.rows[0].label == "Context window"


def test_chat_after_a_question_about_a_model_searches_for_nothing(engine: Engine) -> None:
    # "weekend" would find "Meta released Llama 4 over the weekend"; the question alone is settled by the footprint
    first = _first_line(engine.answer("my pc has one 24gb card, can scout run on it? asking before i lose a weekend"))
    assert first.startswith("No, by every source's figure — ") and "Memory footprint (INT4)" in first
    # ... but a model named after the question is a claim to weigh, not chat
    answer = engine.answer("which rivals did meta say behemoth beats? a friend said gpt-5")
    assert "GPT-5" in render_plain(answer, with_citations=False)


def test_what_follows_a_question_that_names_what_is_meant_is_part_of_it(engine: Engine) -> None:
    answer = engine.answer("how big is maverick? i mean total parameters, not active")
    text = render_plain(answer, with_citations=False)
    assert text.startswith("Llama 4 Maverick — Total parameters") and "Active parameters" not in text


def test_a_debut_is_no_release_date_word(engine: Engine) -> None:
    # "what score did Maverick debut with": a score, not when it came out
    assert _first_line(engine.answer("what score did maverick debut with on lm arena")).startswith(
        "Llama 4 Maverick — LMArena ELO: 1417"
    )


def test_two_parts_answered_with_the_same_values_show_them_once(engine: Engine) -> None:
    # both parts get Scout's modalities, the values naming what each part asks first: one line is enough
    text = render_plain(engine.answer("does scout support images? what about video?"), with_citations=False)
    assert text.count("Modalities:") == 1
    # two parts with different values still show both
    both = render_plain(engine.answer("scout context window? how many experts does it have"), with_citations=False)
    assert "Context window" in both and "Experts" in both


def test_slang_around_a_question_asks_nothing_and_a_rig_is_a_home_rig(engine: Engine) -> None:
    # "yo", "lol": chat; "rig": the articles' "serious home rigs" ("rigs" keeps its s, so the two never met)
    first = _first_line(engine.answer("yo can my gpu-poor rig run maverick lol"))
    assert first.startswith("The GPU-poor community that made Llama 1 and Llama 2 culturally significant cannot run")
    assert "home rigs" in _first_line(engine.answer("can my rig run scout"))
    assert not engine.answer("deadass how many experts does maverick have").abstained
    assert not engine.answer("what was the whole lmarena thing about").abstained  # "whole" asks nothing


@pytest.mark.parametrize("question", ["how many llama 4 models are there", "list the llama 4 models"])
def test_the_familys_models_asked_for_are_counted_and_named(engine: Engine, question: str) -> None:
    answer = engine.answer(question)
    assert _first_line(answer) == (
        "The sources name three Llama 4 models: Llama 4 Scout, Llama 4 Maverick and Llama 4 Behemoth."
    )
    quote = answer.citations[0].quote  # a sentence naming all three backs the count
    assert all(name in quote for name in ("Scout", "Maverick", "Behemoth"))
    _verbatim(answer, engine.knowledge)


def test_a_question_about_the_models_is_no_line_up(engine: Engine) -> None:
    assert "The sources name" not in _first_line(engine.answer("where does llama 4 still trail the closed models"))
    assert "The sources name" not in _first_line(engine.answer("can you download all three llama 4 models"))


def test_diff_asks_for_the_difference(engine: Engine) -> None:
    first = _first_line(engine.answer("whats the diff between scout and maverick"))
    assert first.startswith("By the sources' figures, Llama 4 Scout has a longer context window")


def test_a_how_question_finds_the_section_whose_heading_sets_out_how(engine: Engine) -> None:
    # "iRoPE: How Scout Reaches 10 Million Tokens" explains the mechanism; its sentences name no word asked
    answer = engine.answer("how does scout reach 10M context")
    assert "iRoPE" in _first_line(answer)
    _verbatim(answer, engine.knowledge)
    # a heading's "how" that shares only the model's name with the question sets out nothing asked: "how did
    # Meta talk up Behemoth" is not "Codistillation: How Behemoth Trained Scout and Maverick"
    assert "codistillation" not in _first_line(engine.answer("how did meta talk up behemoth in the announcement"))


def test_a_choice_between_two_models_is_weighed_whatever_words_its_use_case_takes(engine: Engine) -> None:
    answer = engine.answer("scout or maverick for summarizing huge legal docs?")  # "summarizing", "huge", "docs":
    assert not answer.abstained and answer.table is not None  # no words of the articles'
    # however little of a long use case the articles hold: the models' figures still weigh the choice
    answer = engine.answer("should i use maverick or scout for a support bot with a ton of traffic on a tight budget")
    assert not answer.abstained and "lower input price" in _first_line(answer)
    assert engine.answer("scout aime score").abstained  # one model, and the thing asked is no word of theirs


def test_a_word_a_heading_writes_in_lower_case_is_no_name(engine: Engine) -> None:
    # "## The technical angle people should not ignore": "angle" is a plain word, not only ever a name
    angle = engine.index.vocabulary[stem("angle")]
    assert not engine.reader.written.name(angle)
    answer = engine.answer("whats the business angle for meta")
    assert "advertising business" in _first_line(answer)


@pytest.mark.parametrize(
    ("question", "source", "said"),
    [
        ("what % savings does the VC piece say self-hosting gives", "valueaddvc-llama4-release", "60–80%"),
        ("what does the calcsnippets piece say about startups", "calcsnippets-open-model-war", "startups"),
    ],
)
def test_a_source_named_in_the_question_is_the_one_quoted(engine: Engine, question: str, source: str, said: str) -> None:
    answer = engine.answer(question)
    assert not answer.abstained and said in render_plain(answer, with_citations=False)
    assert {c.source for c in answer.citations} == {source}  # the words that name it search for nothing else


@pytest.mark.parametrize(
    ("question", "named", "other"),
    [
        ("per value add vc, what did maverick score on MATH", "Llama 4 Maverick — MATH: 93.2%", "61.2"),
        ("per chatforest, how much memory does scout need at int4", "approximately 55 GB", "roughly 60GB"),
    ],
)
def test_a_named_sources_figure_leads_and_a_source_that_differs_follows(
    engine: Engine, question: str, named: str, other: str
) -> None:
    answer = engine.answer(question)
    first, second = render_plain(answer, with_citations=False).splitlines()[:2]
    assert named in first and other not in first
    assert second.startswith("Other sources differ on") and other in second
    assert answer.disagreement  # still shown as a disagreement
    # a source that states the same figure to deny what it stands for still follows it
    lines = render_plain(engine.answer("maverick's lmarena elo per value add vc"), with_citations=False).splitlines()
    assert lines[0].startswith("Llama 4 Maverick — LMArena ELO: 1417") and lines[1].startswith("But ChatForest says")
    # with no source named, both sides as ever
    assert _first_line(engine.answer("maverick math score")).startswith("Sources disagree on Llama 4 Maverick's MATH")


def test_an_answer_quoting_none_of_the_named_sources_says_so_first(engine: Engine) -> None:
    answer = engine.answer("per the blog post, what is irope?")  # only ChatForest explains iRoPE
    assert _first_line(answer).startswith("I find nothing on this in Llama 4 lands")
    assert "llama4-lands-open-weights" not in {c.source for c in answer.citations}
    assert "I find nothing" not in engine.answer("per chatforest, what is irope").text  # the named one answers


def test_a_knowledge_cutoff_asks_a_date_wherever_it_stands(engine: Engine) -> None:
    assert shape("whats the knowledge cutoff of llama 4").expect is Expect.DATE
    answer = engine.answer("whats the knowledge cutoff of llama 4")
    assert _first_line(answer).startswith("My sources don't state Llama 4's knowledge cutoff.")
    assert shape("what's the MAU cutoff for the license").expect is not Expect.DATE  # a threshold, not a date
    assert shape("is there a data cutoff in the license, like 700m users?").expect is not Expect.DATE


@pytest.mark.parametrize("question", ["does scout support gguf", "is there a winogrande number for maverick anywhere"])
def test_a_question_whose_only_thing_asked_is_a_word_the_articles_never_use_is_not_stated(
    engine: Engine, question: str
) -> None:
    answer = engine.answer(question)
    assert answer.abstained and _first_line(answer).startswith("My sources don't state that about Llama 4")
    assert not engine.answer("does scout support audio").abstained  # a word of theirs: answered


def test_a_names_number_is_left_out_never_mistyped() -> None:
    assert find_subjects("how long do llamas live", fuzzy=True) == []  # "llamas" is no typo of "llama4"
    assert find_subjects("llama4 context window", fuzzy=True) == ["Llama 4"]
    assert find_subjects("what's mavrick's price", fuzzy=True) == ["Llama 4 Maverick"]  # a letter still may be


def test_not_stated_names_what_is_asked_not_the_size_that_calls_the_model(engine: Engine) -> None:
    answer = engine.answer("the 109b model's hellaswag score?")
    assert answer.abstained  # no stored score is of HellaSwag; the size only calls the model
    assert _first_line(answer).startswith("My sources don't state Llama 4 Scout's hellaswag score.")


def test_a_score_on_a_test_no_stored_score_is_of_is_not_stated(engine: Engine) -> None:
    answer = engine.answer("what's maverick's score on swe-bench verified")
    assert answer.abstained and _first_line(answer).startswith("My sources don't state Llama 4 Maverick's score on")
    assert "80.5" in _first_line(engine.answer("what is maverick's score on mmlu pro"))  # a test they store
    assert not engine.answer("how does maverick score on benchmarks").abstained  # every score it has
    # a test the articles do speak of is theirs to answer; another model's score on it is no answer
    assert "Needle-in-a-Haystack" in _first_line(engine.answer("scout's score on needle in a haystack"))
    assert "mavericks" not in engine.answer("whats mavericks score on swe-bench verified").text  # the model, once


def test_a_word_that_asks_for_an_account_after_the_topic_weighs_nothing(engine: Engine) -> None:
    assert "iRoPE" in _first_line(engine.answer("irope explained"))
    # a summary of stored values is those values
    assert _first_line(engine.answer("quick rundown on maverick pricing")).startswith("Llama 4 Maverick — Price")
    assert engine.answer("what happened to maverick").kind is not AnswerKind.SPECS  # a story asked, no spec sheet


def test_a_window_alone_is_the_context_window_and_a_release_window_is_not() -> None:
    assert find_attributes("is scouts window bigger than 5 million") == ["context_window"]
    assert find_attributes("when is the release window for behemoth") == ["release_date"]
    assert find_attributes("whats the launch window for behemoth") == ["release_date"]


@pytest.mark.parametrize(
    ("question", "quoted"),
    [
        ("which models does maverick lag on real-world coding?", "lagged Claude Sonnet and GPT-4o"),
        ("which models does maverick outperform on humaneval?", "outperforms GPT-4o"),
    ],
)
def test_which_models_is_answered_by_a_sentence_naming_models(engine: Engine, question: str, quoted: str) -> None:
    assert quoted in _first_line(engine.answer(question))  # only "who" asks for a person


def test_a_size_word_calls_a_llama_4_model_only_before_llama_4(engine: Engine) -> None:
    for question in ["how many parameters does the largest llama 3 have?", "how big is the smallest llama 5?"]:
        assert not any(s.startswith("Llama 4 ") for s in engine.read(question).query.subjects)
    assert engine.read("how many experts does the biggest llama have").query.subjects == ("Llama 4 Behemoth",)
    assert engine.read("is maverick a small model next to llama 3?").query.subjects == ("Llama 4 Maverick",)


def test_the_words_that_call_a_model_are_set_aside_where_they_stand_only(engine: Engine) -> None:
    reading = engine.read("is the bigger open llama 4 open source?")  # the second "open" is asked
    assert engine.index.vocabulary["open"] in reading.ask.terms
    answer = engine.answer("the small llama 4's hellaswag score?")
    assert _first_line(answer).startswith("My sources don't state Llama 4 Scout's hellaswag score.")


def test_words_quoted_for_emphasis_name_no_source(engine: Engine) -> None:
    assert engine.read("what's the 'war' about?").sources == frozenset()  # no piece spoken of
    assert not engine.answer("what's the 'war' about?").abstained


def test_a_preamble_naming_a_model_the_articles_never_mention_is_not_dropped(engine: Engine) -> None:
    answer = engine.answer("I'm asking about Mistral Large. what is its context window?")
    assert answer.abstained and _first_line(answer).startswith("My sources don't cover Mistral Large. They")
    retried = engine.answer("Dr. Who fan here, new to this. what is codistillation?")  # "Dr." ends no sentence
    assert "codistillation" in _first_line(retried) and not retried.abstained
    assert retried.question.startswith("Dr. Who fan here")  # the whole message is what was asked


def test_a_preamble_holding_what_a_choice_is_between_is_not_dropped(engine: Engine) -> None:
    for message in ("css: flexbox or grid, which is better?", "vim or emacs: which is better?"):
        assert engine.answer(message).abstained, message  # the choice is between what the preamble names
    # a choice between the models the preamble names is still theirs
    kept = engine.answer("scout or maverick: which one is better for coding?")
    assert not kept.abstained and "Maverick" in _first_line(kept)
    # a use case before the question names no options: it is chat, and the question alone is answered
    laptop = engine.answer("i'm a student with just a laptop. which llama 4 should i use?")
    assert not laptop.abstained


def test_that_or_this_in_a_later_part_is_no_model_of_the_part_before(engine: Engine) -> None:
    answer = engine.answer("how big is scout, and is it true that maverick is faster than gpt-4o?")
    assert "Llama 4 Maverick vs GPT-4o" in answer.text and "Llama 4 Scout vs" not in answer.text
    sized = engine.answer("how much does the 109b one cost on groq, and is it faster than maverick?")
    assert "143 tokens/second (Llama 4 Scout) vs 109 tokens/second (Llama 4 Maverick)" in render_plain(sized)


def test_an_elliptical_question_after_a_premise_asks_the_premises_thing_of_its_own_model(engine: Engine) -> None:
    answer = engine.answer("maverick has 128 experts but how many does scout have?")
    assert _first_line(answer).startswith("Llama 4 Scout — Experts: 16")


@pytest.mark.parametrize(
    ("sentence", "denied"),
    [
        ("The model that earned 1417 ELO was not the model users were running.", True),
        ("Its 1417 score was no fluke.", False),
        ("1417 ELO was not matched by any open model.", False),
        ("The 109B model is not small.", False),
    ],
)
def test_a_denial_is_the_value_then_was_not_the(sentence: str, denied: bool) -> None:
    value = "1417" if "1417" in sentence else "109B"
    assert denies(sentence, value) is denied


def test_line_alone_asks_for_no_gist(engine: Engine) -> None:
    lead = _first_line(engine.answer("what models are in the llama 4 line?"))
    assert lead.startswith("The sources name three Llama 4 models")  # the line-up, not a closing verdict


def test_mixture_of_experts_names_the_architecture_not_the_expert_count(engine: Engine) -> None:
    assert find_attributes("how does mixture of experts work in scout") == []
    assert find_attributes("how many experts does scout have") == ["experts"]
    answer = engine.answer("eli5 the mixture of experts thing in llama 4")  # an explanation, not a count
    assert engine.read("eli5 the mixture of experts thing in llama 4").form.form is Form.EXPLAIN
    assert "only a fraction" in render_plain(answer, with_citations=False)


@pytest.mark.parametrize("question", ["how many tokens per sec does scout put out", "scout tokens/sec?"])
def test_tokens_per_sec_is_the_output_speed(engine: Engine, question: str) -> None:
    assert _first_line(engine.answer(question)) == "Llama 4 Scout — Output speed: 143 tokens/second [1]."


def test_a_byline_answers_only_questions_about_its_own_source(engine: Engine) -> None:
    shown = render_plain(engine.answer("how reliable is llama 4 for agent stuff"), with_citations=False)
    assert "autonomous AI agent" not in shown  # ChatForest's byline holds "agent"; it says nothing of Llama 4
    shown = render_plain(engine.answer("is the gap between closed and open ai shrinking"), with_citations=False)
    assert "AI Valuations Dashboard" not in shown  # the newsletter's sign-off
    assert "written by Grove" in _first_line(engine.answer("who wrote the chatforest review"))  # asked of it


@pytest.mark.parametrize(
    ("question", "stated"),
    [("can llama 4 read charts", "ChartQA"), ("is maverick any good at invoices and scanned pdfs", "documents")],
)
def test_charts_and_invoices_are_what_chartqa_and_docvqa_test(engine: Engine, question: str, stated: str) -> None:
    answer = engine.answer(question)
    assert not answer.abstained and stated in render_plain(answer, with_citations=False)


def test_a_refusal_names_no_attribute_the_sources_state(engine: Engine) -> None:
    answer = engine.answer("how many gpus were in the cluster that trained llama 4")
    assert answer.abstained and _first_line(answer).startswith("My sources don't state Llama 4's gpus.")
    answer = engine.answer("how much did it cost meta to train llama 4 in dollars")  # prices are stated: no "price"
    assert answer.abstained and "price" not in _first_line(answer)
    answer = engine.answer("how many times has llama 4 been downloaded from hugging face so far")
    assert _first_line(answer).startswith("My sources don't state that about Llama 4 or Hugging Face.")  # no clause


def test_is_it_any_good_at_a_benchmarked_skill_gets_the_sources_verdict_then_the_scores(engine: Engine) -> None:
    answer = engine.answer("is maverick any good for coding")
    shown = render_plain(answer, with_citations=False)
    assert not _first_line(answer).startswith("Llama 4 Maverick —")  # a sentence of the sources leads
    assert "coding" in _first_line(answer).lower()
    assert shown.index("coding") < shown.index("Llama 4 Maverick — LiveCodeBench: 43.4")  # ... the scores after
    assert _first_line(engine.answer("maverick's livecodebench score")).startswith("Llama 4 Maverick — LiveCodeBench")


def test_chat_openers_before_what_happened_still_ask_for_the_story(engine: Engine) -> None:
    answer = engine.answer("wait what happened with the lmarena thing and maverick")
    assert not _first_line(answer).startswith("Llama 4 Maverick — LMArena ELO")  # the story, not the figure
    assert "experimental chat version" in render_plain(answer, with_citations=False)


def test_a_sentence_on_one_of_the_familys_models_weighs_the_family_against_a_peer(engine: Engine) -> None:
    answer = engine.answer("how much can we save self hosting llama 4 vs paying for gpt-4o api")
    shown = render_plain(answer, with_citations=False)
    assert "GPT-4o’s pricing ($2.50/$10) is roughly 15× more expensive via API than Maverick" in shown
    assert shown.index("15× more expensive") < shown.index("every value cited")  # the sources' words first


def test_min_grades_the_value_and_names_no_other_things_hardware(engine: Engine) -> None:
    assert _first_line(engine.answer("min hardware to self host maverick")).startswith(
        "Llama 4 Maverick — Deployment hardware"
    )
    assert engine.answer("scout motors new suv price?").abstained  # "suv price" is another thing's price


def test_when_joining_a_clause_asks_no_date(engine: Engine) -> None:
    answer = engine.answer("as a buyer, how do open weights help when haggling with openai")
    assert "negotiation power" in render_plain(answer, with_citations=False)


def test_one_in_which_one_fits_names_no_label(engine: Engine) -> None:
    answer = engine.answer("which one fits on a single gpu, scout or maverick?")  # no "Fits on one H100" only
    assert answer.table is not None and len(answer.table.rows) == 2


def test_a_denial_follows_a_value_asked_not_a_table_of_every_row(engine: Engine) -> None:
    assert "But ChatForest says" not in engine.answer("compare behemoth and maverick").text
    assert "But ChatForest says" in engine.answer("compare maverick and gpt-4o on lmarena").text


def test_a_versioned_name_is_met_only_where_its_version_follows_it(engine: Engine) -> None:
    # "Meta released Llama 4 ... April 5" holds "llama" and "5" but names no Llama 5
    answer = engine.answer("when is llama 5 supposed to be released")  # no sentence dates Llama 5: none answers
    assert answer.abstained and "Llama 5" in answer.text
    assert not any("April 5" in c.quote for c in answer.citations)
    answer = engine.answer("what did llama 3 use for multimodality")
    assert "Llama 3" in answer.citations[0].quote  # the version as written still meets it


def test_vid_is_shorthand_for_video(engine: Engine) -> None:
    answer = engine.answer("can scout take vids as input")
    assert not answer.abstained
    assert "video tokens" in answer.citations[0].quote


@pytest.mark.parametrize(
    ("question", "verdict"),
    [
        ("does scout have a longer context than maverick?", "Yes"),
        ("maverick has a longer context window than scout, right?", "No"),
        ("scout was trained on fewer tokens than maverick, correct?", "No"),  # 40T against 22T
        ("does maverick score higher than scout on mmlu pro", "Yes"),
        ("is maverick more expensive than scout?", "Yes"),
    ],
)
def test_a_yes_no_comparison_of_two_models_is_settled_by_their_figures(
    engine: Engine, question: str, verdict: str
) -> None:
    answer = engine.answer(question)
    assert answer.text.startswith(f"{verdict} — "), answer.text[:120]


def test_a_comparison_with_a_figure_or_a_judgement_gets_no_verdict_from_the_direction_alone(engine: Engine) -> None:
    assert not engine.answer("is maverick more than 3x bigger than scout").text.startswith(("Yes", "No"))
    assert not engine.answer("is scout more capable than maverick?").text.startswith(("Yes", "No"))


@pytest.mark.parametrize(
    ("message", "written"),
    [
        ("mau cap for llama four", "mau cap for llama 4"),  # a version spelled out
        ("experts in all three llama 4s", "experts in all three llama 4"),  # the plural of its models
        ("llama-four scout", "llama-4 scout"),
        ("gpt-4o and GPT-4.1", "gpt-4o and GPT-4.1"),  # written as the articles write it: unchanged
        ("a llama, two goats", "a llama, two goats"),  # no version: a comma between
        ("llamas", "llamas"),
    ],
)
def test_a_model_familys_version_is_written_as_the_articles_write_it(
    engine: Engine, message: str, written: str
) -> None:
    assert engine.names.with_versions_written(message) == written


def test_a_version_spelled_out_or_in_the_plural_names_the_model(engine: Engine) -> None:
    answer = engine.answer("what's the monthly user cap in the license for llama four")
    assert not answer.abstained and "700" in answer.text.splitlines()[0]
    answer = engine.answer("number of experts in all three llama 4 models")
    assert [line.split(" — ")[0] for line in answer.text.splitlines()] == [
        "Llama 4 Scout",
        "Llama 4 Maverick",
        "Llama 4 Behemoth",
    ]


def test_a_word_before_a_versioned_model_name_names_no_other_product(engine: Engine) -> None:
    # "a 2024 ford maverick" is another maker's product; "whoa llama4 ..." is the model with its version
    answer = engine.answer("whoa llama4 was trained on instagram posts??")
    assert not answer.abstained
    assert "Instagram" in answer.citations[0].quote


def test_a_misspelt_word_the_lexicon_knows_is_searched_as_the_lexicon_spells_it(engine: Engine) -> None:
    # "lisence" is one slip from the lexicon's "licence" but two from "license": the index alone finds neither
    assert lexicon_spellings(["the", "lisence", "of", "mavrick"]) == {1: "licence", 3: "maverick"}
    assert lexicon_spellings(["the", "license"]) == {}
    searched = engine.reader.read("wht is the built wit llama thing in the lisence").ask.terms
    licence = engine.index.resolve(stem("licence"), "licence")
    assert licence is not None and searched.get(licence) == 1.0


def test_a_benchmark_asked_is_not_led_by_the_sentence_of_another_benchmarks_figure(engine: Engine) -> None:
    # "reported" is in the sentence that reports Maverick's LMArena ELO, a fact of another attribute
    answer = engine.answer("what MMLU score did meta report for maverick")
    assert answer.text.startswith("Sources disagree on Llama 4 Maverick's MMLU")
    assert "1417" not in answer.text


def test_asking_whether_the_sources_agree_stays_with_the_question_before_it(engine: Engine) -> None:
    assert split_parts("maverick's MMLU score, and do the sources agree?") == [
        "maverick's MMLU score, and do the sources agree?"
    ]
    assert len(split_parts("what is scout's context, and does maverick have more")) == 2
    answer = engine.answer("what MMLU does maverick get, and do the articles agree")
    assert answer.text.startswith("Sources disagree on Llama 4 Maverick's MMLU")
    assert "don't" not in answer.text


def test_a_claim_that_a_model_beat_a_rival_shows_the_source_naming_other_rivals(engine: Engine) -> None:
    # one source: Behemoth "matches or exceeds GPT-5"; two others: it beat GPT-4.5, Claude Sonnet 3.7, Gemini 2.0 Pro
    answer = engine.answer("did behemoth really beat gpt-5")
    assert answer.text.startswith("Sources differ:")
    assert "GPT-5" in answer.text and "GPT-4.5" in answer.text
    assert answer.disagreement
    agreed = engine.answer("did behemoth beat gpt-4.5?")  # what two sources say, with none naming GPT-5 instead
    assert not agreed.text.startswith("Sources differ") and "GPT-4.5" in agreed.text.splitlines()[0]


@pytest.mark.parametrize(
    ("question", "attributes"),
    [
        ("what is codistillation in the llama 4 context", []),  # the idiom
        ("who is lecun in the context of metas ai work", []),
        ("how much fits in the context", None),  # still the window (with the hardware it may run on)
        ("in scouts context how many tokens", ["context_window"]),
        ("scout context", ["context_window"]),
    ],
)
def test_in_the_context_of_is_no_context_window(question: str, attributes: list[str] | None) -> None:
    found = find_attributes(question, fuzzy=True)
    assert ("context_window" in found) if attributes is None else found == attributes


def test_a_question_in_the_context_of_a_model_is_answered_about_its_topic(engine: Engine) -> None:
    answer = engine.answer("what does codistillation mean in the llama 4 context")
    assert "codistillation" in answer.citations[0].quote
    assert "context window" not in answer.text.splitlines()[0].lower()


@pytest.mark.parametrize(
    ("message", "question"),
    [
        ("wait what happened with the lmarena thing", "what happened with the lmarena thing"),
        ("hmm, why did meta do it", "why did meta do it"),
        ("what is scout", None),  # opens with its question
        ("is it true what they say", None),
        ("lol what", None),  # nothing after the question word
    ],
)
def test_the_question_after_a_word_or_two_of_chat(message: str, question: str | None) -> None:
    assert question_after_interjection(message) == question


def test_a_question_refused_with_a_word_of_chat_before_it_is_read_alone(engine: Engine) -> None:
    answer = engine.answer("hold up what happened with that lmarena thing")
    assert not answer.abstained and "LMArena" in answer.text


def test_that_compared_in_a_later_part_is_the_value_the_part_before_asked(engine: Engine) -> None:
    answer = engine.answer("one more: what mmlu does scout get, and is that better than gpt-4o?")
    lines = answer.text.splitlines()
    assert lines[0].startswith("Llama 4 Scout — MMLU: 79.6")
    assert lines[1] == "By the sources' figures, GPT-4o has higher scores on MMLU (87.2 vs 79.6)."


def test_a_photo_is_an_image(engine: Engine) -> None:
    answer = engine.answer("we want to create product photos for the store, can llama 4 do that")
    assert "cannot generate" in answer.citations[0].quote


def test_a_contract_is_legal_work(engine: Engine) -> None:
    answer = engine.answer("which llama 4 would you use to go through very long contracts")
    assert not answer.abstained
    assert any("legal" in c.quote for c in answer.citations)


def test_the_rules_of_this_round_leave_their_look_alikes_alone(engine: Engine) -> None:
    # chat naming another maker's model is what the question is about: not dropped
    assert engine.answer("gemini what is the context window").abstained
    # the direction word before "than", not a word that calls a model; a ratio or a qualified claim: no verdict
    assert engine.answer("does the bigger released llama 4 have more experts than scout?").text.startswith("Yes — ")
    assert not engine.answer("does maverick have ten times more experts than scout?").text.startswith(("Yes", "No"))
    qualified = engine.answer("does scout have a longer effective context than maverick in practice on retrieval tests?")
    assert not qualified.text.startswith(("Yes", "No"))
    # "the context of maverick" is its window; "in the llama 4 scout context", Scout's
    assert "context_window" in find_attributes("how many pages fit in the context of maverick", fuzzy=True)
    assert "context_window" in find_attributes("what is the max length in the llama 4 scout context", fuzzy=True)
    # "do they match gpt-4o?" asks its own question
    assert len(split_parts("what are scout's benchmarks, and do they match gpt-4o?")) == 2
    # a number word is a version only of a name the articles use, and never before "times"
    assert engine.names.with_versions_written("gemini two vs maverick") == "gemini two vs maverick"
    assert engine.names.with_versions_written("is llama four times cheaper") == "is llama four times cheaper"
    # a claim about Behemoth led by Maverick's LMArena row is no disagreement about Behemoth
    assert not engine.answer("did behemoth beat gpt-4o?").text.startswith("Sources differ")
    # "all 3 sources" counts sources, not the family's models
    assert not engine.answer("do all 3 sources agree on scout's context window").text.startswith("No")
