"""The articles the bot knows, as ``/sources`` lists them: each with its author, publisher and date, narrowed
by the user's words, and capped so that a knowledge base of a thousand articles is not a thousand lines."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from bot.language.text import fold, normalise_query, words
from bot.models import Answer, AnswerKind

MAX_LISTED = 25  # articles one answer lists; the rest are counted, and words narrow the list
MAX_NARROW_CHARS = 100


def source_list(headers: Sequence[Mapping[str, Any]], narrow: str = "") -> Answer:
    """Articles by their header fields (``id``, ``title``, ``label``, ``publisher``, ``author``, ``date``),
    numbered as the knowledge holds them; with ``narrow``, only those whose header holds each of its words."""
    wanted = words(fold(normalise_query(narrow, MAX_NARROW_CHARS)))
    shown = " ".join(wanted)  # the words matched, not the markup around them ("<@123>")
    lines = [
        _line(n, fields)
        for n, fields in enumerate(headers, 1)
        if all(w in _searchable(fields) for w in wanted)
    ]  # fmt: skip
    total = f"{len(headers):,} article{'s' if len(headers) != 1 else ''}"
    if not wanted:
        head = f"I know {total}:"
    elif not lines:
        head = f"None of my {total} matches '{shown}'. Try /sources with a word of a title, publisher or author."
    else:
        head = f"{len(lines):,} of my {total} {'match' if len(lines) > 1 else 'matches'} '{shown}':"
    more = len(lines) - MAX_LISTED
    tail = [f"… and {more:,} more. Narrow the list with a word: /sources <word>."] if more > 0 else []
    text = "\n".join([head, *lines[:MAX_LISTED], *tail])
    return Answer(question=f"sources {shown}".strip(), kind=AnswerKind.INFO, text=text)


def cited_list(headers: Sequence[Mapping[str, Any]], cited: Sequence[str]) -> str:
    """The articles an answer quoted, in the order it cited them, each as ``/sources`` lists it."""
    by_id = {str(h["id"]): h for h in headers}
    lines = [_line(n, by_id[a]) for n, a in enumerate((a for a in cited if a in by_id), 1)]
    if not lines:
        return ""
    head = "That answer quoted this article:" if len(lines) == 1 else f"That answer quoted these {len(lines)} articles:"
    return "\n".join([head, *lines, "Each quote is under Sources in that answer; /sources lists every article I know."])


def _line(n: int, fields: Mapping[str, Any]) -> str:
    author, publisher, date = (fields.get(k) for k in ("author", "publisher", "date"))
    details = ", ".join(str(x) for x in (f"by {author}" if author else None, publisher, date) if x)
    name = fields.get("title") or fields["label"]
    url = f" {fields['url']}" if fields.get("url") else ""  # "link?": the page itself, when the article states it
    return f"{n}. {name}" + (f" ({details})" if details else "") + f" [id: {fields['id']}]{url}"


def _searchable(fields: Mapping[str, Any]) -> str:
    said = (fields.get(k) for k in ("id", "title", "label", "publisher", "author", "date"))
    return " ".join(words(fold(" ".join(str(x) for x in said if x))))
