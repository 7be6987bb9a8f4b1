"""Plain-text rendering of an Answer: for the console, the one-shot CLI and the JSON protocol."""

from __future__ import annotations

from bot.knowledge.citations import marks
from bot.models import Answer, Table


def render_table(table: Table) -> str:
    header = ["", *table.columns]
    rows = [[row.label, *(f"{c.value} {marks(c.citations)}".strip() for c in row.cells)] for row in table.rows]
    widths = [max(len(r[i]) for r in [header, *rows]) for i in range(len(header))]

    def line(cells: list[str]) -> str:
        return "| " + " | ".join(c.ljust(w) for c, w in zip(cells, widths, strict=True)) + " |"

    return "\n".join([line(header), "|" + "|".join("-" * (w + 2) for w in widths) + "|", *map(line, rows)])


def render_plain(answer: Answer, *, with_citations: bool = True) -> str:
    parts = [answer.text]
    if answer.table is not None:
        parts.append(render_table(answer.table))
    parts.extend(answer.evidence)
    if with_citations and answer.citations:
        parts.append(
            "Sources:\n"
            + "\n".join(f'  [{n}] {c.title}: "{" ".join(c.quote.split())}"' for n, c in enumerate(answer.citations, 1))
        )
    return "\n".join(parts)
