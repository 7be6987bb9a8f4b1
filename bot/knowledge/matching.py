"""Finding model names, attributes and qualifiers in text, with typo tolerance for questions."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import cache, lru_cache
from typing import Generic, TypeVar

from bot.knowledge.calling import MODEL_NOUNS, SIZE_ADJECTIVES
from bot.knowledge.lexicon import (
    ATTRIBUTE_BY_KEY,
    QUALIFIERS,
    SUBJECT_BY_NAME,
    SUBJECTS,
    TRIGGERS,
    Trigger,
    alias_tokens,
)
from bot.language.dictionary import is_word
from bot.language.text import STOP_WORDS, edit_distance, words

V = TypeVar("V")


@dataclass(frozen=True)
class Match(Generic[V]):
    start: int
    end: int
    value: V
    phrase: tuple[str, ...] = ()  # the words matched, as the lexicon spells them


FAR = (7, 5)  # a name this long may be typed with two slips, when the typed word is at least this long


def token_matches(typed: str, known: str, fuzzy: bool, far: bool = False) -> bool:
    """Exact, or within one typo for longer words (a four-letter word only by one dropped letter); with
    ``far``, a long name within two ("mavrik" for "maverick")."""
    if typed == known:
        return True
    if not fuzzy or not typed.isalpha() or len(known) < 4 or typed[0] != known[0]:
        return False
    if not known.isalpha():  # a name's number is left out ("llama" for "llama4"), never mistyped ("llamas")
        return typed == "".join(ch for ch in known if not ch.isdigit())
    if far and len(known) >= FAR[0] and len(typed) >= FAR[1]:
        return edit_distance(typed, known, 2) <= 2
    if len(known) == 4 or len(typed) == 4:
        return len(typed) == len(known) - 1 and edit_distance(typed, known, 1) <= 1
    return edit_distance(typed, known, 1) <= 1


class PhraseTable(Generic[V]):
    """Phrases indexed by their first word, so matching costs one look-up per question word."""

    def __init__(self, phrases: Mapping[tuple[str, ...], V], far: bool = False) -> None:
        self.far = far  # names: two slips allowed in a long one
        self.by_first: dict[str, list[tuple[tuple[str, ...], V]]] = {}
        for phrase, value in sorted(phrases.items(), key=lambda item: -len(item[0])):
            self.by_first.setdefault(phrase[0], []).append((phrase, value))
        self.words = frozenset(w for phrase in phrases for w in phrase)
        self.by_initial: dict[str, list[str]] = {}
        for word in sorted(self.words):
            self.by_initial.setdefault(word[:1], []).append(word)
        self._readings: dict[str, frozenset[str]] = {}
        self._found: dict[tuple[tuple[str, ...], bool], list[Match[V]]] = {}

    def readings(self, token: str, fuzzy: bool) -> frozenset[str]:
        """The known words this typed word may stand for: itself, or its near misses when it is no word.

        A correctly spelled English word ("cheat", "coming") stands only for itself.
        """
        if token in self.words or not fuzzy or is_word(token):
            return frozenset({token})
        found = self._readings.get(token)
        if found is None:
            reach = 2 if self.far else 1
            near = (w for w in self.by_initial.get(token[:1], ()) if abs(len(w) - len(token)) <= reach)
            found = frozenset({token, *(w for w in near if token_matches(token, w, True, self.far))})
            if len(self._readings) < 50_000:
                self._readings[token] = found
        return found

    def find(self, tokens: Sequence[str], fuzzy: bool = False) -> list[Match[V]]:
        """Non-overlapping matches, longest phrase first, in text order.

        Remembered for recent token runs: answering one question reads the same words a dozen times."""
        key = (tuple(tokens), fuzzy)
        found = self._found.get(key)
        if found is None:
            if len(self._found) >= 4096:
                self._found.clear()
            found = self._found[key] = self._find(key[0], fuzzy)
        return list(found)

    def _find(self, tokens: Sequence[str], fuzzy: bool) -> list[Match[V]]:
        readings = [self.readings(t, fuzzy) for t in tokens]
        candidates: list[tuple[int, int, V, tuple[str, ...]]] = []
        for start, options in enumerate(readings):
            for first in options:
                for phrase, value in self.by_first.get(first, ()):
                    end = start + len(phrase)
                    if end <= len(tokens) and all(phrase[i] in readings[start + i] for i in range(1, len(phrase))):
                        candidates.append((start, end, value, phrase))
        candidates.sort(key=lambda c: (-(c[1] - c[0]), c[0]))
        taken = [False] * len(tokens)
        found: list[Match[V]] = []
        for start, end, value, phrase in candidates:
            if not any(taken[start:end]):
                found.append(Match(start, end, value, phrase))
                taken[start:end] = [True] * (end - start)
        return sorted(found, key=lambda m: m.start)


@cache
def _subject_phrases() -> PhraseTable[str]:
    return PhraseTable({alias_tokens(alias): s.name for s in SUBJECTS for alias in s.aliases}, far=True)


@cache
def _trigger_phrases() -> PhraseTable[Trigger]:
    return PhraseTable({alias_tokens(t.phrase): t for t in TRIGGERS})


@cache
def _qualifier_phrases() -> PhraseTable[str]:
    return PhraseTable({alias_tokens(alias): name for name, aliases in QUALIFIERS.items() for alias in aliases})


def unique(values: Iterable[V]) -> list[V]:
    seen: list[V] = []
    for value in values:
        if value not in seen:
            seen.append(value)
    return seen


def matched_positions(tokens: Sequence[str], fuzzy: bool = False) -> set[int]:
    """Positions of the words that name a model, an attribute or a qualifier."""
    positions: set[int] = set()
    for table in (_subject_phrases(), _qualifier_phrases()):
        for match in table.find(tokens, fuzzy):
            positions.update(range(match.start, match.end))
    for trigger in _asking(_trigger_phrases().find(tokens, fuzzy), tokens):
        positions.update(range(trigger.start, trigger.end))
    return positions


def lexicon_spellings(tokens: Sequence[str]) -> dict[int, str]:
    """The lexicon's word at each position where a slip of it matched a model, an attribute or a qualifier
    ("lisence": "licence", "mavrick": "maverick"), for the words a question searches the articles with."""
    found: dict[int, str] = {}
    for table in (_subject_phrases(), _qualifier_phrases(), _trigger_phrases()):
        for match in table.find(tokens, True):
            for i, word in zip(range(match.start, match.end), match.phrase, strict=False):
                if tokens[i] != word and word.isalpha():
                    found.setdefault(i, word)
    return found


NEGATING = frozenset({"not", "no", "without"})  # "total, not the active part"
NEGATION_REACH = 3  # words before an attribute's name a negation of it may stand
# "what's different besides size", "apart from the price": every attribute but the one named is asked. Only
# right before the name, or a word for whose it is ("besides its price"): not "set the price aside, which is
# faster", nor "besides, what's scout's context window"
SETTING_ASIDE = (("except",), ("excluding",), ("besides",), ("apart", "from"), ("aside", "from"), ("other", "than"))
_OWNING = frozenset({"the", "its", "their", "a", "an"})


def _before(match: Match[Trigger], tokens: Sequence[str]) -> Sequence[str]:
    return tokens[max(match.start - NEGATION_REACH, 0) : match.start]


def _setting_aside(before: Sequence[str]) -> bool:
    """Whether the words before an attribute's name end with a phrase that sets it aside ("apart from the")."""
    rest = list(before)
    while rest and rest[-1] in _OWNING:
        rest.pop()
    return any(tuple(rest[-len(cue) :]) == cue for cue in SETTING_ASIDE)


def _negated_matches(matches: Sequence[Match[Trigger]], tokens: Sequence[str]) -> tuple[set[int], bool]:
    """Which attribute matches (by their place in ``matches``) a negation just before sets aside, and whether
    every one set aside is set aside by words that ask for the rest ("besides", "other than"). A match joined
    by "and" or "or" to one set aside is set aside too: "apart from price and context window"."""
    negated: set[int] = set()
    asides = True
    for k, match in enumerate(matches):
        before = _before(match, tokens)
        between = set(tokens[matches[k - 1].end : match.start]) if k else set()
        joined = k > 0 and (k - 1) in negated and bool(between) and between <= {"and", "or"} | _OWNING
        if joined or not NEGATING.isdisjoint(before) or _setting_aside(before):
            negated.add(k)
            asides = asides and (joined or _setting_aside(before))
    return negated, asides


def _asking(
    matches: Sequence[Match[Trigger]], tokens: Sequence[str] = (), negation: tuple[set[int], bool] | None = None
) -> list[Match[Trigger]]:
    """The attribute matches that ask: none that a negation just before sets aside ("total, not the active
    part"), and a size adjective only when no other attribute is named outright ("how big is Scout's context
    window": the size of the context window; "the biggest of any model" is then a word of the question's own,
    not the model's size). When every one is negated, they are still the topic ("can scout run without
    quantization"), unless they are set aside to ask for the rest ("what's different besides size").
    ``negation``: ``_negated_matches`` of these matches, when the caller has read it."""
    negated, asides = negation if negation is not None else _negated_matches(matches, tokens)
    kept = [m for k, m in enumerate(matches) if k not in negated]
    if not kept and matches and asides:
        return []
    matches = kept or list(matches)  # all negated: still the topic
    if any(not m.value.weak and not _sizes(m.value) for m in matches):
        return [m for m in matches if not _sizes(m.value)]
    return list(matches)


def attribute_positions(tokens: Sequence[str], fuzzy: bool = False) -> set[int]:
    """Positions of the words that name an attribute ("context window", "price"); a weak word ("score")
    only when no attribute is named outright ("mathvista score" is about MathVista)."""
    matches = _trigger_phrases().find(tokens, fuzzy)
    strong = [m for m in matches if not m.value.weak]
    return {i for m in (strong or matches) for i in range(m.start, m.end)}


def subject_matches(tokens: Sequence[str], fuzzy: bool = True) -> list[Match[str]]:
    """Where each model is named, and by which words."""
    return _subject_phrases().find(tokens, fuzzy)


def attribute_matches(tokens: Sequence[str], fuzzy: bool = False) -> list[Match[Trigger]]:
    """Where each attribute trigger matches, and which."""
    return _trigger_phrases().find(tokens, fuzzy)


def find_subjects(text: str | Sequence[str], fuzzy: bool = False) -> list[str]:
    tokens = words(text) if isinstance(text, str) else text
    return unique(m.value for m in _subject_phrases().find(tokens, fuzzy))


def find_attributes(text: str | Sequence[str], fuzzy: bool = False, strong_only: bool = False) -> list[str]:
    """Attribute keys the text asks about; weak triggers count only when no strong one matched."""
    return read_attributes(text, fuzzy, strong_only)[0]


def read_attributes(
    text: str | Sequence[str], fuzzy: bool = False, strong_only: bool = False
) -> tuple[list[str], bool]:
    """The attribute keys the text asks about (``find_attributes``), and whether a strong trigger asks one:
    both from one reading of the text."""
    tokens = words(text) if isinstance(text, str) else text
    found = _trigger_phrases().find(tokens, fuzzy)
    naming = _name_positions(tokens)
    negation = _negated_matches(found, tokens)
    matches = [
        m.value
        for m in _asking(found, tokens, negation)
        if not _describes_other(m.value, tokens, m.end, fuzzy)
        and not _in_the_context(m.value, tokens, m.end, fuzzy)
        and not _describes_model(m, tokens, fuzzy)
        and m.start not in naming
    ]
    strong = [t for t in matches if not t.weak]
    chosen = strong if strong or strong_only else matches
    # A specific trigger beats a generic one that covers it: "cost per output token" is the output price.
    chosen = [t for t in chosen if not any(set(o.attributes) < set(t.attributes) for o in chosen)]
    names = {w for m in _subject_phrases().find(tokens, fuzzy) for w in tokens[m.start : m.end]}
    # the words that may narrow a generic one: not a model's ("Gemini 2.5 Pro scores": "pro" names the model,
    # not MMLU Pro), nor a word set aside ("params overall, not the active number": the total)
    set_aside = [found[k] for k in negation[0]]
    negated = {i for m in set_aside for i in range(m.start, m.end)}
    rest = [w for i, w in enumerate(tokens) if w not in names and i not in negated]
    keys = unique(key for trigger in chosen for key in _named_in_group(trigger, rest))
    aside = {a for m in set_aside for a in m.value.attributes}  # "not the active part"
    return [k for k in keys if k not in aside] or keys, bool(strong)  # "audio, not just images": the modalities


DETERMINERS = frozenset(
    "the a an two three four five which what some any these those its their our my your this that".split()
)


def _sizes(trigger: Trigger) -> bool:
    """Whether a trigger asks a size by an adjective ("how big", "larger")."""
    return not SIZE_ADJECTIVES.isdisjoint(words(trigger.phrase))


def _describes_other(trigger: Trigger, tokens: Sequence[str], end: int, fuzzy: bool) -> bool:
    """Whether a size adjective describes the noun after it rather than the model: "the two big architecture
    changes", "which big companies" (an adjective after a determiner or a number, before a word of no model and
    no attribute) are not questions about parameters; "is Scout big enough" still is."""
    start = end - len(words(trigger.phrase))
    if trigger.phrase not in SIZE_ADJECTIVES or end >= len(tokens) or start < 1:
        return False
    before = tokens[start - 1]
    if before not in DETERMINERS and not before.isdigit():
        return False
    after = tokens[end]
    if not after.isalpha() or after in STOP_WORDS:  # "how big is it", "bigger models"
        return False
    return not _trigger_phrases().find([after], fuzzy) and not _subject_phrases().find([after], fuzzy)


def _in_the_context(trigger: Trigger, tokens: Sequence[str], end: int, fuzzy: bool) -> bool:
    return trigger.phrase == "context" and end - 1 in context_idioms(tokens, fuzzy)


def context_idioms(tokens: Sequence[str], fuzzy: bool = True) -> set[int]:
    """Where "context" is the idiom, not the context window: "in the context of Meta's AI work", "what is
    codistillation in the llama 4 context" (a model named between "in the" and a closing "context"); "how much
    fits in the context" and "in scout's context" still ask the window."""
    found = set()
    for i, token in enumerate(tokens):
        if token != "context" or i < 2:
            continue
        if tokens[i + 1 : i + 2] == ["of"] and tokens[i - 2 : i] == ["in", "the"]:
            if not _subject_phrases().find(tokens[i + 2 : i + 6], fuzzy):  # "in the context of maverick": its window
                found.add(i)
        elif i == len(tokens) - 1:
            for k in range(2, min(i, 5) + 1):  # "in the llama 4 context" at the end: the family's, which has no
                if tokens[i - k : i - k + 2] == ["in", "the"]:  # one window ("in the scout context" asks Scout's)
                    named = find_subjects(tokens[i - k + 2 : i], fuzzy)
                    if named and all(SUBJECT_BY_NAME[n].family for n in named):
                        found.add(i)
                    break
    return found


NAMES_WITH_ATTRIBUTE_WORDS = (("mixture", "of", "experts"), ("mixture", "of", "expert"))  # an architecture's name


def _name_positions(tokens: Sequence[str]) -> set[int]:
    """The positions of the words of names that hold an attribute's word: "mixture of experts" names the
    architecture, it asks no expert count."""
    found: set[int] = set()
    for name in NAMES_WITH_ATTRIBUTE_WORDS:
        if name[0] not in tokens:
            continue
        for start in range(len(tokens) - len(name) + 1):
            if tuple(tokens[start : start + len(name)]) == name:
                found.update(range(start, start + len(name)))
    return found


def _describes_model(match: Match[Trigger], tokens: Sequence[str], fuzzy: bool) -> bool:
    """Whether a participle names which model is meant rather than what is asked of it: "how many experts
    does the bigger released Llama 4 use" (after a determiner or a size adjective, right before a model's name
    or a word for a model) asks for experts, not the release date."""
    phrase = match.value.phrase
    if " " in phrase or not phrase.endswith("ed") or match.start < 1 or match.end >= len(tokens):
        return False
    before = tokens[match.start - 1]
    if before not in DETERMINERS and before not in SIZE_ADJECTIVES:
        return False
    if tokens[match.end] in MODEL_NOUNS:  # "the big released one"
        return True
    return any(m.start == 0 for m in _subject_phrases().find(tokens[match.end : match.end + 4], fuzzy))


GENERIC = 2  # attributes a word points at to be generic ("size": total and active parameters)


def _named_in_group(trigger: Trigger, said: Sequence[str]) -> tuple[str, ...]:
    """Of the attributes a generic word points at, the ones the question also names by a word of their
    label ("AA index score" is the Intelligence Index, not every score); all of them when it names none."""
    if len(trigger.attributes) < GENERIC:
        return trigger.attributes
    # "fit on a Mac": "on" names no "runs on" label, nor does "one" of "which one fits" name "Fits on one H100"
    asked = set(said) - set(words(trigger.phrase)) - STOP_WORDS - MODEL_NOUNS
    labels = {a: words(ATTRIBUTE_BY_KEY[a].label) for a in trigger.attributes}
    shared = set.intersection(*(set(label) for label in labels.values()))  # "tokens" of both prices tells none
    named = tuple(a for a in trigger.attributes if _names_label(asked, [w for w in labels[a] if w not in shared]))
    return named or trigger.attributes


def _names_label(asked: set[str], label: Iterable[str]) -> bool:
    """Whether the question holds a word of the label, or the start of one ("chart" for ChartQA)."""
    return any(_names_label_word(a, w) for w in label for a in asked)


def _names_label_word(word: str, label_word: str) -> bool:
    """Whether a question's word is a label's word or, with ``PREFIX`` letters at least, its start."""
    return word == label_word or (len(word) >= PREFIX and label_word.startswith(word))


PREFIX = 5  # letters a word needs to name a label word it begins ("chart": "chartqa"; "live" is too short)


def naming_positions(tokens: Sequence[str], attributes: Sequence[str]) -> frozenset[int]:
    """Where a question names one of the attributes found by a word of its label ("chart" in "chart
    understanding score" is ChartQA): those words are the attribute asked about, not more to ask."""
    if not attributes:
        return frozenset()
    label = _label_words(tuple(sorted(set(attributes))))
    return frozenset(
        i
        for i, t in enumerate(tokens)
        if t.isalpha() and t not in STOP_WORDS and any(_names_label_word(t, w) for w in label)
    )


@lru_cache(maxsize=1024)  # the sets of attributes questions name are few, but a stream of odd ones is bounded
def _label_words(attributes: tuple[str, ...]) -> frozenset[str]:
    return frozenset(w for a in attributes if a in ATTRIBUTE_BY_KEY for w in words(ATTRIBUTE_BY_KEY[a].label))


def find_qualifiers(text: str | Sequence[str]) -> list[str]:
    tokens = words(text) if isinstance(text, str) else text
    return unique(m.value for m in _qualifier_phrases().find(tokens))
