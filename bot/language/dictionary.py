"""Common English words, to tell a correctly spelled word from a typo.

Typo tolerance is for words nobody would write on purpose: "mavrick" may mean Maverick, but
"cheat" is a word and is never read as the known "cheap". The list is generated from
pyspellchecker's frequency data by ``scripts/make_common_words.py`` and ships with the package.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

WORDS_FILE = Path(__file__).resolve().parent / "data" / "common_words.txt"


@cache
def common_words() -> frozenset[str]:
    try:
        return frozenset(WORDS_FILE.read_text(encoding="utf-8").split())
    except OSError:  # a broken install: typo tolerance then applies to every unknown word, as before
        return frozenset()


def is_word(token: str) -> bool:
    """Whether the lower-case token is a common English word."""
    return token in common_words()
