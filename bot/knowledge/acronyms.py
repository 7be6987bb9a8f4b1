"""What a short all-letters word stands for, read from the articles that use it ("MAU": "monthly active users").

An article that writes an acronym usually spells it out somewhere too. The spelled-out form is found
where the acronym is used: a run of words whose initials are its letters. Nothing is listed by hand, so
an article added tomorrow brings its own acronyms; one whose letters fit several runs is left alone.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable

from bot.language.text import STOP_WORDS

MIN_LETTERS = 3  # "AA" fits too many pairs of words to say which it is
MAX_LETTERS = 5
SEEN_AGAIN = 2  # a run not written beside the acronym must be this frequent to count
_WORD = re.compile(r"[A-Za-z]+")


def expansion(acronym: str, texts: Iterable[str]) -> tuple[str, ...] | None:
    """The run of words, in lower case, whose initials spell the acronym in these texts: one written beside
    the acronym ("Fundamental AI Research (FAIR)"), or else one met at least twice, when no other run is
    met as often. None when nothing fits that well."""
    letters = acronym.lower()
    if not (MIN_LETTERS <= len(letters) <= MAX_LETTERS and letters.isalpha()):
        return None
    n = len(letters)
    found: Counter[tuple[str, ...]] = Counter()
    beside: Counter[tuple[str, ...]] = Counter()
    for text in texts:
        said = _WORD.findall(text)
        lower = [w.lower() for w in said]
        marks = {i for i, w in enumerate(said) if w.lower() == letters and w != w.lower()}  # "MAU", "MoE"
        for i in range(len(said) - n + 1):
            run = tuple(lower[i : i + n])
            if lower[i] == letters or any(w[0] != c for w, c in zip(run, letters, strict=True)):
                continue
            if run[0] in STOP_WORDS or run[-1] in STOP_WORDS:  # "mixture of experts", not "of experts in"
                continue
            if i - 1 in marks or i + n in marks:  # "Mixture of Experts (MoE)", "RAG — retrieval-augmented ..."
                beside[run] += 1
            elif not set(run) & STOP_WORDS:  # met apart from the acronym: only a run of content words counts
                found[run] += 1
    if beside:  # written beside it: the one written so most often, unless two tie
        (best, count), *rest = beside.most_common(2)
        return best if not rest or rest[0][1] < count else None
    ranked = found.most_common(2)
    if not ranked or ranked[0][1] < SEEN_AGAIN or (len(ranked) > 1 and ranked[1][1] == ranked[0][1]):
        return None
    return ranked[0][0]
