"""Follow-ups with no topic of their own ("tell me more", "why?") answer about the previous turn's topic."""

from __future__ import annotations

import pytest

from bot.answering.engine import Engine
from bot.answering.follow_ups import MAX_SHOWN, FollowUp, correction, follow_up, remembered, same_as_before, topic
from bot.answering.snippets import CAUSE_CUES
from bot.commands import dispatch
from bot.models import AnswerKind, Turn


@pytest.mark.parametrize(
    ("said", "expected"),
    [
        ("tell me more", FollowUp.MORE),
        ("More please", FollowUp.MORE),
        ("go on", FollowUp.MORE),
        ("can you elaborate?", FollowUp.MORE),
        ("why?", FollowUp.WHY),
        ("but why", FollowUp.WHY),
        ("how come", FollowUp.WHY),
        ("why not?", FollowUp.WHY),
        ("go", None),
        ("tell me more about behemoth", None),  # a topic of its own: an ordinary question
        ("why is scout so fast", None),
        ("more experts or fewer?", None),
        ("source?", FollowUp.SOURCE),
        ("source for that pls", FollowUp.SOURCE),
        ("who said that?", FollowUp.SOURCE),
        ("says who?", FollowUp.SOURCE),
        ("according to whom?", FollowUp.SOURCE),
        ("where is that from", FollowUp.SOURCE),
        ("what are your sources", None),  # the library, not the last answer
        ("who said maverick beats gpt-4o", None),  # a claim of its own: an ordinary question
        ("where is scout from", None),
        ("who is that", None),
        ("source please", FollowUp.SOURCE),
        ("where does it come from?", None),  # the thing itself may come from somewhere
    ],
)
def test_only_a_whole_message_of_follow_up_words_is_a_follow_up(said: str, expected: FollowUp | None) -> None:
    assert follow_up(said) is expected


def test_tell_me_more_shows_other_quotes_on_the_same_topic_and_keeps_the_topic(engine: Engine) -> None:
    first = engine.answer("what's maverick's context window")
    assert first.turn is not None and first.turn.shown
    more = engine.answer("tell me more", first.turn)
    assert more.kind is AnswerKind.SNIPPETS and more.question == "tell me more"
    assert not {c.quote for c in more.citations} & set(first.turn.shown)
    assert "context" in more.text.lower()
    assert more.turn is not None and more.turn.subjects == ("Llama 4 Maverick",)
    assert set(first.turn.shown) <= set(more.turn.shown)  # a second "more" leaves out both answers' quotes
    then = engine.answer("what about scout", more.turn)  # the conversation is still on the context window
    assert then.text.startswith("Llama 4 Scout — Context window: 10 million tokens")


def test_more_after_everything_was_shown_says_so(engine: Engine) -> None:
    first = engine.answer("what is irope")
    more = engine.answer("tell me more", first.turn)
    assert more.abstained and more.text == "That is all my sources say about irope."


def test_why_is_answered_only_by_a_sentence_that_gives_a_reason(engine: Engine) -> None:
    priced = engine.answer("what does scout cost on groq")
    why = engine.answer("why?", priced.turn)
    assert why.kind is AnswerKind.SNIPPETS and CAUSE_CUES.search(why.text.splitlines()[0])
    assert "only the active parameters participate per token" in why.text
    none = engine.answer("why not?", engine.answer("what is irope").turn)
    assert none.abstained and none.text == "My sources give no reason for that (irope)."
    both = Turn(question="q", subjects=("Llama 4 Scout", "Llama 4 Maverick"), attributes=("gpqa_diamond", "mmlu"))
    named = topic(both, ["GPQA Diamond", "MMLU"])[0]  # said as a phrase, not a list of keywords
    assert named == "Llama 4 Scout and Llama 4 Maverick, on GPQA Diamond, MMLU"
    assert engine.answer("why?").text.startswith("Why what? Ask the whole question")  # no conversation, no topic
    assert engine.answer("tell me more").text.startswith("More about what?")


def test_a_turn_remembers_a_bounded_number_of_quotes_and_old_turns_still_load() -> None:
    quotes = [f"quote {n}" for n in range(30)]
    kept = remembered(quotes[:5], quotes[5:])
    assert kept[:5] == tuple(quotes[:5]) and len(kept) == MAX_SHOWN
    assert remembered(["x" * 601]) == ()
    stored = '{"question": "and maverick?", "subjects": ["Llama 4 Maverick"], "attribute": "context_window"}'
    assert Turn.model_validate_json(stored).shown == ()


@pytest.mark.parametrize("question", ["", "???", "the"])
def test_more_after_a_turn_with_nothing_to_say_more_about_asks_what_about(engine: Engine, question: str) -> None:
    answer = engine.answer("tell me more", Turn(question=question))
    assert answer.abstained and answer.text.startswith("More about what?")


def test_source_after_an_answer_lists_the_articles_it_quoted_in_order(engine: Engine) -> None:
    first = engine.answer("does maverick beat gpt-4o?")
    cited = list(dict.fromkeys(c.source for c in first.citations))
    assert first.turn is not None and list(first.turn.cited) == cited and len(cited) >= 2
    who = engine.answer("who said that?", first.turn)
    assert who.kind is AnswerKind.INFO and who.turn == first.turn  # a second "source?" still finds them
    listed = who.text.splitlines()
    assert listed[0] == f"That answer quoted these {len(cited)} articles:"
    assert [line.rsplit("[id: ", 1)[1].rstrip("]") for line in listed[1:-1]] == cited
    assert engine.answer("source?").text.startswith("I have no articles to name")  # no conversation
    refused = engine.answer("who won the 2018 world cup?", first.turn)
    after = engine.answer("source?", refused.turn)  # not the articles of the answer before the refusal
    assert after.abstained and after.text.startswith("I have no articles to name for my last answer")


def test_source_goes_to_the_last_answer_only_when_there_is_one(engine: Engine) -> None:
    first = engine.answer("what's scout's context window")
    assert dispatch(engine, "ask", "source?", first.turn).text.startswith("That answer quoted")
    assert dispatch(engine, "ask", "source?").text.startswith("I know 5 articles:")  # no answer yet: the library
    assert dispatch(engine, "ask", "what are your sources", first.turn).text.startswith("I know 5 articles:")
    refused = engine.answer("who won the 2018 world cup?", first.turn)  # a refusal keeps the conversation
    after = dispatch(engine, "ask", "source?", refused.turn)
    assert after.text.startswith("I have no articles to name for my last answer")  # not the library, unasked


@pytest.mark.parametrize(
    ("said", "expected"),
    [
        ("no, I meant the context window", "and the context window"),
        ("sorry i mean Maverick", "and Maverick"),
        ("I mean, is maverick any good?", None),  # chat before a question of its own
        ("what do you mean", None),
        ("what does MoE mean", None),
    ],
)
def test_a_correction_is_the_follow_up_it_amounts_to(said: str, expected: str | None) -> None:
    assert correction(said) == expected


def test_a_correction_keeps_the_model_or_the_attribute_it_does_not_change(engine: Engine) -> None:
    size = engine.answer("how big is scout")
    window = engine.answer("no, I meant the context window", size.turn)
    assert window.text.startswith("Llama 4 Scout — Context window: 10 million tokens")
    assert window.question == "no, I meant the context window"
    maverick = engine.answer("sorry, i mean maverick", size.turn)
    assert maverick.text.startswith("Llama 4 Maverick — Total parameters")


def test_a_question_on_it_stays_on_the_conversations_model_and_topic(engine: Engine) -> None:
    window = engine.answer("what is scout's context window")
    how = engine.answer("why is it so long", window.turn)
    assert how.turn is not None and how.turn.subjects == ("Llama 4 Scout",)
    assert how.turn.all_attributes() == ("context_window",)  # still on the context window, for a "more" after it
    assert "context" in how.text.splitlines()[0].lower()
    more = engine.answer("more detail", how.turn)
    assert not more.abstained and "context" in more.text.lower()
    assert not {c.quote for c in more.citations} & set(how.turn.shown)


def test_more_after_a_turn_that_asked_no_attribute_looks_for_its_words_too(engine: Engine) -> None:
    first = engine.answer("is scout good at long documents")
    assert first.turn is not None and not first.turn.all_attributes()
    more = engine.answer("tell me more", first.turn)
    assert not more.abstained, more.text  # not "that is all my sources say about Llama 4 Scout"


def test_the_same_thing_as_before_is_what_the_earlier_question_named(engine: Engine) -> None:
    first = engine.answer("can I run scout on a mac studio?")
    assert first.turn is not None
    then = engine.answer("what about maverick on the same machine?", first.turn)
    assert not then.abstained and "Maverick is harder, at INT4 it's still 200GB+" in then.text
    turn = Turn(question="can I run scout on a mac studio?", subjects=("Llama 4 Scout",))
    assert same_as_before("and maverick on the same machine?", turn, ["mac", "studio"]) == "and maverick on mac studio?"
    assert same_as_before("and maverick on a mac?", turn, ["mac", "studio"]) is None  # no "same": nothing replaced
    assert same_as_before("and maverick on the same machine?", turn, []) is None  # nothing named before


def test_the_same_value_is_no_setting_named_before() -> None:
    turn = Turn(question="can I run scout on a mac studio?", subjects=("Llama 4 Scout",))
    for said in ("is maverick the same size?", "same number of experts for maverick?", "and at the same time?"):
        assert same_as_before(said, turn, ["mac", "studio"]) is None
