"""The knowledge cache: what answering needs, in one file beside the knowledge, loaded without parsing.

``knowledge/.index/knowledge.cache`` holds the articles' header fields and text, the passages
(text, heading, article), the facts, the names read from the articles, and the index (vocabulary,
IDF and postings). Loading it parses no article: the file is memory-mapped, its arrays are views
of it, and an article or passage is built from its UTF-8 bytes only when a question reaches it.

The cache is trusted only for the knowledge files and the code it was written from. A small
``signature.json`` beside it records the files' names, sizes, times and inodes at the last check:
when they are unchanged, nothing is read; when they changed, the files' contents are hashed and
compared with the hashes the cache was written for (a copied or touched folder keeps its cache).
Otherwise everything is built again and the cache replaced atomically, and a cache that is
missing, stale, unreadable or from other code is never trusted.

Layout: 8 bytes of magic, the length of a JSON header (8 bytes, little-endian), the header, then
arrays, each at an offset the header gives, 64-byte aligned.
"""

from __future__ import annotations

import contextlib
import gc
import hashlib
import json
import logging
import mmap
import os
import struct
import tempfile
import time
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path
from typing import IO, Any

import numpy as np

from bot.knowledge.base import Knowledge
from bot.knowledge.build import (
    Built,
    Previous,
    build,
    joined_runs,
    load_builder,
    pieces_of,
    save_builder,
    split_runs,
)  # fmt: skip
from bot.knowledge.citations import MIN_QUOTE_CHARS, WIDENED, alnum_len, widen_quote
from bot.knowledge.entities import Names
from bot.knowledge.files import Signature, knowledge_files, signature
from bot.knowledge.index import Index, Weighting
from bot.knowledge.tables import ArticleTable, DocumentTable, PassageTable, Texts
from bot.models import Fact

log = logging.getLogger(__name__)
CACHE_FORMAT = 2  # bump when the layout changes
CACHE_FILE = "knowledge.cache"
SIGNATURE_FILE = "signature.json"
FOLDER = ".index"
_MAGIC = b"L4KCACHE"
_ALIGN = 64
CODE_FILES = (  # what reads the knowledge files into what the cache holds (paths inside the package)
    "knowledge/base.py", "knowledge/build.py", "knowledge/cache.py", "knowledge/citations.py",
    "knowledge/cleaning.py", "knowledge/corpus.py", "knowledge/entities.py", "knowledge/extract.py",
    "knowledge/facts.py", "knowledge/index.py", "knowledge/lexicon.py", "knowledge/tables.py",
    "language/dictionary.py", "language/numbers.py", "language/text.py", "models.py",
)  # fmt: skip
LEGACY_FILES = ("index.npz", "names.json")  # the cache before this one: removed when this one is written


def load(folder: Path, weighting: Weighting = "bm25") -> tuple[Knowledge, Index, Names]:
    """The knowledge of ``folder``, its index and names: from the cache when it is fresh, else built (reusing
    what the previous cache holds for unchanged articles) and cached."""
    with _no_cycle_collection():
        return _load(folder, weighting)


@contextlib.contextmanager
def _no_cycle_collection() -> Iterator[None]:
    """Loading and building make millions of small objects and no cycles: the cycle collector would walk
    the whole heap again and again (the longer, the more a process already holds). It runs after."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _load(folder: Path, weighting: Weighting) -> tuple[Knowledge, Index, Names]:
    cache = folder / FOLDER
    code = code_key(weighting)
    seen = signature(folder)
    recorded = _recorded_content(cache, seen)
    found = _read(cache / CACHE_FILE, code, recorded) if recorded is not None else None
    if found is not None:
        return found
    content, file_hashes = content_key(folder)  # the files changed since the last check, or were never checked
    found = _read(cache / CACHE_FILE, code, content)
    if found is not None:
        _write_signature(cache, seen, content)
        return found
    started = time.perf_counter()
    built = build(folder, weighting, file_hashes, previous(cache, code))
    result = (built.knowledge, built.index, built.names)
    log.info(
        "knowledge built in %.2f s: %d of %d articles reused from the previous cache",
        time.perf_counter() - started, built.reused, len(built.knowledge.articles),
    )  # fmt: skip
    try:
        write(cache, built, code, content)
        save_builder(cache, content, built)
    except (OSError, ValueError) as exc:
        log.warning("could not cache the knowledge in %s: %s", cache, exc)
        return result
    _write_signature(cache, seen, content)
    return _read(cache / CACHE_FILE, code, content) or result  # the lean, mapped form


def code_key(weighting: str) -> str:
    """A hash of the code that builds what the cache holds, the cache layout and the weighting."""
    digest = hashlib.sha256(f"{CACHE_FORMAT}:{weighting}".encode())
    code = Path(__file__).resolve().parent.parent  # the package
    for name in CODE_FILES:
        digest.update(name.encode())
        digest.update((code / name).read_bytes())
    return digest.hexdigest()


def content_key(folder: Path) -> tuple[str, dict[str, str]]:
    """A hash of the knowledge files' names and contents, and each file's own hash by relative path."""
    digest = hashlib.sha256()
    hashes: dict[str, str] = {}
    for path in knowledge_files(folder):
        name = str(path.relative_to(folder))
        hashes[name] = hashlib.sha256(path.read_bytes()).hexdigest()
        digest.update(name.encode() + b"\0" + hashes[name].encode())
    return digest.hexdigest(), hashes


# --- reading -----------------------------------------------------------------------------------------


def _recorded_content(cache: Path, seen: Signature) -> str | None:
    """The content key recorded with this signature of the files, if the files are as they were then."""
    try:
        saved = json.loads((cache / SIGNATURE_FILE).read_text(encoding="utf-8"))
        if [list(s) for s in seen] == saved["signature"]:
            return str(saved["content"])
    except (OSError, ValueError, KeyError, TypeError):
        pass
    return None


def _open(path: Path, code: str) -> tuple[Any, dict[str, Any]] | None:
    """The mapped cache file and its header, when it was written by this code."""
    try:
        with path.open("rb") as handle:
            buffer = mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ)
        if buffer[: len(_MAGIC)] != _MAGIC:
            return None
        (size,) = struct.unpack_from("<Q", buffer, len(_MAGIC))
        header = json.loads(buffer[len(_MAGIC) + 8 : len(_MAGIC) + 8 + size])
    except (OSError, ValueError, struct.error):
        return None
    if not isinstance(header, dict) or header.get("format") != CACHE_FORMAT or header.get("code") != code:
        return None
    return buffer, header


def _read(path: Path, code: str, content: str) -> tuple[Knowledge, Index, Names] | None:
    opened = _open(path, code)
    if opened is None or opened[1].get("content") != content:
        return None
    try:
        return _assemble(*opened)
    except (ValueError, KeyError, TypeError, IndexError):
        return None


def previous(cache: Path, code: str) -> Previous | None:
    """What the cache in ``cache`` holds for a build to reuse, when this code wrote it (else None)."""
    opened = _open(cache / CACHE_FILE, code)
    builder = load_builder(cache, opened[1].get("content", "")) if opened is not None else None
    if opened is None or builder is None:
        return None
    buffer, header = opened
    try:
        knowledge, _, _ = _assemble(buffer, header)
        arrays = header["arrays"]
        assert isinstance(knowledge.articles, ArticleTable) and isinstance(knowledge.passages, PassageTable)
        pieces, lower, checked, ngrams = pieces_of(builder)
        terms = [""] * len(header["vocabulary"])
        for term, column in zip(header["vocabulary"], _array(buffer, arrays["vocabulary_ids"]).tolist(), strict=True):
            terms[column] = term
        found = Previous(
            by_hash={h: j for j, h in enumerate(header["article_hashes"])},
            articles=knowledge.articles,
            passages=knowledge.passages,
            terms=terms,
            row_ptr=_array(buffer, arrays["row_ptr"]),
            row_terms=_array(buffer, arrays["row_terms"]),
            row_counts=_array(buffer, arrays["row_counts"]),
            pieces=pieces,
            lower=lower,
            runs_checked=checked,
            ngram_counts=ngrams,
        )
    except (ValueError, KeyError, TypeError, IndexError, AssertionError):
        return None
    lengths = {len(found.by_hash), len(found.articles), len(found.pieces), len(found.lower)}
    return found if len(lengths) == 1 and len(found.row_ptr) == len(found.passages) + 1 else None


def _array(buffer: Any, spec: Sequence[Any]) -> np.ndarray:
    dtype, count, offset = spec
    return np.frombuffer(buffer, dtype=np.dtype(dtype), count=int(count), offset=int(offset))


def _texts(buffer: Any, spec: Mapping[str, Any]) -> Texts:
    return Texts(buffer, int(spec["start"]), _array(buffer, spec["offsets"]))


def _assemble(buffer: Any, header: Mapping[str, Any]) -> tuple[Knowledge, Index, Names]:
    arrays = header["arrays"]
    article_fields = header["articles"]
    articles = ArticleTable(article_fields, _texts(buffer, header["article_texts"]))
    passages = PassageTable(
        articles.ids,
        _array(buffer, arrays["passage_article"]),
        header["headings"],
        _array(buffer, arrays["passage_heading"]),
        _texts(buffer, header["passage_texts"]),
    )
    facts = tuple(Fact.model_validate(f) for f in header["facts"])
    knowledge = Knowledge(articles, passages, facts)
    knowledge.memo(WIDENED).update(((facts[int(i)].source, facts[int(i)].quote), w) for i, w in header["widened"])
    terms = header["vocabulary"]
    ids = _array(buffer, arrays["vocabulary_ids"]).tolist()
    term_major = (_array(buffer, arrays["indptr"]), _array(buffer, arrays["indices"]), _array(buffer, arrays["data"]))
    index = Index(
        DocumentTable(knowledge), dict(zip(terms, ids, strict=True)), _array(buffer, arrays["idf"]), term_major,
        header["weighting"],
    )  # fmt: skip
    postings = int(index.indptr[-1]) if len(index.indptr) else -1
    if len(index.indptr) != len(terms) + 1 or not postings == len(index.indices) == len(index.data):
        raise ValueError("the cached index does not fit its vocabulary")
    saved = header["names"]
    names = Names(
        frozenset(tuple(n) for n in saved["names"]),
        frozenset(saved["families"]),
        frozenset(split_runs(saved["ngrams"])),
        {tuple(n): spelled for n, spelled in saved["spelled"]},
    )
    return knowledge, index, names


# --- writing -----------------------------------------------------------------------------------------


def write(cache: Path, built: Built, code: str, content: str) -> None:
    """Write the cache file atomically: a reader maps the old file or the new one, never a mix."""
    knowledge, index, names = built.knowledge, built.index, built.names
    passages = built.passages
    header: dict[str, Any] = {
        "format": CACHE_FORMAT,
        "code": code,
        "content": content,
        "weighting": index.weighting,
        "articles": [a.model_dump(exclude_unset=True, exclude={"text"}) for a in knowledge.articles],
        "headings": list(passages.headings),
        "facts": [f.model_dump(mode="json", exclude_unset=True) for f in knowledge.facts],
        "widened": _widened_fact_quotes(knowledge),
        "article_hashes": built.article_hashes,
        "vocabulary": list(index.vocabulary),
        "names": {
            "names": sorted(map(list, names.names)),
            "families": sorted(names.families),
            "ngrams": joined_runs(sorted(names.ngrams)),
            "spelled": sorted([list(n), spelled] for n, spelled in names.spelled.items()),
        },
    }
    article_texts = [a.text.encode("utf-8") for a in knowledge.articles]
    blobs: dict[str, bytes] = {"article_texts": b"".join(article_texts), "passage_texts": passages.texts}
    arrays: dict[str, np.ndarray] = {
        "passage_article": np.ascontiguousarray(passages.article_of, dtype=np.int32),
        "passage_heading": np.ascontiguousarray(passages.heading_of, dtype=np.int32),
        "article_offsets": _offsets(article_texts),
        "passage_offsets": np.ascontiguousarray(passages.offsets, dtype=np.int64),
        "vocabulary_ids": np.fromiter(index.vocabulary.values(), dtype=np.int32, count=len(index.vocabulary)),
        "idf": np.ascontiguousarray(index.idf, dtype=np.float32),
        "indptr": np.ascontiguousarray(index.indptr, dtype=np.int64),
        "indices": np.ascontiguousarray(index.indices, dtype=np.int32),
        "data": np.ascontiguousarray(index.data, dtype=np.float32),
        "row_ptr": np.ascontiguousarray(built.row_ptr, dtype=np.int64),
        "row_terms": np.ascontiguousarray(built.row_terms, dtype=np.int32),
        "row_counts": np.ascontiguousarray(built.row_counts, dtype=np.int32),
    }
    # Offsets of each part are known only once the header's length is: lay out with a guess, then again.
    reserve = 0
    while True:
        layout = _layout(reserve, blobs, arrays)
        header["arrays"] = {name: layout[name] for name in arrays}
        header["article_texts"] = {"start": layout["article_texts"][2], "offsets": layout["article_offsets"]}
        header["passage_texts"] = {"start": layout["passage_texts"][2], "offsets": layout["passage_offsets"]}
        encoded = json.dumps(header, separators=(",", ":")).encode("utf-8")
        if len(encoded) <= reserve:
            break
        reserve = len(encoded) + 4096
    cache.mkdir(parents=True, exist_ok=True)
    with tempfile.NamedTemporaryFile(dir=cache, prefix=".knowledge.", suffix=".tmp", delete=False) as handle:
        try:
            _dump(handle, encoded, reserve, layout, blobs, arrays)
        except BaseException:
            os.unlink(handle.name)
            raise
    os.replace(handle.name, cache / CACHE_FILE)
    for name in LEGACY_FILES:
        (cache / name).unlink(missing_ok=True)


def _widened_fact_quotes(knowledge: Knowledge) -> list[tuple[int, str]]:
    """Facts whose quotes a citation widens (a bare table row), with the widened quote: a /compare then cites
    them without reading their articles."""
    found = []
    for i, fact in enumerate(knowledge.facts):
        if alnum_len(fact.quote) < MIN_QUOTE_CHARS:
            found.append((i, widen_quote(fact.quote, knowledge.article_text(fact.source))))
    return found


def _offsets(texts: Sequence[bytes]) -> np.ndarray:
    sizes = np.fromiter((len(t) for t in texts), dtype=np.int64, count=len(texts))
    return np.concatenate([np.zeros(1, dtype=np.int64), np.cumsum(sizes)])


def _layout(reserve: int, blobs: Mapping[str, bytes], arrays: Mapping[str, np.ndarray]) -> dict[str, Any]:
    at = len(_MAGIC) + 8 + reserve
    layout: dict[str, Any] = {}
    for name, blob in blobs.items():
        at = -(-at // _ALIGN) * _ALIGN
        layout[name] = ["u1", len(blob), at]
        at += len(blob)
    for name, array in arrays.items():
        at = -(-at // _ALIGN) * _ALIGN
        layout[name] = [array.dtype.str, int(array.size), at]
        at += array.nbytes
    return layout


def _dump(
    handle: IO[bytes], encoded: bytes, reserve: int, layout: Mapping[str, Any],
    blobs: Mapping[str, bytes], arrays: Mapping[str, np.ndarray],
) -> None:  # fmt: skip
    handle.write(_MAGIC + struct.pack("<Q", len(encoded)) + encoded + b" " * (reserve - len(encoded)))
    for name, data in [*blobs.items(), *((n, a.tobytes()) for n, a in arrays.items())]:
        handle.seek(int(layout[name][2]))
        handle.write(data)
    handle.flush()
    os.fsync(handle.fileno())


RACY_S = 2.0
"""A file changed this recently may change again within the file system's time resolution, keeping its size and
time: its signature is not recorded, so the next load compares contents (as git treats racily clean files)."""


def _write_signature(cache: Path, seen: Signature, content: str) -> None:
    newest = max((entry[2] for entry in seen), default=0)
    try:
        if newest >= time.time_ns() - RACY_S * 1e9:
            (cache / SIGNATURE_FILE).unlink(missing_ok=True)
            return
        cache.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile("w", dir=cache, suffix=".tmp", delete=False, encoding="utf-8") as handle:
            json.dump({"signature": [list(s) for s in seen], "content": content}, handle)
        os.replace(handle.name, cache / SIGNATURE_FILE)
    except OSError as exc:
        log.warning("could not record the knowledge files' signature in %s: %s", cache, exc)
