"""What ``add`` and ``remove`` print about an article: its passages, facts and the disagreements it adds."""

from __future__ import annotations

from bot.knowledge.base import Knowledge
from bot.knowledge.corpus import split_passages
from bot.knowledge.facts import ValueGroup, disagreements
from bot.models import Article


def describe(article: Article) -> str:
    details = ", ".join(x for x in (article.publisher, article.author, article.date) if x)
    return f'{article.id}  "{article.display_name}"' + (f"  ({details})" if details else "")


def _attribute(key: str) -> str:
    return key.replace("_", " ")


def _as_written(label: str) -> str:
    """A label in running text: "Location-based emissions" as "location-based emissions", "MMLU Pro" kept."""
    return label[:1].lower() + label[1:] if label[1:2].islower() else label


def _side(group: ValueGroup, article_id: str) -> str:
    if article_id in group.sources:
        return f"{group.value} (this article)"
    others = group.sources
    named = ", ".join(others) if len(others) <= 2 else f"{len(others)} sources"
    return f"{group.value} ({named})"


def article_report(article: Article, before: Knowledge, after: Knowledge) -> list[str]:
    """Indented lines: passages and facts, the attributes no other article stated, new disagreements."""
    facts = [f for f in after.facts if f.source == article.id]
    known = {f.attribute for f in before.facts if f.source != article.id}
    attributes = list(dict.fromkeys(f.attribute for f in facts))
    new = [a for a in attributes if a not in known]
    line = f"  {len(split_passages(article))} passages, {len(facts)} facts"
    if new:
        named = ", ".join(_as_written(after.attribute(a).label) for a in new)
        line += f" ({len(new)} attributes no other article states: {named})"
    lines = [line]
    old = {key: {s for g in groups for s in g.sources} for key, groups in disagreements(before.facts).items()}
    for (subject, attribute, qualifier), groups in disagreements(after.facts).items():
        sides = {s for g in groups for s in g.sources}
        if article.id not in sides or article.id in old.get((subject, attribute, qualifier), set()):
            continue
        mine = [g for g in groups if article.id in g.sources]
        theirs = [g for g in groups if article.id not in g.sources]
        where = f" [{qualifier}]" if qualifier else ""
        text = " vs ".join(_side(g, article.id) for g in [*mine, *theirs])
        lines.append(f"  new disagreement: {subject} {_attribute(attribute)}{where}: {text}")
    return lines
