"""How questions name the articles themselves: "per ChatForest", "the Value Add piece", "the blog post".

Users often ask what one source says. The words that pick out a source come from each article's
own metadata (publisher, author and label), so an added article brings its own: a publisher or
author as a phrase ("value add vc", "trace cohen", also written together: "valueadd"), and a label
word that the article texts themselves rarely use ("blog", "newsletter", "unsigned"). A label word
common in the texts ("open", "weights", "release") is about the topic, not the source, and is left out.
Words of one article's title that a question puts in quotes ("that 'open-model war' piece") name it too.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from functools import cached_property

from bot.knowledge.lexicon import SUBJECTS
from bot.language.text import STOP_WORDS, holds_words, words

RARE_IN_TEXT = 0.03  # a label word in at most this share of the articles' passages names a source
# A label word names a source only after one of these, a few words before: "the blog post", "per the review"
POINTERS = frozenset({"the", "this", "that", "per", "their", "its", "according", "from"})
POINTER_REACH = 5
_LABEL_TOPIC = re.compile(r"\b(on|of|about|covering)\b.*", re.I)


def _label_head(label: str) -> list[str]:
    """The words of a label that say what kind of piece it is ("Blog post", "Unsigned news article"), not
    what it is about ("on the Llama 4 open-weights release"); words in brackets count too."""
    bracketed = " ".join(re.findall(r"\(([^)]*)\)", label))
    head = _LABEL_TOPIC.sub("", re.sub(r"\([^)]*\)", "", label))
    return words(f"{head} {bracketed}")


@dataclass(frozen=True)
class SourceNames:
    """Word sequences that name a source, each with the articles it names."""

    phrases: dict[tuple[str, ...], frozenset[str]]
    publishers: frozenset[tuple[str, ...]] = frozenset()  # the phrases that are a publisher's or author's name
    titles: tuple[tuple[str, tuple[str, ...]], ...] = ()  # each titled article's id and the words of its title

    def by_title(self, said: Sequence[str], quoted: Iterable[Sequence[str]]) -> TitleMention:
        """The article a question names by words of its title in quotes ("that 'open-model war' piece", "the
        'lands' blog"), where those words stand and which quoted phrases they are; none when the words are in
        several titles or none."""
        found: set[str] = set()
        at: set[int] = set()
        naming: list[tuple[str, ...]] = []
        for phrase in quoted:
            if all(w in STOP_WORDS for w in phrase):
                continue
            ids = {i for i, title in self.titles if holds_words(title, phrase)}
            if len(ids) != 1:
                continue
            n = len(phrase)
            found |= ids
            at.update(
                k + j for k in range(len(said) - n + 1) if list(said[k : k + n]) == list(phrase) for j in range(n)
            )
            naming.append(tuple(phrase))
        return TitleMention(frozenset(found), frozenset(at), tuple(naming))

    def mentioned(self, said: Sequence[str]) -> tuple[frozenset[str], frozenset[int]]:
        """The articles a question names, and the positions of the words that name them."""
        found, at, _ = self.mentions(said)
        return found, at

    def mentions(self, said: Sequence[str]) -> tuple[frozenset[str], frozenset[int], frozenset[int]]:
        """The articles named, the positions of the naming words, and of those that are a publisher's or
        author's name ("chatforest", not "review")."""
        found: set[str] = set()
        at: set[int] = set()
        named: set[int] = set()
        for start, word in enumerate(said):
            for phrase in self.by_first_word.get(word, ()):
                n = len(phrase)
                if tuple(said[start : start + n]) != phrase:
                    continue
                publisher = phrase in self.publishers
                if not publisher and not self._pointed_at(said, start):
                    continue  # "a post-train thing" is no blog post, nor "the Artificial Analysis index" the analysis
                if publisher or start - 1 not in named:  # "the Value Add VC article": that publisher's article,
                    found |= self.phrases[phrase]  # not every article whose label says "article"
                at.update(range(start, start + n))
                if publisher:
                    named.update(range(start, start + n))
        return frozenset(found), frozenset(at), frozenset(named)

    def _pointed_at(self, said: Sequence[str], start: int) -> bool:
        """Whether a label word at ``start`` is used of a piece: right after "the", "per", ..., a publisher's
        name or another label word ("the blog post", "the CalcSnippets article"), with a pointing word near."""
        previous = said[start - 1] if start else ""
        if previous not in POINTERS and previous not in self.single_words:
            return False
        return bool(POINTERS & set(said[max(start - POINTER_REACH, 0) : start]))

    @cached_property
    def single_words(self) -> frozenset[str]:
        """The one-word phrases: a label word after one of them is pointed at too ("the chatforest review")."""
        return frozenset(p[0] for p in self.phrases if len(p) == 1)

    @cached_property
    def by_first_word(self) -> dict[str, tuple[tuple[str, ...], ...]]:
        """The phrases by their first word: a question is read in one pass, however many articles there are."""
        grouped: dict[str, list[tuple[str, ...]]] = {}
        for phrase in self.phrases:
            grouped.setdefault(phrase[0], []).append(phrase)
        return {w: tuple(sorted(p, key=len, reverse=True)) for w, p in grouped.items()}


@dataclass(frozen=True)
class TitleMention:
    """The articles a question names by words of their titles, where those words stand, and the phrases."""

    articles: frozenset[str] = frozenset()
    positions: frozenset[int] = frozenset()
    phrases: tuple[tuple[str, ...], ...] = ()


@dataclass(frozen=True)
class Header:
    """What an article's header says of it: all that naming it needs, without its text."""

    id: str
    label: str
    publisher: str | None = None
    author: str | None = None
    title: str | None = None


def source_names(headers: Iterable[Header], share_of_passages: Callable[[str], float]) -> SourceNames:
    """Read from the articles' headers what names each of them (see the module's note).

    ``share_of_passages(word)`` is the share of the articles' passages that use a word: a label word
    used widely is about the topic, not the source. It comes from the index, so no article is read.
    """
    model_words = {w for s in SUBJECTS for alias in (s.name, *s.aliases) for w in words(alias)}
    phrases: dict[tuple[str, ...], set[str]] = {}
    publishers: set[tuple[str, ...]] = set()
    titles: list[tuple[str, tuple[str, ...]]] = []

    def add(phrase: Sequence[str], article_id: str, publisher: bool = True) -> None:
        if phrase:
            phrases.setdefault(tuple(phrase), set()).add(article_id)
            if publisher:
                publishers.add(tuple(phrase))

    def rare(word: str) -> bool:
        return share_of_passages(word) <= RARE_IN_TEXT

    for header in headers:
        if header.title:
            titles.append((header.id, tuple(words(header.title))))
        named = [words(x) for x in (header.publisher, header.author) if x]
        for name in named:
            add(name, header.id)
            if len(name) > 1:
                add(("".join(name),), header.id)  # "valueaddvc", "chatforest"
                add(("".join(name[:2]),), header.id)  # "valueadd"
                add(name[:2], header.id)  # "value add"
                if name[-1] not in STOP_WORDS and rare(name[-1]):
                    add(name[-1:], header.id)  # a surname, a distinctive last word
        taken = {w for name in named for w in name}
        for word in set(_label_head(header.label)) - taken:
            if word in STOP_WORDS or word in model_words or word.isdigit() or len(word) < 3:
                continue
            if rare(word):
                add((word,), header.id, publisher=False)
    return SourceNames({p: frozenset(ids) for p, ids in phrases.items()}, frozenset(publishers), tuple(titles))
