"""Names the knowledge itself contains: models, people, companies, products, publications.

Nothing here is a hand-kept list of what the bot knows. Names are read from the
article text (model-like "Family 1.2" names, CamelCase words, runs of capitalised
words), so an article added tomorrow brings its own names with it. The lexicon's
model aliases ("scout") are an aid on top, not the gate.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import cached_property

from bot.knowledge.lexicon import SUBJECTS
from bot.language.text import STOP_WORDS, words

# Families of models that questions name, beyond those the articles name: an aid for spotting a model
# the sources do not cover ("mistral large"). Families the articles name are read from the text.
OTHER_FAMILIES = frozenset({"mistral", "mixtral", "qwen", "grok", "phi", "falcon", "gemma", "command", "yi", "olmo"})

_MODEL_NAME = re.compile(
    r"\b(?:[A-Z][A-Za-z]*[a-z][A-Za-z]*|[A-Z]{2,})[- ]?(?:\d+(?:\.\d+)?[a-zA-Z]?|[A-Z]\d+)\b|\bo[1-9]\b"
)
# Both start with the capital they need, so that the regex engine skips ahead to capitals: the look-behinds
# after it say what a look-behind before it would ("\b" there, not after ".!?:" and a space, not at a line start).
_CAMEL = re.compile(r"[A-Z](?<!\w[A-Z])(?:[a-z]+[A-Z][A-Za-z]+|[A-Z]+(?!s\b)[a-z]+[A-Za-z]*)\b")  # not a plural: "GPUs"
_CAPITALISED_RUN = re.compile(r"[A-Z](?<=[^\w\n][A-Z])(?<![.!?:\n]\s[A-Z])[a-zA-Z]+(?:[ ][A-Z][a-zA-Z]+)+")
_TIMES = re.compile(r"(\d{1,2})x([a-z]*\d\w*)")  # "8xh100", "2x3090": a count of devices
_VERSION = re.compile(r"^(?:\d+(?:\.\d+)?[a-z]?|[a-z]\d+(?:\.\d+)?)$")
_MONTHS = frozenset("january february march april may june july august september october november december".split())
MAX_NGRAM = 3
_TIMES_AFTER = re.compile(r"\s*(?:times|x)\b", re.IGNORECASE)  # "four times cheaper": a ratio, no version
_NUMBER_WORDS = {w: str(i) for i, w in enumerate("one two three four five six seven eight nine ten".split(), start=1)}
# Words that start a sentence or heading, not a name: "The LMArena Controversy", "What Meta claimed".
_LEADING = STOP_WORDS - {"llama", "meta"} | frozenset("both all each every on at but for when where what".split())


@dataclass(frozen=True)
class Names:
    """What the articles name, as token tuples (``bot.language.text.words``), with the families of model names."""

    names: frozenset[tuple[str, ...]]
    families: frozenset[str]
    ngrams: frozenset[tuple[str, ...]] = field(repr=False)
    spelled: dict[tuple[str, ...], str] = field(default_factory=dict, repr=False)  # as the articles write it

    def display(self, name: Sequence[str]) -> str:
        return self.spelled.get(tuple(name)) or " ".join(name).title()

    def is_version(self, tokens: Sequence[str], i: int) -> bool:
        """Whether ``tokens[i]`` is the version of a model name ("4" in "llama 4"), not a stated value."""
        return i > 0 and tokens[i - 1] in self.families and bool(_VERSION.match(tokens[i]))

    def with_versions_written(self, text: str) -> str:
        """The text with a model family's version written as the articles write it: spelled out ("llama
        four": "llama 4") or in the plural of its models ("all three llama 4s": "llama 4")."""

        def written(m: re.Match[str]) -> str:
            version = _NUMBER_WORDS.get((m.group(3) or m.group(4)).lower(), m.group(3) or m.group(4))
            if (m.group(1).lower(), version) not in self.names or _TIMES_AFTER.match(text, m.end()):
                return m.group(0)  # "gemini two" (no Gemini 2 in the articles), "llama ten times cheaper"
            return f"{m.group(1)}{m.group(2)}{version}"

        return self._spelled_version.sub(written, text)

    @cached_property
    def _spelled_version(self) -> re.Pattern[str]:
        families = "|".join(sorted(map(re.escape, self.families), key=len, reverse=True)) or "(?!)"
        numbers = "|".join(_NUMBER_WORDS)
        return re.compile(rf"\b({families})([\s-]*)(?:({numbers})\b|(\d+(?:\.\d+)?)s\b)", re.IGNORECASE)

    def mentioned(self, tokens: Sequence[str]) -> list[tuple[str, ...]]:
        """Names of the knowledge that occur in these tokens, longest first, without overlaps."""
        found: list[tuple[str, ...]] = []
        taken: set[int] = set()
        for n in range(MAX_NGRAM, 0, -1):
            for start in range(len(tokens) - n + 1):
                gram = tuple(tokens[start : start + n])
                if gram in self.names and not taken & set(range(start, start + n)):
                    found.append(gram)
                    taken.update(range(start, start + n))
        return found

    def split_fused(self, tokens: Sequence[str]) -> list[str]:
        """ "gpt4.5" -> "gpt", "4.5" and "llama3" -> "llama", "3": a family written together with its version;
        "8xh100" -> "8", "h100" and "2x3090" -> "2", "3090": a count of devices written onto them."""
        out: list[str] = []
        for token in tokens:
            times = _TIMES.fullmatch(token) if token[:1].isdigit() else None
            if times:
                out.extend(times.groups())
                continue
            family = next((f for f in self.families if token.startswith(f) and len(token) > len(f)), None)
            rest = token[len(family) :] if family else ""
            out.extend([family, rest] if family and _VERSION.match(rest) else [token])
        return out

    def model_mentions(self, tokens: Sequence[str]) -> list[tuple[str, ...]]:
        """Model-like mentions in a question: a family word, optionally followed by a version ("llama 5")."""
        found = []
        for i, token in enumerate(tokens):
            if token not in self.families and token not in OTHER_FAMILIES:
                continue
            end = i + 1
            while end < len(tokens) and end - i < MAX_NGRAM and _VERSION.match(tokens[end]):
                end += 1
            if end > i + 1 or token in OTHER_FAMILIES:
                found.append(tuple(tokens[i:end]))
        return found

    def covers(self, mention: Sequence[str]) -> bool:
        """Whether the articles contain this run of words (a model name they discuss)."""
        return tuple(mention) in self.ngrams


def _clean(name: str) -> tuple[str, ...]:
    tokens = words(name)
    while tokens and (tokens[0] in _LEADING or tokens[0] in _MONTHS):
        tokens = tokens[1:]
    return tuple(tokens)


@dataclass
class NamePieces:
    """What one text contributes to the names; kept per article, so that an added article is read alone."""

    names: set[tuple[str, ...]] = field(default_factory=set)
    spelled: dict[tuple[str, ...], str] = field(default_factory=dict)  # first spelling in this text
    versions: dict[str, set[str]] = field(default_factory=dict)
    runs: set[tuple[str, ...]] = field(default_factory=set)  # capitalised runs: names unless written in lower case
    ngrams: set[tuple[str, ...]] = field(default_factory=set)


def name_pieces(text: str) -> NamePieces:
    pieces = NamePieces()
    for match in _MODEL_NAME.finditer(text):
        tokens = _clean(match.group(0))
        if len(tokens) >= 2 and tokens[0].isalpha() and _VERSION.match(tokens[1]):
            pieces.names.add(tokens[:2])
            pieces.spelled.setdefault(tokens, match.group(0))
            pieces.versions.setdefault(tokens[0], set()).add(tokens[1])
        elif len(tokens) == 1 and re.fullmatch(r"o[1-9]", tokens[0]):
            pieces.names.add(tokens)
    for match in _CAMEL.finditer(text):
        pieces.names.add(tuple(words(match.group(0))))
    for match in _CAPITALISED_RUN.finditer(text):
        tokens = _clean(match.group(0))
        if 2 <= len(tokens) <= MAX_NGRAM:
            pieces.runs.add(tokens)
    said = words(text)
    distinct = set(said)
    pieces.ngrams.update(zip(distinct, strict=True))  # each word as a 1-tuple, without a Python loop
    # only what a model name can be: a word and a version after it
    version_words = {w for w in distinct if _VERSION.match(w)}
    for i in [i for i in range(1, len(said)) if said[i] in version_words]:
        pieces.ngrams.add((said[i - 1], said[i]))
        pieces.ngrams.update([tuple(said[i - 1 : i + 2])] if i + 1 < len(said) else [])
    return pieces


def combine_names(
    pieces: Iterable[NamePieces], ngrams: Iterable[tuple[str, ...]], written_lower: set[tuple[str, ...]]
) -> Names:
    """The names of texts from their pieces (in text order: the first spelling of a name wins), the
    n-grams of all of them, and which capitalised runs some text writes in lower case."""
    names: set[tuple[str, ...]] = set()
    spelled: dict[tuple[str, ...], str] = {}
    versions: dict[str, set[str]] = {}
    runs: set[tuple[str, ...]] = set()
    for piece in pieces:
        names |= piece.names
        for tokens, spelling in piece.spelled.items():
            spelled.setdefault(tokens, spelling)
        for family, seen in piece.versions.items():
            versions.setdefault(family, set()).update(seen)
        runs |= piece.runs
    # A run of capitalised words is a name only if the texts never write it in lower case: "Chatbot Arena"
    # is a name, a heading's "Million Tokens" is not. A run's words are lower case already (``words``).
    names |= {run for run in runs if run not in written_lower}
    for subject in SUBJECTS:
        for alias in subject.aliases:
            names.add(tuple(words(alias)))
    families = frozenset(family for family, seen in versions.items() if len(seen) >= 2)  # "GPT-4o", "GPT-5"
    return Names(frozenset(names), families, frozenset(ngrams), spelled)


def read_names(texts: Iterable[str]) -> Names:
    texts = list(texts)
    pieces = [name_pieces(text) for text in texts]
    runs = {run for piece in pieces for run in piece.runs}
    ngrams = set().union(*(piece.ngrams for piece in pieces))
    return combine_names(pieces, ngrams, written_lower(texts, runs))


def written_lower(texts: Iterable[str], runs: set[tuple[str, ...]]) -> set[tuple[str, ...]]:
    """Which of these runs of lower-case words some text writes exactly so, word after word."""
    starts: dict[str, list[tuple[str, ...]]] = {}
    for run in runs:
        starts.setdefault(run[0], []).append(run)
    found: set[tuple[str, ...]] = set()
    for text in texts:
        said = re.findall(r"[A-Za-z][\w.]*", text)
        if starts.keys().isdisjoint(said):
            continue
        for i in [i for i, w in enumerate(said) if w in starts]:
            found.update(run for run in starts[said[i]] if tuple(said[i : i + len(run)]) == run)
    return found
