"""Reading the number and unit out of a stated value ("~2T", "10 million tokens", "$0.15", "80.5%")."""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache

from bot.language.text import STOP_WORDS

_SCALE = {
    "k": 1e3,
    "thousand": 1e3,
    "m": 1e6,
    "million": 1e6,
    "b": 1e9,
    "billion": 1e9,
    "t": 1e12,
    "trillion": 1e12,
}
MAGNITUDES = frozenset(k for k in _SCALE if len(k) > 1)  # "thousand" ... "trillion": part of the number before them
_NUMBER = re.compile(
    r"(?P<dollar>\$)?(?P<num>\d+(?:,\d{3})*(?:\.\d+)?)\s*(?P<scale>thousand|million|billion|trillion|[kmbt](?![a-z]))?",
    re.IGNORECASE,
)
UNITS = {
    "count": None,
    "tokens": "tokens",
    "hours": "GPU-hours",
    "gb": "GB",
    "usd": "USD per 1M tokens",
    "speed": "tokens/s",
    "seconds": "seconds",
    "score": None,
    "text": None,
}


def parse_value(value: str, kind: str) -> tuple[float | None, str | None]:
    """The first number in ``value`` in base units for the attribute's kind, and the unit; None for text."""
    if kind == "text":
        return None, None
    match = _NUMBER.search(value)
    if match is None:
        return None, None
    number = float(match.group("num").replace(",", ""))
    scale = (match.group("scale") or "").lower()
    if kind in {"count", "tokens", "hours", "speed"} and scale:  # "1 million tokens a second" is no 1
        number *= _SCALE[scale]
    unit = UNITS.get(kind)
    if kind == "score" and "%" in value:
        unit = "%"
    return number, unit


def same_number(a: float, b: float) -> bool:
    return abs(a - b) <= 1e-6 * max(abs(a), abs(b), 1.0)


ROUNDED_FROM = 10  # the least whole number a user writes for a figure with decimals ("93%" for 93.2%)


def rounded_to(stated: float, whole: float) -> bool:
    """Whether a whole number as a user writes it is this stated figure rounded ("93%" of 93.2%, "80%" or
    "81%" of 80.5%). Only from ``ROUNDED_FROM`` up, where a unit is at most a tenth of the figure: "2x" is no
    1.6x."""
    return whole >= ROUNDED_FROM and whole == int(whole) and abs(stated - whole) <= 0.5


_SHORT_FIGURE = re.compile(r"(\d+(?:\.\d+)?)([kmbt])")
_LETTER = {"k": "thousand", "m": "million", "b": "billion", "t": "trillion"}  # "10m" is "10 million"
_OF_NAME = {name: letter for letter, name in _LETTER.items()}


def figure_spellings(said: Sequence[str]) -> list[str]:
    """The other way to write each figure the words state: "10m" as "10 million", "10 million" as "10m"; so
    that "is the 10 million token context real" also finds "the 10M context claim"."""
    found: list[str] = []
    for k, word in enumerate(said):
        if not word[:1].isdigit():  # most words are no figure
            continue
        short = _SHORT_FIGURE.fullmatch(word)
        if short:
            found += [short.group(1), _LETTER[short.group(2)]]
        elif k + 1 < len(said) and said[k + 1] in _OF_NAME:
            found.append(word + _OF_NAME[said[k + 1]])
    return found


# a unit is written onto the number ("17B", "80.5%") or is the word after it ("2 trillion", "2,000 users"),
# unless that word is a function word: "MATH-500 and", "1417 on" carry no unit
_CLAIMED_NUMBER = re.compile(r"(\$)?(?<![\w.])(\d+(?:[.,]\d+)*)(%|[a-zA-Z]+|\s[a-zA-Z]+)?")
CLAIMS_KEPT = 16384  # texts whose claims are kept: every fact value and the sentences recently read
WORD_WINDOW = 80  # characters before a number searched first for the word before it
_A_LETTER = re.compile(r"[A-Za-z]")
_SPACES_AND_HYPHENS = re.compile(r"[\s-]*")
_PREVIOUS_WORD = re.compile(r"([A-Za-z]+)[\s-]*$")


@lru_cache(maxsize=CLAIMS_KEPT)
def number_claims(text: str, families: frozenset[str] = frozenset()) -> tuple[str, ...]:
    """Numbers with their unit, so that only like is compared with like: "n:$:0.15", "n:%:80.5", "n:b:17".

    A model's version ("GPT-4.5", "Llama 3") is a name, not a stated number, and is left out. Kept for the
    texts read most: the same fact values and sentences are read again for every question about them.
    """
    found = []
    for match in _CLAIMED_NUMBER.finditer(text):
        before = _word_before(text, match.start())
        if before and before.group(1).lower() in families:
            continue
        dollar, value, suffix = match.groups()
        unit = "$" if dollar else (suffix or "").strip().lower()
        if unit in STOP_WORDS:
            unit = ""
        unit = _OF_NAME.get(unit, unit)
        if unit:  # a bare number ("16", a citation mark) could be of anything: it is not compared
            found.append(f"n:{unit}:{value.replace(',', '')}")
    return tuple(found)


def _word_before(text: str, end: int) -> re.Match[str] | None:
    """``_PREVIOUS_WORD`` searched in ``text[:end]``: in the few characters before ``end`` when the word lies
    whole within them, so that a long text is not searched from its start for every number in it."""
    window = max(0, end - WORD_WINDOW)
    found = _PREVIOUS_WORD.search(text, window, end)
    if window == 0:
        return found
    if found is not None:
        cut = found.start() == window and _A_LETTER.match(text, window - 1)  # the word may start before the window
    else:
        cut = _SPACES_AND_HYPHENS.fullmatch(text, window, end)  # a word may end before a window of spaces alone
    return _PREVIOUS_WORD.search(text, 0, end) if cut else found
