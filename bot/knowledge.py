"""The knowledge base: articles, their passages and their facts, loaded and checked together."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from bot.corpus import load_articles, split_passages
from bot.facts import load_facts
from bot.models import Article, Fact, Passage


@dataclass(frozen=True)
class Knowledge:
    articles: tuple[Article, ...]
    passages: tuple[Passage, ...]
    facts: tuple[Fact, ...]

    def article(self, article_id: str) -> Article:
        return next(a for a in self.articles if a.id == article_id)


def load_knowledge(folder: Path) -> Knowledge:
    """Load ``folder/articles/*.txt`` and ``folder/facts/*.jsonl``; raises KnowledgeError naming a bad file."""
    articles = load_articles(folder / "articles")
    passages = tuple(p for a in articles for p in split_passages(a))
    facts = load_facts(folder / "facts", articles)
    return Knowledge(tuple(articles), passages, tuple(facts))
