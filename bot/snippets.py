"""Extracting the sentences of retrieved passages that answer a question, each with its citation."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from bot.citations import MIN_QUOTE_CHARS, CitationList, alnum_len
from bot.index import Hit, Index, QueryTerms
from bot.knowledge import Knowledge
from bot.matching import find_subjects
from bot.text import sentences, tokens

MAX_SNIPPETS = 3
DOCS_CONSIDERED = 8
HEADING_CREDIT = 0.5  # a query word in the section heading counts half inside the section
CAUSE_CUES = re.compile(r"\b(because|explanation|reason|due to|since|after|so that|caused|the core concern)\b", re.I)
DEFINITION_CUES = re.compile(r"\b(which means|meaning|means|refers to|is a|are a|is an|works by|route)\b", re.I)


@dataclass(frozen=True)
class Snippet:
    source: str
    text: str
    score: float
    follows: str | None = None  # the next sentence, when this one only introduces it


def _units(text: str) -> list[str]:
    return [s for line in text.splitlines() for s in sentences(line.lstrip("-*• ").strip())]


def _following_text(knowledge: Knowledge, passage_id: str) -> str:
    following = knowledge.next_passage(passage_id)
    return following.text if following is not None else ""


def best_snippets(
    knowledge: Knowledge,
    index: Index,
    hits: Sequence[Hit],
    terms: QueryTerms,
    subjects: Sequence[str],
    definition: bool = False,
    cause: bool = False,
) -> list[Snippet]:
    """The sentences of the top documents richest in the question's terms, weighted by their document's rank."""
    if not hits:
        return []
    wanted = {t: float(index.idf[t]) * w for t, w in terms.items()}
    top = hits[0].score
    found: list[Snippet] = []
    for hit in hits[:DOCS_CONSIDERED]:
        units = _units(hit.document.text)
        in_heading = {index.vocabulary.get(t) for t in tokens(hit.document.heading)}
        for i, unit in enumerate(units):
            present = {index.vocabulary.get(t) for t in tokens(unit)}
            overlap = sum(w for t, w in wanted.items() if t in present)
            overlap += HEADING_CREDIT * sum(w for t, w in wanted.items() if t in in_heading and t not in present)
            if overlap <= 0 or alnum_len(unit) < MIN_QUOTE_CHARS:
                continue  # too short to stand as evidence on its own (a bare "vs." or table cell)
            score = overlap * (0.5 + 0.5 * hit.score / top)
            if subjects and set(find_subjects(unit)) & set(subjects):
                score *= 1.3
            if definition and DEFINITION_CUES.search(unit):
                score *= 1.5
            if cause and CAUSE_CUES.search(unit):
                score *= 1.5
            follows = None
            if unit.endswith(":") or len(unit) < 60:
                rest = units[i + 1 : i + 2] or _units(_following_text(knowledge, hit.document.id))[:1]
                follows = rest[0] if rest and alnum_len(rest[0]) >= MIN_QUOTE_CHARS else None
            found.append(Snippet(hit.document.article_id, unit, score, follows))
    found.sort(key=lambda s: -s.score)
    chosen: list[Snippet] = []
    for snippet in found:
        shown = {c.text for c in chosen} | {c.follows for c in chosen if c.follows}
        if snippet.text not in shown:
            if snippet.follows in shown:
                snippet = Snippet(snippet.source, snippet.text, snippet.score)
            chosen.append(snippet)
        if len(chosen) == MAX_SNIPPETS:
            break
    return chosen


def snippet_text(snippets: Sequence[Snippet], citations: CitationList) -> str:
    parts = []
    for snippet in snippets:
        number = citations.add(snippet.source, snippet.text)
        part = f"{snippet.text} [{number}]"
        if snippet.follows:
            part += f" {snippet.follows} [{citations.add(snippet.source, snippet.follows)}]"
        parts.append(part)
    return "\n".join(parts)
