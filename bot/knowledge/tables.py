"""Articles, passages and index documents read on demand from the knowledge cache, not held as objects.

A knowledge base of 100,000 passages holds its text twice (articles and passages), and Python
strings with a dash or a curly quote take two bytes a character: about 250 MB of objects that a
question touches a few of. These sequences keep the text as UTF-8 in the memory-mapped cache file
and build an ``Article``, ``Passage`` or ``Document`` when one is asked for.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, TypeVar, overload

import numpy as np

from bot.models import Article, Passage

if TYPE_CHECKING:
    from bot.knowledge.base import Knowledge
    from bot.knowledge.index import Document

T = TypeVar("T")
KEEP_BUILT = 20_000  # passages and documents kept once built: the seed knowledge whole, the busy part of a large one
RECENT_ARTICLES = 64  # articles kept built: a question cites a few, often the same ones again


@dataclass(frozen=True)
class Texts:
    """Texts stored one after another as UTF-8 in ``buffer``; text ``i`` is bytes ``offsets[i]:offsets[i + 1]``."""

    buffer: Any  # an mmap, or bytes
    start: int  # where the texts begin in ``buffer``
    offsets: np.ndarray

    def __len__(self) -> int:
        return len(self.offsets) - 1

    def __getitem__(self, i: int) -> str:
        return self.raw(i).decode("utf-8")

    def raw(self, i: int) -> bytes:
        begin, end = int(self.offsets[i]), int(self.offsets[i + 1])
        data: bytes = self.buffer[self.start + begin : self.start + end]
        return data


class _Table(Sequence[T]):
    keep = 0  # how many built items to keep (a bounded memo, emptied when full)

    def __init__(self, size: int) -> None:
        self._size = size
        self._built: dict[int, T] = {}

    def __len__(self) -> int:
        return self._size

    @overload
    def __getitem__(self, i: int) -> T: ...

    @overload
    def __getitem__(self, i: slice) -> Sequence[T]: ...

    def __getitem__(self, i: int | slice) -> T | Sequence[T]:
        if isinstance(i, slice):
            return [self._get(k) for k in range(*i.indices(self._size))]
        if i < 0:
            i += self._size
        if not 0 <= i < self._size:
            raise IndexError(i)
        if not self.keep:
            return self._get(i)
        found = self._built.get(i)
        if found is None:
            if len(self._built) >= self.keep:
                self._built.clear()
            found = self._built[i] = self._get(i)
        return found

    def __iter__(self) -> Iterator[T]:
        return (self._get(k) for k in range(self._size))

    def _get(self, i: int) -> T:
        raise NotImplementedError


class ArticleTable(_Table[Article]):
    """Articles: their header fields as loaded, their text decoded when an article is asked for."""

    def __init__(self, fields: Sequence[Mapping[str, Any]], texts: Texts) -> None:
        super().__init__(len(fields))
        self._fields = fields
        self._texts = texts
        self.ids = [str(f["id"]) for f in fields]
        self._recent: OrderedDict[int, Article] = OrderedDict()
        self._lock = threading.Lock()

    def raw(self, i: int) -> bytes:
        """Article ``i``'s text as UTF-8, not decoded."""
        return self._texts.raw(i)

    def header(self, i: int) -> Mapping[str, Any]:
        """Article ``i``'s header fields as loaded, its text left unread."""
        return self._fields[i]

    def text(self, i: int) -> str:
        """Article ``i``'s text, decoded without building the article."""
        return self._texts[i]

    def display_name(self, i: int) -> str:
        """``Article.display_name`` from the header fields alone."""
        fields = self._fields[i]
        return str(fields.get("title") or fields["label"])

    def _get(self, i: int) -> Article:
        with self._lock:  # answers run in worker threads
            found = self._recent.get(i)
            if found is not None:
                self._recent.move_to_end(i)
                return found
        found = Article.model_validate({**self._fields[i], "text": self._texts[i]})
        with self._lock:
            self._recent[i] = found
            while len(self._recent) > RECENT_ARTICLES:
                self._recent.popitem(last=False)
        return found


class PassageTable(_Table[Passage]):
    """Passages: article ``article_of[i]``, heading ``headings[heading_of[i]]``, id ``"<article id>#<k>"``
    where k counts the passages of that article (as ``bot.knowledge.corpus.split_passages`` numbers them)."""

    keep = KEEP_BUILT

    def __init__(
        self, article_ids: Sequence[str], article_of: np.ndarray, headings: Sequence[str], heading_of: np.ndarray,
        texts: Texts,
    ) -> None:  # fmt: skip
        super().__init__(len(texts))
        self._article_ids = article_ids
        self._article_of = article_of
        self._headings = headings
        self._heading_of = heading_of
        self._texts = texts
        counts = np.bincount(article_of, minlength=len(article_ids)) if len(article_of) else np.zeros(0, np.int64)
        self.first = np.concatenate([[0], np.cumsum(counts)]).astype(np.int64)  # article j: first[j]:first[j + 1]
        self._article_position = {a: k for k, a in enumerate(article_ids)}

    @property
    def article_ids(self) -> Sequence[str]:
        return self._article_ids

    def _get(self, i: int) -> Passage:
        a = int(self._article_of[i])
        article_id = self._article_ids[a]
        return Passage.model_construct(
            id=f"{article_id}#{i - int(self.first[a])}",
            article_id=article_id,
            heading=self._headings[int(self._heading_of[i])],
            text=self._texts[i],
        )

    def article_run(self, j: int) -> tuple[bytes, np.ndarray, list[str]]:
        """Article ``j``'s passages as stored: their texts' UTF-8 one after another, each text's size in bytes,
        and each passage's heading. Nothing is decoded."""
        start, end = int(self.first[j]), int(self.first[j + 1])
        texts = self._texts
        offsets = texts.offsets[start : end + 1]
        blob: bytes = texts.buffer[texts.start + int(offsets[0]) : texts.start + int(offsets[-1])]
        headings = [self._headings[int(h)] for h in self._heading_of[start:end]]
        return bytes(blob), np.diff(offsets).astype(np.int64), headings

    def position(self, passage_id: str) -> int | None:
        """Where the passage with this id is, without building every passage."""
        article_id, _, k = passage_id.rpartition("#")
        a = self._article_position.get(article_id)
        if a is None or not k.isdigit():
            return None
        i = int(self.first[a]) + int(k)
        return i if i < int(self.first[a + 1]) else None


@dataclass(frozen=True)
class PassageColumns:
    """A ``PassageTable``'s columns: each passage's article and heading (positions), and its text as UTF-8 (bytes
    ``offsets[i]:offsets[i + 1]`` of ``texts``)."""

    article_ids: Sequence[str]
    article_of: np.ndarray
    headings: Sequence[str]
    heading_of: np.ndarray
    texts: bytes
    offsets: np.ndarray

    def table(self) -> PassageTable:
        texts = Texts(self.texts, 0, self.offsets)
        return PassageTable(self.article_ids, self.article_of, self.headings, self.heading_of, texts)


class PassageGatherer:
    """Passages gathered article by article, in article order, into new columns: an unchanged article's passages
    are taken from a previous table as UTF-8 (none is built or decoded), a changed one's are given."""

    def __init__(self) -> None:
        self._headings: dict[str, int] = {}
        self._article_of: list[np.ndarray] = []
        self._heading_of: list[np.ndarray] = []
        self._texts: list[bytes] = []
        self._sizes: list[np.ndarray] = []
        self._ids: dict[int, str | None] = {}  # each article's id, by position
        self._last = -1

    def take(self, table: PassageTable, j: int, k: int) -> None:
        """Article ``j``'s passages in ``table``, as article ``k``'s (its id is ``table``'s article ``j``'s)."""
        self._next(k, table.article_ids[j])
        texts, sizes, headings = table.article_run(j)
        self._texts.append(texts)
        self._sizes.append(sizes)
        self._heading_of.append(np.array([self._heading(h) for h in headings], dtype=np.int32))
        self._article_of.append(np.full(len(sizes), k, dtype=np.int32))

    def add(self, passages: Sequence[Passage], k: int) -> None:
        """Article ``k``'s passages, numbered ``"<article id>#0"``, ``#1``, ... as ``split_passages`` numbers them."""
        article_id = passages[0].article_id if passages else None
        for n, p in enumerate(passages):
            if p.id != f"{p.article_id}#{n}" or p.article_id != article_id:
                raise ValueError(f"passage {p.id!r} is not numbered as bot.knowledge.corpus numbers passages")
        self._next(k, article_id)
        encoded = [p.text.encode("utf-8") for p in passages]
        self._texts.append(b"".join(encoded))
        self._sizes.append(np.fromiter(map(len, encoded), dtype=np.int64, count=len(encoded)))
        self._heading_of.append(np.array([self._heading(p.heading) for p in passages], dtype=np.int32))
        self._article_of.append(np.full(len(passages), k, dtype=np.int32))

    def columns(self, article_ids: Sequence[str]) -> PassageColumns:
        """The passages gathered, of these articles (each one's id the one its passages were gathered under)."""
        for k, article_id in self._ids.items():
            if article_id is not None and (k >= len(article_ids) or article_ids[k] != article_id):
                raise ValueError(f"passages of {article_id!r} were gathered as article {k}")

        def joined(parts: list[np.ndarray], dtype: type) -> np.ndarray:
            return np.concatenate(parts).astype(dtype) if parts else np.zeros(0, dtype=dtype)

        offsets = np.concatenate([np.zeros(1, dtype=np.int64), np.cumsum(joined(self._sizes, np.int64))])
        return PassageColumns(
            article_ids, joined(self._article_of, np.int32), list(self._headings), joined(self._heading_of, np.int32),
            b"".join(self._texts), offsets,
        )  # fmt: skip

    def _next(self, k: int, article_id: str | None) -> None:
        if k <= self._last:
            raise ValueError("passages are not in article order")
        self._last = k
        self._ids[k] = article_id

    def _heading(self, heading: str) -> int:
        return self._headings.setdefault(heading, len(self._headings))


class DocumentTable(_Table["Document"]):
    """The index's documents (every passage, then every fact), built when a search returns one."""

    keep = KEEP_BUILT

    def __init__(self, knowledge: Knowledge) -> None:
        super().__init__(len(knowledge.passages) + len(knowledge.facts))
        self._knowledge = knowledge
        self._passages = len(knowledge.passages)

    def _get(self, i: int) -> Document:
        from bot.knowledge.index import Document, fact_document

        if i < self._passages:
            p = self._knowledge.passages[i]
            return Document(p.id, p.article_id, p.heading, p.text)
        return fact_document(self._knowledge, i - self._passages)
