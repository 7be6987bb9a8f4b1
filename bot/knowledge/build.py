"""Building what the knowledge cache holds, reusing what the previous cache holds for unchanged articles.

An article whose file has the same bytes as when the previous cache was written is not parsed,
split, tokenised or read for names again: its passages and their term counts come from the
previous cache, and its share of the names from ``builder.json`` beside it. Only added or
changed articles are read, and the facts (few, and re-extracted with the articles) are indexed
again. The result is what a build from nothing gives, to the vocabulary order: the vocabulary is
laid out in the order its terms first occur, and a test compares both on an added article.
"""

from __future__ import annotations

import json
import logging
import os
import tempfile
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from bot.knowledge.base import Knowledge
from bot.knowledge.corpus import load_articles, parse_article, split_passages
from bot.knowledge.entities import NamePieces, Names, combine_names, name_pieces, written_lower
from bot.knowledge.facts import load_facts
from bot.knowledge.index import Index, Weighting, fact_document, index_text
from bot.knowledge.tables import ArticleTable, DocumentTable, PassageColumns, PassageGatherer, PassageTable
from bot.language.text import tokens
from bot.models import Article

if TYPE_CHECKING:
    from scipy import sparse

log = logging.getLogger(__name__)
BUILDER_FILE = "builder.json"
Run = tuple[str, ...]


@dataclass
class Previous:
    """What the previous cache holds, for reuse: its articles by file hash, passages, term rows and names."""

    by_hash: dict[str, int]  # article file hash -> position in the previous cache
    articles: ArticleTable
    passages: PassageTable
    terms: list[str]  # the previous vocabulary, by column
    row_ptr: np.ndarray
    row_terms: np.ndarray
    row_counts: np.ndarray
    pieces: list[NamePieces]  # without n-grams
    lower: list[set[Run]]  # per article: the runs of ``runs_checked`` it writes in lower case
    runs_checked: set[Run]
    ngram_counts: Counter[Run]


@dataclass
class Built:
    knowledge: Knowledge
    passages: PassageColumns  # the knowledge's passages as the cache stores them
    index: Index
    names: Names
    article_hashes: list[str]
    row_ptr: np.ndarray  # each passage's distinct terms (vocabulary ids) in first-seen order, with counts
    row_terms: np.ndarray
    row_counts: np.ndarray
    pieces: list[NamePieces] = field(repr=False)
    lower: list[set[Run]] = field(repr=False)
    runs_checked: set[Run] = field(repr=False)
    ngram_counts: Counter[Run] = field(repr=False)
    reused: int = 0  # articles taken from the previous cache


def build(folder: Path, weighting: Weighting, file_hashes: Mapping[str, str], previous: Previous | None) -> Built:
    """Everything the cache holds for ``folder``; ``file_hashes`` maps each knowledge file (relative path) to
    the hash of its bytes. Raises ``KnowledgeError`` as ``load_knowledge`` does."""
    reused: dict[int, int] = {}  # position now -> position in the previous cache
    hashes: list[str] = []

    def parse(path: Path) -> Article:
        digest = file_hashes[str(path.relative_to(folder))]
        hashes.append(digest)
        j = previous.by_hash.get(digest) if previous is not None else None
        if previous is None or j is None:
            return parse_article(path)
        reused[len(hashes) - 1] = j
        return previous.articles[j]

    articles = load_articles(folder / "articles", parse)
    passages = PassageGatherer()  # an unchanged article's passages stay UTF-8: none is built
    article_rows: list[tuple[int, int] | list[Counter[str]]] = []  # per article: previous rows, or new counts
    for k, article in enumerate(articles):
        if previous is not None and k in reused:
            j = reused[k]
            passages.take(previous.passages, j, k)
            article_rows.append((int(previous.passages.first[j]), int(previous.passages.first[j + 1])))
        else:
            split = split_passages(article)
            passages.add(split, k)
            article_rows.append([Counter(tokens(f"{p.heading}\n{p.text}")) for p in split])
    facts = load_facts(folder / "facts", articles)
    columns = passages.columns([a.id for a in articles])
    table = columns.table()
    knowledge = Knowledge(tuple(articles), table, tuple(facts))
    fact_counts = [Counter(tokens(index_text(fact_document(knowledge, i), knowledge))) for i in range(len(facts))]
    counts, vocabulary, rows = _count(previous, article_rows, fact_counts, len(table))
    index = Index.from_counts(DocumentTable(knowledge), counts, vocabulary, weighting)
    pieces, lower, checked, ngram_counts = _names(previous, articles, reused)
    ngrams = [gram for gram, n in ngram_counts.items() if n > 0]
    names = combine_names(pieces, ngrams, set().union(*lower) if lower else set())
    return Built(knowledge, columns, index, names, hashes, *rows, pieces, lower, checked, ngram_counts, len(reused))


def _count(
    previous: Previous | None, article_rows: Sequence[tuple[int, int] | list[Counter[str]]],
    fact_counts: Sequence[Counter[str]], passages: int,
) -> tuple[sparse.csr_matrix, dict[str, int], tuple[np.ndarray, np.ndarray, np.ndarray]]:  # fmt: skip
    """The count matrix and vocabulary a build from nothing gives (``bot.knowledge.index.count_matrix``), from the
    previous cache's term rows for reused articles and new counts for the rest; and the passages' rows."""
    from scipy import sparse  # slow import: build only

    terms: list[str] = list(previous.terms) if previous is not None else []
    ids = {t: i for i, t in enumerate(terms)}  # every term seen: the previous vocabulary, then new ones
    parts_terms: list[np.ndarray] = []
    parts_counts: list[np.ndarray] = []
    sizes: list[np.ndarray] = []

    def add_new(rows: Sequence[Counter[str]]) -> None:
        flat = [ids.setdefault(t, len(ids)) for row in rows for t in row]
        parts_terms.append(np.array(flat, dtype=np.int64))
        parts_counts.append(np.array([c for row in rows for c in row.values()], dtype=np.float32))
        sizes.append(np.array([len(row) for row in rows], dtype=np.int64))

    for taken in article_rows:
        if isinstance(taken, tuple):
            assert previous is not None
            start, stop = taken
            begin, finish = int(previous.row_ptr[start]), int(previous.row_ptr[stop])
            parts_terms.append(previous.row_terms[begin:finish].astype(np.int64))
            parts_counts.append(previous.row_counts[begin:finish].astype(np.float32))
            sizes.append(np.diff(previous.row_ptr[start : stop + 1]))
        else:
            add_new(taken)
    add_new(fact_counts)
    terms.extend(list(ids)[len(terms) :])
    flat = np.concatenate(parts_terms) if parts_terms else np.zeros(0, dtype=np.int64)
    values = np.concatenate(parts_counts) if parts_counts else np.zeros(0, dtype=np.float32)
    indptr = np.concatenate([np.zeros(1, dtype=np.int64), np.cumsum(np.concatenate(sizes))])
    first = np.full(len(terms), len(flat), dtype=np.int64)  # where each term first occurs (len(flat): nowhere)
    np.minimum.at(first, flat, np.arange(len(flat), dtype=np.int64))
    seen = np.flatnonzero(first < len(flat))
    in_order = seen[np.argsort(first[seen])]  # terms in the order they first occur, as counting from nothing
    present = [terms[int(u)] for u in in_order]
    column_of = {t: i for i, t in enumerate(sorted(present))}
    column = np.full(len(terms), -1, dtype=np.int32)
    column[in_order] = [column_of[t] for t in present]
    columns = column[flat]
    shape = (len(indptr) - 1, len(present))
    counts = sparse.csr_matrix((values.copy(), columns.copy(), indptr.copy()), shape=shape)
    counts.sort_indices()  # in place: the rows kept below stay in first-seen order
    end = int(indptr[passages])
    kept = (indptr[: passages + 1].copy(), columns[:end].astype(np.int32), values[:end].astype(np.int32))
    return counts, {t: column_of[t] for t in present}, kept


def _names(
    previous: Previous | None, articles: Sequence[Article], reused: Mapping[int, int]
) -> tuple[list[NamePieces], list[set[Run]], set[Run], Counter[Run]]:
    """Each article's share of the names, which runs each writes in lower case, and the n-gram counts."""
    ngram_counts: Counter[Run] = Counter(previous.ngram_counts) if previous is not None else Counter()
    if previous is not None:  # the articles that left (removed, or changed): their n-grams go with them
        kept = set(reused.values())
        for j in range(len(previous.articles)):
            if j not in kept:
                ngram_counts.subtract(name_pieces(previous.articles[j].text).ngrams)
    pieces: list[NamePieces] = []
    for k, article in enumerate(articles):
        if previous is not None and k in reused:
            pieces.append(previous.pieces[reused[k]])
        else:
            piece = name_pieces(article.text)
            ngram_counts.update(piece.ngrams)
            piece.ngrams = set()
            pieces.append(piece)
    runs = {run for piece in pieces for run in piece.runs}
    checked = previous.runs_checked if previous is not None else set()
    unchecked = runs - checked
    lower: list[set[Run]] = []
    for k, article in enumerate(articles):
        if previous is not None and k in reused:
            found = previous.lower[reused[k]] & runs
            if unchecked and _may_write(previous, reused[k], unchecked):
                found |= written_lower([article.text], unchecked)
            lower.append(found)
        else:
            lower.append(written_lower([article.text], runs))
    return pieces, lower, runs, +ngram_counts


def _may_write(previous: Previous, j: int, runs: set[Run]) -> bool:
    """Whether article ``j``'s text holds the first word of any of these runs (a quick test before reading it)."""
    text = previous.articles.raw(j)
    return any(run[0].encode() in text for run in runs)


# --- the builder file: what a later build reuses besides the cache's own arrays -----------------------


def save_builder(cache: Path, content: str, built: Built) -> None:
    """Write what a later build reuses: each article's share of the names (a name's words joined by spaces:
    ``bot.language.text.words`` never gives a space) and the n-gram counts (``joined_runs``)."""

    def joined(grams: Iterable[Run]) -> list[str]:
        return [" ".join(g) for g in grams]

    counted = built.ngram_counts
    data = {
        "content": content,
        "pieces": [
            {
                "names": joined(p.names),
                "spelled": [[" ".join(t), s] for t, s in p.spelled.items()],
                "versions": {f: list(v) for f, v in p.versions.items()},
                "runs": joined(p.runs),
            }
            for p in built.pieces
        ],
        "lower": [joined(found) for found in built.lower],
        "runs_checked": joined(built.runs_checked),
        "ngrams": joined_runs(counted),
        "ngram_counts": list(counted.values()),
    }
    text = json.dumps(data, separators=(",", ":"))  # dumps, not dump: the C encoder
    with tempfile.NamedTemporaryFile("w", dir=cache, suffix=".tmp", delete=False, encoding="utf-8") as handle:
        handle.write(text)
    os.replace(handle.name, cache / BUILDER_FILE)


def joined_runs(runs: Iterable[Run]) -> str:
    """Runs of words as one string: words joined by spaces, runs by newlines (``bot.language.text.words`` gives
    neither). A large knowledge reads 165,000 name n-grams: one JSON string writes and reads many times faster
    than as many lists."""
    return "\n".join(" ".join(run) for run in runs)


def split_runs(joined: str) -> list[Run]:
    """The runs ``joined_runs`` joined, in its order."""
    return [tuple(run.split(" ")) for run in joined.split("\n")] if joined else []


def load_builder(cache: Path, content: str) -> dict[str, Any] | None:
    try:
        data: dict[str, Any] = json.loads((cache / BUILDER_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) and data.get("content") == content else None


def pieces_of(data: Mapping[str, Any]) -> tuple[list[NamePieces], list[set[Run]], set[Run], Counter[Run]]:
    def split(grams: Iterable[str]) -> set[Run]:
        return {tuple(g.split(" ")) for g in grams}

    pieces = [
        NamePieces(
            names=split(p["names"]),
            spelled={tuple(t.split(" ")): str(s) for t, s in p["spelled"]},
            versions={str(f): set(v) for f, v in p["versions"].items()},
            runs=split(p["runs"]),
        )
        for p in data["pieces"]
    ]
    lower = [split(found) for found in data["lower"]]
    runs, counts = split_runs(data["ngrams"]), data["ngram_counts"]
    if len(runs) != len(counts):
        raise ValueError("the builder's n-grams do not fit their counts")
    ngrams: Counter[Run] = Counter({run: int(n) for run, n in zip(runs, counts, strict=True)})
    return pieces, lower, split(data["runs_checked"]), ngrams
