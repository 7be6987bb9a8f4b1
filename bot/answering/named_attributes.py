"""Finding, in a question, the attributes only the articles name ("knowledge cutoff", "time to first token").

The lexicon's triggers cover the attributes it knows. An attribute an added article names is found by its
own words: a question that uses every word of its name (one typo allowed in a longer word, any word
form) asks for it. Nothing here is a hand list: the names come from the knowledge's facts.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from bot.answering.query import Query
from bot.knowledge.base import Knowledge
from bot.knowledge.matching import token_matches
from bot.language.text import STOP_WORDS, stem, words


def _name_words(key: str) -> tuple[str, ...]:
    return tuple(w for w in key.split("_") if w not in STOP_WORDS)


def _uses(said: Sequence[str], stems: set[str], word: str) -> bool:
    return stem(word) in stems or (len(word) >= 5 and any(token_matches(t, word, True) for t in said))


def attributes_named(knowledge: Knowledge, said: Sequence[str]) -> list[str]:
    """Keys of the learned attributes whose every word the question uses; a name inside a longer one that
    also matched yields to it ("emissions" to "location based emissions")."""
    stems = {stem(w) for w in said}
    hits = [
        (a.key, frozenset(name))
        for a in knowledge.learned_attributes
        if (name := _name_words(a.key)) and all(_uses(said, stems, w) for w in name)
    ]
    return [key for key, name in hits if not any(name < other for _, other in hits)]


def with_named_attributes(knowledge: Knowledge, query: Query) -> Query:
    """The query with the learned attributes it names: after the lexicon's, or instead of ones only hinted
    at ("when is the knowledge cutoff": not the release date). Their words are no longer left over."""
    said = words(query.text)
    found = attributes_named(knowledge, said)
    if not found:
        return query
    used = {stem(w) for key in found for w in _name_words(key)}
    kept = query.attributes if query.strong_attributes else ()
    return replace(
        query,
        attributes=tuple(dict.fromkeys([*kept, *found])),
        strong_attributes=True,
        residual=tuple(w for w in query.residual if stem(w) not in used),
    )
