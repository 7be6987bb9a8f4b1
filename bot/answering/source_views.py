"""What a named source thinks: "what does ChatForest think of Llama 4", "the VC newsletter's take".

Such a question asks for where that source sums up (its closing section), not for the sentences that share its
words: "newsletter" would find the byline.
"""

from __future__ import annotations

from dataclasses import replace

from bot.answering.domain import FILLER, PIECE_WORDS, VIEW_WORDS
from bot.answering.reading import Reader, Reading
from bot.answering.snippets import MAX_SNIPPETS, Snippet, choose
from bot.knowledge.lexicon import FILLER_WORDS, LLAMA4
from bot.language.text import STOP_WORDS, stem, words

FAMILY_WEIGHT = 0.5  # the family's name in a search for where a source sums up, beside what is asked
OPENING = 1  # sentences of a piece's first paragraph that a summary of it adds


def asks_a_view(reader: Reader, reading: Reading) -> bool:
    """Whether a question asks only what one source it names thinks of the family ("what does ChatForest think
    of Llama 4", "the VC newsletter's take"), not what it says of something ("does Value Add VC think the numbers
    are cherry-picked") or of one model ("what does ChatForest think of Behemoth")."""
    if len(reading.sources) != 1 or any(s != LLAMA4 for s in reading.query.subjects):
        return False
    said = set(words(reading.query.text)) - source_label_words(reader, reading)
    rest = said - reader.spelled_words(reading.query.subjects) - VIEW_WORDS - PIECE_WORDS - STOP_WORDS - FILLER
    rest -= FILLER_WORDS
    return bool(said & VIEW_WORDS) and not rest


def source_label_words(reader: Reader, reading: Reading) -> set[str]:
    """The question's words that name the sources it names: their names and label words ("the VC newsletters"),
    by stem, the models' names left out."""
    labels = {stem(w) for source in reading.sources for w in words(reader.knowledge.label(source))}
    said = words(reading.query.text)
    named = set(reading.source_words) | {w for w in said if stem(w) in labels}
    return named - reader.spelled_words(reading.query.subjects)


def source_view(reader: Reader, reading: Reading) -> list[Snippet]:
    """The sentences where the sources a question names sum up, best first, ranked by what it asks beyond their
    names, with the family's name beside it; their first sentences when none shares a word with the question."""
    naming = reader.index.terms_of(" ".join(source_label_words(reader, reading)))  # "the ChatForest review"
    terms = {t: w for t, w in reading.ask.terms.items() if t not in naming}
    for term in reader.index.terms_of(LLAMA4):  # what every article is about, when nothing else is asked
        terms.setdefault(term, FAMILY_WEIGHT)
    asked = replace(reading, ask=replace(reading.ask, terms=terms))
    said = [  # its own words, not the items of a list it sums up
        s for s in reader.closing(asked) if s.source in reading.sources and reader.units.get(s.doc)[s.unit_index].prose
    ]
    closing = choose(said, MAX_SNIPPETS) or reader.closing_prose(reading.sources)[:1]
    if set(terms) <= set(reader.index.terms_of(LLAMA4)):  # "what does the calcsnippets article say": nothing but
        return [*closing, *reader.opening_prose(reading.sources)[:OPENING]]  # the piece asked: how it sums up, then
    return closing  # what it sets out to say

