"""Plain-text rendering of an Answer: for the console, the one-shot CLI and the JSON protocol."""

from __future__ import annotations

import re

from bot.knowledge.citations import marks
from bot.models import Answer, Table


def render_table(table: Table) -> str:
    header = ["", *table.columns]
    rows = [[row.label, *(f"{c.value} {marks(c.citations)}".strip() for c in row.cells)] for row in table.rows]
    widths = [max(len(r[i]) for r in [header, *rows]) for i in range(len(header))]

    def line(cells: list[str]) -> str:
        return "| " + " | ".join(c.ljust(w) for c, w in zip(cells, widths, strict=True)) + " |"

    return "\n".join([line(header), "|" + "|".join("-" * (w + 2) for w in widths) + "|", *map(line, rows)])


_TABLE_RULE = re.compile(r"\|[\s:|-]+\|")


def shown_quote(quote: str) -> str:
    """A citation's quote as a reader sees it, on one line. A table row's quote runs from the table's header
    down to the row it cites (the row alone does not say what its columns are): it shows as the header and
    that row, the rows between left out and marked "…". The quote itself stays whole and verbatim."""
    lines = [line.strip() for line in quote.splitlines() if line.strip()]
    if len(lines) >= 3 and all(line.startswith("|") for line in lines):
        rows = [line for line in lines if not _TABLE_RULE.fullmatch(line)]
        return f"{rows[0]} … {rows[-1]}" if len(rows) > 2 else " ".join(rows)
    return " ".join(quote.split())


def render_plain(answer: Answer, *, with_citations: bool = True) -> str:
    parts = [answer.text]
    if answer.table is not None:
        parts.append(render_table(answer.table))
    parts.extend(answer.evidence)
    if with_citations and answer.citations:
        parts.append(
            "Sources:\n"
            + "\n".join(f'  [{n}] {c.title}: "{shown_quote(c.quote)}"' for n, c in enumerate(answer.citations, 1))
        )
    return "\n".join(parts)
