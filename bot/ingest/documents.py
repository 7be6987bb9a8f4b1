"""Markdown and plain-text sources to a Draft: front matter or a ``Key: value`` preamble gives the metadata.

Only what the file states is kept: a title from front matter or a first ``#``
heading (Markdown), or a short first line standing alone (text); author, date,
publisher and URL from front matter or from ``Author:``-style lines right under
the title.
"""

from __future__ import annotations

import re

from bot.ingest.draft import Draft
from bot.ingest.layout import (
    drop_fences,
    first_heading,
    heading_levels,
    plain_inline,
    setext_headings,
    tidy,
    tidy_tables,
    unwrap,
)

META_KEYS = {
    "title": "title",
    "author": "author",
    "authors": "author",
    "by": "author",
    "written by": "author",
    "date": "date",
    "published": "date",
    "publication date": "date",
    "publisher": "publisher",
    "site": "publisher",
    "site name": "publisher",
    "site_name": "publisher",
    "source": "publisher",
    "url": "url",
    "canonical_url": "url",
}
TITLE_CHARS = 150


def _meta_line(line: str) -> tuple[str, str] | None:
    key, colon, value = line.partition(":")
    name = META_KEYS.get(key.strip().lower())
    value = value.strip().strip("\"'").strip()
    if not colon or name is None or not value:
        return None
    return name, value


def front_matter(text: str) -> tuple[dict[str, str], str]:
    """``---`` / ``key: value`` lines / ``---`` at the very top: the known keys, and the text after it."""
    match = re.match(r"---\n(.*?)\n(?:---|\.\.\.)\n", text, flags=re.S)
    if not match:
        return {}, text
    found: dict[str, str] = {}
    for line in match.group(1).split("\n"):
        item = _meta_line(line)
        if item and item[0] not in found:
            found[item[0]] = item[1]
    return found, text[match.end() :]


def preamble(text: str, found: dict[str, str]) -> str:
    """Take ``Author: ...``, ``Date: ...`` lines (blank lines between allowed) from the top of the text."""
    lines = text.split("\n")
    n = 0
    while n < len(lines):
        if not lines[n].strip():
            n += 1
            continue
        item = _meta_line(lines[n])
        if item is None or item[0] == "title":
            break
        found.setdefault(item[0], item[1])
        n += 1
    byline = re.match(r"^\s*By ([A-Z][\w.'’-]*(?: [A-Z][\w.'’-]*){0,3})\s*$", lines[n]) if n < len(lines) else None
    if byline:
        found.setdefault("author", byline.group(1))
        n += 1
    return "\n".join(lines[n:])


def _draft(body: str, meta: dict[str, str]) -> Draft:
    return Draft(
        text=tidy(body),
        title=meta.get("title"),
        author=meta.get("author"),
        publisher=meta.get("publisher"),
        date=meta.get("date"),
        url=meta.get("url"),
    )


def markdown_body(text: str) -> str:
    """Markdown to our text: ATX headings, inline markup to words, tables tidied, paragraphs on one line."""
    text = setext_headings(text)
    text = re.sub(r"(?m)^[ \t]{0,3}(?:[-*_][ \t]*){3,}$", "", text)
    text = plain_inline(text)
    text = drop_fences(unwrap(text))
    return tidy_tables(heading_levels(text))


def markdown_draft(source: str) -> Draft:
    meta, text = front_matter(tidy(source))
    text = markdown_body(text)
    heading, rest = first_heading(text)
    if heading and (not meta.get("title") or heading.lower() == meta["title"].lower()):
        meta.setdefault("title", heading)
        text = rest
    return _draft(preamble(text, meta), meta)


def text_draft(source: str) -> Draft:
    meta, text = front_matter(tidy(source))
    lines = text.split("\n")
    first = lines[0].strip()
    stands_alone = len(lines) > 1 and not lines[1].strip()
    if "title" not in meta and stands_alone and 3 <= len(first) <= TITLE_CHARS and not first.endswith((".", ":", ",")):
        meta["title"] = first
        text = "\n".join(lines[1:])
    text = preamble(text, meta)
    return _draft(tidy_tables(unwrap(text)), meta)
