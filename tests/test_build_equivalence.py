"""Faster paths compute what the plain ones did: folding, counting and IDF, widening quotes, to the character."""

from __future__ import annotations

import random

import numpy as np
from sklearn.feature_extraction.text import CountVectorizer, TfidfTransformer

from bot.knowledge.base import Knowledge
from bot.knowledge.citations import MIN_QUOTE_CHARS, _widen_by_lines, alnum_len, widen_quote
from bot.knowledge.index import Index, documents, index_text
from bot.language.text import _fold_each, fold, tokens

# ASCII, Latin, Greek, Cyrillic, punctuation and symbols, plus what must take the slow path: combining
# marks, the Greek capital sigma and a letter normalising to it, Hangul jamo, full-width and ligatures.
_ALPHABET = [
    *map(chr, [*range(32, 127), *range(32, 127), *range(0x80, 0x530), *range(0x2000, 0x2C00)]),
    *"\u0301\u0308\u03a3\u03f9\u0130\u1e9e\ufb01\u3000\u1100\u1161\uac00\uff21",
]


def test_fold_gives_what_folding_each_step_gives(knowledge: Knowledge) -> None:
    texts = [a.text for a in knowledge.articles] + [p.text for p in knowledge.passages]
    rng = random.Random(7)
    texts += ["".join(rng.choice(_ALPHABET) for _ in range(rng.randint(1, 16))) for _ in range(20_000)]
    texts += ["Σ", "ΟΔΟΣ", "Ϲ.", "İstanbul", "Sсout’s “10M” — ﬁne", "e\u0301te\u0301"]
    assert [fold(t) for t in texts] == [_fold_each(t) for t in texts]


def test_the_index_counts_and_weighs_as_scikit_learn_did(knowledge: Knowledge) -> None:
    docs = documents(knowledge)
    texts = [index_text(d, knowledge) for d in docs]
    index = Index.build(knowledge)
    vectorizer = CountVectorizer(analyzer=tokens, dtype=np.float32)
    counts = vectorizer.fit_transform(texts).tocsr()
    idf = TfidfTransformer(smooth_idf=True).fit(counts).idf_.astype(np.float32)
    assert list(index.vocabulary.items()) == [(str(k), int(v)) for k, v in vectorizer.vocabulary_.items()]
    assert np.array_equal(index.idf, idf)
    postings = counts.T.tocsr()
    postings.sort_indices()
    assert np.array_equal(index.indptr, postings.indptr) and np.array_equal(index.indices, postings.indices)


def test_widening_a_short_quote_by_searching_gives_what_splitting_the_article_gave(knowledge: Knowledge) -> None:
    def by_lines(quote: str, text: str) -> str:
        return quote if alnum_len(quote) >= MIN_QUOTE_CHARS else _widen_by_lines(quote, text)

    table = "A table of what was said about it:\n| a | b |\n|---|---|\n| x | 1 |\n\n  | x | 1 |  \nend"
    cases = [(q, table) for q in ("| x | 1 |", "x", "| a | b |", "1 |", "end", "  ", "absent")]
    cases.append(("| x | 1 |", table.replace("\n", "\r\n")))  # other line breaks: the line-by-line path
    for article in knowledge.articles:
        lines = article.text.splitlines()
        quotes = [line for line in lines if alnum_len(line) < MIN_QUOTE_CHARS] + [line[:12] for line in lines]
        quotes += [f" {line} " for line in lines if alnum_len(line) < 2 * MIN_QUOTE_CHARS]
        cases += [(q, article.text) for q in quotes]
    cases += [(f.quote, knowledge.article(f.source).text) for f in knowledge.facts]
    assert sum(alnum_len(q) < MIN_QUOTE_CHARS for q, _ in cases) > 100  # the widening path is exercised
    assert [widen_quote(q, t) for q, t in cases] == [by_lines(q, t) for q, t in cases]


def test_a_short_line_under_a_heading_is_quoted_with_the_heading_words_not_its_markup() -> None:
    article = "Some text.\n\n## The Verdict\n\nRating: 3.5/5\n\nMore text follows here."
    assert widen_quote("Rating: 3.5/5", article) == "The Verdict\n\nRating: 3.5/5"
    assert _widen_by_lines("Rating: 3.5/5", article) == "The Verdict\n\nRating: 3.5/5"


def test_a_short_line_after_a_paragraph_is_not_widened_into_that_paragraph() -> None:
    article = "A paragraph long enough to be a quote of its own.\n\nshort\n\nMore text after it."
    assert widen_quote("short", article) == "short" == _widen_by_lines("short", article)
