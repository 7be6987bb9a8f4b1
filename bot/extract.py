"""Extracting structured facts from articles where the text has structure.

Three shapes are read by code: tables (markdown rows), ``Label: value`` bullets
under a line that names a model, and recurring sentence patterns. Facts stated
only in free prose live in the reviewed file ``knowledge/facts/reviewed.jsonl``.
Every fact keeps the verbatim line or sentence it came from as its quote.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from bot.lexicon import ATTRIBUTE_BY_KEY
from bot.matching import find_attributes, find_subjects
from bot.models import Article, Fact
from bot.numbers import parse_value
from bot.text import sentences

_BULLET = re.compile(r"^\s*(?:[-*•])\s*")


def _fact(subject: str, attribute: str, value: str, qualifier: str | None, article: Article, quote: str) -> Fact:
    number, unit = parse_value(value, ATTRIBUTE_BY_KEY[attribute].kind)
    return Fact(
        subject=subject,
        attribute=attribute,
        value=value,
        number=number,
        unit=unit,
        qualifier=qualifier,
        source=article.id,
        quote=quote,
    )


# --- tables -----------------------------------------------------------------------------------------------


def _cells(line: str) -> list[str]:
    return [c.strip() for c in line.strip().strip("|").split("|")]


def _tables(text: str) -> Iterator[list[str]]:
    block: list[str] = []
    for line in [*text.splitlines(), ""]:
        if line.lstrip().startswith("|"):
            block.append(line.strip())
        elif block:
            yield block
            block = []


def _single(found: list[str]) -> str | None:
    return found[0] if len(found) == 1 else None


def table_facts(article: Article) -> Iterator[Fact]:
    """Rows × columns, where each header names a model, an attribute, a provider or the model column."""
    for block in _tables(article.text):
        header = _cells(block[0])
        rows = [r for r in block[1:] if not re.fullmatch(r"\|[\s|:-]+\|", r)]
        roles: list[tuple[str, str | None]] = []
        for cell in header:
            low = cell.lower()
            if low in {"model", "provider"}:
                roles.append((low, None))
            elif (attr := _single(find_attributes(cell))) is not None:
                roles.append(("attribute", attr))
            elif (subject := _single(find_subjects(cell))) is not None:
                roles.append(("subject", subject))
            else:
                roles.append(("label", None))
        for row in rows:
            cells = _cells(row)
            row_subject = row_attr = provider = None
            for (role, _), cell in zip(roles, cells, strict=False):
                if role in {"model", "label"} and (s := _single(find_subjects(cell))):
                    row_subject = s
                    paren = re.search(r"\(([^)]*)\)", cell)
                    provider = f"{provider}, {paren.group(1)}" if provider and paren else provider
                if role == "label" and row_subject is None:
                    row_attr = _single(find_attributes(re.sub(r"\(.*?\)", "", cell)))
                if role == "provider":
                    provider = cell
            for (role, name), cell in zip(roles, cells, strict=False):
                if not cell or role in {"model", "provider", "label"}:
                    continue
                subject = name if role == "subject" else row_subject
                attr = name if role == "attribute" else row_attr
                if subject and attr:
                    yield _fact(subject, attr, cell, provider, article, row)


# --- "Label: value" bullets under a line naming one model ------------------------------------------------


def _split_training(value: str) -> Iterator[tuple[str, str]]:
    for part in (p.strip() for p in value.split(",")):
        if re.search(r"gpu.?hours", part, re.I):
            yield "gpu_hours", part
        elif "token" in part.lower():
            yield "training_tokens", part


def bullet_facts(article: Article) -> Iterator[Fact]:
    subject: str | None = None
    for line in article.text.splitlines():
        stripped = line.strip()
        if not stripped:
            continue
        if not _BULLET.match(line):
            found = find_subjects(stripped)
            subject = found[0] if stripped.endswith(":") and len(found) == 1 else None
            continue
        item = _BULLET.sub("", line).strip()
        label, colon, value = item.partition(":")
        if subject is None or not colon or not value.strip() or len(label) > 40:
            continue
        value = value.strip()
        attrs = find_attributes(label)
        if "training_tokens" in attrs:
            for attr, part in _split_training(value):
                yield _fact(subject, attr, part, None, article, item)
        elif len(attrs) >= 1 and attrs[0] in {
            "active_parameters",
            "total_parameters",
            "experts",
            "context_window",
            "deployment",
        }:
            yield _fact(subject, attrs[0], value, None, article, item)


# --- recurring sentence patterns -------------------------------------------------------------------------

_NAME = r"(?P<name>[A-Z][\w.-]*(?: (?:\d[\w.]*|[A-Z][\w.’'-]*)){0,2})"
_PATTERNS: tuple[tuple[re.Pattern[str], tuple[tuple[str, str], ...]], ...] = (
    (re.compile(_NAME + r" averages (?P<speed>[\d.]+ tokens/second)"), (("output_speed", "speed"),)),
    (
        re.compile(_NAME + r" \((?P<active>\d+B) active, (?P<total>~?\d+B) total"),
        (("active_parameters", "active"), ("total_parameters", "total")),
    ),
    (
        re.compile(_NAME + r" is (?P<total>~?\d+B) total / (?P<active>\d+B) active"),
        (("active_parameters", "active"), ("total_parameters", "total")),
    ),
    (
        re.compile(_NAME + r"[^.]*? requires (?P<mem>(?:approximately |roughly )?[\d.]+ ?GB\+?) in (?P<q>INT\d|FP\d+)"),
        (("memory_footprint", "mem"),),
    ),
    (
        re.compile(_NAME + r"[^.]*? at (?P<q>INT\d|FP\d+),? [^.]*?(?P<mem>(?:roughly |approximately )?\d+ ?GB\+?)"),
        (("memory_footprint", "mem"),),
    ),
)


def _sentence_subject(sentence: str, name: str) -> str | None:
    own = find_subjects(name)
    if own:
        return own[0]
    if name in {"V3"} or name.startswith("DeepSeek"):
        return "DeepSeek V3"
    found = find_subjects(sentence)
    return found[0] if len(found) == 1 else None


def pattern_facts(article: Article) -> Iterator[Fact]:
    for paragraph in article.text.splitlines():
        for sentence in sentences(paragraph):
            for pattern, fields in _PATTERNS:
                for match in pattern.finditer(sentence):
                    subject = _sentence_subject(sentence, match.group("name"))
                    if subject is None:
                        continue
                    qualifier = match.groupdict().get("q")
                    for attr, group in fields:
                        yield _fact(subject, attr, match.group(group), qualifier, article, sentence)


def extract_facts(articles: list[Article]) -> list[Fact]:
    """All code-extracted facts, in a stable order, without exact duplicates."""
    facts: list[Fact] = []
    seen: set[Fact] = set()
    for article in articles:
        for fact in [*table_facts(article), *bullet_facts(article), *pattern_facts(article)]:
            if fact not in seen:  # a set of frozen models: linear, where a list scan was quadratic
                seen.add(fact)
                facts.append(fact)
    return facts
