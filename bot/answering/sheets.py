"""Spec sheets and comparison tables of the stored facts, every value cited: ``/specs``, ``/compare`` and the
model names they take (resolved by alias or typo, and offered for autocomplete)."""

from __future__ import annotations

from collections.abc import Sequence

from bot.answering.compose import (
    COMPARE_DEFAULT,
    MAX_COMPARED,
    names_a_peer,
    shared_attributes,
    spec_attributes,
    table_answer,
    with_denial_reasons,
)
from bot.answering.named_attributes import with_named_attributes
from bot.answering.query import Query, parse_question
from bot.answering.refusals import abstain
from bot.knowledge.base import Knowledge
from bot.knowledge.entities import Names
from bot.knowledge.lexicon import SUBJECTS
from bot.knowledge.matching import find_subjects, token_matches
from bot.language.text import normalise_query, words
from bot.models import Answer, AnswerKind, Turn


class Sheets:
    """Tables of what the sources state about the models, by model name."""

    def __init__(self, knowledge: Knowledge, names: Names, subjects_with_facts: list[str]) -> None:
        self.knowledge = knowledge
        self.names = names
        self._subjects_with_facts = subjects_with_facts

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
        text = normalise_query(text)
        query = with_named_attributes(self.knowledge, parse_question(text))
        unknown = [" ".join(m) for m in self.names.model_mentions(words(text)) if not self.names.covers(m)]
        if unknown:
            known = ", ".join(self._subjects_with_facts)
            return abstain(
                text, f"My sources don't cover {unknown[0]}, so I can't put it in a table. I know: {known}."
            )
        return self.compare(query.subjects, query.attributes, query.text)

    def compare(self, models: Sequence[str], attributes: Sequence[str] = (), question: str = "") -> Answer:
        resolved = {m: self.resolve_model(m) for m in models if m and m.strip()}
        subjects = list(dict.fromkeys(s for s in resolved.values() if s))
        unknown = [normalise_query(m, 40) for m, s in resolved.items() if s is None]
        if len(subjects) < 2 or unknown:
            problem = f"I don't know {', '.join(repr(u) for u in unknown)}. " if unknown else ""
            return abstain(
                question or "compare",
                f"{problem}Name two or three models to compare, for example: compare scout maverick. "
                f"I know: {', '.join(self._subjects_with_facts)}.",
            )
        query = Query(
            text=question or "compare " + " ".join(subjects), subjects=tuple(subjects), attributes=tuple(attributes),
            qualifiers=(), compare=True, follow_up=False,
        )  # fmt: skip
        # a value's denial with why it is said (the engine's answers get it as their last step)
        return with_denial_reasons(self.knowledge, self.table(query, query.turn()))

    def table(self, query: Query, turn: Turn) -> Answer:
        shown, dropped = query.subjects[:MAX_COMPARED], query.subjects[MAX_COMPARED:]
        shared = shared_attributes(self.knowledge, shown) if names_a_peer(shown) else []
        attributes = query.attributes or shared or COMPARE_DEFAULT
        caveats = bool(query.attributes)  # a denial follows a value asked, not one of every row
        answer = table_answer(self.knowledge, query.text, shown, attributes, AnswerKind.COMPARISON, turn, caveats)
        if dropped:
            note = f"(I compare at most {MAX_COMPARED} models at a time; left out: {', '.join(dropped)}.)"
            answer = answer.model_copy(update={"evidence": (*answer.evidence, note)})
        return answer

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
        return abstain(
            f"{command} {shown}",
            f"I don't know a model called '{shown}'. I know: {', '.join(self._subjects_with_facts)}.",
        )
