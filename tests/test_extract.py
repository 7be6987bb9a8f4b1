"""Facts from any article: open-vocabulary attributes, kept qualifiers and prose figures, each with its quote."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from bot import cli
from bot.answering.engine import Engine
from bot.knowledge.attributes import attribute_key, name_attribute
from bot.knowledge.base import load_knowledge
from bot.knowledge.extract import extract_facts
from bot.models import Article, Fact

FIXTURES = Path(__file__).parent / "fixtures" / "articles"


def article(text: str, title: str = "Notes on Llama 4 hosting") -> Article:
    return Article(id="notes", title=title, label=title, origin="notes.md", text=text)


def facts_of(facts: list[Fact], attribute: str) -> list[Fact]:
    return [f for f in facts if f.attribute == attribute]


@pytest.mark.parametrize(
    ("label", "value", "key"),
    [
        ("Knowledge cutoff", "August 2024", "knowledge_cutoff"),
        ("knowledge cut-off date", "August 2024", "knowledge_cutoff"),
        ("Context window", "10M tokens", "context_window"),  # the lexicon's own attribute
        ("Input ($/1M tokens)", "$0.15", "price_input"),
        ("Training time", "5.0M GPU hours", "gpu_hours"),  # the unit names it: GPU-hours
        ("Served context", "128K", "served_context"),  # a platform's limit is not the model's context window
        ("Weights released as", "BF16 and FP8", "weights_released"),  # not a release date
        ("Time to first token", "0.42 seconds", "time_to_first_token"),
    ],
)
def test_a_label_names_an_attribute_normalised_and_mapped_only_when_it_is_the_same(label, value, key):
    named = name_attribute(label, value)
    assert named is not None and named.key == key


def test_a_label_of_no_words_names_nothing():
    assert attribute_key("(1)") is None
    assert name_attribute("--", "12") is None


@pytest.fixture(scope="module")
def added(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The knowledge with the three fixture articles added, through the real ``add`` command."""
    import shutil

    from bot.config import DEFAULT_KNOWLEDGE_DIR

    folder = tmp_path_factory.mktemp("added") / "knowledge"
    for part in ("articles", "facts"):
        shutil.copytree(DEFAULT_KNOWLEDGE_DIR / part, folder / part)
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("LLAMA4_KNOWLEDGE_DIR", str(folder))
        assert cli.main(["add", *(str(FIXTURES / n) for n in sorted(p.name for p in FIXTURES.iterdir()))]) == 0
    return folder


def test_the_model_card_yields_new_attributes_with_their_quotes(added):
    knowledge = load_knowledge(added)
    card = [f for f in knowledge.facts if f.source.startswith("open-model-notes")]
    cutoff = facts_of(card, "knowledge_cutoff")
    assert [(f.subject, f.value, f.claim) for f in cutoff] == [("Llama 4", "August 2024", "2024-08")]
    emissions = {(f.subject, f.number, f.unit) for f in facts_of(card, "location_based_emissions")}
    assert emissions == {("Llama 4 Scout", 1354.0, "tons CO2eq"), ("Llama 4 Maverick", 645.0, "tons CO2eq")}
    assert {(f.subject, f.number) for f in facts_of(card, "gpu_hours")} == {
        ("Llama 4 Scout", 5.0e6),
        ("Llama 4 Maverick", 2.38e6),
    }
    assert knowledge.attribute("location_based_emissions").kind == "count"
    assert knowledge.attribute("knowledge_cutoff").label == "Knowledge cutoff"
    for fact in knowledge.facts:  # the quote check of the shipped knowledge holds for added articles too
        assert fact.quote in knowledge.article(fact.source).text and fact.value in fact.quote, fact


def test_prose_figures_keep_their_setting_as_qualifier(added):
    knowledge = load_knowledge(added)
    speeds = {(f.subject, f.number): f.qualifier or "" for f in facts_of(list(knowledge.facts), "output_speed")}
    assert "8-GPU host with FP8 weights" in speeds[("Llama 4 Maverick", 95.0)]
    assert "INT4 on a single H100" in speeds[("Llama 4 Scout", 118.0)]
    assert "MLX runtime" in speeds[("Llama 4 Scout", 22.0)]
    mac = next(f for f in knowledge.facts if f.number == 22.0 and f.attribute == "output_speed")
    assert mac.quote.startswith("A: A Mac Studio") and mac.quote.endswith("fast enough for chat.")  # names Scout
    assert speeds[("Llama 4 Maverick", 109.0)] == ""  # the model's own figure stays unqualified
    post = [f for f in knowledge.facts if f.source.startswith("homelab-forum")]
    assert post and all(f.qualifier for f in post)
    first = facts_of(list(knowledge.facts), "time_to_first_token")
    assert [(f.subject, f.value) for f in first] == [("Llama 4 Maverick", "0.42 seconds")]


def test_a_platforms_served_limit_stays_its_own_and_never_a_disagreement():
    text = (
        "Where to run the models today.\n\n"
        "| Platform | Model | Served context | Max output tokens |\n| --- | --- | --- | --- |\n"
        "| Groq | Llama 4 Scout | 128K | 8,192 |\n| Together AI | Llama 4 Maverick | 524K | 16,384 |\n"
    )
    facts = extract_facts([article(text)])
    assert {(f.subject, f.attribute, f.qualifier) for f in facts} == {
        ("Llama 4 Scout", "served_context", "Groq"), ("Llama 4 Scout", "max_output_tokens", "Groq"),
        ("Llama 4 Maverick", "served_context", "Together AI"), ("Llama 4 Maverick", "max_output_tokens", "Together AI"),
    }  # fmt: skip


def test_question_and_answer_lines_are_no_label_list():
    text = "Q: Can I run Llama 4 Scout at home?\nA: Yes, with 4-bit quantization and 64 GB of memory.\n" * 2
    assert extract_facts([article(text)]) == []


def test_new_attributes_answer_questions_and_show_in_specs(added):
    engine = Engine.load(added, cache=False)
    answer = engine.answer("what is Scout's knowledge cutoff?")
    assert "August 2024" in answer.text.splitlines()[0] and not answer.disagreement
    assert answer.citations and "Knowledge cutoff: August 2024" in answer.citations[0].quote
    assert "August 2024" in engine.answer("knowlege cutof for llama 4").text
    assert "0.42 seconds" in engine.answer("What was Maverick's time to first token?").text
    specs = engine.sheets.specs("scout")
    assert specs.table is not None
    assert "Location-based emissions" in [row.label for row in specs.table.rows]
    compared = engine.sheets.compare_text("scout maverick location-based emissions").table
    assert compared is not None and [row.label for row in compared.rows] == ["Location-based emissions"]
    # a figure measured in a setting answers a question about that setting, never the plain spec question
    assert "with the MLX runtime" in engine.answer("how fast is Scout with the MLX runtime?").text
    # ... or the words of the sentences it was measured in: the Q&A post names the Mac Studio one sentence earlier
    assert "22 tokens per second" in engine.answer("how many tokens per second does scout reach on a mac studio?").text
    # a Q&A post's own question is no answer: its answer and the older sources' verdict are
    verdict = engine.answer("is scout better than llama 3.3 70b?").text
    assert not verdict.startswith("Q:") and "not obsolete" in verdict
    plain = engine.answer("what is Maverick's output speed?").text
    assert "109 tokens/second" in plain and "95 tokens" not in plain


def test_a_reviewed_fact_may_name_a_new_attribute_and_is_checked_like_any(tmp_path):
    from bot.knowledge.corpus import KnowledgeError
    from bot.knowledge.facts import load_fact_file

    text = "The card says the models were tested with up to five input images per prompt, and no more."
    notes = article(text)
    good = {"subject": "Llama 4", "attribute": "input_images_per_prompt", "value": "five", "source": "notes",
            "quote": "tested with up to five input images per prompt"}  # fmt: skip
    path = tmp_path / "reviewed.jsonl"
    path.write_text(json.dumps(good) + "\n", encoding="utf-8")
    [fact] = load_fact_file(path, {"notes": notes})
    assert (fact.attribute, fact.number) == ("input_images_per_prompt", None)
    path.write_text(json.dumps({**good, "quote": "tested with up to six input images"}) + "\n", encoding="utf-8")
    with pytest.raises(KnowledgeError, match="not verbatim"):
        load_fact_file(path, {"notes": notes})
