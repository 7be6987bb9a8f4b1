"""The TF-IDF index: tokenisation choices and scoring only query terms (its cache: tests/test_knowledge_cache.py)."""

from __future__ import annotations

import numpy as np
import pytest

from bot.knowledge.index import SAMPLE_STRIDE, Document, Index, best


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


def test_a_clipped_word_means_the_commonest_word_it_begins_when_that_one_dominates() -> None:
    texts = [
        "200 languages supported",
        "more languages than before",
        "a language model",
        "performance on benchmarks",
        "multimodal input",
        "multilingual data",
    ]
    docs = [Document(str(i), "a", "", t) for i, t in enumerate(texts)]
    index = Index.from_texts(docs, texts)
    assert index.correct("lang", "langs") == "languag"  # "langs": every term it begins is one word
    assert index.correct("perf", "perf") == "performanc"
    assert index.correct("mult", "mult") is None  # "multimodal" or "multilingual": no way to tell
    assert index.correct("lan", "lan") is None  # too short to be clipped
    assert index.correct("art", "art") is None  # an English word is never corrected


def test_swapped_letters_of_an_english_word_are_put_back_other_slips_are_not() -> None:
    texts = ["Rating: 3.5/5", "the routes it takes", "long context"]
    docs = [Document(str(i), "a", "", t) for i, t in enumerate(texts)]
    index = Index.from_texts(docs, texts)
    assert index.correct("raitng", "raitng") == "rate"  # "rating", as the index stems it
    assert index.correct("router", "router") is None  # a rarer real word, not a slip for "routes"
    assert index.correct("lang", "langs") is None  # a short word is not read as "long"


def _sorted_best(scores: np.ndarray, k: int) -> list[int]:
    """The k best positive scores by a full stable sort: best first, ties in document order."""
    order = np.lexsort((np.arange(len(scores)), -scores))[:k]
    return [int(i) for i in order if scores[i] > 0]


@pytest.mark.parametrize("seed", range(40))
def test_the_k_best_are_those_of_a_full_sort_ties_in_document_order(seed: int) -> None:
    rng = np.random.default_rng(seed)
    n = int(rng.integers(1, 40 * SAMPLE_STRIDE * 3))  # small enough to read whole, and large enough to sample
    k = int(rng.integers(1, 40))
    levels = int(rng.integers(1, 6))  # few distinct scores: ties everywhere, at the k-th best too
    scores = (rng.integers(0, levels + 1, n) * rng.integers(0, 2, n)).astype(np.float32)
    if seed % 4 == 0:
        scores = rng.random(n).astype(np.float32)  # and all distinct
    assert [int(i) for i in best(scores, k)] == _sorted_best(scores, k)


def test_the_best_of_a_large_index_are_found_with_ties_taken_in_document_order() -> None:
    texts = ["scout context window"] * 3000 + ["scout"] * 3000 + ["pizza"] * 100 + ["scout context window"] * 5
    docs = [Document(str(i), "a", "", t) for i, t in enumerate(texts)]
    index = Index.from_texts(docs, texts)
    terms, _ = index.query_terms("scout context window")
    hits = index.search(terms, k=10)
    assert [h.position for h in hits] == list(range(10))  # 3,005 equal best: the first ten documents
    assert best(index.score(terms), 0).size == 0
    assert index.search(index.query_terms("pizza")[0], k=500)[-1].position == 6099


@pytest.mark.parametrize("seed", range(12))
def test_scores_looked_up_for_some_documents_are_those_of_scoring_them_all_to_the_last_bit(
    seed: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    rng = np.random.default_rng(seed)
    vocabulary = ["scout", "maverick", "context", "window", "price", "experts", "license", "memory", "h100"]
    texts = [" ".join(rng.choice(vocabulary, size=int(rng.integers(1, 12)))) for _ in range(3000)]
    docs = [Document(str(i), "a", "", t) for i, t in enumerate(texts)]
    index = Index.from_texts(docs, texts)
    terms, _ = index.query_terms(" ".join(rng.choice(vocabulary, size=int(rng.integers(1, 6)))))
    positions = np.unique(rng.integers(0, len(docs), size=int(rng.integers(1, 40))))
    many = np.arange(0, len(docs), 2)
    full = index.score(terms)
    looked_up = index.scores_at(terms, positions)
    assert looked_up.dtype == np.float32
    assert looked_up.tobytes() == full[positions].tobytes()

    def ranked(where: np.ndarray) -> list[int]:
        order = np.argsort(-full[where], kind="stable")[:5]
        return [int(where[i]) for i in order if full[where][i] > 0]

    # among many documents the search scores them all; among a few it looks them up, and ranks them alike
    calls: list[str] = []
    monkeypatch.setattr(index, "score", lambda t: calls.append("score") or full)
    monkeypatch.setattr(index, "scores_at", lambda t, w: calls.append("scores_at") or full[w])
    assert [h.position for h in index.search_in(terms, many, k=5)] == ranked(many)
    assert [h.position for h in index.search_in(terms, positions, k=5)] == ranked(positions)
    assert calls == ["score", "scores_at"]
