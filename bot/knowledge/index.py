"""TF-IDF retrieval over passages and facts: building the index and scoring queries.

Each text is tokenised once (``bot.language.text.tokens``) and counted into a scipy matrix,
with the vocabulary and smoothed IDF scikit-learn's vectorizers gave. Documents are weighted with
BM25-style term saturation and length normalisation (chosen over plain cosine
TF-IDF by measurement: see benchmarks/README.md), stored term-major so that a
query touches only the rows of its own terms. ``bot.knowledge.cache`` saves and maps it.
"""

from __future__ import annotations

import re
from array import array
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache, cached_property
from typing import TYPE_CHECKING, Literal

import numpy as np

from bot.knowledge.base import Knowledge
from bot.knowledge.lexicon import SYNONYMS, domain_terms
from bot.language.dictionary import common_words, is_word
from bot.language.text import edit_distance, stem, tokens, typed_tokens

if TYPE_CHECKING:
    from scipy import sparse


Weighting = Literal["bm25", "cosine"]
QueryTerms = dict[int, float]  # vocabulary id -> query weight
SYNONYM_WEIGHT = 0.5
K1 = 1.2
SWAPPED_MIN = 5  # letters of a word whose swapped letters are put back ("raitng")
CLIPPED = (4, 6)  # letters of a word that may be clipped from a longer one ("perf", "config")
CLIPPED_SHARE = 0.6  # share of the documents of the terms it begins the commonest must hold to be meant
B = 0.75
SAMPLE_STRIDE = 32  # every how many scores the search samples to bound its k best from below
LOOKED_UP_SHARE = 1 / 64  # below this share of the documents, a search among some looks up their terms' postings


@dataclass(frozen=True)
class Document:
    id: str
    article_id: str
    heading: str
    text: str  # verbatim article text: what a citation may quote
    fact_index: int | None = None  # position in Knowledge.facts, for fact documents


@dataclass(frozen=True)
class Hit:
    document: Document
    score: float
    position: int = -1  # the document's position in the index


def documents(knowledge: Knowledge) -> list[Document]:
    docs = [Document(p.id, p.article_id, p.heading, p.text) for p in knowledge.passages]
    docs.extend(fact_document(knowledge, i) for i in range(len(knowledge.facts)))
    return docs


def fact_document(knowledge: Knowledge, i: int) -> Document:
    fact = knowledge.facts[i]
    return Document(f"fact:{i}", fact.source, fact.subject, fact.quote, fact_index=i)


def index_text(doc: Document, knowledge: Knowledge) -> str:
    if doc.fact_index is None:
        return f"{doc.heading}\n{doc.text}"
    fact = knowledge.facts[doc.fact_index]
    label = knowledge.attribute(fact.attribute).label
    return f"{fact.subject} {label} {fact.qualifier or ''} {fact.value}\n{fact.quote}"


class Index:
    """A term-major weighted matrix (CSR arrays: indptr, indices, data), its vocabulary and IDF."""

    def __init__(
        self,
        docs: Sequence[Document],
        vocabulary: dict[str, int],
        idf: np.ndarray,
        term_major: tuple[np.ndarray, np.ndarray, np.ndarray],
        weighting: Weighting,
    ) -> None:
        self.docs = docs  # a list, or a table of the cache that builds a document when asked
        self.vocabulary = vocabulary
        self.idf = idf
        self.rarest = float(idf.max()) if len(idf) else 1.0  # the weight a word the articles never use counts at
        self.indptr, self.indices, self.data = term_major
        self.weighting = weighting

    @classmethod
    def from_texts(cls, docs: Sequence[Document], texts: Sequence[str], weighting: Weighting = "bm25") -> Index:
        return cls.from_counts(docs, *count_matrix(tokens(text) for text in texts), weighting)

    @classmethod
    def from_counts(
        cls, docs: Sequence[Document], counts: sparse.csr_matrix, vocabulary: dict[str, int], weighting: Weighting
    ) -> Index:
        """The index of a document-term count matrix (rows in ``docs`` order, columns in ``vocabulary`` order)."""
        idf = smooth_idf(counts)
        matrix = _weigh(counts, idf, weighting).T.tocsr()
        matrix.sort_indices()  # postings in document order: ``held`` bisects them
        arrays = (matrix.indptr.astype(np.int64), matrix.indices.astype(np.int32), matrix.data.astype(np.float32))
        return cls(docs, vocabulary, idf, arrays, weighting)

    @classmethod
    def build(cls, knowledge: Knowledge, weighting: Weighting = "bm25") -> Index:
        docs = documents(knowledge)
        return cls.from_texts(docs, [index_text(d, knowledge) for d in docs], weighting)

    @cached_property
    def _by_length(self) -> dict[int, list[str]]:
        groups: dict[int, list[str]] = {}
        for term in self.vocabulary:
            groups.setdefault(len(term), []).append(term)
        return groups

    @cached_property
    def _domain(self) -> frozenset[str]:
        return frozenset(stem(t) for t in domain_terms())

    @cached_property
    def _synonyms(self) -> dict[str, tuple[str, ...]]:
        return {stem(k): tuple(stem(v) for v in values) for k, values in SYNONYMS.items()}

    def terms_of(self, text: str) -> frozenset[int]:
        """The indexed terms a text holds."""
        return frozenset(t for w in tokens(text) if (t := self.vocabulary.get(w)) is not None)

    def alike(self, term: int) -> frozenset[int]:
        """The terms a query term also searches for as its synonyms ("biggest": "largest")."""
        return frozenset(self.vocabulary[m] for m in self._synonyms.get(self._terms[term], ()) if m in self.vocabulary)

    def correct(self, term: str, typed: str | None = None) -> str | None:
        """The vocabulary term a misspelt query word most likely meant, or None.

        ``typed`` is the word as written: a correctly spelled English word is never "corrected".
        """
        if term in self.vocabulary:  # already a stem ("releas"): stemming it again would lose it ("relea")
            return term
        term = stem(term)
        if term in self.vocabulary:
            return term
        if typed is not None and _devowelled(typed) and not is_word(typed):  # "imgs", "strng", "lcns"
            found = self._revowelled(typed)
            if found is not None:
                return found
        if not term.isalpha() or len(term) < 4 or (typed is not None and is_word(typed)):
            return None
        if term not in self._corrections:
            nearest = self._nearest(term)
            if len(self._corrections) >= 50_000:  # a bounded memo: a stream of new typos cannot grow it forever
                return nearest
            self._corrections[term] = nearest
        return self._corrections[term]

    @cached_property
    def _corrections(self) -> dict[str, str | None]:
        return {}

    def _nearest(self, term: str) -> str | None:
        candidates = [t for t in self._domain if abs(len(t) - len(term)) <= 1 and t[0] == term[0]]
        if len(term) >= 5:
            for n in (len(term) - 1, len(term), len(term) + 1):
                candidates += [t for t in self._by_length.get(n, []) if t[0] == term[0]]
        elif len(term) == 4:  # a short word only by a dropped letter: "capx" for "capex"
            candidates += [t for t in self._by_length.get(5, []) if t[0] == term[0] and _drops_one(term, t)]
        best = [t for t in dict.fromkeys(candidates) if edit_distance(term, t, 1) <= 1 and t in self.vocabulary]
        if not best:  # a misspelt English word whose stem the articles use: "raitng" is "rating"
            best = [stemmed for w in _english_near(term) if (stemmed := stem(w)) in self.vocabulary]
        if not best and len(term) >= 7:
            best = [t for t in self._by_prefix.get(term[:6], []) if _shares_stem(term, t)]
        if not best and CLIPPED[0] <= len(term) <= CLIPPED[1]:
            return self._unclipped(term)
        return max(best, key=lambda t: -self.idf[self.vocabulary[t]]) if best else None

    def _unclipped(self, term: str) -> str | None:
        """The word a clipped one is short for ("langs" for "languages", "perf" for "performance"): the
        commonest term it begins, when that one is most of the terms it begins, counted by documents."""
        found = [
            t for t in self._by_start.get(term[: CLIPPED[0]], []) if t.startswith(term) and len(t) >= len(term) + 2
        ]
        return self._dominant(found)

    def _dominant(self, found: Sequence[str]) -> str | None:
        """The term of ``found`` in the most documents, when it is in ``CLIPPED_SHARE`` of theirs; else None."""
        if not found:
            return None
        documents = {t: int(self.indptr[self.vocabulary[t] + 1] - self.indptr[self.vocabulary[t]]) for t in found}
        best = max(found, key=lambda t: (documents[t], t))
        return best if documents[best] >= CLIPPED_SHARE * sum(documents.values()) else None

    def _revowelled(self, typed: str) -> str | None:
        """The word a vowel-less abbreviation stands for ("imgs": "images", "strng": "strong"): the
        commonest term whose letters after the first, vowels left out, are the typed ones, when that one is
        most of such terms, counted by documents. A final "s" may be the plural's."""
        found = list(self._skeletons.get(typed, ()))
        if typed.endswith("s"):
            found += self._skeletons.get(typed[:-1], ())
        return self._dominant(found)

    @cached_property
    def _skeletons(self) -> dict[str, list[str]]:
        groups: dict[str, list[str]] = {}
        for term in self.vocabulary:
            if len(term) >= 4 and term.isalpha() and _VOWEL.search(term, 1):
                groups.setdefault(term[0] + _VOWEL.sub("", term[1:]), []).append(term)
        return groups

    @cached_property
    def _by_start(self) -> dict[str, list[str]]:
        groups: dict[str, list[str]] = {}
        for term in self.vocabulary:
            if len(term) >= CLIPPED[0] + 2 and term.isalpha():
                groups.setdefault(term[: CLIPPED[0]], []).append(term)
        return groups

    @cached_property
    def _by_prefix(self) -> dict[str, list[str]]:
        groups: dict[str, list[str]] = {}
        for term in self.vocabulary:
            if len(term) >= 6 and term.isalpha():
                groups.setdefault(term[:6], []).append(term)
        return groups

    def resolve(self, word: str, typed: str | None = None) -> int | None:
        """The vocabulary id a query token stands for: itself, its typo correction, or what shorthand means."""
        known = self.correct(word, typed)
        if known is not None:
            return self.vocabulary[known]
        meant = [m for m in self._synonyms.get(word, ()) if m in self.vocabulary]  # "ctx" -> "context"
        return self.vocabulary[meant[0]] if meant else None

    def query_terms(self, text: str, skip: frozenset[str] = frozenset()) -> tuple[QueryTerms, float]:
        """Vocabulary ids of the query's words with their weights, and the share of the words known.

        Typos are corrected and shorthand expanded; synonyms are added at half weight, so they help recall
        without outvoting the words the user typed. Words in ``skip`` (stems of chat filler) are left out.
        """
        typed = dict(typed_tokens(text))
        words = [w for w in typed if w not in skip]
        terms: QueryTerms = {}
        known_words = 0
        for word in words:
            for spelled in _spelled_out(word):  # "700m" also finds "700 million", at half weight
                if spelled in self.vocabulary:
                    terms.setdefault(self.vocabulary[spelled], SYNONYM_WEIGHT)
            t = self.resolve(word, typed[word])
            if t is None:
                continue
            known_words += 1
            terms[t] = 1.0
            for synonym in (*self._synonyms.get(word, ()), *self._synonyms.get(self._terms[t], ())):
                if synonym in self.vocabulary:
                    terms.setdefault(self.vocabulary[synonym], SYNONYM_WEIGHT)
        return terms, known_words / max(len(words), 1)

    @property
    def terms_by_id(self) -> dict[int, str]:
        """Each vocabulary id's term."""
        return self._terms

    @cached_property
    def _terms(self) -> dict[int, str]:
        return {i: term for term, i in self.vocabulary.items()}

    def score(self, terms: QueryTerms) -> np.ndarray:
        """Every document's score: the query terms' postings summed in one pass (``bincount``), which at
        100k passages takes two thirds of the time of adding each term's postings in turn."""
        if not terms:
            return np.zeros(len(self.docs), dtype=np.float32)
        spans = [(self.indptr[t], self.indptr[t + 1], weight) for t, weight in terms.items()]
        positions = np.concatenate([self.indices[start:end] for start, end, _ in spans])
        weights = np.concatenate([np.float32(weight) * self.data[start:end] for start, end, weight in spans])
        return np.bincount(positions, weights=weights, minlength=len(self.docs)).astype(np.float32)

    def max_score(self, terms: QueryTerms) -> float:
        """The score a document would get with every query term at saturation: a scale for thresholds."""
        if self.weighting == "cosine":
            return 1.0
        return float(sum(self.idf[t] * w for t, w in terms.items()) * (K1 + 1))

    def search(self, terms: QueryTerms, k: int = 10) -> list[Hit]:
        scores = self.score(terms)
        top = best(scores, k)
        return [Hit(self.docs[i], s, i) for i, s in zip(top.tolist(), scores[top].tolist(), strict=True)]

    def scores_at(self, terms: QueryTerms, positions: np.ndarray) -> np.ndarray:
        """``self.score(terms)[positions]``, the same to the last bit (the weights are added in the same
        order), with each term's postings searched for these documents instead of every document scored."""
        total = np.zeros(len(positions), dtype=np.float64)
        for t, weight in terms.items():
            held, at = self._looked_up(t, positions)
            total[held] += np.float32(weight) * self.data[self.indptr[t] + at[held]]
        return total.astype(np.float32)

    def _looked_up(self, term: int, positions: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Which of the documents at ``positions`` hold the term, and where in its postings each would be:
        one bisection of the postings (in document order) for all of them."""
        postings = self.indices[self.indptr[term] : self.indptr[term + 1]]
        if not len(postings):
            return np.zeros(len(positions), dtype=bool), np.zeros(len(positions), dtype=np.intp)
        at = np.minimum(np.searchsorted(postings, positions), len(postings) - 1)
        return postings[at] == positions, at

    def search_in(self, terms: QueryTerms, positions: np.ndarray, k: int = 10) -> list[Hit]:
        """The best of these documents only ("per ChatForest": its passages, however the facts score)."""
        if not len(positions):
            return []
        where = np.asarray(positions)
        few = len(where) < LOOKED_UP_SHARE * len(self.docs)
        scores = self.scores_at(terms, where) if few else self.score(terms)[where]
        order = np.argsort(-scores, kind="stable")[:k]
        return [Hit(self.docs[int(positions[i])], float(scores[i]), int(positions[i])) for i in order if scores[i] > 0]

    def held(self, terms: Sequence[int], positions: Sequence[int]) -> list[list[int]]:
        """Which of these terms each document at ``positions`` contains, in the order of ``terms``: one
        search of each term's postings for all the documents at once."""
        where = np.asarray(positions, dtype=np.int64)
        holds = np.zeros((len(terms), len(where)), dtype=bool)
        for row, t in enumerate(terms):
            holds[row] = self._looked_up(t, where)[0]
        return [[t for t, held in zip(terms, column, strict=True) if held] for column in holds.T.tolist()]


def best(scores: np.ndarray, k: int) -> np.ndarray:
    """The positions of the ``k`` highest scores above zero, best first, ties in document order.

    Nothing sorts every score. The k-th best of every ``SAMPLE_STRIDE``-th score is no higher than the
    k-th best of all, so the scores at or above it hold the k best; they are a few hundred at 100k
    passages, and only they are partitioned and sorted.
    """
    if k <= 0:
        return np.empty(0, dtype=np.intp)
    sample = scores[::SAMPLE_STRIDE] if len(scores) > k * SAMPLE_STRIDE else scores
    if len(sample) > k:
        floor = max(float(np.partition(sample, len(sample) - k)[len(sample) - k]), 0.0)
        found = np.flatnonzero(scores >= floor) if floor > 0 else np.flatnonzero(scores > 0)
    else:
        found = np.flatnonzero(scores > 0)
    held = scores[found]
    if len(found) > k:  # the k-th best exactly; of the scores equal to it, the first documents
        kth = np.partition(held, len(found) - k)[len(found) - k]
        above = held > kth
        tied = np.flatnonzero(held == kth)[: k - int(above.sum())]
        keep = np.concatenate((np.flatnonzero(above), tied))
        found, held = found[keep], held[keep]
    return found[np.lexsort((found, -held))]


def _english_near(typed: str) -> list[str]:
    """Common English words a word that is none becomes when two adjacent letters swap back ("raitng":
    "rating"). Only swaps: a letter changed, added or dropped turns too many real but rarer words
    ("router") into common ones ("routes")."""
    if len(typed) < SWAPPED_MIN:
        return []
    near = _english_by_start().get((typed[0], len(typed)), ())
    swaps = {typed[:i] + typed[i + 1] + typed[i] + typed[i + 2 :] for i in range(len(typed) - 1)}
    return [w for w in near if w in swaps]


@cache
def _english_by_start() -> dict[tuple[str, int], tuple[str, ...]]:
    groups: dict[tuple[str, int], list[str]] = {}
    for word in sorted(common_words()):
        groups.setdefault((word[0], len(word)), []).append(word)
    return {key: tuple(found) for key, found in groups.items()}


def _shares_stem(a: str, b: str) -> bool:
    """Word forms of one stem ("controversial", "controversy"): a long common prefix, short endings."""
    common = 0
    for x, y in zip(a, b, strict=False):
        if x != y:
            break
        common += 1
    return common >= 6 and common >= 0.75 * min(len(a), len(b)) and max(len(a), len(b)) - common <= 4


def _weigh(counts: sparse.csr_matrix, idf: np.ndarray, weighting: Weighting) -> sparse.csr_matrix:
    weighted = counts.copy().astype(np.float32)
    if weighting == "bm25":
        lengths = np.asarray(counts.sum(axis=1)).ravel()
        norm = K1 * (1 - B + B * lengths / max(lengths.mean(), 1.0))
        row_of = np.repeat(np.arange(counts.shape[0]), np.diff(counts.indptr))
        tf = weighted.data
        weighted.data = (tf * (K1 + 1) / (tf + norm[row_of])) * idf[weighted.indices]
        return weighted
    weighted.data = (1 + np.log(weighted.data)) * idf[weighted.indices]
    row_norms = np.sqrt(np.asarray(weighted.multiply(weighted).sum(axis=1)).ravel())
    row_of = np.repeat(np.arange(counts.shape[0]), np.diff(counts.indptr))
    weighted.data /= np.maximum(row_norms[row_of], 1e-9)
    return weighted


_VOWEL = re.compile(r"[aeiou]")


def _devowelled(typed: str) -> bool:
    """Whether a word is written without its vowels after the first letter ("imgs", "strng", "lcns")."""
    return (
        4 <= len(typed) <= 8
        and typed.isalpha()
        and not _VOWEL.search(typed, 1)
        and "y" not in typed
        and len(set(typed[1:])) >= 3  # "brrr", "alss" are no abbreviations
    )


def _drops_one(short: str, full: str) -> bool:
    """Whether ``short`` is ``full`` with one letter left out."""
    return any(full[:i] + full[i + 1 :] == short for i in range(len(full)))


def count_matrix(token_lists: Iterable[Sequence[str]]) -> tuple[sparse.csr_matrix, dict[str, int]]:
    """The document-term count matrix of already tokenised documents, and its vocabulary (term -> column).

    Each text is tokenised once, by ``bot.language.text.tokens``; this only counts (what scikit-learn's
    ``CountVectorizer`` did, tokenising again), with columns in term order as it sorted them.
    """
    from scipy import sparse  # slow import: build only

    ids: dict[str, int] = {}
    found = array("i")
    indptr = array("q", [0])
    for toks in token_lists:
        found.extend([ids.setdefault(t, len(ids)) for t in toks])
        indptr.append(len(found))
    terms = sorted(ids)
    order = np.empty(len(ids), dtype=np.int32)
    order[np.fromiter((ids[t] for t in terms), dtype=np.int64, count=len(terms))] = np.arange(len(terms))
    indices = order[np.frombuffer(found, dtype=np.int32)] if found else np.zeros(0, dtype=np.int32)
    counts = sparse.csr_matrix(
        (np.ones(len(indices), dtype=np.float32), indices, np.frombuffer(indptr, dtype=np.int64)),
        shape=(len(indptr) - 1, len(terms)),
    )
    counts.sum_duplicates()
    return counts, {t: int(order[i]) for t, i in ids.items()}  # in first-seen order, as CountVectorizer kept it


def smooth_idf(counts: sparse.csr_matrix) -> np.ndarray:
    """IDF with smoothing, ln((1 + n) / (1 + df)) + 1 in float32: as scikit-learn's ``TfidfTransformer``."""
    df = np.bincount(counts.indices, minlength=counts.shape[1]).astype(np.float32)
    df += 1.0
    idf = np.full_like(df, fill_value=counts.shape[0] + 1, dtype=np.float32)
    idf /= df
    np.log(idf, out=idf)
    idf += 1.0
    return idf


_MAGNITUDES = {"k": "thousand", "m": "million", "b": "billion", "t": "trillion"}


def _spelled_out(word: str) -> tuple[str, ...]:
    """A number with its magnitude written onto it ("700m", "17b") as the articles also write it."""
    if len(word) > 1 and word[-1] in _MAGNITUDES and word[:-1].replace(".", "", 1).isdigit():
        return (word[:-1], _MAGNITUDES[word[-1]])
    return ()
