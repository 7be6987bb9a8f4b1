"""An article prepared for the knowledge base: what its source states about it, and its text in our format."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

ID_CHARS = 60
"""Derived ids are cut (at a dash) to this length; the article id pattern allows 64."""


class IngestError(ValueError):
    """A source cannot become an article; the message is one line that says why."""


@dataclass(frozen=True)
class Draft:
    """The clean text (``#`` headings, Markdown tables) and only the metadata the source states."""

    text: str
    title: str | None = None
    author: str | None = None
    publisher: str | None = None
    date: str | None = None
    url: str | None = None


def slug(text: str, limit: int = ID_CHARS) -> str:
    """Lower-case ASCII words joined by dashes, cut at a dash to at most ``limit`` characters."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    words = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
    if len(words) <= limit:
        return words
    cut = words[: limit + 1].rsplit("-", 1)[0]
    return cut if cut else words[:limit]


def derive_id(draft: Draft, fallback: str) -> str:
    """The id from the title (prefixed with the publisher when the title does not name it), else the fallback."""
    base = slug(draft.title or "") or slug(fallback)
    publisher = slug(draft.publisher or "", 24)
    if publisher and publisher not in base:
        base = slug(f"{publisher}-{base}")
    if len(base) < 2:
        base = f"article-{base}".strip("-")
    return base


def one_line(value: str | None) -> str | None:
    """A header value: one line, spaces collapsed; None when empty."""
    if value is None:
        return None
    text = re.sub(r"\s+", " ", value).strip()
    return text or None


def render_article(draft: Draft, article_id: str, origin: str) -> str:
    """The file ``knowledge/articles/<id>.txt``: header lines, ``---``, the text."""
    title = one_line(draft.title)
    label = title or f"Article from {origin.rstrip('/').rsplit('/', 1)[-1] or origin}"
    fields = {
        "id": article_id,
        "title": title,
        "label": label,
        "publisher": one_line(draft.publisher),
        "author": one_line(draft.author),
        "date": one_line(draft.date),
        "url": one_line(draft.url) if one_line(draft.url) != origin else None,
        "origin": one_line(origin),
    }
    header = "".join(f"{key}: {value}\n" for key, value in fields.items() if value)
    return f"{header}---\n{draft.text.strip()}\n"
