"""Fact files: loading and validating them, and finding where sources disagree."""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from pydantic import ValidationError

from bot.knowledge.attributes import parse, value_kind
from bot.knowledge.corpus import KnowledgeError
from bot.knowledge.lexicon import ATTRIBUTE_BY_KEY, SUBJECT_BY_NAME
from bot.language.numbers import parse_value, same_number
from bot.models import Article, Fact

EXTRACTED_FILE = "extracted.jsonl"
REVIEWED_FILE = "reviewed.jsonl"
APPROXIMATE = ("~", "approximately", "roughly", "about", "around")
APPROXIMATE_TOLERANCE = 0.02  # "~86" and "86.4" agree; "roughly 60GB" and "approximately 55 GB" do not


def is_multi(attribute: str) -> bool:
    """Whether several values of the attribute are several facts (languages), not a disagreement."""
    known = ATTRIBUTE_BY_KEY.get(attribute)
    return known is not None and known.multi


def _complete(fact: Fact) -> Fact:
    """Fill in number and unit from the value when a reviewed fact leaves them out."""
    if fact.number is not None:
        return fact
    known = ATTRIBUTE_BY_KEY.get(fact.attribute)
    number, unit = parse_value(fact.value, known.kind) if known else parse(fact.value, value_kind(fact.value))
    return fact.model_copy(update={"number": number, "unit": unit}) if number is not None else fact


def check_fact(fact: Fact, articles: dict[str, Article]) -> str | None:
    """The reason a fact is unusable, or None."""
    if fact.subject not in SUBJECT_BY_NAME:
        return f"unknown subject {fact.subject!r}"
    article = articles.get(fact.source)
    if article is None:
        return f"source {fact.source!r} is not an article id"
    if fact.quote not in article.text:
        return f"quote is not verbatim in article {fact.source!r}: {fact.quote[:60]!r}"
    if fact.value not in fact.quote:
        return f"value {fact.value!r} does not occur in its quote"
    return None


def load_fact_file(path: Path, articles: dict[str, Article]) -> list[Fact]:
    facts: list[Fact] = []
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except UnicodeDecodeError as exc:
        raise KnowledgeError(f"{path}: not UTF-8 text ({exc.reason} at byte {exc.start})") from None
    for number, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            fact = Fact.model_validate(json.loads(line))
        except json.JSONDecodeError as exc:
            raise KnowledgeError(f"{path}:{number}: not valid JSON ({exc.msg})") from None
        except ValidationError as exc:
            problems = "; ".join(f"{'.'.join(map(str, e['loc']))}: {e['msg']}" for e in exc.errors())
            raise KnowledgeError(f"{path}:{number}: {problems}") from None
        problem = check_fact(fact, articles)
        if problem:
            raise KnowledgeError(f"{path}:{number}: {problem}")
        facts.append(_complete(fact))
    return facts


def load_facts(folder: Path, articles: Iterable[Article]) -> list[Fact]:
    by_id = {a.id: a for a in articles}
    if not folder.is_dir():
        raise KnowledgeError(f"{folder}: the facts folder does not exist")
    facts: list[Fact] = []
    seen: set[Fact] = set()
    for path in sorted(folder.glob("*.jsonl")):
        for fact in load_fact_file(path, by_id):
            if fact not in seen:  # a set of frozen models: linear, where a list scan was quadratic
                seen.add(fact)
                facts.append(fact)
    return facts


def write_facts(path: Path, facts: Iterable[Fact]) -> None:
    lines = (fact.model_dump_json(exclude_none=True) + "\n" for fact in facts)
    path.write_text("".join(lines), encoding="utf-8")


def _approximate(value: str) -> bool:
    return value.lower().lstrip().startswith(APPROXIMATE)


def agree(a: Fact, b: Fact) -> bool | None:
    """True or False when two facts' values can be compared, None when they cannot (free text)."""
    if a.number is not None and b.number is not None:
        if same_number(a.number, b.number):
            return True
        if _approximate(a.value) != _approximate(b.value):
            gap = abs(a.number - b.number) / max(abs(a.number), abs(b.number))
            return gap <= APPROXIMATE_TOLERANCE
        return False
    if a.claim is not None and b.claim is not None:
        return a.claim == b.claim
    return None


@dataclass(frozen=True)
class ValueGroup:
    """Facts about one subject, attribute and qualifier that agree with each other."""

    facts: tuple[Fact, ...]

    @property
    def value(self) -> str:
        return max((f.value for f in self.facts), key=len)

    @property
    def sources(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(f.source for f in self.facts))


def group_values(facts: Iterable[Fact]) -> list[ValueGroup]:
    """Cluster facts of one slot by agreement; more than one group with different sources is a disagreement."""
    groups: list[list[Fact]] = []
    for fact in facts:
        for group in groups:
            if agree(group[0], fact):
                group.append(fact)
                break
        else:
            groups.append([fact])
    return [ValueGroup(tuple(g)) for g in groups]


def slot_key(fact: Fact) -> tuple[str, str, str]:
    return fact.subject, fact.attribute, fact.qualifier or ""


def disagreements(facts: Iterable[Fact]) -> dict[tuple[str, str, str], list[ValueGroup]]:
    """Every (subject, attribute, qualifier) whose sources state values that do not agree."""
    slots: dict[tuple[str, str, str], list[Fact]] = defaultdict(list)
    for fact in facts:
        if not is_multi(fact.attribute):
            slots[slot_key(fact)].append(fact)
    found: dict[tuple[str, str, str], list[ValueGroup]] = {}
    for key, slot in slots.items():
        comparable = [f for f in slot if f.number is not None or f.claim is not None]
        groups = group_values(comparable)
        if len(groups) > 1 and len({s for g in groups for s in g.sources}) > 1:
            found[key] = groups
    return found
