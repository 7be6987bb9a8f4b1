"""Building numbered citations whose quotes are verbatim article text."""

from __future__ import annotations

import re

from bot.knowledge import Knowledge
from bot.models import Citation, Fact

MIN_QUOTE_CHARS = 15  # letters and digits a quote needs to stand on its own as evidence


def alnum_len(text: str) -> int:
    return len(re.sub(r"[^A-Za-z0-9]", "", text))


def widen_quote(quote: str, article_text: str) -> str:
    """A quote too short to stand alone (a bare table row) grows upwards: a table row to its table's header."""
    if alnum_len(quote) >= MIN_QUOTE_CHARS:
        return quote
    lines = article_text.splitlines()
    for i, line in enumerate(lines):
        if line.strip() != quote.strip():
            continue
        start = i
        in_table = quote.strip().startswith("|")
        while (
            start > 0
            and lines[start - 1].strip()
            and (
                (in_table and lines[start - 1].strip().startswith("|"))
                or alnum_len("\n".join(lines[start : i + 1])) < MIN_QUOTE_CHARS
            )
        ):
            start -= 1
        widened = "\n".join(lines[start : i + 1])
        return widened if widened in article_text else quote
    return quote


class CitationList:
    """Numbered citations, one per distinct (article, quote)."""

    def __init__(self, knowledge: Knowledge) -> None:
        self.knowledge = knowledge
        self.items: list[Citation] = []
        self._numbers: dict[tuple[str, str], int] = {}

    def add(self, source: str, quote: str) -> int:
        """The number of this (article, quote), adding it if new: a keyed look-up, not a list scan."""
        known = self._numbers.get((source, quote))
        if known is not None:
            return known
        article = self.knowledge.article(source)
        citation = Citation(source=source, title=article.display_name, quote=widen_quote(quote, article.text))
        key = (source, citation.quote)
        if key not in self._numbers:
            self.items.append(citation)
            self._numbers[key] = len(self.items)
        self._numbers[(source, quote)] = self._numbers[key]
        return self._numbers[key]

    def add_fact(self, fact: Fact) -> int:
        return self.add(fact.source, fact.quote)


def marks(numbers: list[int] | tuple[int, ...]) -> str:
    return "".join(f"[{n}]" for n in dict.fromkeys(numbers))
