"""Refusals: deciding that the articles never state what a question asks, and saying so plainly.

A refusal names what was asked in the user's own words or the attribute's label ("My sources don't state
Llama 4 Scout's knowledge cutoff"), never guesses, and points at what the sources do state.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache

from bot.answering.compose import facts_for, family_as_models
from bot.answering.domain import DEGREE_WORDS, FILLER
from bot.answering.forms import DATE_PARTS, Expect, Form, counted_word, naming_verb
from bot.answering.query import Query
from bot.answering.reading import QUESTION_WORDS, Reader, Reading
from bot.answering.verdicts import ARTICLES, COPULAS
from bot.knowledge.attributes import label_in_sentence
from bot.knowledge.base import Knowledge
from bot.knowledge.entities import Names
from bot.knowledge.index import Index
from bot.knowledge.lexicon import FILLER_WORDS, LLAMA4
from bot.knowledge.matching import GENERIC, attribute_matches, matched_positions
from bot.knowledge.sizes import without_sizes_calling
from bot.language.text import STOP_WORDS, stem, words
from bot.models import Answer, AnswerKind

ABSTAIN_HINT = "Try: /specs scout, /compare scout maverick, or ask about benchmarks, prices, hardware, licensing."
_ASKING_NOTHING = frozenset(stem(w) for w in FILLER_WORDS)  # "have", "number", "support": words that ask nothing
MAX_THING_WORDS = 5  # words of the user's own that a refusal names as the thing not stated
SHORTHAND = 3  # letters of a word the articles never use that may be a shorthand ("pts", "abt")
# Auxiliaries after a question word make the rest a clause ("how long did it take"), not a thing named
CLAUSE_AUXILIARIES = frozenset("do does did can could will would shall should may might must".split())


class Refusals:
    """What the articles never state, read from the knowledge, its index and the question's reading."""

    def __init__(
        self, knowledge: Knowledge, reader: Reader, names: Names, index: Index, subjects_with_facts: list[str]
    ) -> None:
        self.knowledge = knowledge
        self.reader = reader
        self.names = names
        self.index = index
        self.subjects_with_facts = subjects_with_facts

    def asks_only_unknown(self, reading: Reading) -> bool:
        """Whether all a lookup or yes/no question asks of the model it names is in words the articles never
        use ("does Scout support GGUF", "does Maverick have a HellaSwag number"): besides the model's name
        and words that ask nothing ("have", "number", "support"), no word of theirs."""
        query = reading.query
        if not reading.weights.unknown or not query.subjects or query.attributes or reading.named:
            return False
        if reading.form.form not in (Form.LOOKUP, Form.YES_NO):
            return False
        spelled = self.reader.spelled_words(query.subjects)
        names = {t for w in spelled if (t := self.index.vocabulary.get(stem(w))) is not None}
        terms = self.index.terms_by_id
        return all(t in names or terms[t] in _ASKING_NOTHING for t in reading.weights.known)

    def modified_by_unknown(self, query: Query) -> bool:
        """Whether a word the articles never use stands right before a generic attribute word (one that points
        at several attributes) or a weak one: "tokenizer vocab size", "hidden dimension size" or "knowledge
        cutoff date" ask the size or date of something else than the model. A specific name stays what it
        names: "grade-school math" is still MATH; a word that only grades the value ("exact", "precise",
        "rough") asks for the model's own, and so does a question that names the attribute outright besides
        ("the grad-level science quiz benchmark, GPQA Diamond") or a shorthand before a weak word ("pts")."""
        said = words(query.text)
        matches = attribute_matches(said, True)
        if any(self._other_head(said, m.start, m.value.phrase, m.value.attributes) for m in matches):
            return True  # "carbon footprint": the head of "Memory footprint", of another thing
        if any(len(m.value.attributes) < GENERIC and not m.value.weak for m in matches):
            return False
        named: set[int] | None = None  # "groq scout pricng per 1m": a name, not another thing (read if needed)
        for match in matches:  # every match is generic or weak here: a specific one returned above
            if match.value.phrase.split()[0] in QUESTION_WORDS:  # "help when negotiating": a conjunction
                continue
            before = said[match.start - 1] if match.start > 0 else ""
            if not before or before in FILLER | STOP_WORDS | DEGREE_WORDS:
                continue
            if before[:1].isdigit() or self.index.resolve(stem(before), before) is not None:  # "100b parameters"
                continue
            named = matched_positions(said, fuzzy=True) if named is None else named
            if match.start - 1 in named:
                continue
            # "strng pts @ launch": a weak word after a shorthand is still the model's own ("suv price" is not)
            if len(match.value.attributes) >= GENERIC or len(before) > SHORTHAND:
                return True
        return False

    def _other_head(self, said: Sequence[str], start: int, phrase: str, attributes: Sequence[str]) -> bool:
        """Whether a one-word trigger is only the last word of its attribute's label ("footprint" of "Memory
        footprint") and a word the articles never use stands before it in its place ("carbon footprint"):
        the same head noun of another thing. A trigger that is the whole label ("MATH") stays what it names."""
        if " " in phrase or len(attributes) != 1 or start == 0:
            return False
        label = _label_words(self.knowledge.attribute(attributes[0]).label)
        if len(label) < 2 or label[-1] != phrase:
            return False
        before = said[start - 1]
        if before in FILLER | STOP_WORDS | DEGREE_WORDS or not before.isalpha():
            return False
        return self.index.resolve(stem(before), before) is None

    def not_stated(self, reading: Reading) -> Answer:
        """A question about the articles' subject whose answer they never give: say so plainly, never guess,
        and never list every other figure instead."""
        query = reading.query
        about = [*query.subjects, *(self.names.display(n) for n in reading.named)]
        # the attribute's name, when the sources truly lack it: not "Llama 4's deployment hardware" for "how many
        # GPUs were in the training cluster" (they state its models' hardware), nor "tokenizer vocab size"
        if query.strong_attributes and not self.modified_by_unknown(query) and not self.stated_of(query):
            what = ", ".join(label_in_sentence(self.knowledge.attribute(a).label) for a in query.attributes[:3])
        else:  # "score" alone names no attribute: say what was asked, in the user's words
            spelled = self.reader.spelled_words(query.subjects) | reading.calling  # not "Scout's small score"
            spelled |= {w for n in reading.named for w in n}
            if called := naming_verb(query.text):
                spelled.add(called)
            # not "400b one's ... score"
            said = words(without_sizes_calling(self.knowledge, query.text, query.subjects))
            stems = {stem(w) for w in spelled}  # "mavericks score": the possessive typed without its apostrophe
            spelled |= {w for w in said if stem(w) in stems}
            # "how many transformer layers does Maverick have": the thing asked comes before the auxiliary; after
            # it, the words are a clause ("how long did it take to train Llama 4": no thing named)
            degree = 2 if said[:1] == ["how"] else 0  # "how long", "how many": the question's, not the thing's
            ends = CLAUSE_AUXILIARIES | (COPULAS if degree else frozenset())  # "how many GPUs were in the cluster"
            aux = next((i for i, w in enumerate(said) if i >= max(degree, 1) and w in ends), len(said))
            span = [w for w in said[degree:aux] if w not in spelled]
            doing = degree and aux < len(said) and said[aux] in CLAUSE_AUXILIARIES
            if doing and not _done_by_model(said[aux + 1 :], spelled):
                span = []  # "how much money did Meta spend training Llama 4": Meta's doing, no thing of Llama 4's
            kept = [i for i, w in enumerate(span) if w not in STOP_WORDS | FILLER]  # "day of the week": the
            what = " ".join(span[kept[0] : kept[-1] + 1]) if kept else ""  # words between the first and last kept
            if (counted_word(query.text) or "-") in STOP_WORDS | FILLER:  # "how many people worked on": what
                what = ""  # is counted is no thing of the model's, and the words after it are a clause
            if "when" in what.split():  # "any word on when llama 5 drops": a clause, no thing of Llama 5's
                what = ""
            if set(what.split()) <= DATE_PARTS:  # "what month did lecun leave": the month of an event, no thing
                what = ""  # of his
            if len(what.split()) > MAX_THING_WORDS:  # a whole clause is no thing to name ("technical q: what
                what = ""  # positional-encoding trick lets llama 4 attend ...")
        who = reading.form.expect is Expect.NAME and not naming_verb(query.text)  # "who wrote": "that about"
        # the user's own words read as a thing only in a lookup: "can I run Scout on my MacBook" is a sentence
        nominal = query.strong_attributes or reading.form.form is Form.LOOKUP
        if about and what and nominal and not who:
            topic = f"{' or '.join(about)}'s {what}"
        elif about:
            topic = f"that about {' or '.join(about)}"
        else:
            topic = "that"
        specs = next((s for s in about if s in self.subjects_with_facts), None)
        hint = f" For what they do state, try /specs {specs}." if specs else f" {ABSTAIN_HINT}"
        return abstain(query.text, f"My sources don't state {topic}.{hint}")

    def stated_of(self, query: Query) -> bool:
        """Whether the sources state an attribute asked of a model asked about, or of the family's models."""
        subjects = list(query.subjects)
        if LLAMA4 in subjects:
            subjects += family_as_models(self.knowledge, [LLAMA4], query.attributes)[1]
        return any(facts_for(self.knowledge, s, a) for s in subjects for a in query.attributes)

    def not_covered(self, reading: Reading) -> Answer:
        """A question about a model or thing the articles never mention: name it, and what they do cover."""
        query = reading.query
        shown = as_typed(query.text, reading.unknown[0])
        known = ", ".join(self.subjects_with_facts)
        first = f"My sources don't cover {shown}"
        if (query.comparative or reading.compared_with_unknown) and (query.subjects or reading.named):
            first += f", so I can't compare it with {', '.join(query.subjects) or 'Llama 4'}"
        message = f"{first}. They cover Llama 4 and the models they compare it with: {known}. {ABSTAIN_HINT}"
        return abstain(query.text, message)


# "did it see": the model asked about; "would you say maverick has": the asker, who names the model after
_NO_OTHER_DOER = frozenset({"it", "its", "they", "them", "i", "you", "u", "we"})


def _done_by_model(clause: Sequence[str], spelled: set[str]) -> bool:
    """Whether the clause after an auxiliary is about the model asked about: it opens (past an article) with a
    pronoun ("did it see", "do you think maverick has") or the model's name ("does anthropic's claude have"),
    not another doer ("did meta spend")."""
    rest = [w for w in clause[:4] if w not in ARTICLES]
    return not rest or rest[0] in _NO_OTHER_DOER or bool(set(rest[:2]) & spelled)


@lru_cache(maxsize=1024)  # one label per attribute: bounded by the lexicon and the facts' attributes
def _label_words(label: str) -> tuple[str, ...]:
    return tuple(words(label))


def abstain(question: str, message: str | None = None) -> Answer:
    return Answer(
        question=question,
        kind=AnswerKind.ABSTAINED,
        text=message
        or f"I can only answer questions about Llama 4 from my sources, and they don't cover that. {ABSTAIN_HINT}",
    )


def as_typed(text: str, mention: str) -> str:
    """A mention as the user wrote it ("Mistral Large"), found again in the question's text."""
    pattern = r"[\s\-]*".join(re.escape(w) for w in mention.split())
    found = re.search(f"(?i:{pattern})" + r"(?:[\s\-]+[A-Z][\w.]*)*", text)
    return found.group(0).strip().rstrip(".") if found else mention  # "Mistral Large." ends a sentence
