"""Where a question asks a figure: the provider, cloud or device it sets a price or a speed on ("Scout's price on
Fireworks", "how much does Azure charge", "tokens per second on a 4090"), and how the articles write a word (only
ever capitalised, as a name; and in which spelling).

The sources give such figures for some settings only. A setting they never name, or name without a figure there,
is kept as the question's qualifier, so that the answer says the sources give no figure there and shows the ones
they state.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import replace

from bot.answering.domain import FILLER
from bot.answering.query import Query
from bot.answering.snippets import claim_units
from bot.answering.source_names import SourceNames
from bot.knowledge.attributes import SETTING_KINDS
from bot.knowledge.base import Knowledge
from bot.knowledge.index import Document, Index
from bot.knowledge.lexicon import COMPARE_WORDS
from bot.language.dictionary import is_word
from bot.language.numbers import number_claims
from bot.language.text import STOP_WORDS, stem, words

_PROVIDER_SLOT = re.compile(  # "... on Fireworks", "on Google Vertex AI"; the name is looked ahead at, so that
    r"\b(?:on|at|via|through|from|using|with)\s+(?=([A-Za-z][\w.-]*(?:\s+[A-Za-z][\w.-]*){0,2}))", re.I
)  # "at scale on fireworks" still finds "on fireworks"
# "how much does Fireworks AI charge for Scout": the one who charges is where the price is asked
_CHARGER = re.compile(r"\b(?:does|do|did|would|will)\s+([A-Za-z][\w.-]*(?:\s+[A-Za-z][\w.-]*)?)\s+charge\b", re.I)
_LEADING = frozenset({"the"})  # a word before a provider's name ("on the Fireworks API"); not "on a couple GPUs"
_OWN = frozenset({"my", "our", "your", "their", "his", "her"})
_DEVICE_SLOT = re.compile(r"\b(?:on|with|using)\s+([\w.-]+(?:\s+[\w.-]+){0,4})", re.I)  # "on a single rtx 4090"
_DEVICE_LEADING = _OWN | {"the", "a", "an", "one", "single"}  # "on my 4090", "on a single 4090"
_MODEL_NUMBER = 4  # digits of a device's model number alone ("4090"); fewer are a count ("on 8 GPUs")
NAME_CHECK_DOCS = 50  # passages read to tell whether a word is only ever written as a name
_LOWER_WORD = re.compile(r"(?<![.!?]\s)(?<!^)\b[a-z][a-z'-]*", re.M)
_AS_WRITTEN = re.compile(r"[A-Za-z][\w-]*")
MIN_NAME_LETTERS = 3  # a setting's name is a word: not the "M" of "$15/M"


class AsWritten:
    """How the articles write an indexed word, read from the passages that hold it and remembered per term."""

    def __init__(self, index: Index) -> None:
        self.index = index
        self._as_name: dict[int, bool] = {}  # bounded by the vocabulary

    def name(self, term: int) -> bool:
        """Whether the articles write this word only capitalised, as a name ("Python"), never as a plain
        word ("what happened with LMArena" turns on LMArena, not on "happened"). Remembered per term."""
        known = self._as_name.get(term)
        if known is None:
            known = self._as_name[term] = self._read_as_name(term)
        return known

    def _read_as_name(self, term: int) -> bool:
        for doc in self._passages(term):  # its heading too: "The technical angle people should not ignore"
            for word in _LOWER_WORD.findall(f"{doc.heading}\n{doc.text}"):
                if stem(word) == self.index.terms_by_id[term]:
                    return False
        return True

    def spelling(self, term: int) -> str | None:
        """A word as the articles write it ("Azure", "AWS"), from the first passage that holds it."""
        for doc in self._passages(term):
            for match in _AS_WRITTEN.finditer(doc.text):
                if stem(match.group(0).lower()) == self.index.terms_by_id[term]:
                    return str(match.group(0))
        return None

    def _passages(self, term: int) -> Iterator[Document]:
        """The first passages that hold the term (enough to tell how the articles write it)."""
        postings = self.index.indices[self.index.indptr[term] : self.index.indptr[term + 1]]
        return (self.index.docs[int(position)] for position in postings[:NAME_CHECK_DOCS])


class SettingsAsked:
    """The settings a question asks a figure in, read against the knowledge, its index and the sources' names."""

    def __init__(self, knowledge: Knowledge, index: Index, source_names: SourceNames, written: AsWritten) -> None:
        self.knowledge = knowledge
        self.index = index
        self.source_names = source_names
        self.written = written

    def named(self, query: Query) -> Query:
        """The query with the names of settings it asks a figure in ("how much does azure charge for maverick"):
        for a figure that depends on where the model runs, a word the articles write only as a proper name, and
        that is no common word and names no model or source, is where. The facts may have no figure there; the
        answer then says so."""
        kinds = {self.knowledge.attribute(a).kind for a in query.attributes}
        if not kinds or not kinds <= SETTING_KINDS:
            return query
        named: dict[str, str] = {}
        for word in query.residual:
            term = self.index.resolve(stem(word), word)
            if len(word) < MIN_NAME_LETTERS or term is None or is_word(word) or self.source_names.mentioned([word])[0]:
                continue
            written = self.written.spelling(term)  # a proper name ("Azure"), not an acronym ("API") or a term ("LoRA")
            if written and written.lower() == word and written.istitle() and self.written.name(term):
                named[word] = written
        if not named:
            return query
        residual = tuple(w for w in query.residual if w not in named)
        return replace(query, qualifiers=(*query.qualifiers, *named.values()), residual=residual)

    def unknown_provider(self, query: Query) -> str | None:
        """A provider the question names that the articles never mention ("Scout's price on Fireworks"), when
        the figures asked are given per provider (or precision) and the question names none of the known ones."""
        if query.qualifiers or not query.subjects or not query.attributes:
            return None
        if not any(
            f.qualifier for s in query.subjects for a in query.attributes for f in self.knowledge.facts_of(s, a)
        ):
            return None
        for match in (*_PROVIDER_SLOT.finditer(query.text), *_CHARGER.finditer(query.text)):
            named: list[str] = []  # "on Google Vertex AI": the name may take a few words, one of them unknown
            for word in match.group(1).split():
                low = word.lower()
                if not named and low in _LEADING:
                    continue
                if low in _OWN:  # "on my own servers", "on my MacBook": the user's own, no provider
                    break
                if low in STOP_WORDS or low in FILLER or not low.isalpha():
                    break
                named.append(word[:1].upper() + word[1:])
                if self.index.resolve(stem(low), low) is None:  # a misspelt "groqq" resolves to a word they use
                    return " ".join(named)
        return None

    def unknown_setting(self, query: Query) -> str | None:
        """A device the question sets its figure on that the articles never mention ("tokens per second on a
        4090", "on an M3 MacBook"): a name with a model number in it, after "on", "with" or "using", when what
        is asked depends on where the model runs (a speed, a price, a latency); the figures the sources state were
        measured elsewhere. Not a quantity ("on 32GB", "with 8 GPUs"), a device they name ("on one H100"), nor
        a need of the model's own ("will scout run on my 4090": its memory footprint answers that)."""
        if query.qualifiers or not query.subjects or not query.attributes:
            return None
        if not all(self.knowledge.attribute(a).kind in SETTING_KINDS for a in query.attributes):
            return None
        for match in _DEVICE_SLOT.finditer(query.text):
            slot = match.group(1).split()
            while slot and slot[0].lower() in _DEVICE_LEADING:
                slot = slot[1:]
            if set(words(query.text[: match.start()])[-1:]) & COMPARE_WORDS:
                continue  # "compared with qwen2.5": another model, not where this one runs
            for k, word in enumerate(slot):
                low = word.lower()
                if low in STOP_WORDS or low in FILLER:
                    break
                following = slot[k + 1].lower() if k + 1 < len(slot) else ""
                if low.isdigit() and following.isalpha() and following not in STOP_WORDS | FILLER:
                    break  # "with 1000000 tokens", "2000 requests a day": a quantity of something, no model number
                numbered = any(ch.isdigit() for ch in low) and (not low.isdigit() or len(low) >= _MODEL_NUMBER)
                if numbered and not claim_units(number_claims(low)) and self.index.resolve(stem(low), low) is None:
                    after = slot[k + 1 : k + 2]  # "M3 MacBook": the name's next word, when it is one
                    more = [w for w in after if w.isalpha() and w.lower() not in STOP_WORDS | FILLER]
                    return " ".join([*slot[: k + 1], *more])
        return None
