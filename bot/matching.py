"""Finding model names, attributes and qualifiers in text, with typo tolerance for questions."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from typing import Generic, TypeVar

from bot.lexicon import QUALIFIERS, SUBJECTS, TRIGGERS, Trigger, alias_tokens
from bot.text import edit_distance, words

V = TypeVar("V")


@dataclass(frozen=True)
class Match(Generic[V]):
    start: int
    end: int
    value: V


def token_matches(typed: str, known: str, fuzzy: bool) -> bool:
    """Exact, or within one typo for longer words (a four-letter word only by one dropped letter)."""
    if typed == known:
        return True
    if not fuzzy or not typed.isalpha() or len(known) < 4 or typed[0] != known[0]:
        return False
    if len(known) == 4 or len(typed) == 4:
        return len(typed) == len(known) - 1 and edit_distance(typed, known, 1) <= 1
    return edit_distance(typed, known, 1) <= 1


def find_phrases(tokens: Sequence[str], phrases: Mapping[tuple[str, ...], V], fuzzy: bool = False) -> list[Match[V]]:
    """Non-overlapping phrase matches, longest phrase first at each position, in text order."""
    ordered = sorted(phrases.items(), key=lambda item: -len(item[0]))
    found: list[Match[V]] = []
    taken = [False] * len(tokens)
    for phrase, value in ordered:
        n = len(phrase)
        for start in range(len(tokens) - n + 1):
            if any(taken[start : start + n]):
                continue
            if all(token_matches(tokens[start + i], phrase[i], fuzzy and len(phrase[i]) >= 4) for i in range(n)):
                found.append(Match(start, start + n, value))
                for i in range(start, start + n):
                    taken[i] = True
    return sorted(found, key=lambda m: m.start)


@cache
def _subject_phrases() -> dict[tuple[str, ...], str]:
    return {alias_tokens(alias): s.name for s in SUBJECTS for alias in s.aliases}


@cache
def _trigger_phrases() -> dict[tuple[str, ...], Trigger]:
    return {alias_tokens(t.phrase): t for t in TRIGGERS}


@cache
def _qualifier_phrases() -> dict[tuple[str, ...], str]:
    return {alias_tokens(alias): name for name, aliases in QUALIFIERS.items() for alias in aliases}


def unique(values: Iterable[V]) -> list[V]:
    seen: list[V] = []
    for value in values:
        if value not in seen:
            seen.append(value)
    return seen


def find_subjects(text: str | Sequence[str], fuzzy: bool = False) -> list[str]:
    tokens = words(text) if isinstance(text, str) else text
    return unique(m.value for m in find_phrases(tokens, _subject_phrases(), fuzzy))


def find_attributes(text: str | Sequence[str], fuzzy: bool = False, strong_only: bool = False) -> list[str]:
    """Attribute keys the text asks about; weak triggers count only when no strong one matched."""
    tokens = words(text) if isinstance(text, str) else text
    matches = [m.value for m in find_phrases(tokens, _trigger_phrases(), fuzzy)]
    strong = [t for t in matches if not t.weak]
    chosen = strong if strong or strong_only else matches
    return unique(key for trigger in chosen for key in trigger.attributes)


def find_qualifiers(text: str | Sequence[str]) -> list[str]:
    tokens = words(text) if isinstance(text, str) else text
    return unique(m.value for m in find_phrases(tokens, _qualifier_phrases()))
