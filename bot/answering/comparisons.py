"""Comparing models: the sources' own words weighing one against another, a table of the attributes asked
about (or, for a choice, the rows most of them have, a use the question names first), and a verdict read off the
table's figures ("Llama 4 Scout has a longer context window (10 vs 1 million tokens)")."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from itertools import takewhile

from bot.answering.combine import combine
from bot.answering.compose import COMPARE_DEFAULT, family_as_models, names_a_peer, shared_attributes, table_answer
from bot.answering.forms import Form
from bot.answering.query import Query
from bot.answering.reading import Reader, Reading
from bot.answering.shown import CLAIMED, paragraph_of, snippet_answer, with_passages
from bot.answering.snippets import Snippet
from bot.answering.verdicts import BY_FIGURES, base_label, comparative_verdict, tradeoffs
from bot.knowledge.base import Knowledge
from bot.knowledge.index import Index
from bot.knowledge.lexicon import FAMILY_MODELS, LLAMA4, SUBJECT_BY_NAME
from bot.language.text import tokens, words
from bot.models import Answer, AnswerKind, Turn

COMPARE_ROWS = 8  # rows of an unasked-for comparison table: the ones most models have


class Comparisons:
    """Models weighed against each other, from the knowledge and the question's reading."""

    def __init__(self, knowledge: Knowledge, reader: Reader, index: Index) -> None:
        self.knowledge = knowledge
        self.reader = reader
        self.index = index

    def weigh(self, reading: Reading, compared: Sequence[str], turn: Turn) -> Answer | None:
        """The sources' own verdicts on the models compared, then a table of the attribute asked about; None when
        there is neither."""
        query = reading.query
        with_peers = all(c == LLAMA4 or (c in SUBJECT_BY_NAME and SUBJECT_BY_NAME[c].peer) for c in compared)
        spellings = [self._spelled_as(s, with_peers) for s in compared]

        def names(text: str) -> int:
            said = set(words(text))
            return sum(any(a <= said for a in spelled) for spelled in spellings)

        both = [s for s in reading.ranked if names(s.text) >= 2]  # sentences weighing one against the other
        if query.strong_attributes:  # ... on the attribute asked about: "the bigger context window"
            both = [s for s in both if self.reader.names_attribute(reading, s.text)]
        if both:  # the verdict with the paragraph that weighs the two, and a second only when it adds to it
            lead = paragraph_of(both[0], self.reader.units)
            shown = {lead.text, *lead.context}
            # a sentence on one of them that answers more of the question ("... if I need it on-prem": "Gemini
            # 2.5 Pro is API-only, no local deployment") comes before another that weighs the two
            one = [s for s in reading.ranked if names(s.text) == 1 and s.coverage > both[0].coverage]
            both = [lead, *(s for s in [*one[:1], *both[1:]] if s.text not in shown)][:2]
            # ... and leads when the weighing one holds no word asked but the models' ("Scout and Maverick are
            # genuine achievements" for "which one for a home rig") and, if an attribute is asked, names it where
            # the weighing one does not
            if (
                one
                and one[0].text not in shown
                and self._names_attribute_alone(reading, one[0], lead)
                and not self._asked_beyond_names(reading, lead)
            ):
                both = [one[0], lead]
            if len(both) == 2 and not both[1].context and CLAIMED.search(both[1].text):  # a claim, with what
                said = {both[0].text, *both[0].context}  # weighs it ("What Meta did not release: the scores")
                # a heading may show none
                widened = (with_passages(self.reader.units, both[1:], explains=False) or both[1:])[0]
                kept = tuple(takewhile(lambda s: s not in said, widened.context))
                both = [both[0], replace(widened, context=kept)]
        pieces: list[Answer] = []
        if both:
            pieces.append(snippet_answer(self.knowledge, reading.query.text, both, turn))
        named = [s for s in compared if s in SUBJECT_BY_NAME]
        subjects, members = family_as_models(self.knowledge, named, query.attributes)
        used: list[str] = []  # the rows of a use the question names, for a choice that names no attribute
        if len(subjects) >= 2:
            # "Scout or Maverick for X?" gets the rows most models have; "compare Scout and Maverick" all of them
            # ... and the family against another model the rows both have ("is Llama 4 better than DeepSeek V3");
            # a model of another maker has figures on few rows: only the rows two of them share compare them
            choice = reading.form.form is Form.CHOICE or bool(members)
            peers = names_a_peer(subjects)
            most = COMPARE_ROWS if choice else len(COMPARE_DEFAULT)
            shared = shared_attributes(self.knowledge, subjects, members, most)
            if not choice and not peers:
                shared = list(COMPARE_DEFAULT)  # (no row two of them share: the sources' words alone, no table
                # of empty columns: "Llama 4 vs Claude 3.7 Sonnet for coding")
            used = self._rows_for_use(reading, subjects) if not query.attributes else []
            if used:  # "scout or maverick for reading charts", "is scout better for charts": ChartQA's row first
                shared = [*used, *(a for a in shared if a not in used)]
                shared = shared[: max(COMPARE_ROWS, len(used))] if choice else shared
            attributes = query.attributes or shared
            table = table_answer(
                self.knowledge, query.text, subjects, attributes, AnswerKind.COMPARISON, turn, bool(query.attributes)
            )
            if not table.abstained:
                pieces.append(table)
        if not pieces:
            return None
        kind = AnswerKind.COMPARISON if any(p.table is not None for p in pieces) else AnswerKind.SNIPPETS
        asked = set(tokens(" ".join(query.residual)))  # "Scout or Maverick for a RAG chatbot": what it is for
        if pieces[-1].table is not None and any(asked & set(tokens(" ".join([s.text, *s.context]))) for s in both):
            # the sources' words on that use first; who is ahead by the figures heads the table
            return combine(query.text, [*pieces[:-1], self.with_verdict(query, pieces[-1], used)], kind=kind)
        return self.with_verdict(query, combine(query.text, pieces, kind=kind), used)

    def _rows_for_use(self, reading: Reading, subjects: Sequence[str]) -> list[str]:
        """The compared models' attributes a use named in the question points at, by the words it searches for
        ("charts" also searches for "ChartQA", "scanned documents" for "documents", what DocVQA is of)."""
        searched = set(reading.ask.terms)
        have = set().union(*(self.knowledge.attributes_of(s) for s in subjects))
        return [
            a
            for a in COMPARE_DEFAULT
            if a in have
            and self.index.terms_of(self.knowledge.attribute(a).label) & searched
            and sum(a in self.knowledge.attributes_of(s) for s in subjects) >= 2
        ]

    def _asked_beyond_names(self, reading: Reading, snippet: Snippet) -> bool:
        """Whether a sentence holds a word of the question other than the models' names."""
        names = self.reader.terms_of(" ".join(self.reader.spelled_words(reading.query.subjects)))
        return bool((set(reading.weights.known) - names) & self.reader.terms_of(snippet.text))

    def _names_attribute_alone(self, reading: Reading, one: Snippet, other: Snippet) -> bool:
        """Whether a sentence names the attribute asked about and another does not (or none is asked)."""
        if not reading.attribute_terms:
            return True
        return self.reader.names_attribute(reading, one.text) and not self.reader.names_attribute(reading, other.text)

    def _spelled_as(self, subject: str, by_members: bool) -> tuple[frozenset[str], ...]:
        """The ways a sentence names a model; with ``by_members``, the family is named by any of its models
        too ("self-host Maverick ... GPT-4o's pricing" weighs Llama 4 against GPT-4o), not against another
        Llama generation, where a sentence on Scout and Llama 3 8B weighs no generations."""
        if subject not in SUBJECT_BY_NAME:
            return (frozenset(words(subject)),)
        if subject != LLAMA4 or not by_members:
            return self.reader.spellings(subject)
        return tuple(w for name in [subject, *FAMILY_MODELS] for w in self.reader.spellings(name))

    def with_verdict(self, query: Query, answer: Answer, used: Sequence[str] = ()) -> Answer:
        """A comparison table, led by who wins on the question's comparative ("cheaper") where the figures say,
        and first on the rows of the use the question names ("for reading charts": ChartQA)."""
        table = answer.table
        if table is None:
            return answer
        verdict = comparative_verdict(words(query.text), table)
        labels = {self.knowledge.attribute(a).label for a in used}
        on_use = tuple(r for r in table.rows if base_label(r.label) in labels)
        focused = tradeoffs(table.model_copy(update={"rows": on_use})) if on_use and not verdict else None
        if focused:  # the use's rows settle it first; the other rows weigh the rest
            rest = tradeoffs(table.model_copy(update={"rows": tuple(r for r in table.rows if r not in on_use)}))
            beyond = rest.replace(BY_FIGURES, "Beyond that, by the sources' figures,", 1) if rest else ""
            verdict = f"{focused}\n{beyond}".rstrip()
        verdict = verdict or tradeoffs(table)
        return answer.model_copy(update={"text": f"{verdict}\n{answer.text}"}) if verdict else answer
