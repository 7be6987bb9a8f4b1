"""Joining answers into one: a fact line with the sentence that explains it, or the parts of a question.

Each piece numbers its citations from 1; the joined answer renumbers them, so that a
quote cited by two pieces has one number and every mark points at the right quote.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from bot.models import Answer, AnswerKind, Citation, Table, TableCell, TableRow

_MARK = re.compile(r"\[(\d+)\]")


def _renumber(text: str, mapping: dict[int, int]) -> str:
    return _MARK.sub(lambda m: f"[{mapping.get(int(m.group(1)), int(m.group(1)))}]", text)


def _table(table: Table, mapping: dict[int, int]) -> Table:
    rows = tuple(
        TableRow(
            label=row.label,
            cells=tuple(TableCell(value=c.value, citations=tuple(mapping[n] for n in c.citations)) for c in row.cells),
        )
        for row in table.rows
    )
    return Table(columns=table.columns, rows=rows)


def combine(question: str, pieces: Sequence[Answer], kind: AnswerKind | None = None, separator: str = "\n") -> Answer:
    """One answer from several, in order; the first piece's turn and kind unless ``kind`` is given."""
    citations: list[Citation] = []
    numbers: dict[tuple[str, str], int] = {}
    texts: list[str] = []
    evidence: list[str] = []
    table: Table | None = None
    for piece in pieces:
        mapping: dict[int, int] = {}
        for n, citation in enumerate(piece.citations, 1):
            key = (citation.source, citation.quote)
            if key not in numbers:  # keyed, not a list scan: answers with many citations stay linear
                citations.append(citation)
                numbers[key] = len(citations)
            mapping[n] = numbers[key]
        if piece.text:
            texts.append(_renumber(piece.text, mapping))
        evidence.extend(_renumber(e, mapping) for e in piece.evidence)
        if piece.table is not None and table is None:
            table = _table(piece.table, mapping)
    first = pieces[0]
    return Answer(
        question=question,
        kind=kind or first.kind,
        text=separator.join(texts),
        evidence=tuple(dict.fromkeys(evidence)),
        table=table,
        citations=tuple(citations),
        disagreement=any(p.disagreement for p in pieces),
        turn=first.turn,
    )
