"""Loading articles from ``knowledge/articles`` and splitting them into passages.

An article file is a header of ``key: value`` lines, a line ``---``, then the
clean text. Section headings in the text start with ``#``. Any file that breaks
these rules fails loading with an error naming the file and the problem.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

from pydantic import ValidationError

from bot.knowledge.cleaning import looks_broken
from bot.language.text import is_list_line
from bot.models import Article, Passage

HEADER_KEYS = {"id", "title", "label", "publisher", "author", "date", "url", "origin"}
PASSAGE_CHARS = 650


class KnowledgeError(ValueError):
    """A knowledge file is malformed; the message names the file and the problem."""


def parse_article(path: Path) -> Article:
    try:
        raw = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise KnowledgeError(f"{path}: not UTF-8 text ({exc.reason} at byte {exc.start})") from None
    head, sep, body = raw.partition("\n---\n")
    if not sep:
        raise KnowledgeError(f"{path}: no '---' line separating the header from the text")
    fields: dict[str, str] = {}
    for number, line in enumerate(head.splitlines(), 1):
        key, colon, value = line.partition(":")
        key = key.strip()
        if not colon or key not in HEADER_KEYS:
            raise KnowledgeError(
                f"{path}: header line {number} {line[:60]!r} is not one of {sorted(HEADER_KEYS)} as 'key: value'"
            )
        if key in fields:
            raise KnowledgeError(f"{path}: header key {key!r} is given twice")
        fields[key] = value.strip()
    if looks_broken(body):
        raise KnowledgeError(f"{path}: text has broken characters (U+0E42); repair it with bot.knowledge.cleaning")
    try:
        return Article.model_validate({**fields, "text": body.strip() + "\n"})
    except ValidationError as exc:
        problems = "; ".join(f"{'.'.join(map(str, e['loc']))}: {e['msg']}" for e in exc.errors())
        raise KnowledgeError(f"{path}: {problems}") from None


def load_articles(folder: Path, parse: Callable[[Path], Article] = parse_article) -> list[Article]:
    """Every article of ``folder``, in file name order; ``parse`` reads one (a build reuses unchanged ones)."""
    if not folder.is_dir():
        raise KnowledgeError(f"{folder}: the articles folder does not exist")
    articles = [parse(path) for path in sorted(folder.glob("*.txt"))]
    if not articles:
        raise KnowledgeError(f"{folder}: no article files (*.txt)")
    seen: dict[str, Path] = {}
    for article, path in zip(articles, sorted(folder.glob("*.txt")), strict=True):
        if article.id in seen:
            raise KnowledgeError(f"{path}: article id {article.id!r} is already used by {seen[article.id]}")
        seen[article.id] = path
    return articles


def _is_heading(line: str) -> bool:
    return line.startswith("#")


def _units(lines: list[str]) -> Iterator[str]:
    """Paragraphs, with consecutive list items or table rows (and the line introducing them) kept together."""
    block: list[str] = []
    for line in lines:
        if not line.strip():
            continue
        if block and is_list_line(line) and (is_list_line(block[-1]) or block[-1].rstrip().endswith(":")):
            block.append(line.rstrip())
            continue
        if block:
            yield "\n".join(block)
        block = [line.rstrip()]
    if block:
        yield "\n".join(block)


def split_passages(article: Article, max_chars: int = PASSAGE_CHARS) -> list[Passage]:
    """Passages of whole paragraphs (a list or table is never cut), each with its section heading."""
    passages: list[Passage] = []
    heading = article.title or ""
    section: list[str] = []

    def flush() -> None:
        chunk: list[str] = []
        for unit in _units(section):
            if chunk and sum(len(c) for c in chunk) + len(unit) > max_chars:
                _emit(chunk)
                chunk = []
            chunk.append(unit)
        if chunk:
            _emit(chunk)
        section.clear()

    def _emit(chunk: list[str]) -> None:
        passages.append(
            Passage(id=f"{article.id}#{len(passages)}", article_id=article.id, heading=heading, text="\n".join(chunk))
        )

    for line in article.text.splitlines():
        if _is_heading(line):
            flush()
            heading = line.lstrip("#").strip()
        else:
            section.append(line)
    flush()
    return passages
