"""Short verdicts on top of cited evidence: "which is cheaper?" and yes/no questions.

A verdict never adds a claim of its own. For a comparison it reads the table's
cited values ("Llama 4 Scout is cheaper by the sources' figures: $0.08 vs $0.15");
for "does Scout have 16 experts?" it compares the one number asked about with the
cited values. Yes/no questions the facts cannot settle get the evidence, unjudged.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from bot.lexicon import ATTRIBUTES
from bot.models import Table
from bot.numbers import parse_value, same_number

# Comparative words and which end of a row wins: min for "cheaper", max for "faster".
DIRECTIONS: dict[str, str] = {
    "cheaper": "min", "cheapest": "min", "less": "min", "smaller": "min", "smallest": "min", "slower": "min",
    "lower": "min", "faster": "max", "fastest": "max", "bigger": "max", "biggest": "max", "larger": "max",
    "largest": "max", "pricier": "max", "higher": "max", "more": "max",
}  # fmt: skip
_ASKED_NUMBER = re.compile(r"\$?\d+(?:[.,]\d+)*\s*(?:thousand|million|billion|trillion|[kmbt]\b)?", re.IGNORECASE)
_LABEL_KIND = {a.label: a.kind for a in ATTRIBUTES}


def _kind(label: str) -> str:
    base = label.split(" (")[0]
    for attribute_label, kind in _LABEL_KIND.items():
        if base == attribute_label.split(" (")[0]:
            return kind
    return "text"


def comparative_verdict(question_words: Sequence[str], table: Table) -> str | None:
    """Which model wins the first row every model has a number in, by the direction the question asks."""
    direction = next((DIRECTIONS[w] for w in question_words if w in DIRECTIONS), None)
    if direction is None or len(table.columns) < 2:
        return None
    for row in table.rows:
        kind = _kind(row.label)
        if kind == "text":
            continue
        numbers = [parse_value(cell.value.lstrip("⚠ "), kind)[0] for cell in row.cells]
        if any(n is None for n in numbers) or any("vs" in cell.value for cell in row.cells):
            continue  # a model without a figure, or sources that disagree: no verdict from this row
        values = [n for n in numbers if n is not None]
        best = min(values) if direction == "min" else max(values)
        if values.count(best) > 1:
            continue
        winner = table.columns[values.index(best)]
        word = next(w for w in question_words if w in DIRECTIONS)
        shown = " vs ".join(f"{cell.value} ({name})" for cell, name in zip(row.cells, table.columns, strict=True))
        return f"{winner} is {word} by the sources' figures for {row.label}: {shown}."
    return None


def value_verdict(question: str, kind: str, stated: Sequence[float]) -> str | None:
    """ "Yes" or "No" to "does Scout have 16 experts?": the one number asked about against the cited values."""
    asked = [m.group(0) for m in _ASKED_NUMBER.finditer(question)]
    if len(asked) != 1 or not stated:
        return None
    number, _ = parse_value(asked[0], kind)
    if number is None:
        return None
    return "Yes" if any(same_number(number, n) for n in stated) else "No"


NEGATIONS = frozenset({"not", "no", "never", "cannot", "can't", "cant", "without", "nor", "neither", "lacks"})
_NEGATED = re.compile(r"\b(\w+)n[’']t\b", re.IGNORECASE)  # "doesn't", "can’t", "isn’t"
NEGATION_REACH = 2  # words: "does not support audio" negates "support" and "audio"
DETERMINER_NEGATIONS = frozenset({"no", "without", "lacks"})  # these negate the noun their words end in
# "not every layer" negates "every", not "layer": a negation before these words is partial
PARTIAL = frozenset({"every", "all", "only", "just", "always", "necessarily", "quite", "entirely", "fully"})
# "not freely usable by all organizations" denies it of all, not of each: no "No" to "is it free to use"
UNIVERSAL = frozenset({"all", "every", "everyone", "everybody"})
UNIVERSAL_REACH = 4


def negations_spelled_out(text: str) -> str:
    """ "doesn't" -> "does not", so that a negation is a word of its own."""
    return _NEGATED.sub(r"\1 not", text)


def prose_verdict(asked: Sequence[str], sentence: str) -> str | None:
    """ "No" when the sentence that answers negates what the question asks about; otherwise nothing, and
    the evidence speaks. A "Yes" is not read off words: a sentence holding every word of the question can
    still say the opposite ("a closed-weight model, a departure from the open-weight track").

    ``asked`` are the question's content words (stemmed like ``bot.text.tokens``), its models left out.
    "Does Llama 4 support audio?" against "Llama 4 does not support audio" is "No".
    """
    from bot.text import STOP_WORDS, stem, words

    if not asked:
        return None
    said = words(negations_spelled_out(sentence))
    stems = [stem(w) for w in said]
    negated = [
        i
        for i, w in enumerate(said)
        if w in NEGATIONS
        and said[i + 1 : i + 2]
        and said[i + 1] not in PARTIAL
        and not UNIVERSAL & set(said[i + 1 : i + 1 + UNIVERSAL_REACH])  # "not freely usable by all": by some
    ]
    wanted = set(asked)
    near: set[str] = set()
    for i in negated:
        reach = range(i + 1, min(i + 1 + NEGATION_REACH, len(stems)))
        if said[i] in DETERMINER_NEGATIONS:  # "no image generation" denies the generation, not the images
            span = [j for j in reach if said[j] not in STOP_WORDS]
            span = span[: next((k for k, j in enumerate(span) if j != span[0] + k), len(span))]
            near.update({stems[span[-1]]} if span else set())
        else:
            near.update(stems[j] for j in reach)
    if negated and near & wanted:
        return "No"
    return None
