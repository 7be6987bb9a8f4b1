"""The scale benchmark's generated knowledge folders load, keep the real articles and facts, and are reproducible."""

from __future__ import annotations

import random
import re
from pathlib import Path
from types import ModuleType

from bot.answering.engine import Engine
from bot.config import DEFAULT_KNOWLEDGE_DIR
from bot.knowledge.base import Knowledge, load_knowledge
from bot.knowledge.corpus import parse_article
from bot.knowledge.facts import load_facts
from bot.models import AnswerKind

ROOT = Path(__file__).resolve().parent.parent


def _files(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_a_generated_folder_loads_with_the_real_articles_and_facts_kept(
    scale_corpus: ModuleType, knowledge: Knowledge, tmp_path: Path
) -> None:
    made = scale_corpus.generate(tmp_path / "kb", 400, facts_per_article=2, per_article=60)
    loaded = load_knowledge(made.folder)

    assert 400 <= len(loaded.passages) == made.passages < 400 + 60
    assert len(loaded.articles) == len(knowledge.articles) + made.articles
    for path in (DEFAULT_KNOWLEDGE_DIR / "articles").glob("*.txt"):
        assert (made.folder / "articles" / path.name).read_bytes() == path.read_bytes()
    assert set(knowledge.facts) <= set(loaded.facts)
    copied = [f for f in loaded.facts if f.source.startswith("gen-")]
    assert len(copied) == made.facts == 2 * made.articles
    for fact in copied:  # the loader checked this too; a copied fact must stand on its generated article
        assert fact.quote in loaded.article(fact.source).text


def test_generated_articles_recombine_the_real_text_rather_than_copy_it(
    scale_corpus: ModuleType, knowledge: Knowledge, tmp_path: Path
) -> None:
    made = scale_corpus.generate(tmp_path / "kb", 300, per_article=80)
    real_texts = {a.text for a in knowledge.articles}
    real_sentences = set(scale_corpus.pools(list(knowledge.articles)).sentences)
    generated = [parse_article(p) for p in sorted((made.folder / "articles").glob("gen-*.txt"))]

    assert generated and all(a.text not in real_texts for a in generated)
    paragraphs = [p for a in generated for p in a.text.split("\n\n") if not p.startswith("#")]
    paragraphs = [p for p in paragraphs if not scale_corpus._ITEM.match(p)]  # tables and lists
    sentences = [s for p in paragraphs for s in scale_corpus._SENTENCE_END.split(p)]
    kept = sum(s in real_sentences for s in sentences)
    assert 0 < kept < len(sentences), "some sentences verbatim, some with substitutions"


def test_the_same_arguments_give_the_same_files(scale_corpus: ModuleType, tmp_path: Path) -> None:
    first = scale_corpus.generate(tmp_path / "a", 250, facts_per_article=1, per_article=50, seed=3)
    second = scale_corpus.generate(tmp_path / "b", 250, facts_per_article=1, per_article=50, seed=3)
    other = scale_corpus.generate(tmp_path / "c", 250, facts_per_article=1, per_article=50, seed=4)

    assert _files(first.folder) == _files(second.folder)
    assert _files(first.folder) != _files(other.folder)


def test_substitution_leaves_the_family_name_and_number_shapes_alone(scale_corpus: ModuleType) -> None:
    sentence = "Llama 4 Scout runs on Groq at 460 tokens per second, ahead of GPT-4o at 2.5 dollars."
    outputs = {scale_corpus.substitute(sentence, random.Random(seed)) for seed in range(40)}

    assert len(outputs) > 10
    for text in outputs:
        assert text.startswith("Llama 4 ")
        assert re.search(r" [1-9]\d\d tokens per second, ", text), text
        assert re.search(r" \d\.\d dollars\.$", text), text


def test_repeated_facts_grow_by_whole_copies_and_an_engine_answers_from_them(
    scale_corpus: ModuleType, knowledge: Knowledge, tmp_path: Path
) -> None:
    folder = tmp_path / "x3"
    lines = scale_corpus.repeat_facts(folder, 3)
    loaded = load_knowledge(folder)

    assert len(loaded.articles) == 3 * len(knowledge.articles)
    assert len(loaded.facts) == lines == 3 * len(knowledge.facts)
    assert load_facts(folder / "facts", loaded.articles) == list(loaded.facts)
    specs = Engine.load(folder, cache=False).sheets.specs("scout")
    assert specs.kind is AnswerKind.SPECS
    assert any(c.source.startswith("c002-") for c in specs.citations)
