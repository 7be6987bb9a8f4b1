"""The knowledge base: articles, their passages and their facts, loaded and checked together."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

from bot.corpus import load_articles, split_passages
from bot.facts import load_facts
from bot.models import Article, Fact, Passage


@dataclass(frozen=True)
class Knowledge:
    articles: tuple[Article, ...]
    passages: tuple[Passage, ...]
    facts: tuple[Fact, ...]

    @cached_property
    def _articles_by_id(self) -> dict[str, Article]:
        return {a.id: a for a in self.articles}

    @cached_property
    def _passage_positions(self) -> dict[str, int]:
        return {p.id: i for i, p in enumerate(self.passages)}

    def article(self, article_id: str) -> Article:
        return self._articles_by_id[article_id]

    def next_passage(self, passage_id: str) -> Passage | None:
        """The passage after this one in the same article section, if any."""
        position = self._passage_positions.get(passage_id)
        if position is None or position + 1 >= len(self.passages):
            return None
        current, following = self.passages[position], self.passages[position + 1]
        same = following.article_id == current.article_id and following.heading == current.heading
        return following if same else None


def load_knowledge(folder: Path) -> Knowledge:
    """Load ``folder/articles/*.txt`` and ``folder/facts/*.jsonl``; raises KnowledgeError naming a bad file."""
    articles = load_articles(folder / "articles")
    passages = tuple(p for a in articles for p in split_passages(a))
    facts = load_facts(folder / "facts", articles)
    return Knowledge(tuple(articles), passages, tuple(facts))
