"""Extracting structured facts from articles, in an open vocabulary of attributes.

Four shapes are read by code: tables (markdown rows), ``Label: value`` lists (bullets under a line that
names a model, or runs of such lines under a heading), recurring sentence patterns, and prose sentences
that state a measured number of a model ("Maverick produced 95 tokens per second on one 8-GPU host").
The attribute is what the article calls it (a header, a label, a sentence's noun phrase or the value's
unit), mapped onto the lexicon's attribute only when it is the same one (``bot.knowledge.attributes``); the setting
a figure was measured in (a provider, a precision, "on one 8-GPU host") is kept as its qualifier, so that
a platform's or a test's figure never stands for the model's own. Facts stated otherwise live in the
reviewed file ``knowledge/facts/reviewed.jsonl``. Every fact keeps the verbatim line or sentence it came
from as its quote.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from bot.knowledge.attributes import SPECIFIC_KINDS, date_claim, name_attribute, name_by_unit, parse, value_kind
from bot.knowledge.lexicon import ATTRIBUTE_BY_KEY
from bot.knowledge.matching import find_subjects
from bot.language.numbers import parse_value
from bot.language.text import sentences
from bot.models import Article, Fact

_BULLET = re.compile(r"^\s*(?:[-*•])\s*")


def _fact(subject: str, attribute: str, value: str, qualifier: str | None, article: Article, quote: str) -> Fact:
    known = ATTRIBUTE_BY_KEY.get(attribute)
    number, unit = parse_value(value, known.kind) if known else parse(value, value_kind(value))
    return Fact(
        subject=subject,
        attribute=attribute,
        value=value,
        number=number,
        unit=unit,
        claim=date_claim(value) if number is None else None,
        qualifier=qualifier or None,
        source=article.id,
        quote=quote,
    )


def _article_subject(article: Article) -> str | None:
    """The one model (or the family) an article's title is about, if it names exactly one."""
    found = find_subjects(article.title or article.label)
    return found[0] if len(found) == 1 else None


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


def _column_value(rows: list[list[str]], column: int) -> str:
    return next((r[column] for r in rows if column < len(r) and r[column]), "")


def _header_roles(header: list[str], rows: list[list[str]]) -> list[tuple[str, str | None]]:
    """What each column holds: the model, the provider, an attribute, one model's values, or row labels.

    A header that names neither a model nor a lexicon attribute names an attribute of its own ("Knowledge
    cutoff", "Served context"); the first column is always the rows' labels.
    """
    roles: list[tuple[str, str | None]] = []
    for column, cell in enumerate(header):
        low = cell.lower()
        named = name_attribute(cell, _column_value(rows, column)) if cell else None
        if low in {"model", "provider"}:
            roles.append((low, None))
        elif named is not None and named.key in ATTRIBUTE_BY_KEY and not named.rest:
            roles.append(("attribute", named.key))
        elif (subject := _single(find_subjects(cell))) is not None:
            roles.append(("subject", subject))
        elif column > 0 and named is not None and not named.rest:
            roles.append(("attribute", named.key))
        else:
            roles.append(("label", None))
    return roles


def table_facts(article: Article) -> Iterator[Fact]:
    """Rows × columns, where each header names a model, an attribute, a provider or the model column.

    In a table with a model column, a first column that names no model is a qualifier of the row (the
    platform or provider whose figures the row gives), never the model's own spec.
    """
    for block in _tables(article.text):
        header = _cells(block[0])
        lines = [r for r in block[1:] if not re.fullmatch(r"\|[\s|:-]+\|", r)]
        rows = [_cells(r) for r in lines]
        roles = _header_roles(header, rows)
        has_model = any(role == "model" for role, _ in roles)
        for line, cells in zip(lines, rows, strict=True):
            row_subject = row_attr = provider = None
            for (role, _), cell in zip(roles, cells, strict=False):
                if role in {"model", "label"} and (s := _single(find_subjects(cell))):
                    row_subject = s
                    paren = re.search(r"\(([^)]*)\)", cell)
                    provider = f"{provider}, {paren.group(1)}" if provider and paren else provider
                elif role == "label" and has_model and cell:
                    provider = cell
                if role == "label" and row_subject is None and not has_model and cell:
                    value = next((c for (r, _), c in zip(roles, cells, strict=False) if r == "subject" and c), "")
                    named = name_attribute(cell, value)
                    row_attr = named.key if named is not None and not named.rest else None
                if role == "provider":
                    provider = cell
            for (role, name), cell in zip(roles, cells, strict=False):
                if not cell or cell in {"-", "—", "–"} or role in {"model", "provider", "label"}:
                    continue
                subject = name if role == "subject" else row_subject
                attr = name if role == "attribute" else row_attr
                if subject and attr:
                    yield _fact(subject, attr, cell, provider, article, line)


# --- "Label: value" lists ---------------------------------------------------------------------------------

_LABEL = re.compile(r"^(?P<label>[A-Za-z][\w()$/%.,' -]{1,39}?)\s*:\s+(?P<value>\S.*)$")


def _label_value(item: str) -> tuple[str, str] | None:
    """A ``Label: value`` pair: a short label of words (two letters at least), a value that asks nothing."""
    found = _LABEL.match(item.strip())
    if found is None:
        return None
    label, value = found.group("label").strip(), found.group("value").strip()
    if len(label.split()) > 5 or sum(ch.isalpha() for ch in label) < 2 or value.endswith("?"):
        return None
    return label, value


def _label_facts(subject: str, label: str, value: str, article: Article, quote: str) -> Iterator[Fact]:
    """The facts a ``Label: value`` states: one, or one per part when its parts are figures of different
    units ("Training: ~40 trillion tokens, ~5.0 million H100 GPU-hours" is a token count and GPU-hours)."""
    parts = [p.strip() for p in value.split(",")]
    kinds = {value_kind(p) for p in parts}
    if len(parts) > 1 and len(kinds) == len(parts) and kinds <= SPECIFIC_KINDS:
        for part in parts:
            named = name_attribute(label, part)
            if named is not None and named.key in ATTRIBUTE_BY_KEY:
                yield _fact(subject, named.key, part, None, article, quote)
        return
    named = name_attribute(label, value)
    if named is not None and (not named.rest or named.key in ATTRIBUTE_BY_KEY):
        # "Training time: 5.0M GPU hours" is the GPU-hours attribute: its unit says so, whatever its label adds
        yield _fact(subject, named.key, value, None, article, quote)


def label_facts(article: Article) -> Iterator[Fact]:
    """Bullets under a line that names one model ("Llama 4 Scout:"), and runs of two or more ``Label: value``
    lines, which are about the model their heading names, or else the one the article's title names."""
    lines = article.text.splitlines()
    pairs = [_label_value(line) if not _BULLET.match(line) else None for line in lines]
    subject: str | None = None
    section = _article_subject(article)
    for n, line in enumerate(lines):
        stripped = line.strip()
        if not stripped:
            continue
        if stripped.startswith("#"):
            subject = None
            section = _single(find_subjects(stripped)) or _article_subject(article)
            continue
        if _BULLET.match(line):
            item = _BULLET.sub("", line).strip()
            pair = _label_value(item)
            if subject is not None and pair is not None:
                yield from _label_facts(subject, *pair, article, item)
            continue
        pair = pairs[n]
        in_run = pair is not None and (
            (n > 0 and pairs[n - 1] is not None) or (n + 1 < len(lines) and pairs[n + 1] is not None)
        )
        if pair is not None and in_run and section is not None:
            yield from _label_facts(section, *pair, article, stripped)
            continue
        found = find_subjects(stripped)
        subject = found[0] if stripped.endswith(":") and len(found) == 1 else None


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


# --- prose: a measured figure of one model, with the setting it was measured in ------------------------------

_AMOUNT = r"(?:(?:about|around|roughly|approximately|nearly|~)\s*)?\d[\d,]*(?:\.\d+)?"
_FIGURES = (
    re.compile(rf"{_AMOUNT}\s+tok(?:en)?s?\s*(?:per|/)\s*s(?:ec(?:ond)?)?\b"),
    re.compile(rf"{_AMOUNT}\s+(?:seconds?|milliseconds?|ms)\b"),
)
_CLAUSE = re.compile(r",\s+(?:and|while|which|but)\s+|;\s+|\s+while\s+")
_NAMED_BY = re.compile(
    r"(?:^|\b(?:the|its|their)\s+)(?P<label>[a-z][a-z -]{2,40}?)"
    r"(?:\s+of\s+(?P<name>[A-Z][\w.-]*(?:\s+[A-Z0-9][\w.-]*)*))?"
    r"\s+(?:was|is|were|are|fell to|rose to|reached|dropped to|climbed to|of)\s+$"
)
_SETTING = re.compile(
    r"\b(?:on|with|at|for|in|using|over|quantized to)\s+(?:[^,;:]|,(?=\d))+?"
    r"(?=\s+(?:the|and|which|while|but)\s|[,;:.](?!\d)|$)",
    re.IGNORECASE,
)
_LEADING = ("while", "and", "but", "which", "then")


def _setting(text: str, skip: tuple[int, int]) -> list[str]:
    """The phrases of a clause that say where or how a figure was measured ("on one 8-GPU host with FP8
    weights"), adjacent phrases joined; never the figure itself."""
    spans: list[list[int]] = []
    for found in _SETTING.finditer(text):
        start, end = found.span()
        if start < skip[1] and end > skip[0]:
            continue
        if spans and not text[spans[-1][1] : start].strip():
            spans[-1][1] = end
        else:
            spans.append([start, end])
    return [text[a:b].strip() for a, b in spans]


def _context_subject(lines: list[str], n: int, before: list[str]) -> tuple[str | None, str | None]:
    """The one model of the nearest earlier sentence of the paragraph that names one (and that sentence),
    or of the question the paragraph answers (a line ending in "?" just before it)."""
    for sentence in reversed(before):
        found = find_subjects(sentence)
        if found:
            return (found[0], sentence) if len(found) == 1 else (None, None)
    previous = next((line.strip() for line in reversed(lines[:n]) if line.strip()), "")
    found = find_subjects(previous)
    return (found[0] if previous.endswith("?") and len(found) == 1 else None), None


def _prose_fact(sentence: str, figure: re.Match[str], subject: str | None, article: Article, quote: str) -> Fact | None:
    bounds = [0, *(m.end() for m in _CLAUSE.finditer(sentence) if m.end() <= figure.start()), len(sentence)]
    start = bounds[-2]
    after = next((m.start() for m in _CLAUSE.finditer(sentence) if m.start() >= figure.end()), len(sentence))
    clause = sentence[start:after]
    value = figure.group(0)
    own = find_subjects(clause)
    if len(own) == 1:
        subject = own[0]
    if subject is None:
        return None
    lead = clause[: figure.start() - start]
    words_before = lead.split()
    while words_before and words_before[0].lower() in _LEADING:
        words_before = words_before[1:]
    named_by = _NAMED_BY.search(" ".join(words_before) + " ")
    named = name_attribute(named_by.group("label"), value) if named_by else None
    if named is None:
        named = name_by_unit(value)
    if named is None:
        return None
    local = (figure.start() - start, figure.end() - start)
    setting = _setting(clause, local)
    if start > 0:  # a setting the sentence opens with holds for each of its clauses ("At a batch of 64 ...")
        opening = _SETTING.match(sentence)
        setting = ([opening.group(0).strip()] if opening else []) + setting
    qualifier = "; ".join(([named.rest] if named.rest else []) + setting)
    if named.key in ATTRIBUTE_BY_KEY and not qualifier:
        return None  # a figure of a known attribute with no setting could pass for the model's spec
    return _fact(subject, named.key, value, qualifier, article, quote)


def prose_facts(article: Article) -> Iterator[Fact]:
    """Figures (a speed, a latency) that a sentence states for one model, named by the sentence's noun
    phrase ("the time to first token was 0.42 seconds") or by their unit, with their setting as qualifier."""
    lines = article.text.splitlines()
    for n, line in enumerate(lines):
        stripped = line.strip()
        if not stripped or stripped.startswith(("#", "|")) or _BULLET.match(line):
            continue
        said = sentences(stripped)
        for k, sentence in enumerate(said):
            if sentence not in line:
                continue
            own = find_subjects(sentence)
            subject, named_in = (own[0] if len(own) == 1 else None), None
            if not own:
                subject, named_in = _context_subject(lines, n, said[:k])
            quote = sentence  # from the sentence that names the model, when an earlier one does
            if named_in is not None and named_in in line:
                start = line.index(named_in)
                quote = line[start : line.index(sentence, start) + len(sentence)]
            for pattern in _FIGURES:
                for figure in pattern.finditer(sentence):
                    fact = _prose_fact(sentence, figure, subject, article, quote)
                    if fact is not None:
                        yield fact


def extract_facts(articles: list[Article]) -> list[Fact]:
    """All code-extracted facts, in a stable order, without exact duplicates.

    A prose figure that a pattern already read from the same sentence is not stated twice.
    """
    facts: list[Fact] = []
    seen: set[Fact] = set()
    for article in articles:
        found = [*table_facts(article), *label_facts(article), *pattern_facts(article)]
        read = {(f.subject, f.attribute, f.quote) for f in found}
        found += [f for f in prose_facts(article) if (f.subject, f.attribute, f.quote) not in read]
        for fact in found:
            if fact not in seen:  # a set of frozen models: linear, where a list scan was quadratic
                seen.add(fact)
                facts.append(fact)
    return facts
