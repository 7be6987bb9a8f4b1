"""Building numbered citations whose quotes are verbatim article text."""

from __future__ import annotations

import re
from collections.abc import Sequence

from bot.knowledge.base import Knowledge
from bot.models import Citation, Fact

MIN_QUOTE_CHARS = 15  # letters and digits a quote needs to stand on its own as evidence
MAX_SOURCES_CITED = 4
"""Articles cited for one value. When many state it (a base of a thousand articles), an answer cites four,
those it already cites first, and counts the rest: a line or a table cell stays readable, and citing stays
cheap (a /compare at 5,640 facts cited 2,920 of them, 160 marks in a cell)."""


_NOT_ALNUM = re.compile(r"[^A-Za-z0-9]")


def alnum_len(text: str) -> int:
    return len(_NOT_ALNUM.sub("", text))


def widen_quote(quote: str, article_text: str, other_breaks: bool | None = None) -> str:
    """A quote too short to stand alone (a bare table row) grows upwards: a table row to its table's header.

    ``other_breaks``: whether the text breaks lines at anything but "\\n" (found out when not given)."""
    if alnum_len(quote) >= MIN_QUOTE_CHARS:
        return quote
    target = quote.strip()
    if other_breaks is None:
        other_breaks = has_other_breaks(article_text)
    if not target or other_breaks:
        return _widen_by_lines(quote, article_text)
    # Only "\n" breaks lines: find the line by searching, not by splitting the whole article.
    k = article_text.find(target)
    while k >= 0:
        begin = article_text.rfind("\n", 0, k) + 1
        end = article_text.find("\n", k)
        end = len(article_text) if end < 0 else end
        if article_text[begin:end].strip() == target:
            break
        k = article_text.find(target, k + 1)
    else:
        return quote
    in_table = target.startswith("|")
    cursor = begin  # a blank line is stepped over when a short line stands under its heading ("Rating: 3.5/5")
    while cursor > 0:
        above = article_text.rfind("\n", 0, cursor - 1) + 1
        line = article_text[above : cursor - 1].strip()
        if not line and not in_table and _heading_above(article_text, above):
            cursor = above
            continue
        grows = (in_table and line.startswith("|")) or alnum_len(article_text[begin:end]) < MIN_QUOTE_CHARS
        if not line or not grows:
            break
        begin = cursor = above
    heading = _HEADING_MARK.match(article_text, begin)  # "## The Verdict": the words, not the markup
    return article_text[heading.end() if heading else begin : end]


_HEADING_MARK = re.compile(r"#+[ \t]+")


def _heading_above(text: str, end: int) -> bool:
    """Whether the nearest non-blank line before ``end`` is a heading ("## The Verdict")."""
    while end > 0:
        start = text.rfind("\n", 0, end - 1) + 1
        line = text[start : end - 1].strip() if end - 1 >= start else ""
        if line:
            return line.startswith("#")
        end = start
    return False


_OTHER_BREAKS = re.compile("[\r\x0b\x0c\x1c-\x1e\x85\u2028\u2029]")  # what else str.splitlines splits at


def has_other_breaks(text: str) -> bool:
    return _OTHER_BREAKS.search(text) is not None


def _widen_by_lines(quote: str, article_text: str) -> str:
    lines = article_text.splitlines()
    for i, line in enumerate(lines):
        if line.strip() != quote.strip():
            continue
        start = cursor = i
        in_table = quote.strip().startswith("|")
        while cursor > 0:
            above = lines[cursor - 1].strip()
            if (
                not above
                and not in_table
                and next((t for t in reversed(lines[: cursor - 1]) if t.strip()), "").lstrip().startswith("#")
            ):
                cursor -= 1
                continue
            short = alnum_len("\n".join(lines[start : i + 1])) < MIN_QUOTE_CHARS
            if not above or not ((in_table and above.startswith("|")) or short):
                break
            start = cursor = cursor - 1
        widened = "\n".join(lines[start : i + 1])
        heading = _HEADING_MARK.match(widened)
        widened = widened[heading.end() :] if heading else widened
        return widened if widened in article_text else quote
    return quote


MAX_REMEMBERED = 100_000
WIDENED = "widened quotes"  # Knowledge.memo of (article id, quote) -> the quote widened, filled by the cache


def cited(knowledge: Knowledge, source: str, quote: str) -> Citation:
    """The citation of a quote of an article, remembered per knowledge: widening a short quote reads the
    whole article, and a /compare at 5,000 facts cites thousands (issue 12: most of its time)."""
    remembered = knowledge.memo("citations")
    found = remembered.get((source, quote))
    if not isinstance(found, Citation):
        title = knowledge.display_name(source)  # the header alone: no article text is read for it
        widened = quote
        known = knowledge.memo(WIDENED).get((source, quote))  # facts' quotes, widened when the cache was built
        if isinstance(known, str):
            widened = known
        elif alnum_len(quote) < MIN_QUOTE_CHARS:
            text = knowledge.article_text(source)
            breaks = knowledge.memo("other line breaks")
            if source not in breaks:
                breaks[source] = has_other_breaks(text)
            widened = widen_quote(quote, text, other_breaks=bool(breaks[source]))
        found = Citation(source=source, title=title, quote=widened)
        if len(remembered) < MAX_REMEMBERED:
            remembered[(source, quote)] = found
    return found


class CitationList:
    """Numbered citations, one per distinct (article, quote)."""

    def __init__(self, knowledge: Knowledge) -> None:
        self.knowledge = knowledge
        self.items: list[Citation] = []
        self._numbers: dict[tuple[str, str], int] = {}
        self._sources: set[str] = set()

    def add(self, source: str, quote: str) -> int:
        """The number of this (article, quote), adding it if new: a keyed look-up, not a list scan."""
        known = self._numbers.get((source, quote))
        if known is not None:
            return known
        citation = cited(self.knowledge, source, quote)
        key = (source, citation.quote)
        if key not in self._numbers:
            self.items.append(citation)
            self._numbers[key] = len(self.items)
            self._sources.add(source)
        self._numbers[(source, quote)] = self._numbers[key]
        return self._numbers[key]

    def add_fact(self, fact: Fact) -> int:
        return self.add(fact.source, fact.quote)

    def add_facts(self, facts: Sequence[Fact]) -> tuple[list[int], list[str], int]:
        """The numbers of the facts of at most ``MAX_SOURCES_CITED`` articles (those already cited first,
        then in order), those articles, and how many other articles the facts come from."""
        sources = list(dict.fromkeys(f.source for f in facts))
        if len(sources) > MAX_SOURCES_CITED:
            sources.sort(key=lambda s: s not in self._sources)  # stable
        kept = sources[:MAX_SOURCES_CITED]
        numbers = [self.add_fact(f) for f in facts if f.source in kept]
        return numbers, kept, len(sources) - len(kept)


def more_sources(count: int) -> str:
    """What follows the marks of a value when more articles state it than are cited."""
    return f" (and {count} more source{'s' if count != 1 else ''})" if count else ""


def marks(numbers: list[int] | tuple[int, ...]) -> str:
    return "".join(f"[{n}]" for n in dict.fromkeys(numbers))
