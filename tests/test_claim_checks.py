"""Claims users paste and ask about: a statement closed by "right?" or "true?", a size stated of a named model,
a price on one side. Each gets a plain Yes or No first, from the cited values.

None of these questions is in ../shared/eval/dev.jsonl or dev2.jsonl.
"""

from __future__ import annotations

import pytest

from bot.answering.engine import Engine
from bot.answering.forms import Form, closing_tag, question_after_preamble, quoted_question, shape, split_parts
from bot.answering.verdicts import date_verdict, value_verdict, without_versions
from bot.knowledge.matching import find_attributes
from bot.models import Answer
from bot.render import render_plain, shown_quote


def _first_line(answer: Answer) -> str:
    return render_plain(answer, with_citations=False).splitlines()[0]


@pytest.mark.parametrize(
    ("question", "tag"),
    [
        ("scout has 16 experts, right?", 1),
        ("scout has 16 experts right?", 1),
        ("maverick has a 1M context, correct?", 1),
        ("scout is 109b, is that right?", 3),
        ("the context is 10m, true or not?", 3),
        ("behemoth is still training - yes?", 1),
        ("Behemoth is 20 trillion parameters, I read it somewhere. Correct?", 1),
        ("our report says Scout is a 70B model. Is correct or no?", 4),
    ],
)
def test_a_statement_closed_by_a_tag_is_a_yes_no_question(question: str, tag: int) -> None:
    assert closing_tag(question) == tag
    assert shape(question).form is Form.YES_NO
    assert split_parts(question) == [question]  # the tag asks about what comes before it: one question


@pytest.mark.parametrize(
    "question",
    [
        "is that right?",  # a question of its own, no statement before it
        "what is right for a small team?",
        "two MATH numbers for maverick are floating around, which one is right?",
        "scout is the right choice for us",  # no tag: "right" ends no statement
        "that's not true",
        "scout or maverick, right?",  # a choice, still
    ],
)
def test_no_tag_is_read_where_there_is_none(question: str) -> None:
    assert closing_tag(question) == 0 or shape(question).form is not Form.YES_NO


@pytest.mark.parametrize(
    ("question", "verdict"),
    [
        ("scout has 16 experts, right?", "Yes — Llama 4 Scout — Experts: 16"),
        ("scout has 10 experts right?", "No — Llama 4 Scout — Experts: 16"),
        ("maverick has a 1M context, correct?", "Yes — Llama 4 Maverick — Context window"),
        ("scout is a 70b model, correct?", "No — Llama 4 Scout — Total parameters: 109 billion"),
        ("Behemoth is 20 trillion parameters, I read it somewhere. Correct?", "No — Llama 4 Behemoth"),
    ],
)
def test_a_tagged_claim_gets_a_verdict_first(engine: Engine, question: str, verdict: str) -> None:
    assert _first_line(engine.answer(question)).startswith(verdict)


@pytest.mark.parametrize(
    ("question", "verdict"),
    [
        ("is scout 400b parameters", "No — Llama 4 Scout — Total parameters: 109 billion"),
        ("does scout have 400b params?", "No — Llama 4 Scout — Total parameters: 109 billion"),
        ("is scout 400b?", "No — Llama 4 Scout — Total parameters: 109 billion"),
        ("is scout 109b?", "Yes — Llama 4 Scout — Total parameters: 109 billion"),
        ("is maverick a 400b model?", "Yes — Llama 4 Maverick — Total parameters"),
    ],
)
def test_a_size_stated_of_a_named_model_is_a_claim_about_it(engine: Engine, question: str, verdict: str) -> None:
    """ "400b" calls Maverick in "the 400b one", but said of Scout it is a claim about Scout."""
    answer = engine.answer(question)
    assert _first_line(answer).startswith(verdict)
    assert "Maverick" not in _first_line(answer) or "maverick" in question


@pytest.mark.parametrize(
    ("question", "verdict"),
    [
        ("behemoth has 2 trillion active parameters, right?", "No — Llama 4 Behemoth — Active parameters: 288"),
        ("does maverick have 400b active params", "No — Llama 4 Maverick — Active parameters: 17"),
        ("the 2T one has 288b active right", "Yes — Llama 4 Behemoth — Active parameters: 288"),  # calls, then claims
    ],
)
def test_a_models_total_stated_as_its_other_size_is_checked_not_read_as_its_name(
    engine: Engine, question: str, verdict: str
) -> None:
    """ "2 trillion" calls Behemoth in "the 2T one", but said of Behemoth by name it is the figure claimed."""
    assert _first_line(engine.answer(question)).startswith(verdict)


@pytest.mark.parametrize(
    ("question", "verdict"),
    [
        ("is maverick a 400b model with 128 experts?", "Yes — Llama 4 Maverick — Experts: 128"),  # its own size
        ("scout has 109b params and 16 experts right?", "Yes — "),
        ("is maverick with 400b total 17b active?", "Yes — Llama 4 Maverick — Active parameters: 17"),
        ("maverick has 400b active parameters and 128 experts, right?", "Llama 4 Maverick"),  # a total stated as
        ("scout has 109b active and 16 experts, correct?", "Llama 4 Scout"),  # active: no "Yes" (two kinds asked)
    ],
)
def test_a_models_own_size_beside_another_figure_calls_it_and_the_other_is_checked(
    engine: Engine, question: str, verdict: str
) -> None:
    assert _first_line(engine.answer(question)).startswith(verdict)


def test_a_size_that_calls_a_model_still_calls_it(engine: Engine) -> None:
    answer = engine.answer("is the 400b one better than scout")
    shown = render_plain(answer, with_citations=False)
    assert "Llama 4 Maverick" in shown and "Llama 4 Scout" in shown
    assert not shown.startswith(("Yes", "No"))


def test_a_word_every_label_of_a_group_shares_narrows_none_of_them() -> None:
    """ "tokens" is in both price labels; "input" in one: that one is asked."""
    assert find_attributes("is maverick $0.15 per million input tokens?") == ["price_input"]
    assert find_attributes("maverick output tokens price per million") == ["price_output"]
    assert find_attributes("scout price per 1m tokens") == ["price_input", "price_output"]


def test_a_price_claim_on_one_side_gets_a_verdict(engine: Engine) -> None:
    assert _first_line(engine.answer("is maverick $0.15 per million input tokens?")).startswith(
        "Yes — Llama 4 Maverick — Input price"
    )
    assert _first_line(engine.answer("is maverick $2 per million input tokens?")).startswith(
        "No — Llama 4 Maverick — Input price"
    )


@pytest.mark.parametrize(
    ("question", "form"),
    [
        ("so behemoth is 2T params?", Form.YES_NO),
        ("i have one h100, can i run scout?", Form.YES_NO),
        ("behemoth is open weights?", Form.YES_NO),
        ("and maverick is?", Form.LOOKUP),  # the verb last: a value asked
        ("scout context window?", Form.LOOKUP),  # no verb: a lookup
        ("scout is good for what?", Form.LOOKUP),  # a question word: no statement
        ("behemoth is open weights", Form.LOOKUP),  # no question mark
    ],
)
def test_a_statement_asked_with_a_question_mark_is_a_yes_no_question(question: str, form: Form) -> None:
    assert shape(question).form is form


def test_a_statement_asked_with_a_question_mark_gets_a_verdict(engine: Engine) -> None:
    assert _first_line(engine.answer("so behemoth is 2T params?")).startswith("Yes — Llama 4 Behemoth — Total")
    assert _first_line(engine.answer("so behemoth is 20T params?")).startswith("No — Llama 4 Behemoth — Total")


@pytest.mark.parametrize(
    ("question", "verdict"),
    [
        ("will scout run on my 4090? its 24gb", "No, by every source's figure — "),
        ("can scout fit in 24gb of vram?", "No, by every source's figure — "),
        ("can i run scout in 64gb?", "Yes, by every source's figure — "),
    ],
)
def test_a_memory_budget_is_checked_against_the_footprint(engine: Engine, question: str, verdict: str) -> None:
    """The figure in GB is the user's budget: checked against the memory footprint, not the card's model number,
    and not a topic the articles lack."""
    first = _first_line(engine.answer(question))
    assert first.startswith(verdict) and "Memory footprint" in first


@pytest.mark.parametrize(
    ("question", "verdict"),
    [
        ("does maverick put out more than 100 tokens a second?", "Yes — Llama 4 Maverick — Output speed"),
        ("can scout output 500 tokens per second", "No — Llama 4 Scout — Output speed"),
    ],
)
def test_tokens_a_second_is_a_speed_not_a_count_of_tokens(engine: Engine, question: str, verdict: str) -> None:
    """A figure in tokens per unit of time is checked against the speed, not the context window."""
    first = _first_line(engine.answer(question))
    assert first.startswith(verdict) and "Context window" not in first
    # a rate in another unit of time is not checked against a figure per second
    assert not _first_line(engine.answer("can scout output 6000 tokens per minute?")).startswith(("Yes", "No"))
    # a magnitude counts: a million a second is no one a second
    million = _first_line(engine.answer("can maverick generate 5 million tokens a second?"))
    assert million.startswith("No — Llama 4 Maverick — Output speed")


def test_a_number_in_the_unit_of_the_value_checked_is_the_one_asked() -> None:
    assert value_verdict("will scout run on my 4090? its 24gb", "gb", [55.0], better="min") == "No"
    assert value_verdict("will scout run on my 4090 with 64 GB", "gb", [55.0], better="min") == "Yes"
    assert value_verdict("is it $2 on 2 providers", "usd", [0.15]) == "No"
    assert value_verdict("will scout run on my 4090 or 3090", "gb", [55.0], better="min") is None  # no budget


def test_a_memory_figure_is_no_unknown_topic_only_when_memory_is_asked(engine: Engine) -> None:
    assert engine.reader.read("will scout run on my 4090? its 24gb").weights.unknown == ()
    assert engine.reader.read("what lora rank for scout on one 24gb card").weights.unknown != ()


def test_two_parts_with_one_answer_show_it_once_though_one_has_a_verdict(engine: Engine) -> None:
    shown = render_plain(
        engine.answer("will scout run on my single 4090 (24gb)? how much memory does it need quantized"),
        with_citations=False,
    )
    assert shown.startswith("No, by every source's figure — ")
    assert shown.count("Memory footprint (INT4)") == 1


@pytest.mark.parametrize(
    ("question", "verdict"),
    [
        ("maverick got 1471 on lmarena right", "No — Llama 4 Maverick — LMArena ELO: 1417"),  # bare tag, a number
        ("llama 4 came out on april 7 2025 didnt it", "No — Llama 4 — Release date: April 5, 2025"),
        ("llama 4 came out on april 5 2025, didn't it?", "Yes — Llama 4 — Release date: April 5, 2025"),
        ("did llama 4 come out on 5 april?", "Yes — Llama 4 — Release date"),
    ],
)
def test_a_claim_on_a_number_or_a_date_gets_its_verdict(engine: Engine, question: str, verdict: str) -> None:
    assert _first_line(engine.answer(question)).startswith(verdict)


@pytest.mark.parametrize(
    ("question", "verdict"),
    [
        ("maverick gets 70 on gpqa diamond right?", "Yes — Llama 4 Maverick — GPQA Diamond: 69.8"),
        ("maverick gets 69 on gpqa diamond right?", "No — Llama 4 Maverick — GPQA Diamond: 69.8"),
        ("maverick gets 70.0 on gpqa diamond right?", "No — Llama 4 Maverick — GPQA Diamond: 69.8"),  # exact
        ("does maverick get exactly 70 on gpqa diamond?", "No — Llama 4 Maverick — GPQA Diamond: 69.8"),
        ("does maverick get precisely 70 on gpqa diamond?", "No — Llama 4 Maverick — GPQA Diamond: 69.8"),
        ("does maverick get 70 even on gpqa diamond?", "No — Llama 4 Maverick — GPQA Diamond: 69.8"),
    ],
)
def test_a_whole_number_claimed_of_a_figure_with_decimals_is_right_when_it_rounds_to_it(
    engine: Engine, question: str, verdict: str
) -> None:
    assert _first_line(engine.answer(question)).startswith(verdict)


def test_a_rounded_claim_that_one_of_two_disagreeing_sources_states_gets_no_no() -> None:
    """ "93% on MATH" is what one source says (93.2%) and not the other (61.2): no verdict, the dispute."""
    assert value_verdict("maverick scores 93% on MATH, right?", "score", [61.2, 93.2], disputed=True) is None
    assert value_verdict("maverick scores 62% on MATH, right?", "score", [61.2, 93.2], disputed=True) == "No"
    assert value_verdict("maverick scores 75% on MATH, right?", "score", [61.2, 93.2], disputed=True) == "No"
    assert value_verdict("maverick scores 2 on it, right?", "score", [1.6]) == "No"  # too small to be rounded


@pytest.mark.parametrize("question", ["scout is the right choice", "scout is good right", "i think scout is great yes"])
def test_a_bare_tag_needs_a_number_to_check(question: str) -> None:
    assert closing_tag(question) == 0


def test_a_date_verdict_compares_what_the_question_states() -> None:
    assert date_verdict("came out april 7 2025?", ["April 5, 2025"]) == "No"
    assert date_verdict("released in april 2025?", ["April 5, 2025"]) == "Yes"
    assert date_verdict("released in may 2025?", ["April 5, 2025"]) == "No"
    assert date_verdict("may it run on a mac?", ["April 5, 2025"]) is None  # "may" alone is no date
    assert date_verdict("april 5 or april 7?", ["April 5, 2025"]) is None  # two dates: no single claim
    assert date_verdict("out on april 5?", ["still in training"]) is None  # no date stated


def test_a_model_names_version_is_no_number_asked() -> None:
    assert without_versions("is scout's mmmu higher than gpt-4o's", {"gpt"}) == "is scout's mmmu higher than gpt's"
    assert without_versions("was llama 4 trained on 40t tokens", {"llama"}) == "was llama trained on 40t tokens"
    assert without_versions("does scout have 16 experts", {"llama"}) == "does scout have 16 experts"


@pytest.mark.parametrize(
    ("question", "verdict"),
    [
        ("my mac has 96gb, can I run scout locally?", "Yes, by every source's figure — "),
        ("mac studio 192gb - enough for maverick at int4?", "No — Llama 4 Maverick — Memory footprint (INT4)"),
        ("macbook pro with 64gb unified memory, scout yes or no?", "Yes, by every source's figure — "),  # a budget, not a claimed footprint
        ("can maverick run on a 128gb m4 max laptop?", "No — Llama 4 Maverick — Memory footprint (INT4)"),  # the
        # machine's name ("m4 max") is no topic the sources could state
    ],
)
def test_a_memory_budget_among_other_words_is_still_checked(engine: Engine, question: str, verdict: str) -> None:
    first = _first_line(engine.answer(question))
    assert first.startswith(verdict) and "Memory footprint" in first


def test_words_around_a_value_that_change_the_claim_get_no_verdict(engine: Engine) -> None:
    """ "trained natively at 1m context": Maverick has a 1M window but was base-trained at 256K."""
    assert not _first_line(engine.answer("was maverick trained natively at 1m context")).startswith(("Yes", "No"))
    assert not _first_line(engine.answer("is the 1417 arena model the same maverick you can download")).startswith(
        ("Yes", "No")
    )


def test_a_quote_that_is_no_table_shows_whole_on_one_line() -> None:
    assert shown_quote("Scout has\n16 experts.") == "Scout has 16 experts."
    assert shown_quote("| a | b |\n| c | d |") == "| a | b | | c | d |"  # two rows: nothing between to leave out
    assert shown_quote("| h | v |\n|---|---|\n| x | 1 |\n| y | 2 |") == "| h | v | … | y | 2 |"


@pytest.mark.parametrize(
    ("question", "verdict"),
    [
        ("is maverick 17b?", "Yes — Llama 4 Maverick — Active parameters: 17 billion"),  # right of its active size
        ("maverick is a 17B model, right?", "Yes — Llama 4 Maverick — Active parameters"),
        ("is behemoth 288b?", "Yes — Llama 4 Behemoth — Active parameters: 288 billion"),
        ("is scout 17b parameters", "Yes — Llama 4 Scout — Active parameters"),
        ("is scout 400b?", "No — Llama 4 Scout — Total parameters: 109 billion"),  # neither size
        ("is scout over 100b parameters", "Yes — Llama 4 Scout — Total parameters"),  # a bound: the total
        ("is scout under 20b parameters", "No — Llama 4 Scout — Total parameters"),
        ("does scout cost $0.08 on openrouter?", "Yes — Llama 4 Scout — Price per 1M tokens (OpenRouter)"),
        ("does scout cost $0.50 on openrouter?", "No — Llama 4 Scout — Price per 1M tokens (OpenRouter)"),
        ("can i run maverick in 64gb", "No — Llama 4 Maverick — Memory footprint (INT4): 200GB+"),
        # the size named is the one checked: 17B is Maverick's active size, not its total
        ("is maverick 17b total?", "No — Llama 4 Maverick — Total parameters"),
        ("so scout is 109b in total, yeah?", "Yes — Llama 4 Scout — Total parameters: 109 billion"),
    ],
)
def test_one_figure_is_checked_against_each_value_of_its_kind(engine: Engine, question: str, verdict: str) -> None:
    assert _first_line(engine.answer(question)).startswith(verdict)


@pytest.mark.parametrize("question", ["will maverick fit in 200gb at int4?", "can i run maverick in 300gb"])
def test_a_floor_says_only_that_a_smaller_budget_falls_short(engine: Engine, question: str) -> None:
    """ "200GB+" is at least 200 GB: 200 or 300 GB may still fall short, so no Yes."""
    first = _first_line(engine.answer(question))
    assert "200GB+" in first and not first.startswith(("Yes", "No"))


def test_providers_asked_for_themselves_are_still_asked(engine: Engine) -> None:
    from bot.answering.query import parse_question

    assert "providers" in parse_question("which providers host maverick").residual
    assert "provider" not in parse_question("list every provider and price for llama 4").residual


@pytest.mark.parametrize(
    ("question", "words", "form"),
    [
        ("can i run llama 4 scout on a single rtx 4090 or am i dreaming", 4, Form.YES_NO),
        ("is maverick good or nah", 2, Form.YES_NO),
        ("should i use scout or maverick or what", 2, Form.CHOICE),  # still a choice of two
        ("scout or maverick?", 0, Form.CHOICE),
        ("has behemoth shipped or not", 2, Form.YES_NO),  # "or not": a yes or no, no choice of two things
        ("is scout released or not yet?", 3, Form.YES_NO),
        ("is maverick open source, yes or no?", 3, Form.YES_NO),
        ("is it scout or not maverick", 0, Form.CHOICE),  # "not" before a second thing still offers two
    ],
)
def test_a_closing_doubt_asks_nothing_and_makes_no_choice(question: str, words: int, form: Form) -> None:
    assert closing_tag(question) == words
    assert shape(question).form is form


def test_or_not_asks_whether_and_gets_the_status(engine: Engine) -> None:
    first = _first_line(engine.answer("is behemoth out yet or not"))
    assert "was still training when Meta shipped Scout and Maverick" in first


def test_a_question_with_a_closing_doubt_is_answered_as_without_it(engine: Engine) -> None:
    answer = engine.answer("can i run llama 4 scout on a single rtx 4090 or am i dreaming")
    assert not answer.abstained and "Memory footprint (INT4)" in _first_line(answer)


@pytest.mark.parametrize(
    ("question", "form"),
    [
        ("is maverick's mmlu 73 or 85", Form.YES_NO),  # two values offered: no choice of two things
        ("scout memory at 4 bit, 55 or ~60 gb?", Form.LOOKUP),
        ("is scout 109b or maverick", Form.CHOICE),  # a figure or a model: a choice still
        ("scout or maverick, which one", Form.CHOICE),
    ],
)
def test_two_values_offered_with_or_make_no_choice(question: str, form: Form) -> None:
    assert shape(question).form is form


def test_two_values_offered_get_the_stated_value_and_no_yes(engine: Engine) -> None:
    # the sources disagree on Maverick's MMLU: both sides, each cited, not a passage on another benchmark
    first = _first_line(engine.answer("is maverick's mmlu around 73 or around 85?"))
    assert first.startswith("Sources disagree on Llama 4 Maverick's MMLU: 85.5") and "73.5%" in first
    first = _first_line(engine.answer("was scout pretrained on 30 or 40 trillion tokens"))
    assert first.startswith("Llama 4 Scout — Training tokens: approximately 40 trillion")  # no "Yes" to an "or"
    assert _first_line(engine.answer("was scout pretrained on 40 trillion tokens")).startswith("Yes — ")


def test_a_claim_that_a_model_fits_a_budget_is_checked_whatever_other_figure_it_states(engine: Engine) -> None:
    # "17B active" is a true figure, but the claim is that Maverick fits in 16GB: its 200GB+ footprint says No
    first = _first_line(engine.answer("17B active means maverick fits on my 16gb card, right?"))
    assert first.startswith("No — ") and "Memory footprint (INT4): 200GB+" in first
    # a figure of another kind asked beside memory, with nothing said to fit, stays what is asked
    assert "Experts" in _first_line(engine.answer("does maverick have 128 experts on an 80GB H100"))


def test_which_model_fits_a_memory_budget_says_each_plainly(engine: Engine) -> None:
    # the memory stated picks the footprint, not the H100 or deployment rows, and each model is checked against it
    answer = engine.answer("which llama 4 model fits in 64gb")
    assert _first_line(answer) == "By the sources' figures, Llama 4 Scout fits in 64GB; Llama 4 Maverick does not."
    assert answer.table is not None and [r.label for r in answer.table.rows] == ["Memory footprint (INT4)"]
    assert _first_line(engine.answer("which one fits on a 24gb card, scout or maverick")) == (
        "By the sources' figures, neither fits in 24GB: Llama 4 Scout and Llama 4 Maverick need more."
    )
    # no plain verdict where the figures do not settle it: Scout's 55 or 60 GB against 58GB, Maverick's 200GB+
    # against 256GB
    for question in ("which llama 4 model fits in 58gb", "which llama 4 models fit in 256gb"):
        assert " fits in " not in _first_line(engine.answer(question))


def test_memory_stated_beside_another_attribute_is_checked_against_the_footprint(engine: Engine) -> None:
    """ "handle" points at the context window; "16GB" is memory: the footprint is what is checked, never the
    context window against 16."""
    first = _first_line(engine.answer("Would a MacBook Air with 16GB handle llama 4 scout?"))
    assert first.startswith("No, by every source's figure — ") and "Memory footprint" in first
    assert value_verdict("does it handle 16gb", "tokens", [10e6], better="max") is None  # GB is no token count
    assert value_verdict("does it handle 16 GB", "tokens", [10e6], better="max") is None


@pytest.mark.parametrize(
    ("message", "question"),
    [
        ("morning! coffee in hand ☕ what's llama 4's score on docvqa?", "what's llama 4's score on docvqa?"),
        ("quick q - how many languages does llama 4 support", "how many languages does llama 4 support"),
        ("got my budget approved tho, how much is maverick on deepinfra?", "how much is maverick on deepinfra?"),
        ("what is scout, and how big is it", None),  # opens with a question: no chat before it
        ("for coding scout is fine", None),  # no question after the chat
    ],
)
def test_chat_before_a_question_ends_at_a_sentence_end_an_emoji_a_dash_or_a_comma(
    message: str, question: str | None
) -> None:
    assert question_after_preamble(message) == question


def test_a_question_after_chat_is_answered_as_asked(engine: Engine) -> None:
    first = _first_line(engine.answer("morning! coffee in hand ☕ what's llama 4's score on docvqa?"))
    assert first.startswith("Llama 4 Scout — DocVQA: 94.4")
    first = _first_line(engine.answer("finally got budget approved 🎉 tho, how much does maverick cost on deepinfra?"))
    assert first.startswith("Llama 4 Maverick — Price per 1M tokens (DeepInfra (FP8))")


def test_a_quoted_question_is_asked_when_the_message_around_it_is_chat(engine: Engine) -> None:
    assert quoted_question('my boss keeps asking "what is Behemoth" and I dont know what to say') == "what is Behemoth"
    assert quoted_question('someone said "scout runs on a phone" lol') is None  # a quoted claim, no question
    answer = engine.answer('my boss keep asking me "what is Behemoth" and I dont know what say him. help')
    assert not answer.abstained and "Llama 4 Behemoth" in _first_line(answer)


@pytest.mark.parametrize(
    ("question", "kept"),
    [
        ("Does Maverick have 128 experts on an 80GB H100?", "Llama 4 Maverick — Experts: 128"),
        ("Did Scout take 5 million GPU hours on 80GB H100s?", "Llama 4 Scout — Training compute"),
        ("does scout have a 10m context on a 24gb card?", "Yes — Llama 4 Scout — Context window"),
    ],
)
def test_memory_of_the_hardware_does_not_replace_a_value_the_question_states(
    engine: Engine, question: str, kept: str
) -> None:
    first = _first_line(engine.answer(question))
    assert kept in first and "Memory footprint" not in first


def test_a_message_that_asks_about_a_quoted_question_is_no_quoted_question() -> None:
    assert quoted_question('Is "what is Behemoth" a good title for my blog post?') is None


@pytest.mark.parametrize(
    ("question", "verdict"),
    [
        ("can i fit 5M tokens into scout?", "Yes — Llama 4 Scout — Context window"),
        ("will a 2 million token document fit in maverick?", "No — Llama 4 Maverick — Context window"),
        ("was scout trained on 40 trillion tokens?", "Yes — Llama 4 Scout — Training tokens"),  # asked outright
    ],
)
def test_a_token_count_that_must_fit_is_checked_against_the_context_window(
    engine: Engine, question: str, verdict: str
) -> None:
    """Of the two token figures a model's facts state, the one with a better end (a capacity) is what a load
    must fit in; a question that names its attribute keeps it."""
    assert _first_line(engine.answer(question)).startswith(verdict)


def test_a_claim_checked_shows_where_another_source_states_it_otherwise(engine: Engine) -> None:
    title = engine.answer("so LeCun is Meta's Chief AI Officer, correct?")
    assert title.disagreement and "Chief AI Officer" in title.text and "Chief AI Scientist" in title.text
    beaten = engine.answer("someone told me behemoth outperforms GPT-5. true?")
    assert beaten.disagreement and "GPT-5" in beaten.text and "GPT-4.5" in beaten.text
    # a model the lead names but the claim does not ("less permissive than DeepSeek V3's MIT license") is no
    # side of it: no disagreement with a sentence naming Llama 2
    assert not engine.answer("llama 4 is open source under MIT, isn't it").disagreement
    # nor is a version number shared with a sentence on other models ("Claude 3" for "Llama 3")
    assert not engine.answer("llama 4 has the same license as llama 3, right?").disagreement


def test_chat_after_a_question_that_a_sentence_holds_with_it_narrows_the_question(engine: Engine) -> None:
    narrowed = render_plain(engine.answer("what was llama 4 trained on? someone said facebook posts"))
    assert "Facebook posts" in narrowed  # the model card's disclosure, which holds both
    # chat that shares no sentence with the question is still only talk around it, and so is chat whose words
    # are plain words of the articles, not names
    assert "weekend" not in render_plain(engine.answer("can scout run on a 4090? asking before i waste my weekend"))
    assert _first_line(engine.answer("is llama 4 open source? our team wants to ship a product")).startswith("No — ")


@pytest.mark.parametrize(
    ("question", "verdict"),
    [
        ("maverick has 16 experts and scout has 128, yeah?", "No — Llama 4 Maverick — Experts: 128"),  # swapped
        ("maverick has 128 experts and scout has 16, right?", "Yes — Llama 4 Maverick — Experts: 128"),
        ("maverick has 128 experts and scout has 20, right?", "No — "),  # one of the two claims is wrong
        ("maverick and scout have 128 and 16 experts right?", "Llama 4 Maverick — Experts"),  # not paired: none
        ("scout has 17b active and maverick has 400b total, right?", "Yes — "),  # a clause each, of two sizes
        ("scout has 17b active and maverick has 300b total, right?", "No — "),
        ("scout has 17b active and maverick has 109b total, right?", "No — "),  # Scout's size, claimed of Maverick
    ],
)
def test_a_claim_on_each_of_two_models_is_checked_clause_by_clause(engine: Engine, question: str, verdict: str) -> None:
    assert _first_line(engine.answer(question)).startswith(verdict)


def test_a_verdict_every_disagreeing_source_gives_says_so_before_the_disagreement(engine: Engine) -> None:
    shown = _first_line(engine.answer("will a 4-bit scout fit in 48gb"))
    assert shown.startswith("No, by every source's figure — Sources disagree on Llama 4 Scout's Memory footprint")
    assert "55 GB" in shown and "60GB" in shown
    assert _first_line(engine.answer("can i run maverick on 96gb")).startswith("No — Llama 4 Maverick")  # one value


@pytest.mark.parametrize(
    ("question", "verdict"),
    [
        ("is maverick's mmlu pro in the 80s?", "Yes"),  # 80.5
        ("is scout's mmlu pro in the 80's", "No"),  # 74.3
        ("is maverick's mmlu in the 80s", None),  # 85.5 by one source, 73.5 by another
        ("is maverick's elo in the 1400s", "Yes"),  # 1417: a span of a hundred
        ("is maverick's elo in the 1300s", "No"),
        ("is maverick's mmlu pro in the high 80s?", None),  # a part of the span: no verdict
        ("is maverick's elo in the 10s of thousands", None),  # a count of spans
        ("is maverick's mmlu pro above the 70s?", None),  # a bound on a span
    ],
)
def test_a_span_asked_is_checked_as_one(question: str, verdict: str | None) -> None:
    stated = {
        "maverick's mmlu pro": [80.5], "scout's mmlu pro": [74.3], "maverick's mmlu in": [85.5, 73.5],
        "maverick's elo": [1417.0],
    }  # fmt: skip
    values = next(v for k, v in stated.items() if k in question)
    assert value_verdict(question, "score", values, disputed=len(values) > 1) == verdict


def test_a_span_through_the_engine_gets_its_verdict(engine: Engine) -> None:
    assert _first_line(engine.answer("is maverick's lmarena elo in the 1400s?")).startswith("Yes — ")
    assert not _first_line(engine.answer("does behemoth have 100s of billions of active params?")).startswith("No")
