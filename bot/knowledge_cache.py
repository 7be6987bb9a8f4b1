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

import hashlib
import json
import logging
import mmap
import os
import struct
import tempfile
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import IO, Any

import numpy as np

from bot.citations import MIN_QUOTE_CHARS, WIDENED, alnum_len, widen_quote
from bot.entities import Names, read_names
from bot.index import Index, Weighting
from bot.knowledge import Knowledge, load_knowledge
from bot.knowledge_files import Signature, knowledge_files, signature
from bot.models import Fact
from bot.tables import ArticleTable, DocumentTable, PassageTable, Texts

log = logging.getLogger(__name__)
CACHE_FORMAT = 1  # bump when the layout changes
CACHE_FILE = "knowledge.cache"
SIGNATURE_FILE = "signature.json"
FOLDER = ".index"
_MAGIC = b"L4KCACHE"
_ALIGN = 64
CODE_FILES = (  # what reads the knowledge files into what the cache holds
    "citations.py", "cleaning.py", "corpus.py", "dictionary.py", "entities.py", "extract.py", "facts.py", "index.py",
    "knowledge.py", "knowledge_cache.py", "lexicon.py", "models.py", "numbers.py", "tables.py", "text.py",
)  # fmt: skip
LEGACY_FILES = ("index.npz", "names.json")  # the cache before this one: removed when this one is written


def load(folder: Path, weighting: Weighting = "bm25") -> tuple[Knowledge, Index, Names]:
    """The knowledge of ``folder``, its index and names: from the cache when it is fresh, else built and cached."""
    cache = folder / FOLDER
    code = code_key(weighting)
    seen = signature(folder)
    recorded = _recorded_content(cache, seen)
    found = _read(cache / CACHE_FILE, code, recorded) if recorded is not None else None
    if found is not None:
        return found
    content = content_key(folder)  # the files changed since the last check, or were never checked
    found = _read(cache / CACHE_FILE, code, content)
    if found is not None:
        _write_signature(cache, seen, content)
        return found
    knowledge = load_knowledge(folder)
    index = Index.build(knowledge, weighting)
    names = read_names(a.text for a in knowledge.articles)
    try:
        write(cache, knowledge, index, names, code, content)
    except (OSError, ValueError) as exc:
        log.warning("could not cache the knowledge in %s: %s", cache, exc)
        return knowledge, index, names
    _write_signature(cache, seen, content)
    return _read(cache / CACHE_FILE, code, content) or (knowledge, index, names)  # the lean, mapped form


def code_key(weighting: str) -> str:
    """A hash of the code that builds what the cache holds, the cache layout and the weighting."""
    digest = hashlib.sha256(f"{CACHE_FORMAT}:{weighting}".encode())
    code = Path(__file__).resolve().parent
    for name in CODE_FILES:
        digest.update(name.encode())
        digest.update((code / name).read_bytes())
    return digest.hexdigest()


def content_key(folder: Path) -> str:
    """A hash of the knowledge files' names and contents."""
    digest = hashlib.sha256()
    for path in knowledge_files(folder):
        digest.update(str(path.relative_to(folder)).encode() + b"\0")
        digest.update(hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()


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


def _read(path: Path, code: str, content: str) -> tuple[Knowledge, Index, Names] | None:
    try:
        with path.open("rb") as handle:
            buffer = mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ)
        if buffer[: len(_MAGIC)] != _MAGIC:
            return None
        (size,) = struct.unpack_from("<Q", buffer, len(_MAGIC))
        header = json.loads(buffer[len(_MAGIC) + 8 : len(_MAGIC) + 8 + size])
        if header.get("format") != CACHE_FORMAT or header.get("code") != code or header.get("content") != content:
            return None
        return _assemble(buffer, header)
    except (OSError, ValueError, KeyError, TypeError, IndexError, struct.error):
        return None


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
        frozenset(tuple(g) for g in saved["ngrams"]),
        {tuple(n): spelled for n, spelled in saved["spelled"]},
    )
    return knowledge, index, names


# --- writing -----------------------------------------------------------------------------------------


def write(cache: Path, knowledge: Knowledge, index: Index, names: Names, code: str, content: str) -> None:
    """Write the cache file atomically: a reader maps the old file or the new one, never a mix."""
    article_ids = [a.id for a in knowledge.articles]
    position = {a: k for k, a in enumerate(article_ids)}
    headings: dict[str, int] = {}
    passage_article = np.empty(len(knowledge.passages), dtype=np.int32)
    passage_heading = np.empty(len(knowledge.passages), dtype=np.int32)
    seen: dict[str, int] = {}
    for i, p in enumerate(knowledge.passages):
        k = seen.get(p.article_id, 0)
        if p.id != f"{p.article_id}#{k}":
            raise ValueError(f"passage {p.id!r} is not numbered as bot.corpus numbers passages")
        seen[p.article_id] = k + 1
        passage_article[i] = position[p.article_id]
        passage_heading[i] = headings.setdefault(p.heading, len(headings))
    if list(passage_article) != sorted(passage_article):
        raise ValueError("passages are not in article order")
    header: dict[str, Any] = {
        "format": CACHE_FORMAT,
        "code": code,
        "content": content,
        "weighting": index.weighting,
        "articles": [a.model_dump(exclude_unset=True, exclude={"text"}) for a in knowledge.articles],
        "headings": list(headings),
        "facts": [f.model_dump(mode="json", exclude_unset=True) for f in knowledge.facts],
        "widened": _widened_fact_quotes(knowledge),
        "vocabulary": list(index.vocabulary),
        "names": {
            "names": sorted(map(list, names.names)),
            "families": sorted(names.families),
            "ngrams": sorted(map(list, names.ngrams)),
            "spelled": sorted([list(n), spelled] for n, spelled in names.spelled.items()),
        },
    }
    blobs: dict[str, bytes] = {
        "article_texts": _utf8([a.text for a in knowledge.articles]),
        "passage_texts": _utf8([p.text for p in knowledge.passages]),
    }
    arrays: dict[str, np.ndarray] = {
        "passage_article": passage_article,
        "passage_heading": passage_heading,
        "article_offsets": _offsets([a.text for a in knowledge.articles]),
        "passage_offsets": _offsets([p.text for p in knowledge.passages]),
        "vocabulary_ids": np.fromiter(index.vocabulary.values(), dtype=np.int32, count=len(index.vocabulary)),
        "idf": np.ascontiguousarray(index.idf, dtype=np.float32),
        "indptr": np.ascontiguousarray(index.indptr, dtype=np.int64),
        "indices": np.ascontiguousarray(index.indices, dtype=np.int32),
        "data": np.ascontiguousarray(index.data, dtype=np.float32),
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
            found.append((i, widen_quote(fact.quote, knowledge.article(fact.source).text)))
    return found


def _utf8(texts: Sequence[str]) -> bytes:
    return b"".join(t.encode("utf-8") for t in texts)


def _offsets(texts: Sequence[str]) -> np.ndarray:
    sizes = np.fromiter((len(t.encode("utf-8")) for t in texts), dtype=np.int64, count=len(texts))
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


def _write_signature(cache: Path, seen: Signature, content: str) -> None:
    try:
        cache.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile("w", dir=cache, suffix=".tmp", delete=False, encoding="utf-8") as handle:
            json.dump({"signature": [list(s) for s in seen], "content": content}, handle)
        os.replace(handle.name, cache / SIGNATURE_FILE)
    except OSError as exc:
        log.warning("could not record the knowledge files' signature in %s: %s", cache, exc)
