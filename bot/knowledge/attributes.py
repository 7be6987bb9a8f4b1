"""Naming an attribute from the words an article uses for it: a table header, a ``Label:`` or a sentence.

A label is normalised ("Knowledge cut-off date" and "knowledge cutoff" are both ``knowledge_cutoff``) and
mapped onto a lexicon attribute only when it really is that one: every word of the label (outside
parentheses) is a word the lexicon has for one attribute ("Context window", "Active Params"), or the
value's unit leaves one candidate among the attributes its words hint at ("Training time: 5.0M GPU hours"
is the GPU-hours attribute). Anything else is a new attribute, keyed by its own words. The lexicon's
synonyms are an aid to that mapping, never a gate on what can be extracted.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from bot.knowledge.lexicon import ATTRIBUTE_BY_KEY, ATTRIBUTES
from bot.knowledge.matching import attribute_matches, find_attributes, unique
from bot.language.numbers import UNITS, parse_value
from bot.language.text import STOP_WORDS, words

MONTHS = (
    "january february march april may june july august september october november december "
    "jan feb mar apr jun jul aug sep sept oct nov dec"
).split()
MONTH_NUMBER = {name: number for number, name in enumerate(MONTHS[:12], 1)} | {
    name: number for number, name in ((1, "jan"), (2, "feb"), (3, "mar"), (4, "apr"), (6, "jun"), (7, "jul"),
                                      (8, "aug"), (9, "sep"), (9, "sept"), (10, "oct"), (11, "nov"), (12, "dec"))
}  # fmt: skip
_DATE = re.compile(
    r"^\s*(?:(?:\d{1,2}\s+)?(?:" + "|".join(MONTHS) + r")\.?\s+(?:\d{1,2},?\s+)?\d{4}"
    r"|\d{4}-\d{2}(?:-\d{2})?|q[1-4]\s+\d{4})\s*$",
    re.IGNORECASE,
)
NUMERIC_KINDS = frozenset({"count", "tokens", "hours", "gb", "usd", "score", "speed", "seconds"})
SPECIFIC_KINDS = frozenset({"tokens", "hours", "gb", "usd", "speed", "seconds"})  # a unit that names what it measures
SETTING_KINDS = frozenset({"usd", "speed", "seconds"})  # figures that depend on where the model runs
KIND_OF_UNIT = {unit: kind for kind, unit in UNITS.items() if unit} | {"%": "score"}
_LEADING_NUMBER = re.compile(
    r"^\s*(?:(?:about|around|roughly|approximately|nearly|almost|over|under|up to|more than|less than|at least|"
    r"at most|~|≈|<|>|\$)\s*)*\d"
)
_PARTICLE = re.compile(r"\b([a-z]+)-(off|up|out|down|over)\b")  # "cut-off" is the word "cutoff"
_PARENS = re.compile(r"\([^)]*\)")


def value_kind(value: str) -> str:
    """The kind of value a text states, read from its units: "118 tokens per second" is a speed."""
    low = value.lower()
    if _DATE.match(low):
        return "date"
    if not _LEADING_NUMBER.match(low):
        return "text"  # "BF16 and FP8", "Llama 4 Community License": a number inside a name is no quantity
    if re.search(r"\btok(?:en)?s?\s*(?:per|/)\s*s(?:ec(?:ond)?)?\b", low):
        return "speed"
    if re.search(r"\bgpu[- ]?hours?\b", low):
        return "hours"
    if "$" in low:
        return "usd"
    if re.search(r"\d\s*gb\b", low):
        return "gb"
    if re.search(r"\d\s*(?:seconds?|secs?|ms|milliseconds?)\b", low):
        return "seconds"
    if "%" in low:
        return "score"
    if re.search(r"\d\s*(?:[kmbt]|thousand|million|billion|trillion)?\s*tokens?\b", low):
        return "tokens"
    return "count"


def date_claim(value: str) -> str | None:
    """A stated date in ISO form ("April 5, 2025" is 2025-04-05, "August 2024" is 2024-08), so that two
    sources' wordings of one date agree; None for anything else."""
    found = re.fullmatch(r"\s*(?:(\d{1,2})\s+)?([A-Za-z]+)\.?\s+(?:(\d{1,2}),?\s+)?(\d{4})\s*", value)
    if found is not None and found.group(2).lower() in MONTHS:
        number = MONTH_NUMBER[found.group(2).lower()]
        day = found.group(1) or found.group(3)
        return f"{found.group(4)}-{number:02d}" + (f"-{int(day):02d}" if day else "")
    iso = re.fullmatch(r"\s*(\d{4}-\d{2}(?:-\d{2})?)\s*", value)
    return iso.group(1) if iso else None


def label_as_written(key: str, quote: str) -> str | None:
    """An attribute's name as its article writes it ("Location-based emissions"), first letter capitalised."""
    pattern = r"[\s-]+(?:(?:to|of|the|a|for|in|on)[\s-]+)?".join(re.escape(w) for w in key.split("_"))
    found = re.search(rf"\b{pattern}\b", quote, re.IGNORECASE)
    return found.group(0)[:1].upper() + found.group(0)[1:] if found else None


def kind_of_unit(unit: str | None, has_number: bool) -> str:
    """The kind of an attribute whose facts carry this unit (a new attribute has no kind of its own)."""
    if unit in KIND_OF_UNIT:
        return KIND_OF_UNIT[unit]
    return "count" if has_number or unit else "text"


def parse(value: str, kind: str) -> tuple[float | None, str | None]:
    """Number and unit of a value: the lexicon's units, or the words after the number ("1,354 tons CO2eq")."""
    if kind in {"text", "date"}:
        return None, None
    number, unit = parse_value(value, kind)
    if number is not None and unit is None and kind == "count":
        after = re.search(r"\d[\d,.]*\s*(?:(?i:[kmbt])(?![A-Za-z]))?\s+([A-Za-z]\w*(?:\s+[A-Za-z0-9]\w*)?)", value)
        if after and after.group(1).lower() not in STOP_WORDS:
            unit = after.group(1)
    return number, unit


def label_in_sentence(label: str) -> str:
    """A label as it reads inside a sentence: "Context window" -> "context window"; "MMLU Pro" stays."""
    return label[0].lower() + label[1:] if len(label) > 1 and label[1].islower() else label


def label_words(label: str, kind: str = "text") -> list[str]:
    """The words that name an attribute: no parentheses, no leading article, "cut-off" as "cutoff", and
    no trailing "date" when the value is one."""
    text = _PARTICLE.sub(r"\1\2", _PARENS.sub(" ", label.lower()))
    found = words(text)
    while found and found[0] in STOP_WORDS:
        found = found[1:]
    while found and found[-1] in STOP_WORDS:
        found = found[:-1]
    if kind == "date" and len(found) > 1 and found[-1] == "date":
        found = found[:-1]
    return found


def attribute_key(label: str, kind: str = "text") -> str | None:
    found = label_words(label, kind)
    key = "_".join(found)
    return key if found and len(key) <= 60 and any(w.isalpha() and len(w) > 1 for w in found) else None


def _compatible(key: str, kind: str) -> bool:
    """Whether a value of this kind can be a value of the lexicon's attribute."""
    known = ATTRIBUTE_BY_KEY[key].kind
    if known in NUMERIC_KINDS:
        return kind != "date" and (kind not in SPECIFIC_KINDS or kind == known)
    return kind not in SPECIFIC_KINDS


@dataclass(frozen=True)
class Named:
    """The attribute a label names, and the label's words beyond it (a qualifier: "per-request" speed)."""

    key: str
    rest: str = ""


def name_attribute(label: str, value: str) -> Named | None:
    """The attribute a label names, given a value it labels; None when the label names nothing usable."""
    kind = value_kind(value)
    said = words(label)
    content = [w for w in words(_PARENS.sub(" ", label)) if w not in STOP_WORDS]
    if not content:
        return None
    matches = attribute_matches(said)
    strong = [m for m in matches if not m.value.weak] or matches
    covered = {said[i] for m in strong for i in range(m.start, m.end)}
    keys = find_attributes(said)
    if len(keys) == 1 and set(content) <= covered and _compatible(keys[0], kind):
        return Named(keys[0])
    if kind in SPECIFIC_KINDS:
        hinted = unique(k for m in matches for k in m.value.attributes)
        same = [k for k in hinted if ATTRIBUTE_BY_KEY[k].kind == kind]
        if len(same) == 1:
            rest = [w for w in label_words(label, kind) if w not in covered and w not in STOP_WORDS]
            return Named(same[0], " ".join(rest))
    key = attribute_key(label, kind)
    return Named(key) if key else None


def name_by_unit(value: str) -> Named | None:
    """The lexicon attribute a figure's unit alone names ("95 tokens per second" is an output speed)."""
    kind = value_kind(value)
    same = [a.key for a in ATTRIBUTES if a.kind == kind] if kind in SPECIFIC_KINDS else []
    return Named(same[0]) if len(same) == 1 else None
