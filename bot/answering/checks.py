"""Checking a figure, a date or a claim a yes/no question states against what the sources state: "Yes" or
"No" first, when the stated values settle it ("does Scout have 16 experts?", "is maverick 17b?", "will scout
run on my 4090? its 24gb", "it came out on april 7, didn't it").
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from bot.answering.compose import facts_for, table_answer
from bot.answering.domain import FILLER_STEMS, MEMORY_FIGURE
from bot.answering.forms import Form, closing_tag, offers_values
from bot.answering.reading import Reader, Reading
from bot.answering.verdicts import (
    BY_EVERY_SOURCE,
    DIRECTIONS,
    asks_negated,
    comparative_verdict,
    date_verdict,
    listed,
    open_ended_value,
    prose_verdict,
    sets_bound,
    value_verdict,
    without_versions,
)
from bot.knowledge.base import Knowledge
from bot.knowledge.lexicon import FILLER_WORDS
from bot.knowledge.matching import find_subjects
from bot.knowledge.sizes import BOTH_SIZES, SIZE_ATTRIBUTE, size_named, without_sizes_calling
from bot.language.text import tokens, words
from bot.models import Answer, AnswerKind

_RATIO = re.compile(r"\d|\b(?:times|twice|thrice|half|double|triple|fold)\b", re.IGNORECASE)


_CLAUSE_BREAK = re.compile(r"[,;]|\b(?:and|but|while|whereas)\b", re.IGNORECASE)


def said_of_each(text: str, subjects: Sequence[str]) -> dict[str, str]:
    """What a claim about several models states of each ("Maverick has 16 experts and Scout has 128"): the
    clause that names it alone, with the clauses after it that name no model ("..., yeah?"). Empty unless
    every model has a clause of its own with a figure in it ("do scout and maverick have more than 10 experts"
    states one figure of both; "Maverick and Scout have 128 and 16 experts" gets no verdict)."""
    clauses: list[tuple[set[str], str]] = []
    for clause in _CLAUSE_BREAK.split(text):
        named = set(find_subjects(words(clause), fuzzy=True)) & set(subjects)
        if clauses and (not named or not clauses[-1][0]):  # a clause naming none goes with the one before it
            clauses[-1] = (clauses[-1][0] | named, f"{clauses[-1][1]} {clause}")
        else:
            clauses.append((named, clause))
    own = {next(iter(named)): clause for named, clause in clauses if len(named) == 1 and re.search(r"\d", clause)}
    if len(own) != len(clauses) or set(own) != set(subjects):  # "do scout and maverick have more than 10": one
        return {}  # figure of both
    return own


class ValueChecks:
    """Yes/no verdicts on the values a question states, read from the knowledge's facts."""

    def __init__(self, knowledge: Knowledge, reader: Reader) -> None:
        self.knowledge = knowledge
        self.reader = reader

    def budget_checked(self, reading: Reading, subjects: Sequence[str], found: Answer) -> Answer:
        """A yes/no question on a memory budget or a model's size with more words than the value ("my mac has
        96gb, can I run scout locally?", "colleague wrote that Scout is a 70B model, correct?"): the value
        checked, as ``yes_no``. Other words around a value may change the claim ("was maverick trained natively
        at 1m context"), so no other verdict is read here."""
        attributes = reading.query.attributes
        sizes = set(attributes) <= set(BOTH_SIZES)
        if not sizes and not all(self.knowledge.attribute(a).kind == "gb" for a in attributes):
            return found
        return self.yes_no(reading, subjects, found)

    def _value_verdict(
        self, reading: Reading, subjects: Sequence[str], attribute: str, disputed: bool | None, numbers: list[float]
    ) -> str | None:
        """One attribute's verdict on the figure or date a yes/no question states, the same for every model
        asked about or none; the values checked are added to ``numbers``. ``disputed``: whether the sources
        disagree on the value (None: whether the values they state differ)."""
        query = reading.query
        spec = self.knowledge.attribute(attribute)
        # "does the 109B one have more than 10 experts": the size calls the model; "is behemoth 2 trillion
        # parameters?" asks the size
        asked = without_versions(query.text, self.reader.names.families)  # not the "4" of "Llama 4" or "GPT-4o"
        if attribute != SIZE_ATTRIBUTE:
            asked = without_sizes_calling(self.knowledge, asked, subjects)
        # "Maverick has 16 experts and Scout has 128": each model's clause holds its figure; not when the clauses
        # may name different attributes ("scout has 17b active and maverick has 400b total")
        each = said_of_each(asked, subjects) if len(subjects) > 1 and len(query.attributes) == 1 else {}
        verdicts = set()
        for subject in subjects:
            facts = facts_for(self.knowledge, subject, attribute, query.qualifiers)
            stated = [f.number for f in facts if f.number is not None]
            numbers += stated
            open_ended = bool(stated) and any(open_ended_value(f.value) for f in facts)  # "200GB+": at least that
            differ = len(set(stated)) > 1 if disputed is None else disputed  # "55 GB or 60GB": a verdict for both
            verdict = value_verdict(each.get(subject, asked), spec.kind, stated, spec.better, differ, open_ended)
            verdicts.add(verdict if verdict or stated else date_verdict(query.text, [f.value for f in facts]))
        if each and "No" in verdicts:  # "Maverick has 16 experts and Scout has 128": a claim on each, one wrong
            return "No"
        return verdicts.pop() if len(verdicts) == 1 else None

    def yes_no(self, reading: Reading, subjects: Sequence[str], found: Answer) -> Answer:
        """ "Does Scout have 16 experts?": "Yes" or "No" first, when the question names the number to check."""
        query = reading.query
        attributes = query.attributes
        kinds = {self.knowledge.attribute(a).kind for a in attributes}
        if reading.form.form is not Form.YES_NO or len(kinds) != 1 or offers_values(query.text):
            return found  # "was scout trained on 30 or 40 trillion tokens": the value, not "Yes"
        bounded = sets_bound(query.text)
        if len(attributes) > 1 and bounded and SIZE_ATTRIBUTE in attributes:  # "over a trillion parameters": a
            attributes = (SIZE_ATTRIBUTE,)  # model's parameters are its total
        if len(attributes) > 1 and bounded:
            return found
        named = size_named(self.knowledge, query.text) if set(attributes) == set(BOTH_SIZES) else None
        if named is not None:  # "scout is 17b total right?": its total is checked, not whichever size is 17B
            attributes = (named,)
        # "is maverick 17b?", "does scout cost $0.08 on openrouter?": one figure, checked against each value of
        # its kind asked (active or total, input or output price): right if it is any of them
        numbers: list[float] = []
        by_attribute = [self._value_verdict(reading, subjects, a, found.disagreement, numbers) for a in attributes]
        verdict = "Yes" if "Yes" in by_attribute else "No" if set(by_attribute) == {"No"} else None
        negated = asks_negated(query.text)
        if verdict is None and not numbers and not negated and not found.disagreement:  # values in words: one that
            stems = self.asked(reading)  # negates what is asked ("does not support audio" of "does Llama 4 support
            # audio input")
            verdict = next((v for c in found.citations if (v := prose_verdict(stems, c.quote))), None)
        if verdict and found.disagreement:  # "Yes — Sources disagree on ...: 55 GB vs 60GB" read as if unsure
            verdict += BY_EVERY_SOURCE
        return found.model_copy(update={"text": f"{verdict} — {found.text}"}) if verdict else found

    def comparative(self, reading: Reading, subjects: Sequence[str]) -> str | None:
        """ "Does Scout have a longer context than Maverick?", "Scout was trained on fewer tokens than Maverick,
        right?": "Yes" when the model the claim is about (not the one after "than") wins by the sources' figures in
        the direction of the word before "than", "No" when the other does; None when the question compares
        nothing, states a ratio or more than a direction, or no row settles it."""
        said = words(reading.query.text)
        if reading.form.form is not Form.YES_NO or len(subjects) != 2 or "than" not in said:
            return None
        extra = [w for w in reading.query.residual if w not in DIRECTIONS]
        if extra or _RATIO.search(without_versions(reading.query.text, self.reader.names.families)):
            return None  # "... over 3x / ten times bigger", "... in practice on retrieval tests": more than a direction
        than = said.index("than")
        other = find_subjects(said[than + 1 :], fuzzy=True)  # the model after "than"; the claim is the other's
        claimed = [s for s in subjects if s not in other]
        if len(other) != 1 or len(claimed) != 1:
            return None
        table = table_answer(
            self.knowledge, reading.query.text, subjects, reading.query.attributes, AnswerKind.COMPARISON,
            caveats=False,
        ).table  # fmt: skip
        before = [k for k in range(than) if said[k] in DIRECTIONS]  # the direction word just before "than", not
        if table is None or not before:  # one that calls a model ("does the bigger released llama 4 have more ...")
            return None
        verdict = comparative_verdict(said[before[-1] :], table)
        if verdict is None:
            return None
        return "Yes" if verdict.startswith(f"{claimed[0]} ") else "No"

    def which_fit(self, reading: Reading, models: Sequence[str]) -> str | None:
        """ "Which Llama 4 model fits in 64GB?": each model's footprint checked against the memory the question
        states, said plainly ("By the sources' figures, Llama 4 Scout fits in 64GB; Llama 4 Maverick does not.");
        None when no memory is stated or no model's verdict is sure."""
        query = reading.query
        budget = MEMORY_FIGURE.search(query.text)
        if budget is None or not query.attributes:
            return None
        if any(self.knowledge.attribute(a).kind != "gb" for a in query.attributes):
            return None
        fits: list[str] = []
        short: list[str] = []
        for model in models:  # each model checked as "does <model> fit in 64GB?" would be
            verdicts = {self._value_verdict(reading, [model], a, None, []) for a in query.attributes}
            if verdicts == {"Yes"}:
                fits.append(model)
            elif verdicts == {"No"}:
                short.append(model)
        if (not fits and not short) or len(fits) + len(short) < len(models):
            return None
        memory = budget.group(0).upper()  # "64gb" as "64GB"
        if not fits:
            none = "neither" if len(short) == 2 else "none of them"
            return f"By the sources' figures, {none} fits in {memory}: {listed(short)} need more."
        said = f"By the sources' figures, {listed(fits)} {'fit' if len(fits) > 1 else 'fits'} in {memory}"
        return f"{said}; {listed(short)} {'do' if len(short) > 1 else 'does'} not." if short else f"{said}."

    def asked(self, reading: Reading) -> list[str]:
        """The stems a yes/no question asks about, its models left out ("open", "sourc" in "is Llama 4 open source")."""
        named = self.reader.spelled_words(reading.query.subjects)
        named |= {w for n in reading.named for w in n}
        text = reading.query.text
        typed = words(text)
        typed = typed[: len(typed) - closing_tag(text)]  # "..., yes or no?", "... or not": how it asks
        said = (w for w in typed if w not in named and w not in FILLER_WORDS)  # "support"
        return [t for t in tokens(" ".join(said)) if t not in FILLER_STEMS]  # relates, it is not asked
