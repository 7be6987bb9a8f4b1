"""The engine answers with facts, tables or snippets, cites verbatim, flags disagreements and abstains."""

from __future__ import annotations

import pytest

from bot.answering.engine import Engine
from bot.knowledge.base import Knowledge
from bot.models import Answer, AnswerKind, Turn


def _quotes_are_verbatim(answer, knowledge: Knowledge) -> None:
    texts = {a.id: a.text for a in knowledge.articles}
    for citation in answer.citations:
        assert citation.quote in texts[citation.source], citation
        assert citation.title == knowledge.article(citation.source).display_name


def test_a_fact_question_gets_the_fact_first_with_every_source(engine: Engine, knowledge: Knowledge) -> None:
    answer = engine.answer("What is Scout's context window?")
    assert answer.kind is AnswerKind.FACT
    assert answer.text.startswith("Llama 4 Scout")
    assert "10 million tokens" in answer.text.splitlines()[0]
    assert {c.source for c in answer.citations} >= {"chatforest-llama4-review", "valueaddvc-llama4-release"}
    assert not answer.disagreement
    _quotes_are_verbatim(answer, knowledge)


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        ("mavrick contxt length", "1 million tokens"),
        ("what is scot's context size", "10 million"),
        ("maverik paramters", "400"),
        ("MAVERICK... PARAMS???", "400"),
        ("how much does maverick cost on openrouter", "$0.60"),
        ("maverick pricing on openrouter", "$0.15"),
        ("What's the price of Scout on Groq?", "$0.11"),
    ],
)
def test_typos_case_punctuation_and_synonyms_are_tolerated(engine: Engine, question: str, expected: str) -> None:
    answer = engine.answer(question)
    assert answer.kind is AnswerKind.FACT, answer.text
    assert expected in answer.text


def test_a_provider_narrows_a_price_answer(engine: Engine) -> None:
    answer = engine.answer("How much is Maverick on Amazon Bedrock?")
    assert "$0.24" in answer.text and "Amazon Bedrock" in answer.text
    assert "DeepInfra" not in answer.text


def test_disagreeing_sources_are_both_cited(engine: Engine, knowledge: Knowledge) -> None:
    answer = engine.answer("What did Maverick score on MATH?")
    assert answer.disagreement
    assert answer.text.startswith("Sources disagree")
    assert "61.2" in answer.text and "93.2%" in answer.text
    assert {c.source for c in answer.citations} == {"chatforest-llama4-review", "valueaddvc-llama4-release"}
    _quotes_are_verbatim(answer, knowledge)


def test_the_single_h100_question_shows_both_sides(engine: Engine) -> None:
    answer = engine.answer("Does Scout fit on a single H100?")
    assert answer.disagreement
    assert "full precision" in answer.text and "INT4" in answer.text


def test_a_comparison_is_a_cited_table(engine: Engine, knowledge: Knowledge) -> None:
    answer = engine.answer("Compare Scout and Maverick")
    assert answer.kind is AnswerKind.COMPARISON
    assert answer.table is not None
    assert answer.table.columns == ("Llama 4 Scout", "Llama 4 Maverick")
    rows = {row.label: row for row in answer.table.rows}
    assert rows["Total parameters"].cells[0].value.startswith("109")
    assert "400" in rows["Total parameters"].cells[1].value
    for row in answer.table.rows:
        for cell in row.cells:
            assert cell.value == "—" or cell.citations, (row.label, cell)
            assert all(1 <= n <= len(answer.citations) for n in cell.citations)
    assert rows["MATH"].cells[1].value.startswith("⚠")
    _quotes_are_verbatim(answer, knowledge)


def test_a_comparison_on_one_benchmark_has_that_row_only(engine: Engine) -> None:
    answer = engine.answer("Compare Maverick and GPT-4o on MMLU Pro")
    assert answer.table is not None
    assert [r.label for r in answer.table.rows] == ["MMLU Pro"]
    assert [c.value for c in answer.table.rows[0].cells] == ["80.5%", "74.4%"]


def test_explanations_come_as_cited_snippets(engine: Engine, knowledge: Knowledge) -> None:
    answer = engine.answer("What is iRoPE?")
    assert answer.kind is AnswerKind.SNIPPETS
    assert "NoPE" in answer.text
    assert answer.citations
    _quotes_are_verbatim(answer, knowledge)


def test_family_wide_questions_are_answered_for_llama_4(engine: Engine) -> None:
    answer = engine.answer("What are the license restrictions?")
    assert answer.kind is AnswerKind.FACT
    assert "700 million monthly active users" in answer.text


@pytest.mark.parametrize(
    "question",
    [
        "Who won the 2018 world cup?",
        "What's the best pizza in Naples?",
        "How do I reset my router?",
        "What's the speed of light?",
        "When does the next train to Boston leave?",
        "What is GPT-5's context window?",
        "What is Mistral Large's license?",
        "lorem ipsum dolor",
    ],
)
def test_off_topic_questions_are_declined_helpfully(engine: Engine, question: str) -> None:
    answer = engine.answer(question)
    assert answer.kind is AnswerKind.ABSTAINED, answer.text
    assert answer.abstained
    assert not answer.citations
    assert "/specs" in answer.text


def test_an_unknown_model_is_named_in_the_refusal(engine: Engine) -> None:
    answer = engine.answer("What is GPT-5's context window?")
    assert "GPT-5" in answer.text


@pytest.mark.parametrize(
    ("first", "follow_up", "expected", "unexpected"),
    [
        ("What is Scout's context window?", "and Maverick?", "1 million tokens", "10 million"),
        ("What is Scout's context window?", "how much does it cost on Groq?", "$0.11", "10 million"),
        ("How fast is Maverick?", "what about scout", "143", "109"),
    ],
)
def test_follow_ups_resolve_against_the_previous_turn(
    engine: Engine, first: str, follow_up: str, expected: str, unexpected: str
) -> None:
    previous = engine.answer(first).turn
    assert previous is not None
    answer = engine.answer(follow_up, previous)
    assert expected in answer.text
    assert unexpected not in answer.text


def test_a_follow_up_without_a_previous_turn_does_not_guess(engine: Engine) -> None:
    assert engine.answer("and Maverick?").kind is AnswerKind.SPECS
    answer = engine.answer("how much does it cost on Groq?")
    assert answer.kind is not AnswerKind.FACT, "no model was named, so no price is picked"


def test_a_new_full_question_ignores_the_previous_turn(engine: Engine) -> None:
    previous = Turn(question="q", subjects=("Llama 4 Scout",), attribute="context_window")
    answer = engine.answer("How many experts does Maverick have?", previous)
    assert "128" in answer.text and "10 million" not in answer.text


BAD_INPUTS = [
    "",
    "   \t\n  ",
    "\x00\x01\x02\x1b[31m",
    "What is Sc\u200bout's con\u200dtext win\u2060dow?",
    "\u202ewhat is scout's context window\u202c",
    "🦙🦙🦙 scout context window? 🚀",
    "what is \ud800 scout's context window",
    "x" * 100_000,
    "scout " * 20_000,
    "<@123> @everyone <!channel> **bold** `code` [link](http://x)",
    "%s %d {0} {question} \\N{BULLET}",
    "\ufeff\ufeff",
    "Ｓｃｏｕｔ　ｃｏｎｔｅｘｔ　ｗｉｎｄｏｗ",
]


@pytest.mark.parametrize("question", BAD_INPUTS, ids=range(len(BAD_INPUTS)))
def test_bad_input_gets_a_polite_answer_never_an_exception(engine: Engine, question: str) -> None:
    answer = engine.answer(question)
    assert answer.text.strip()
    assert len(answer.question) <= 2000
    answer.model_dump_json()  # serialisable: no lone surrogates leak out


def test_invisible_characters_inside_words_do_not_hide_them(engine: Engine) -> None:
    answer = engine.answer("What is Sc\u200bout's con\u200dtext win\u2060dow?")
    assert "10 million" in answer.text
    wide = engine.answer("Ｓｃｏｕｔ　ｃｏｎｔｅｘｔ　ｗｉｎｄｏｗ")
    assert "10 million" in wide.text


def test_empty_questions_are_asked_to_ask(engine: Engine) -> None:
    answer = engine.answer("   ")
    assert answer.abstained
    assert "Please ask" in answer.text


def test_an_over_long_question_is_cut_and_says_so(engine: Engine) -> None:
    answer = engine.answer("What is Scout's context window? " + "padding " * 5000)
    assert any("2000 characters" in line for line in answer.evidence)


def test_specs_is_a_cited_single_column_table(engine: Engine) -> None:
    answer = engine.sheets.specs("behemth")
    assert answer.kind is AnswerKind.SPECS
    assert answer.table is not None and answer.table.columns == ("Llama 4 Behemoth",)
    labels = [r.label for r in answer.table.rows]
    assert "Active parameters" in labels and "Experts" in labels
    assert "Release date" not in labels, "Behemoth was not released with the family"


def test_specs_of_an_unknown_model_lists_the_known_ones(engine: Engine) -> None:
    answer = engine.sheets.specs("gpt-7")
    assert answer.abstained
    assert "Llama 4 Scout" in answer.text


def test_compare_needs_two_models(engine: Engine) -> None:
    assert engine.sheets.compare_text("scout").abstained
    answer = engine.sheets.compare(["scout", "maverick", "behemoth"])
    assert answer.table is not None and len(answer.table.columns) == 3


def test_sources_lists_every_article(engine: Engine, knowledge: Knowledge) -> None:
    answer = engine.sources()
    assert answer.kind is AnswerKind.INFO
    for article in knowledge.articles:
        assert article.display_name in answer.text


@pytest.mark.parametrize(
    ("typed", "first"),
    [("", "Llama 4 Scout"), ("mav", "Llama 4 Maverick"), ("behe", "Llama 4 Behemoth"), ("mavrick", "Llama 4 Maverick"),
     ("gpt", "GPT-4o"), ("deep", "DeepSeek V3")],
)  # fmt: skip
def test_model_autocomplete_is_fuzzy_and_bounded(engine: Engine, typed: str, first: str) -> None:
    choices = engine.sheets.complete_model(typed)
    assert choices[0] == first
    assert len(engine.sheets.complete_model("", limit=2)) == 2
    assert engine.sheets.complete_model("zzzz") == []


def test_words_beyond_model_and_attribute_get_the_sentence_that_has_them(engine: Engine) -> None:
    answer = engine.answer("Was Llama 4 trained on Facebook posts?")
    assert answer.kind is AnswerKind.SNIPPETS
    assert "Facebook posts" in answer.text.splitlines()[0]
    plain = engine.answer("How many tokens was Scout trained on?")
    assert plain.kind is AnswerKind.FACT and "40 trillion" in plain.text


def test_a_comparative_question_is_a_table_of_that_attribute(engine: Engine) -> None:
    answer = engine.answer("Which is cheaper, Scout or Maverick?")
    assert answer.kind is AnswerKind.COMPARISON and answer.table is not None
    assert all("price" in row.label for row in answer.table.rows)
    faster = engine.answer("Which is faster, Scout or Maverick?")
    assert faster.table is not None
    assert [c.value for c in faster.table.rows[0].cells] == ["143 tokens/second", "109 tokens/second"]


def test_common_leftover_words_do_not_replace_a_correct_fact(engine: Engine) -> None:
    answer = engine.answer("What is Maverick's price per token?")
    assert answer.kind is AnswerKind.FACT
    assert "$0.15 input, $0.60 output" in answer.text
    assert "$0.00" not in answer.text


def test_a_model_and_attribute_the_sources_do_not_pair_is_not_guessed(engine: Engine) -> None:
    answer = engine.answer("What is Behemoth's MMLU?")
    assert answer.abstained
    assert "don't state" in answer.text
    assert "79.6" not in answer.text and "85.5" not in answer.text


def test_behemoth_does_not_inherit_the_family_release_date(engine: Engine) -> None:
    answer = engine.answer("When was Behemoth released?")
    assert "April 5, 2025" not in answer.text.splitlines()[0]
    assert "training" in answer.text


def test_behemoths_status_and_role_show_each_sources_account(engine: Engine) -> None:
    # its status: still in training (two sources) and its release timeline not committed; how Meta positioned it
    # (a teacher, and a standalone model too, in one source's words) is its role, not its status
    status = engine.answer("behemoth status").text.splitlines()[0]
    assert status.startswith("Llama 4 Behemoth — Status: still training") and "Not committed" in status
    assert "standalone" not in status
    role = engine.answer("what is behemoth's role").text.splitlines()[0]
    assert role.startswith("Llama 4 Behemoth — Role:") and "available as a standalone frontier model" in role


def test_the_family_release_date_comes_with_the_status_of_a_model_still_in_training(engine: Engine) -> None:
    lines = engine.answer("When was Llama 4 released?").text.splitlines()
    assert lines[0].startswith("Llama 4 — Release date: April 5, 2025")
    assert lines[1].startswith("Llama 4 Behemoth — Status:") and "still training" in lines[1] and len(lines) == 2
    # a claim that every model came out is wrong while one is in training; the date alone is right
    assert engine.answer("were all three llama 4 models released?").text.startswith("No — Llama 4 — Release date")
    assert engine.answer("llama 4 came out in april 2025 and all 3 models were released, correct?").text.startswith(
        "No — "
    )
    assert engine.answer("did llama 4 come out in april 2025?").text.startswith("Yes — Llama 4 — Release date")
    each = engine.answer("llama 4 came out april 2025 and each one was released, correct?")
    assert each.text.startswith("No — Llama 4 — Release date")
    # a question that asks more than the date keeps its evidence first, with no status line under it
    later = engine.answer("Which OpenAI release was expected the week after Llama 4 launched?")
    assert "Behemoth — Status" not in later.text
    # "all", "every" or the family's count must count its models: not "every article", not "3 people"
    for said in (
        "did llama 4 come out in april 2025 like every article says?",
        "was llama 4 released in april 2025? we are 3 people",
    ):
        assert engine.answer(said).text.startswith("Yes — Llama 4 — Release date"), said


def test_follow_ups_keep_every_attribute_and_the_provider(engine: Engine) -> None:
    size = engine.answer("How big is Scout?")
    both = engine.answer("and Maverick?", size.turn)
    assert "Total parameters" in both.text and "Active parameters" in both.text
    price = engine.answer("Maverick cost on OpenRouter?")
    scout = engine.answer("and scout?", price.turn)
    assert "$0.08 input, $0.30 output" in scout.text and "Groq" not in scout.text


def test_a_new_question_after_a_fact_is_not_taken_as_a_follow_up(engine: Engine) -> None:
    size = engine.answer("How big is Scout?")
    assert engine.answer("What is Behemoth?", size.turn).kind is AnswerKind.SPECS


def test_a_follow_up_after_a_comparison_adds_a_column(engine: Engine) -> None:
    table = engine.answer("compare scout and maverick")
    wider = engine.answer("and behemoth?", table.turn)
    assert wider.table is not None
    assert wider.table.columns == ("Llama 4 Scout", "Llama 4 Maverick", "Llama 4 Behemoth")


def test_which_one_after_one_model_then_another_chooses_between_both(engine: Engine) -> None:
    scout = engine.answer("How big is Scout?")
    maverick = engine.answer("and Maverick?", scout.turn)
    assert maverick.turn is not None and maverick.turn.subjects == ("Llama 4 Maverick",)
    assert maverick.turn.models_in_view() == ("Llama 4 Scout", "Llama 4 Maverick")
    fits = engine.answer("which one fits on one h100", maverick.turn)
    assert fits.table is not None and fits.table.columns == ("Llama 4 Scout", "Llama 4 Maverick")
    assert "single" in fits.text.splitlines()[0] and "H100" in fits.text.splitlines()[0]  # the sources' verdict
    cheaper = engine.answer("which is cheaper?", maverick.turn)
    assert cheaper.text.startswith("Llama 4 Scout is cheaper")


def test_the_models_named_in_a_conversation_stay_in_view_the_latest_three(engine: Engine) -> None:
    both = engine.answer("what's the difference between scout and maverick")
    bigger = engine.answer("why is maverick so much bigger if both are 17b active?", both.turn)
    assert bigger.turn is not None and bigger.turn.models_in_view() == ("Llama 4 Scout", "Llama 4 Maverick")
    fits = engine.answer("which one fits on one h100", bigger.turn)
    assert fits.text.startswith("Scout, with its 109B total parameters and H100 single-GPU footprint")
    behemoth = engine.answer("How many experts does Behemoth have?", bigger.turn)
    deepseek = engine.answer("what license does deepseek v3 use?", behemoth.turn)
    expected = ("Llama 4 Maverick", "Llama 4 Behemoth", "DeepSeek V3")
    assert deepseek.turn is not None and deepseek.turn.models_in_view() == expected
    assert Turn(question="q", subjects=("Llama 4 Scout",)).models_in_view() == ("Llama 4 Scout",)  # stored before


def _conversation(engine: Engine, *turns: str) -> Answer:
    """The last turn's answer, each turn read against the turn before as the bot keeps it (a refusal keeps the
    conversation where it was)."""
    previous: Turn | None = None
    answer = None
    for said in turns:
        answer = engine.answer(said, previous)
        previous = answer.turn or previous
    assert answer is not None
    return answer


def test_it_after_a_turn_about_something_else_is_that_thing_not_the_last_model(engine: Engine) -> None:
    assert (
        "founded in 2013" in _conversation(engine, "how big is maverick", "what is FAIR?", "when was it founded?").text
    )


@pytest.mark.parametrize(
    ("turns", "expected"),
    [
        (("how big is scout", "what are its weaknesses?"), "The limitations are real"),
        (("how big is scout", "can i use it commercially?"), "Commercial use is permitted"),
        (("how big is scout", "and maverick?", "is the license better than llama 3's?"), "Llama 3"),
        (("how big is scout", "I mean, is maverick any good?"), "genuine achievements"),  # chat, no correction
    ],
)
def test_a_follow_up_rule_does_not_fire_on_a_question_of_its_own(
    engine: Engine, turns: tuple[str, ...], expected: str
) -> None:
    answer = _conversation(engine, *turns)
    assert expected in answer.text.splitlines()[0], answer.text[:300]
    assert answer.table is None or "Total parameters" not in [r.label for r in answer.table.rows]


def test_which_one_on_a_figure_after_both_models_is_settled_by_the_figures(engine: Engine) -> None:
    answer = _conversation(
        engine, "how much is maverick on openrouter", "and scout?", "which one is cheaper on openrouter"
    )
    lines = answer.text.splitlines()
    assert lines[0].startswith("Llama 4 Scout is cheaper by the sources' figures") and answer.table is not None
    assert lines[1].startswith("Llama 4 Maverick vs Llama 4 Scout")  # the table next, no sentences on speed


def test_a_follow_up_after_chat_words_keeps_the_attribute_and_the_provider(engine: Engine) -> None:
    answer = _conversation(engine, "what does scout cost on groq", "what about on bedrock", "hmm and maverick there?")
    assert answer.text.startswith("Llama 4 Maverick — Price per 1M tokens (Amazon Bedrock)")


def test_a_how_question_on_it_stays_on_the_last_turns_topic(engine: Engine) -> None:
    how = _conversation(engine, "how long is scout's context window", "how do they even get it that long")
    assert how.turn is not None and how.turn.all_attributes() == ("context_window",)
    maverick = engine.answer("and maverick?", how.turn)
    assert maverick.text.startswith("Llama 4 Maverick — Context window: 1 million tokens")


def test_and_another_model_after_a_question_of_no_attribute_asks_that_question_of_it(engine: Engine) -> None:
    opinion = engine.answer("what do people think of scout")
    again = engine.answer("and maverick?", opinion.turn)
    assert again.kind is not AnswerKind.SPECS and again.question == "and maverick?"  # not the 27-row sheet
    assert "Maverick" in again.text.splitlines()[0]
    assert engine.answer("and maverick?").kind is AnswerKind.SPECS  # no conversation: the model's sheet


def test_which_with_a_thing_of_its_own_is_no_choice_between_the_models_in_view(engine: Engine) -> None:
    answer = _conversation(engine, "how big is scout", "and maverick?", "which providers offer it?")
    assert answer.table is None  # not a size table of Scout and Maverick


def test_a_choice_leads_with_a_sentence_on_one_model_when_the_one_on_both_holds_only_their_names(
    engine: Engine,
) -> None:
    answer = engine.answer("scout or maverick for a rag chatbot")
    assert answer.text.startswith("Companies building in these spaces should be actively evaluating Scout-based")


def test_an_uncovered_model_in_a_comparison_is_named(engine: Engine) -> None:
    answer = engine.answer("Is Scout better than Mistral Large?")
    assert answer.abstained and "Mistral" in answer.text
    assert engine.sheets.compare_text("gpt-5 scout").abstained


def test_at_most_three_models_are_compared_and_the_rest_are_named(engine: Engine) -> None:
    answer = engine.sheets.compare_text("scout maverick behemoth gpt-4o")
    assert answer.table is not None and len(answer.table.columns) == 3
    assert any("left out: GPT-4o" in line for line in answer.evidence)


def test_a_provider_the_sources_do_not_price_is_said_not_skipped(engine: Engine) -> None:
    answer = engine.answer("Maverick price on Groq")
    assert answer.text.startswith("My sources give no Groq figure for Llama 4 Maverick")


def test_comparison_rows_every_model_has_come_first(engine: Engine) -> None:
    answer = engine.answer("Compare Scout and Maverick")
    assert answer.table is not None
    filled = [sum(c.value != "—" for c in row.cells) for row in answer.table.rows]
    assert filled == sorted(filled, reverse=True)


def test_look_alike_letters_are_read_as_latin(engine: Engine) -> None:
    assert "10 million" in engine.answer("S\u0441out context window").text  # Cyrillic es


@pytest.mark.parametrize(
    "question",
    [
        "How many Boy Scouts are there in America?",
        "What's the horoscope for Gemini?",
    ],
)
def test_a_model_name_used_in_another_sense_is_not_enough_to_answer(engine: Engine, question: str) -> None:
    assert engine.answer(question).abstained


@pytest.mark.parametrize(
    "question", ["gpt 4o launch", "why is gpt 4o speed?", "What is Scout's MMLU versus Maverick's?", "What is iRoPE?"]
)
def test_snippets_are_whole_sentences_long_enough_to_be_evidence(engine: Engine, question: str) -> None:
    answer = engine.answer(question)
    quotes = [c.quote for c in answer.citations]
    assert len(quotes) == len(set(quotes))
    for quote in quotes:
        assert sum(ch.isalnum() for ch in quote) >= 15, quote
