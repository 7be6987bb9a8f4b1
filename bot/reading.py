"""Reading a question: what it names and asks, what the articles hold for it, and whether they state it.

``Reader.read`` parses the question (models, attributes, qualifiers, its form and the kind of value it
expects), weighs its words against the articles' vocabulary, retrieves the passages and ranks their
sentences. The checks on a reading (does a sentence state the value asked for; does another source
state a different one) live here too, so that the engine only lays answers out.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, replace

from bot.domain import FILLER_STEMS, Signals, Weights, content_weights, evidence
from bot.entities import Names, read_names
from bot.forms import Expect, Form, Shape, shape
from bot.index import Index
from bot.knowledge import Knowledge
from bot.lexicon import SUBJECT_BY_NAME
from bot.matching import (
    attribute_positions,
    find_attributes,
    find_qualifiers,
    find_subjects,
    matched_positions,
    subject_matches,
)
from bot.models import Turn
from bot.named_attributes import with_named_attributes
from bot.query import Query, parse_question
from bot.snippets import Ask, Snippet, Units, rank_units
from bot.text import stem, tokens, words

# The unit a stated value of these attribute kinds must carry: a price is in dollars, a memory size in GB.
UNITS_OF_KIND: defaultdict[str, frozenset[str]] = defaultdict(
    frozenset, {"usd": frozenset({"$"}), "gb": frozenset({"gb"})}
)
NUMERIC_KINDS = frozenset({"count", "tokens", "hours", "gb", "usd", "score", "speed"})
FOCUS_SHARE = 0.5  # a word this heavy in a lookup question is what it is about: the answer must hold it
DISSENT_CANDIDATES = 6
DISSENT_COVERAGE = 0.7  # another source's sentence counts as a view on the question at this share of the lead's
DOCS_CONSIDERED = 8
STATED_COVERAGE = 0.4  # a sentence must hold this share of the question to count as stating its answer


@dataclass(frozen=True)
class Reading:
    """A question as the engine reads it: parsed, shaped, retrieved and judged in or out of scope."""

    query: Query
    form: Shape
    ask: Ask
    ranked: list[Snippet]
    signals: Signals
    named: tuple[tuple[str, ...], ...]  # names from the articles the question uses, beyond the known models
    unknown: tuple[str, ...]  # model names the articles never mention
    weights: Weights  # the question's content words, known and unknown
    consumed: frozenset[int]  # terms of the words the lexicon read as a model, attribute or qualifier
    attribute_terms: frozenset[int]  # terms of the words that name the attribute asked about


class Reader:
    """The articles' names, sentences and index, and everything read off a question with them."""

    def __init__(self, knowledge: Knowledge, index: Index, names: Names | None = None) -> None:
        self.knowledge = knowledge
        self.index = index
        self.names = names or read_names(a.text for a in knowledge.articles)
        self.units = Units(index, self.names)

    def read(self, text: str, previous: Turn | None = None, inherit: Sequence[str] = ()) -> Reading:
        """Everything the engine reads off a question before it decides how to answer."""
        query = with_named_attributes(self.knowledge, parse_question(text, previous))
        if inherit and not query.subjects:
            query = replace(query, subjects=tuple(inherit))
        said = self.names.split_fused(words(text))
        mentions = [m for m in self.names.model_mentions(said) if not self.names.covers(m)]
        unknown = tuple(" ".join(m) for m in mentions)
        inside = {w for m in mentions for w in m}  # "claude" of an unknown "claude 4" names nothing known
        named = [n for n in self.names.mentioned(said) if not self.is_lexicon(n) and not set(n) <= inside]
        if mentions and query.subjects:
            masked = [w if w not in inside else "" for w in said]
            query = replace(query, subjects=tuple(s for s in query.subjects if s in find_subjects(masked, fuzzy=True)))
        form = shape(text)
        if (
            form.expect is Expect.ANY
            and form.form is Form.LOOKUP
            and query.strong_attributes
            and (query.subjects or named)
        ):
            kinds = {self.knowledge.attribute(a).kind for a in query.attributes}
            if kinds and kinds <= NUMERIC_KINDS:
                form = replace(form, expect=Expect.NUMBER)
        lexical = matched_positions(said, fuzzy=True)
        weights = content_weights(self.index, text, read_as_known={said[i] for i in lexical})
        terms, _ = self.index.query_terms(text, skip=FILLER_STEMS)
        for subject in query.subjects:  # an inherited or followed-up model still steers retrieval
            for word in words(subject):
                if (t := self.index.vocabulary.get(stem(word))) is not None:
                    terms.setdefault(t, 0.5)
        # A sentence answering about a peer model must name it; the corpus's own models are often "it".
        models = [n for n in named if self.is_model(n)]
        peers = [s for s in query.subjects if SUBJECT_BY_NAME[s].peer]
        typed = {m.value: frozenset(said[m.start : m.end]) for m in subject_matches(said)}
        # a peer as the user wrote it: "Gemini 2.5 Pro" is not met by a sentence about "Gemini Pro"
        spellings = tuple((typed[s],) if s in typed else self.spellings(s) for s in peers)
        spellings += tuple((frozenset(n),) for n in models)
        own = tuple(self.spellings(s) for s in query.subjects if s not in peers)
        others = own + tuple((frozenset(n),) for n in named if n not in models)
        ask = Ask(terms, spellings, frozenset(said), form.form, form.expect, others=others, own=own)
        found = self.index.search(terms, k=DOCS_CONSIDERED * 3)
        hits = [h for h in found if h.document.fact_index is None][:DOCS_CONSIDERED]
        ranked = rank_units(self.index, self.units, hits, ask, weights.total(self.index))
        ranked = [s for s in ranked if not s.text.rstrip().endswith("?")]  # a Q&A post's question answers nothing
        anchored = bool(query.subjects or named or query.strong_attributes)
        held = evidence(self.index, weights, found[:DOCS_CONSIDERED])
        signals = Signals(anchored, weights.coverage, min(held, 1.0), bool(unknown), weights.unknown_share(self.index))
        consumed = {t for i in lexical if (t := self.index.resolve(stem(said[i]), said[i])) is not None}
        asked = {t for i in attribute_positions(said, True) if (t := self.index.resolve(stem(said[i]), said[i]))}
        labels = {w for a in query.attributes for w in tokens(self.knowledge.attribute(a).label)}
        asked |= {t for w in labels if (t := self.index.vocabulary.get(w)) is not None}  # "big": "parameters"
        return Reading(
            query, form, ask, ranked, signals, tuple(named), unknown, weights, frozenset(consumed), frozenset(asked)
        )

    @staticmethod
    def is_lexicon(name: Sequence[str]) -> bool:
        """A name the lexicon already reads as a model, an attribute or a provider ("MMLU Pro", "Groq")."""
        return bool(find_subjects(name) or find_attributes(name) or find_qualifiers(name))

    def spellings(self, subject: str) -> tuple[frozenset[str], ...]:
        aliases = SUBJECT_BY_NAME[subject].aliases if subject in SUBJECT_BY_NAME else (subject,)
        return tuple(frozenset(words(a)) for a in (subject, *aliases))

    def is_model(self, name: Sequence[str]) -> bool:
        return (bool(name) and name[0] in self.names.families) or (len(name) == 1 and name[0][:1] == "o")

    def terms_of(self, text: str) -> set[int]:
        return {t for w in tokens(text) if (t := self.index.vocabulary.get(w)) is not None}

    def held(self, text: str, terms: set[int]) -> float:
        present = {self.index.vocabulary.get(w) for w in tokens(text)}
        return sum(float(self.index.idf[t]) for t in terms if t in present)

    def states(self, reading: Reading) -> bool:
        """Whether a top sentence names the model asked about, the attribute, and a value of its kind."""
        units = {UNITS_OF_KIND[self.knowledge.attribute(a).kind] for a in reading.query.attributes}
        wanted = set().union(*units) if units and all(units) else set()  # "$" for a price, "gb" for memory
        return any(
            s.about
            and s.stated
            and s.coverage >= STATED_COVERAGE
            and self.names_attribute(reading, s.text)
            and (not wanted or any(c.split(":")[1] in wanted for c in s.claims if c.startswith("n:")))
            for s in reading.ranked[:5]
        )

    def names_attribute(self, reading: Reading, text: str) -> bool:
        """Whether a sentence holds a word of the attribute asked about ("MMLU" for "Behemoth's MMLU")."""
        if not reading.attribute_terms:
            return True
        return bool(reading.attribute_terms & {self.index.vocabulary.get(w) for w in tokens(text)})

    def focus(self, reading: Reading) -> int | None:
        """The question's rarest word, when it carries so much of its weight that the question is about it
        ("What languages does Python support?" is about Python, not about languages)."""
        free = [t for t in reading.weights.known if t not in reading.consumed]
        if not free:
            return None
        focus = max(free, key=lambda t: float(self.index.idf[t]))
        total = reading.weights.total(self.index)
        return focus if total > 0 and float(self.index.idf[focus]) / total >= FOCUS_SHARE else None

    def dissent(self, reading: Reading, lead: Snippet) -> Snippet | None:
        """Another source's sentence on the same question that states a different value of the kind asked.

        "Which models did Behemoth beat?" gets GPT-4.5 from two sources and GPT-5 from a third; "what
        year ..." gets 2023 against 2024. Compared are numbers for "how many" and "when" questions, and
        the models and titles a sentence names for any question.
        """
        sources, stated, coverage = {lead.source}, lead.claims, lead.coverage
        expect = reading.form.expect
        kinds = {Expect.NUMBER: ("n:",), Expect.DATE: ("n:",), Expect.NAME: ("m:", "t:")}.get(expect, ("m:",))
        asked = {f"{k}{w}" for k in ("n:", "m:", "t:") for w in reading.ask.question_words}
        mine = stated - asked
        anchors = self.anchors(reading, lead)
        if len(anchors) < 2:
            return None
        for other in reading.ranked[:DISSENT_CANDIDATES]:
            if other.source in sources or not other.named or other.coverage < DISSENT_COVERAGE * coverage:
                continue
            if not anchors <= {self.index.vocabulary.get(w) for w in tokens(other.text)}:
                continue  # about something else: it must hold the words that say what the question is about
            theirs = other.claims - asked
            for kind in self.claim_kinds(mine, kinds):
                a = {c for c in mine if c.startswith(kind)}
                b = {c for c in theirs if c.startswith(kind)}
                if a and b and not a & b:
                    return other
        return None

    def anchors(self, reading: Reading, lead: Snippet) -> set[int]:
        """The words that say what a question is about: its model and attribute words, or the two rarest
        words of the question that the lead sentence holds."""
        held = self.terms_of(lead.text)
        known = sorted((t for t in reading.weights.known if t in held), key=lambda t: -float(self.index.idf[t]))
        return set(reading.consumed & set(known)) or set(known[:2])

    @staticmethod
    def claim_kinds(claims: frozenset[str], kinds: Sequence[str]) -> list[str]:
        """The claim kinds to compare: numbers by their unit ("n:$:", "n:%:"), models, titles."""
        found = []
        for kind in kinds:
            if kind == "n:":
                found += sorted({c[: c.index(":", 2) + 1] for c in claims if c.startswith("n:")})
            else:
                found.append(kind)
        return found
