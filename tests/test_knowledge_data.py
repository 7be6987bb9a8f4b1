"""Every knowledge file is valid, every fact is backed verbatim by its article, and disagreements are recorded."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from bot.config import DEFAULT_KNOWLEDGE_DIR
from bot.knowledge.base import Knowledge, load_knowledge
from bot.knowledge.cleaning import MOJIBAKE, looks_broken, repair_mojibake
from bot.knowledge.corpus import KnowledgeError, load_articles, parse_article, split_passages
from bot.knowledge.extract import extract_facts
from bot.knowledge.facts import EXTRACTED_FILE, disagreements
from bot.knowledge.lexicon import SUBJECT_BY_NAME
from bot.models import Fact

SHARED_CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus"
ARTICLES = sorted((DEFAULT_KNOWLEDGE_DIR / "articles").glob("*.txt"))


@pytest.mark.parametrize("path", ARTICLES, ids=lambda p: p.name)
def test_every_article_file_is_valid_and_clean(path: Path) -> None:
    article = parse_article(path)
    assert MOJIBAKE not in article.text
    assert article.display_name
    assert path.stem == article.id
    assert split_passages(article), "an article yields at least one passage"


def test_an_article_without_a_stated_title_is_labelled_not_titled(knowledge: Knowledge) -> None:
    review = next(a for a in knowledge.articles if a.id == "chatforest-llama4-review")
    assert review.title is None
    assert review.display_name == review.label
    assert "review" in review.label.lower()


def test_every_fact_quote_is_verbatim_and_contains_its_value(knowledge: Knowledge) -> None:
    texts = {a.id: a.text for a in knowledge.articles}
    assert len(knowledge.facts) > 100
    for fact in knowledge.facts:
        assert fact.quote in texts[fact.source], fact
        assert fact.value in fact.quote, fact
        assert fact.subject in SUBJECT_BY_NAME
        assert knowledge.attribute(fact.attribute).label, fact


def test_fact_quotes_are_verbatim_in_the_original_pages_too(knowledge: Knowledge) -> None:
    """Cleaning changed only punctuation and layout: letters and digits of every quote are in the source page."""
    if not SHARED_CORPUS.is_dir():
        pytest.skip("the shared corpus is not beside the project")
    pages = [_alnum(p.read_text(encoding="utf-8")) for p in SHARED_CORPUS.glob("*.txt")]
    for fact in knowledge.facts:
        assert any(_alnum(fact.quote) in page for page in pages), fact.quote


def _alnum(text: str) -> str:
    return "".join(ch for ch in text.lower() if ch.isascii() and ch.isalnum())


def test_the_extracted_fact_file_is_what_the_extractor_produces_now(knowledge: Knowledge) -> None:
    produced = "".join(f.model_dump_json(exclude_none=True) + "\n" for f in extract_facts(list(knowledge.articles)))
    assert (DEFAULT_KNOWLEDGE_DIR / "facts" / EXTRACTED_FILE).read_text(encoding="utf-8") == produced


def test_facts_cover_every_required_kind(knowledge: Knowledge) -> None:
    attributes = {f.attribute for f in knowledge.facts}
    required = {
        "active_parameters", "total_parameters", "experts", "context_window", "training_tokens", "gpu_hours",
        "deployment", "memory_footprint", "output_speed", "price_input", "price_output", "release_date",
        "license", "lmarena_elo", "mmlu_pro", "gpqa_diamond",
    }  # fmt: skip
    assert required <= attributes
    assert {"GPT-4o", "DeepSeek V3", "Gemini 2.5 Pro"} <= {f.subject for f in knowledge.facts}


def test_every_price_row_of_the_corpus_is_a_fact(knowledge: Knowledge) -> None:
    prices = {
        (f.subject, f.qualifier, f.attribute, f.value) for f in knowledge.facts if f.attribute.startswith("price")
    }
    assert ("Llama 4 Maverick", "OpenRouter", "price_output", "$0.60") in prices
    assert ("Llama 4 Scout", "Groq, 128K", "price_input", "$0.11") in prices
    table_rows = {f.quote for f in knowledge.facts if f.attribute == "price_input" and f.quote.startswith("|")}
    assert len(table_rows) == 5


def test_known_disagreements_are_recorded_not_resolved(knowledge: Knowledge) -> None:
    found = disagreements(knowledge.facts)
    math = found[("Llama 4 Maverick", "math", "")]
    assert sorted(g.value for g in math) == ["61.2", "93.2%"]
    assert ("Llama 4 Maverick", "mmlu", "") in found
    assert ("Llama 4 Scout", "memory_footprint", "INT4") in found
    h100 = found[("Llama 4 Scout", "single_h100", "")]
    assert {g.facts[0].claim for g in h100} == {"full precision", "quantized"}
    assert ("Llama 4 Maverick", "total_parameters", "") not in found, "400B and 400 billion agree"


def test_approximate_values_within_two_percent_agree() -> None:
    base = {"subject": "Gemini 2.5 Pro", "attribute": "gpqa_diamond", "quote": "x", "source": "a"}
    a = Fact(**base, value="86.4", number=86.4)
    b = Fact(**{**base, "source": "b"}, value="~86", number=86.0)
    assert not disagreements([a, b])
    c = Fact(**{**base, "source": "c"}, value="80", number=80.0)
    assert disagreements([a, c])


def test_repair_mojibake_chooses_marks_by_position() -> None:
    assert repair_mojibake("yes \u0e42 and") == "yes \u2014 and"
    assert repair_mojibake("60\u0e4280%") == "60\u201380%"
    assert repair_mojibake("- \u0e42MATH: 93.2%\n- \u0e42 API wrappers") == "- MATH: 93.2%\n- API wrappers"
    assert not looks_broken(repair_mojibake("a \u0e42 b"))
    assert not looks_broken("\u0e42\u0e21\u0e07")  # Thai text is left alone


def _copy_knowledge(tmp_path: Path) -> Path:
    target = tmp_path / "knowledge"
    shutil.copytree(DEFAULT_KNOWLEDGE_DIR, target)
    return target


@pytest.mark.parametrize(
    ("content", "problem"),
    [
        ("id: x\nlabel: y\n", "no '---'"),
        ("id: bad id!\nlabel: Some label\norigin: o\n---\n" + "text " * 20, "id"),
        ("id: ok-id\nlabel: Some label\nwho: me\norigin: o\n---\n" + "text " * 20, "header line 3"),
        ("id: ok-id\norigin: o\n---\n" + "text " * 20, "label"),
        ("id: ok-id\nlabel: Some label\norigin: o\n---\nshort", "text"),
        ("id: ok-id\nlabel: Some label\norigin: o\n---\n" + "broken \u0e42 dash " * 10, "broken characters"),
    ],
)
def test_a_malformed_article_fails_naming_the_file_and_problem(tmp_path: Path, content: str, problem: str) -> None:
    folder = _copy_knowledge(tmp_path)
    bad = folder / "articles" / "zz-bad.txt"
    bad.write_text(content, encoding="utf-8")
    with pytest.raises(KnowledgeError) as caught:
        load_knowledge(folder)
    assert "zz-bad.txt" in str(caught.value)
    assert problem in str(caught.value)


def test_a_binary_article_fails_cleanly(tmp_path: Path) -> None:
    folder = _copy_knowledge(tmp_path)
    (folder / "articles" / "zz-binary.txt").write_bytes(b"\xff\xfe\x00binary")
    with pytest.raises(KnowledgeError, match=r"zz-binary\.txt: not UTF-8"):
        load_knowledge(folder)


def test_a_duplicate_article_id_is_refused(tmp_path: Path) -> None:
    folder = _copy_knowledge(tmp_path)
    source = next((folder / "articles").glob("*.txt"))
    shutil.copy(source, folder / "articles" / "zz-copy.txt")
    with pytest.raises(KnowledgeError, match="already used"):
        load_articles(folder / "articles")


@pytest.mark.parametrize(
    ("line", "problem"),
    [
        ("{not json", "not valid JSON"),
        (json.dumps({"subject": "Llama 4 Scout"}), "attribute"),
        (json.dumps({"subject": "Llama 9", "attribute": "experts", "value": "16", "source": "x", "quote": "16"}),
         "unknown subject"),
        (json.dumps({"subject": "Llama 4 Scout", "attribute": "experts", "value": "99", "source": "chatforest-llama4-review",
                     "quote": "99 experts on the moon"}), "not verbatim"),
        (json.dumps({"subject": "Llama 4 Scout", "attribute": "experts", "value": "99", "source": "chatforest-llama4-review",
                     "quote": "Governed by California law"}), "does not occur in its quote"),
    ],
)  # fmt: skip
def test_a_malformed_fact_fails_naming_file_line_and_problem(tmp_path: Path, line: str, problem: str) -> None:
    folder = _copy_knowledge(tmp_path)
    (folder / "facts" / "zz-extra.jsonl").write_text("\n" + line + "\n", encoding="utf-8")
    with pytest.raises(KnowledgeError) as caught:
        load_knowledge(folder)
    assert "zz-extra.jsonl:2" in str(caught.value)
    assert problem in str(caught.value)


def test_adding_an_article_is_dropping_a_file(tmp_path: Path) -> None:
    folder = _copy_knowledge(tmp_path)
    (folder / "articles" / "new-article.txt").write_text(
        "id: new-article\nlabel: A test article\norigin: test\n---\n## Zephyr\n"
        "The zephyrine benchmark measures how gently a model answers. Scout scored well on it.\n",
        encoding="utf-8",
    )
    loaded = load_knowledge(folder)
    assert any(p.article_id == "new-article" and p.heading == "Zephyr" for p in loaded.passages)
