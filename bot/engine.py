"""The answering engine: one question in, one typed, cited Answer out.

The order of attempts: a comparison table when two models are compared, a fact
answer when a model and an attribute are named, else cited snippets from TF-IDF
retrieval, unless the abstention check says the sources do not cover the question.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from bot.citations import CitationList
from bot.compose import COMPARE_DEFAULT, FAMILY_ATTRIBUTES, fact_answer, spec_attributes, table_answer
from bot.config import MAX_QUESTION_CHARS
from bot.index import Index, QueryTerms, Weighting
from bot.knowledge import Knowledge, load_knowledge
from bot.lexicon import ATTRIBUTE_BY_KEY, LLAMA4, SUBJECTS
from bot.matching import find_subjects, token_matches
from bot.models import Answer, AnswerKind, Turn
from bot.query import Query, parse_question
from bot.snippets import best_snippets, snippet_text
from bot.text import normalise_query, words

ABSTAIN_HINT = "Try: /specs scout, /compare scout maverick, or ask about benchmarks, prices, hardware, licensing."
# Abstention thresholds, calibrated with benchmarks/calibrate.py (see benchmarks/README.md).
MIN_COVERAGE = 0.7  # share of the question's words the corpus knows, for questions naming no model/attribute
MIN_RELATIVE_SCORE = 0.3  # top score over the score of a document matching every query term
MIN_RELATIVE_SCORE_ANCHORED = 0.3
MIN_COVERAGE_ANCHORED = 0.67  # a named model still needs the rest of the question to be about the sources
MAX_COMPARED = 3
RARE_DOCUMENTS = 3  # a word in at most this many passages or facts is specific enough to look for


@dataclass(frozen=True)
class Thresholds:
    coverage: float = MIN_COVERAGE
    relative: float = MIN_RELATIVE_SCORE
    relative_anchored: float = MIN_RELATIVE_SCORE_ANCHORED
    coverage_anchored: float = MIN_COVERAGE_ANCHORED


@dataclass(frozen=True)
class Signals:
    """What the abstention decision looks at, exposed for calibration."""

    anchored: bool  # the question names a model the sources cover
    coverage: float
    relative_score: float
    unknown_model: bool

    def answerable(self, t: Thresholds) -> bool:
        if self.unknown_model and not self.anchored:
            return False
        if self.anchored:
            return self.relative_score >= t.relative_anchored and self.coverage >= t.coverage_anchored
        return self.coverage >= t.coverage and self.relative_score >= t.relative


class Engine:
    def __init__(self, knowledge: Knowledge, index: Index, thresholds: Thresholds | None = None) -> None:
        self.knowledge = knowledge
        self.index = index
        self.thresholds = thresholds or Thresholds()
        self._subjects_with_facts = [s.name for s in SUBJECTS if any(f.subject == s.name for f in knowledge.facts)]

    @classmethod
    def load(cls, knowledge_dir: Path, weighting: Weighting = "bm25", cache: bool = True) -> Engine:
        """Load the knowledge and its index (from the on-disk cache under ``knowledge/.index`` when fresh)."""
        knowledge = load_knowledge(knowledge_dir)
        if not cache:
            return cls(knowledge, Index.build(knowledge, weighting))
        sources = [*(knowledge_dir / "articles").glob("*.txt"), *(knowledge_dir / "facts").glob("*.jsonl")]
        return cls(knowledge, Index.cached(knowledge, sources, knowledge_dir / ".index", weighting))

    # --- questions ------------------------------------------------------------------------------------

    def answer(self, question: str, previous: Turn | None = None) -> Answer:
        text = normalise_query(question)
        if not text or not any(ch.isalnum() for ch in text):
            return self._abstain(
                text, "Please ask a question about Llama 4, for example: what is Scout's context window?"
            )
        query = parse_question(text, previous)
        answer = self._answer(query)
        if len(normalise_query(question, MAX_QUESTION_CHARS + 1)) > MAX_QUESTION_CHARS:
            note = f"(Your question was longer than {MAX_QUESTION_CHARS} characters; I read only the start.)"
            answer = answer.model_copy(update={"evidence": (*answer.evidence, note)})
        return answer

    def _answer(self, query: Query) -> Answer:
        turn = query.turn()
        if query.unknown_models and query.comparative:
            return self._not_covered(query, f"so I can't compare it with {', '.join(query.subjects) or 'Llama 4'}.")
        if query.compare:
            return self._table(query, turn)
        subjects = query.subjects
        if (
            not subjects
            and query.strong_attributes
            and not query.unknown_models
            and not query.residual
            and set(query.attributes) <= FAMILY_ATTRIBUTES
        ):
            subjects = (LLAMA4,)
        if subjects and query.attributes and not query.explain:
            found = fact_answer(self.knowledge, query.text, subjects, query.attributes, query.qualifiers, turn)
            if found is not None:
                return self._prefer_specific_snippets(query, turn) or found
            if query.strong_attributes and not query.residual:
                return self._not_stated(query)
        if query.subjects and not query.attributes and not query.explain and not query.residual:
            return self.specs(query.subjects[0])
        return self._snippets(query, turn)

    def _table(self, query: Query, turn: Turn) -> Answer:
        shown, dropped = query.subjects[:MAX_COMPARED], query.subjects[MAX_COMPARED:]
        answer = table_answer(
            self.knowledge, query.text, shown, query.attributes or COMPARE_DEFAULT, AnswerKind.COMPARISON, turn
        )
        if dropped:
            note = f"(I compare at most {MAX_COMPARED} models at a time; left out: {', '.join(dropped)}.)"
            answer = answer.model_copy(update={"evidence": (*answer.evidence, note)})
        return answer

    def _not_stated(self, query: Query) -> Answer:
        """A model and an attribute the sources say nothing about together: say so, never guess."""
        labels = ", ".join(ATTRIBUTE_BY_KEY[a].label for a in query.attributes[:3])
        known = [ATTRIBUTE_BY_KEY[a].label for a in spec_attributes(self.knowledge, query.subjects[0])]
        stated = f" For {query.subjects[0]} they state: {', '.join(known)}." if known else ""
        return self._abstain(
            query.text, f"My sources don't state {' or '.join(query.subjects)}'s {labels}.{stated} {ABSTAIN_HINT}"
        )

    def _not_covered(self, query: Query, rest: str) -> Answer:
        return self._abstain(
            query.text,
            f"My sources don't cover {query.unknown_models[0]}, {rest} I know: {', '.join(self._subjects_with_facts)}.",
        )

    def _prefer_specific_snippets(self, query: Query, turn: Turn) -> Answer | None:
        """A question with rare words beyond its model and attribute ("trained on Facebook posts?") is better
        answered by the sentences that contain those words, when the sources have such sentences."""
        rare = [w for w in query.residual if self.index.document_frequency(w) in range(1, RARE_DOCUMENTS + 1)]
        if not rare:
            return None
        answer = self._snippets(query, turn)
        if answer.abstained:
            return None
        first = answer.text.splitlines()[0].lower()
        return answer if any(w in first for w in rare) else None

    def signals(self, query: Query) -> tuple[Signals, QueryTerms]:
        terms, coverage = self.index.query_terms(query.text)
        hits = self.index.search(terms, k=1)
        relative = hits[0].score / self.index.max_score(terms) if hits else 0.0
        anchored = bool(query.subjects)
        unknown = bool(query.unknown_models) and not query.subjects
        return Signals(anchored, coverage, relative, unknown), terms

    def _snippets(self, query: Query, turn: Turn) -> Answer:
        signals, terms = self.signals(query)
        if not signals.answerable(self.thresholds):
            if signals.unknown_model:
                return self._abstain(
                    query.text,
                    f"My sources don't cover {query.unknown_models[0]}; I know about Llama 4 and the models "
                    f"its coverage compares it with. {ABSTAIN_HINT}",
                )
            return self._abstain(query.text)
        hits = self.index.search(terms, k=8)
        definition = query.text.lower().startswith(("what is", "what are", "what's", "whats"))
        cause = query.text.lower().startswith(("why", "how come", "what caused", "what happened"))
        snippets = best_snippets(self.knowledge, self.index, hits, terms, query.subjects, definition, cause)
        if not snippets:
            return self._abstain(query.text)
        citations = CitationList(self.knowledge)
        return Answer(
            question=query.text,
            kind=AnswerKind.SNIPPETS,
            text=snippet_text(snippets, citations),
            citations=tuple(citations.items),
            turn=turn,
        )

    def _abstain(self, question: str, message: str | None = None) -> Answer:
        return Answer(
            question=question,
            kind=AnswerKind.ABSTAINED,
            text=message
            or f"I can only answer questions about Llama 4 from my sources, and they don't cover that. {ABSTAIN_HINT}",
        )

    # --- commands -------------------------------------------------------------------------------------

    def resolve_model(self, name: str) -> str | None:
        found = find_subjects(normalise_query(name), fuzzy=True)
        return found[0] if found else None

    def specs(self, model: str) -> Answer:
        subject = self.resolve_model(model)
        if subject is None:
            return self._unknown_model(model, "specs")
        return table_answer(
            self.knowledge,
            f"specs {subject}",
            [subject],
            spec_attributes(self.knowledge, subject),
            AnswerKind.SPECS,
            Turn(question=f"specs {subject}", subjects=(subject,)),
        )

    def compare_text(self, text: str) -> Answer:
        query = parse_question(normalise_query(text))
        if query.unknown_models:
            return self._not_covered(query, "so I can't put it in a table.")
        return self.compare(query.subjects, query.attributes, query.text)

    def compare(self, models: Sequence[str], attributes: Sequence[str] = (), question: str = "") -> Answer:
        resolved = {m: self.resolve_model(m) for m in models if m and m.strip()}
        subjects = list(dict.fromkeys(s for s in resolved.values() if s))
        unknown = [normalise_query(m, 40) for m, s in resolved.items() if s is None]
        if len(subjects) < 2 or unknown:
            problem = f"I don't know {', '.join(repr(u) for u in unknown)}. " if unknown else ""
            return self._abstain(
                question or "compare",
                f"{problem}Name two or three models to compare, for example: compare scout maverick. "
                f"I know: {', '.join(self._subjects_with_facts)}.",
            )
        query = Query(
            text=question or "compare " + " ".join(subjects), subjects=tuple(subjects), attributes=tuple(attributes),
            qualifiers=(), compare=True, explain=False, follow_up=False,
        )  # fmt: skip
        return self._table(query, query.turn())

    def sources(self) -> Answer:
        lines = []
        for n, article in enumerate(self.knowledge.articles, 1):
            details = ", ".join(x for x in (article.publisher, article.date) if x)
            lines.append(f"{n}. {article.display_name}" + (f" ({details})" if details else "") + f" [id: {article.id}]")
        return Answer(
            question="sources",
            kind=AnswerKind.INFO,
            text=f"I know {len(lines)} articles:\n" + "\n".join(lines),
        )

    def complete_model(self, typed: str, limit: int = 25) -> list[str]:
        """Model names for autocomplete: prefix matches, then substring, then one-typo matches."""
        text = normalise_query(typed, 100).lower()
        typed_words = words(text)

        def rank(name: str) -> int | None:
            aliases = [name.lower(), *(a for s in SUBJECTS if s.name == name for a in s.aliases)]
            if not text:
                return 0
            if any(a.startswith(text) for a in aliases):
                return 0
            if any(text in a for a in aliases):
                return 1
            if typed_words and any(token_matches(w, t, True) for a in aliases for t in words(a) for w in typed_words):
                return 2
            return None

        ranked = [(r, i, n) for i, n in enumerate(self._subjects_with_facts) if (r := rank(n)) is not None]
        return [n for _, _, n in sorted(ranked)][:limit]

    def _unknown_model(self, model: str, command: str) -> Answer:
        shown = normalise_query(model, 60) or "(nothing)"
        return self._abstain(
            f"{command} {shown}",
            f"I don't know a model called '{shown}'. I know: {', '.join(self._subjects_with_facts)}.",
        )
