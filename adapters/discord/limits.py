"""Discord's message limits, and splitting text to fit them without breaking words or citations.

Pure functions only. Text is cut at paragraph boundaries first, then at sentence
boundaries, then between words; a bracketed citation marker such as ``[1, 2]``
counts as one word. Only a single "word" longer than the limit (a pasted URL) is
ever cut inside.
"""

from __future__ import annotations

import re

TITLE = 256
DESCRIPTION = 4096
FIELDS = 25
FIELD_NAME = 256
FIELD_VALUE = 1024
FOOTER = 2048
AUTHOR = 256
EMBED_TOTAL = 6000
"""Characters in all embeds of one message together."""
EMBEDS = 10
CONTENT = 2000
CHOICES = 25
CHOICE_NAME = 100
CHOICE_VALUE = 100

ELLIPSIS = "…"

_PARAGRAPH = re.compile(r"\n\s*\n")
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[^\s])|\n")
_WORD = re.compile(r"(?:\[[^\[\]\n]{0,40}\]|\S)+")


def split_text(text: str, limit: int) -> list[str]:
    """Chunks of at most ``limit`` characters, cut at the largest boundary that fits."""
    if limit < 1:
        raise ValueError("limit must be positive")
    text = text.strip()
    if not text:
        return []
    chunks: list[str] = []
    for paragraph in _PARAGRAPH.split(text):
        paragraph = paragraph.strip()
        if paragraph:
            _pack(_pieces(paragraph, limit), "\n\n", limit, chunks)
    return chunks


def _pieces(paragraph: str, limit: int) -> list[tuple[str, str]]:
    """(separator before, piece) pairs, each piece at most ``limit`` long."""
    if len(paragraph) <= limit:
        return [("", paragraph)]
    pieces: list[tuple[str, str]] = []
    start = 0
    for match in [*_SENTENCE_END.finditer(paragraph), None]:
        end = match.start() if match else len(paragraph)
        sentence = paragraph[start:end]
        sep = "" if not pieces else ("\n" if paragraph[start - 1 : start] == "\n" else " ")
        if sentence.strip():
            if len(sentence) <= limit:
                pieces.append((sep, sentence))
            else:
                for i, word_chunk in enumerate(_split_words(sentence, limit)):
                    pieces.append((sep if i == 0 else " ", word_chunk))
        if match:
            start = match.end()
    return pieces


def _split_words(sentence: str, limit: int) -> list[str]:
    words: list[str] = []
    for word in _WORD.findall(sentence):
        while len(word) > limit:  # a single over-long token (a URL): nothing better is possible
            words.append(word[:limit])
            word = word[limit:]
        words.append(word)
    chunks: list[str] = []
    _pack([("", w) for w in words], " ", limit, chunks)
    return chunks


def _pack(pieces: list[tuple[str, str]], joiner: str, limit: int, chunks: list[str]) -> None:
    """Append pieces to ``chunks``; the first piece may join the last chunk with ``joiner``."""
    for index, (sep, piece) in enumerate(pieces):
        glue = joiner if index == 0 else (sep or joiner)
        if chunks and len(chunks[-1]) + len(glue) + len(piece) <= limit:
            chunks[-1] = chunks[-1] + glue + piece
        else:
            chunks.append(piece)


def truncate(text: str, limit: int) -> str:
    """``text`` cut to ``limit`` characters at a word boundary, with an ellipsis when cut."""
    text = text.strip()
    if len(text) <= limit:
        return text
    room = limit - len(ELLIPSIS)
    words = _split_words(text, room) if room > 0 else []
    head = words[0] if words else ""
    return (head.rstrip() + ELLIPSIS)[:limit]


def embed_size(embed: dict[str, object]) -> int:
    """Characters Discord counts towards the 6000 per message: title, description, fields, footer, author."""
    total = len(str(embed.get("title", ""))) + len(str(embed.get("description", "")))
    for part, key in (("footer", "text"), ("author", "name")):
        inner = embed.get(part)
        if isinstance(inner, dict):
            total += len(str(inner.get(key, "")))
    fields = embed.get("fields")
    if isinstance(fields, list):
        for field in fields:
            total += len(str(field.get("name", ""))) + len(str(field.get("value", "")))
    return total


def pack_lines(lines: list[str], limit: int, joiner: str = "\n") -> list[str]:
    """Whole lines packed greedily into chunks; a line longer than ``limit`` is truncated, never split."""
    chunks: list[str] = []
    for line in lines:
        line = truncate(line, limit)
        if chunks and len(chunks[-1]) + len(joiner) + len(line) <= limit:
            chunks[-1] += joiner + line
        elif line:
            chunks.append(line)
    return chunks
