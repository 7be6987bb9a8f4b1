"""Repairs for text copied from web pages.

One source page was decoded with the wrong code page: every three-byte UTF-8
punctuation mark (em and en dashes, check and cross marks) became U+0E42 'โ'
with its continuation bytes lost. The original mark cannot be recovered from
the text, so the repair chooses by position: between digits an en dash (a
range), at the start of a list item nothing (the marker is gone; the heading
above the list says what it means), elsewhere an em dash.
"""

from __future__ import annotations

import re

MOJIBAKE = "\u0e42"


def repair_mojibake(text: str) -> str:
    text = re.sub(rf"(?m)^(\s*[-*]\s*){MOJIBAKE}\s*", r"\1", text)
    text = re.sub(rf"(?<=\d){MOJIBAKE}(?=\d)", "\u2013", text)
    return text.replace(MOJIBAKE, "\u2014")


def looks_broken(text: str) -> bool:
    """True when Latin text carries the mojibake mark (Thai text would use it legitimately)."""
    return bool(re.search(rf"[A-Za-z0-9%$)\s]{MOJIBAKE}|{MOJIBAKE}[A-Za-z0-9\s]", text))
