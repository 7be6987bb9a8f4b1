"""The knowledge base: articles, their passages and their facts, loaded and checked together."""

from __future__ import annotations

from collections.abc import Hashable, Mapping, Sequence
from dataclasses import dataclass, replace
from functools import cached_property
from pathlib import Path
from typing import Any

from bot.knowledge.attributes import kind_of_unit, label_as_written
from bot.knowledge.corpus import load_articles, split_passages
from bot.knowledge.facts import load_facts
from bot.knowledge.lexicon import Attribute, is_known_attribute
from bot.knowledge.lexicon import attribute as lexicon_attribute
from bot.knowledge.tables import ArticleTable, PassageTable
from bot.models import Article, Fact, Passage


@dataclass(frozen=True)
class Knowledge:
    """Articles and passages are tuples when parsed from the files, and tables that build each one on
    demand when read from the knowledge cache (``bot.knowledge.cache``); either way, sequences."""

    articles: Sequence[Article]
    passages: Sequence[Passage]
    facts: tuple[Fact, ...]

    @cached_property
    def _article_positions(self) -> dict[str, int]:
        ids = self.articles.ids if isinstance(self.articles, ArticleTable) else [a.id for a in self.articles]
        return {article_id: i for i, article_id in enumerate(ids)}

    def article_headers(self) -> list[tuple[str, str, str | None, str | None, str | None]]:
        """Each article's id, label, publisher, author and title, without reading its text."""
        return [
            (str(f["id"]), str(f["label"]), f.get("publisher"), f.get("author"), f.get("title"))
            for f in self.article_fields()
        ]

    def article_fields(self) -> list[Mapping[str, Any]]:
        """Each article's header fields (all but its text), without reading its text."""
        if isinstance(self.articles, ArticleTable):
            return [self.articles.header(i) for i in range(len(self.articles))]
        return [a.model_dump(exclude={"text"}) for a in self.articles]

    def article_passages(self) -> dict[str, range]:
        """The positions of each article's passages (they lie together, in article order)."""
        if isinstance(self.passages, PassageTable):
            first, ids = self.passages.first, self.articles_ids()
            return {a: range(int(first[j]), int(first[j + 1])) for j, a in enumerate(ids)}
        found: dict[str, list[int]] = {}
        for i, passage in enumerate(self.passages):
            found.setdefault(passage.article_id, []).append(i)
        return {a: range(p[0], p[-1] + 1) for a, p in found.items()}

    def articles_ids(self) -> list[str]:
        return self.articles.ids if isinstance(self.articles, ArticleTable) else [a.id for a in self.articles]

    @cached_property
    def _passage_positions(self) -> dict[str, int]:
        return {p.id: i for i, p in enumerate(self.passages)}

    def _passage_position(self, passage_id: str) -> int | None:
        if isinstance(self.passages, PassageTable):
            return self.passages.position(passage_id)
        return self._passage_positions.get(passage_id)

    @cached_property
    def _facts_by_slot(self) -> dict[tuple[str, str], tuple[Fact, ...]]:
        slots: dict[tuple[str, str], list[Fact]] = {}
        for fact in self.facts:
            slots.setdefault((fact.subject, fact.attribute), []).append(fact)
        return {key: tuple(found) for key, found in slots.items()}

    @cached_property
    def _attributes_of(self) -> dict[str, tuple[str, ...]]:
        found: dict[str, dict[str, None]] = {}
        for subject, attribute in self._facts_by_slot:
            found.setdefault(subject, {})[attribute] = None
        return {subject: tuple(attributes) for subject, attributes in found.items()}

    @cached_property
    def _learned(self) -> dict[str, Attribute]:
        """Attributes the articles name that the lexicon does not, with the kind their values' units show."""
        units: dict[str, list[str | None]] = {}
        numbered: dict[str, bool] = {}
        quotes: dict[str, str] = {}
        for fact in self.facts:
            if not is_known_attribute(fact.attribute):
                units.setdefault(fact.attribute, []).append(fact.unit)
                numbered[fact.attribute] = numbered.get(fact.attribute, False) or fact.number is not None
                quotes.setdefault(fact.attribute, fact.quote)
        learned = {}
        for key, found in units.items():
            unit = max(set(found), key=lambda u: (found.count(u), u or ""))
            named = lexicon_attribute(key, kind_of_unit(unit, numbered[key]))
            learned[key] = replace(named, label=label_as_written(key, quotes[key]) or named.label)
        return learned

    def attribute(self, key: str) -> Attribute:
        """The attribute a key names: the lexicon's, or one the articles named (label and kind derived)."""
        return self._learned.get(key) or lexicon_attribute(key)

    @property
    def learned_attributes(self) -> tuple[Attribute, ...]:
        """The attributes only the articles name, in the order their facts first state them."""
        return tuple(self._learned.values())

    @cached_property
    def _memos(self) -> dict[str, dict[Hashable, object]]:
        return {}

    def memo(self, name: str) -> dict[Hashable, object]:
        """A dictionary for results derived from this knowledge alone, dropped with it on a reload."""
        return self._memos.setdefault(name, {})

    def facts_of(self, subject: str, attribute: str) -> tuple[Fact, ...]:
        """The facts of one model and attribute, in file order: a keyed look-up, built once."""
        return self._facts_by_slot.get((subject, attribute), ())

    def attributes_of(self, subject: str) -> tuple[str, ...]:
        """The attributes the facts state for one model."""
        return self._attributes_of.get(subject, ())

    def article(self, article_id: str) -> Article:
        return self.articles[self._article_positions[article_id]]

    def article_text(self, article_id: str) -> str:
        """The article's text; a cached article is not built (validated) for it."""
        if isinstance(self.articles, ArticleTable):
            return self.articles.text(self._article_positions[article_id])
        return self.article(article_id).text

    def label(self, article_id: str) -> str:
        """The article's label, from its header alone."""
        if isinstance(self.articles, ArticleTable):
            return str(self.articles.header(self._article_positions[article_id])["label"])
        return self.article(article_id).label

    def display_name(self, article_id: str) -> str:
        """The article's title or label, from its header (a cached article's text is not read for it)."""
        if isinstance(self.articles, ArticleTable):
            return self.articles.display_name(self._article_positions[article_id])
        return self.article(article_id).display_name

    def short_name(self, article_id: str) -> str:
        """The article's publisher, else its title or label: from its header alone."""
        if isinstance(self.articles, ArticleTable):
            publisher = self.articles.header(self._article_positions[article_id]).get("publisher")
            return str(publisher) if publisher else self.display_name(article_id)
        article = self.article(article_id)
        return article.publisher or article.display_name

    def next_passage(self, passage_id: str) -> Passage | None:
        """The passage after this one in the same article section, if any."""
        position = self._passage_position(passage_id)
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
