"""The TF-IDF index: tokenisation choices, scoring only query terms, and a cache that is never trusted stale."""

from __future__ import annotations

import shutil
from pathlib import Path

import numpy as np

from bot.config import DEFAULT_KNOWLEDGE_DIR
from bot.engine import Engine
from bot.index import Document, Index
from bot.knowledge import Knowledge


def _tiny() -> Index:
    docs = [Document(str(i), "a", "", t) for i, t in enumerate(["llama 4 scout context", "pizza naples", "scout"])]
    return Index.from_texts(docs, [d.text for d in docs])


def test_single_characters_are_indexed_and_scores_touch_only_query_terms() -> None:
    index = _tiny()
    assert "4" in index.vocabulary
    terms, coverage = index.query_terms("scout 4")
    scores = index.score(terms)
    assert scores[1] == 0 and scores[0] > scores[2] > 0
    assert coverage == 1.0


def test_typos_are_corrected_to_known_words_only() -> None:
    index = _tiny()
    assert index.correct("scuot") == "scout"
    assert index.correct("contxt") == "context"
    assert index.correct("router") is None
    _, coverage = index.query_terms("who wrote hamlet")
    assert coverage == 0.0


def test_bm25_saturates_repeated_terms() -> None:
    docs = [Document("0", "a", "", "scout"), Document("1", "a", "", "scout scout scout scout scout")]
    index = Index.from_texts(docs, [d.text for d in docs])
    terms, _ = index.query_terms("scout")
    low, high = index.score(terms)
    assert high < 2 * low


def test_the_index_cache_is_reused_and_rebuilt_when_knowledge_changes(tmp_path: Path, knowledge: Knowledge) -> None:
    folder = tmp_path / "knowledge"
    shutil.copytree(DEFAULT_KNOWLEDGE_DIR, folder, ignore=shutil.ignore_patterns(".index"))
    first = Engine.load(folder)
    params = folder / ".index" / "index.npz"
    assert params.exists()
    saved = params.read_bytes()
    second = Engine.load(folder)
    assert params.read_bytes() == saved
    assert second.index.vocabulary == first.index.vocabulary
    assert np.array_equal(second.index.data, first.index.data)
    article = next((folder / "articles").glob("*.txt"))
    article.write_text(article.read_text(encoding="utf-8") + "\nA zanzibarian sentence about Scout.\n", "utf-8")
    third = Engine.load(folder)
    assert "zanzibarian" in third.index.vocabulary
    assert params.read_bytes() != saved
    cached = sorted(p.name for p in (folder / ".index").iterdir())
    assert cached == ["index.npz", "names.json"], "no temporary files are left behind"


def test_a_corrupt_cache_is_ignored(tmp_path: Path) -> None:
    folder = tmp_path / "knowledge"
    shutil.copytree(DEFAULT_KNOWLEDGE_DIR, folder, ignore=shutil.ignore_patterns(".index"))
    Engine.load(folder)
    (folder / ".index" / "index.npz").write_bytes(b"not a zip file")
    engine = Engine.load(folder)
    assert "10 million" in engine.answer("scout context window").text
