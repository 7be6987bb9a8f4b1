"""Reading a question: which models, attributes and qualifiers it names, and what kind of answer it wants.

Follow-ups are resolved here from the previous turn: "and Maverick?" keeps the
previous attribute, "how much does it cost on Groq?" keeps the previous model.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from collections.abc import Set as AbstractSet
from dataclasses import dataclass
from functools import cache

from bot.answering.domain import FILLER
from bot.answering.forms import (
    ACCOUNT_WORDS,
    ASKING_WHEN,
    DATE_PARTS,
    FOLLOW_UP_START,
    asked_after_premise,
    asks_after_the_last,
    asks_date,
    asks_if_true,
    asks_which_one,
    closing_tag,
    count_qualifier_positions,
)
from bot.answering.verdicts import BOUND_WORDS
from bot.knowledge.attributes import SETTING_KINDS
from bot.knowledge.calling import MODEL_NOUNS, SIZE_ADJECTIVES
from bot.knowledge.lexicon import ATTRIBUTE_BY_KEY, COMPARE_WORDS, EXPLAIN_WORDS, FILLER_WORDS, LLAMA4, lexicon_words
from bot.knowledge.matching import (
    find_qualifiers,
    find_subjects,
    matched_positions,
    naming_positions,
    read_attributes,
    unique,
)
from bot.language.dictionary import is_word
from bot.language.numbers import MAGNITUDES
from bot.language.text import STOP_WORDS, edit_distance, words
from bot.models import Turn

ELLIPTICAL = re.compile(r"\bhow (many|much)\b|\bwhat about\b")  # a question that leaves its thing unsaid
MAX_IN_VIEW = 3  # a conversation keeps this many of its latest models in view (a table compares three)
_PRONOUNS = frozenset({"it", "its", "it's", "they", "them", "their", "that", "this", "one"})


@dataclass(frozen=True)
class Query:
    text: str
    subjects: tuple[str, ...]
    attributes: tuple[str, ...]
    qualifiers: tuple[str, ...]
    compare: bool
    follow_up: bool
    comparative: bool = False  # "better", "vs", "cheaper", ... whether or not two known models are named
    strong_attributes: bool = False  # named outright ("license"), not only hinted at ("when")
    residual: tuple[str, ...] = ()  # content words that are not a model, attribute or qualifier
    in_view: tuple[str, ...] = ()  # the models the conversation is about, with those of the turns before
    on: tuple[str, ...] = ()  # the earlier attributes a question on "it" stays on ("why is it so long")

    def turn(self) -> Turn:
        attributes = self.attributes or self.on  # "why is it so long" keeps the conversation on the context window
        return Turn(
            question=self.text,
            subjects=self.subjects,
            attribute=attributes[0] if attributes else None,
            qualifier=self.qualifiers[0] if self.qualifiers else None,
            attributes=attributes,
            qualifiers=self.qualifiers,
            in_view=self.in_view,
        )


def parse_question(
    text: str, previous: Turn | None = None, called: Sequence[str] = (), calling: AbstractSet[int] = frozenset(),
    continues: bool = False,
) -> Query:  # fmt: skip
    """``called`` are models the question names otherwise than by a name ("the 400B one"); ``calling`` the
    positions of words that only call one ("the small Llama 4"), which ask nothing and name no other model.
    ``continues``: the text is a later part of a message, ``previous`` the part before it (as if it opened with
    "and", which splitting the message took off)."""
    tokens = [("" if i in calling else t) for i, t in enumerate(words(text))]
    subjects = unique([*find_subjects(tokens, fuzzy=True), *called])
    after = tokens[asked_after_premise(tokens) :]  # "Scout is 17B active, but how big is it": not its active part
    after = _without_time_clause(after)  # "what did people think of it when it came out": no release date asked
    attributes, strong = read_attributes(after, fuzzy=True)
    if len(after) < len(tokens):
        if not attributes and ELLIPTICAL.search(" ".join(after)):
            # "Maverick has 128 experts but how many does Scout have": the premise's thing
            attributes, strong = read_attributes(tokens, fuzzy=True)
        if of_asked := find_subjects(after, fuzzy=True):
            subjects = unique([*of_asked, *called])  # ... of the model named after "but"
    qualifiers = find_qualifiers(tokens)
    token_set = set(tokens)
    comparative = bool(token_set & COMPARE_WORDS) or any(_mistyped_comparing(t) for t in token_set)
    compare = comparative and len(subjects) >= 2
    consumed = matched_positions(tokens, fuzzy=True)
    named = naming_positions(tokens, attributes) - consumed  # "chart understanding score": ChartQA's, asked outright
    strong = strong or bool(named)
    consumed = consumed | named
    ignored = _not_residual()  # a large set: tested, never copied
    dated = asks_date(text)  # "what month did it launch": the month is the date asked, no more
    per_provider = any(a in ATTRIBUTE_BY_KEY and ATTRIBUTE_BY_KEY[a].kind in SETTING_KINDS for a in attributes)
    tag = closing_tag(text)
    bounds = _bound_positions(tokens) | count_qualifier_positions(tokens)  # "more than 100", "how many such": the
    # bound a yes/no question sets, or a word that only qualifies what is counted, asks nothing more
    every_model = {k for i in range(len(tokens) - 1) if _all_models(tokens, i) for k in (i, i + 1)}
    residual = tuple(
        t
        for i, t in enumerate(tokens)
        if i not in consumed
        and i not in bounds
        and t not in ignored
        and not (i - 1 in consumed and t.endswith("s") and t[:-1] in lexicon_words())  # "expert counts": the
        # plural of a lexicon word right after an attribute's name ends that name ("expert count")
        and i not in every_model  # "all three llama 4 models": every one of them, nothing more asked
        and not (per_provider and t in _PER_PROVIDER)
        and not (dated and t in DATE_PARTS)
        and t not in MAGNITUDES
        and t.isalpha()
        and (t not in ("true", "false") or not asks_if_true(tokens, i))  # "is it true that ...": how it asks
        and i < len(tokens) - tag  # "..., right?": how it asks too
    )
    follow_up = False
    on: tuple[str, ...] = ()
    if previous is not None and not compare:
        marker = continues or bool(FOLLOW_UP_START.match(text))
        pronoun = bool(token_set & _PRONOUNS)
        bare_model = bool(subjects) and len(consumed) == len(tokens)  # "Maverick?" but not "What is Maverick?"
        earlier = previous.all_attributes()
        if subjects and not attributes and (marker or bare_model) and (earlier or len(previous.subjects) >= 2):
            follow_up = True
            attributes = list(earlier)
            qualifiers = qualifiers or list(previous.all_qualifiers())
            if len(previous.subjects) >= 2:  # "and Behemoth?" after a comparison adds a column
                subjects = list(dict.fromkeys([*previous.subjects, *subjects]))
                compare = True
        elif not subjects and comparative and len(previous.subjects) >= 2:
            follow_up = True  # "which is cheaper?" after two models: compare those two on what is asked
            subjects = list(previous.subjects)
            attributes = attributes or list(earlier)
            compare = True
        elif not subjects and len(choices := _choices(previous)) >= 2 and _chooses(text, comparative, residual):
            follow_up = True  # "which one fits on one H100?" after Scout, then Maverick: a choice of those; the
            subjects = choices  # earlier attribute only for a question that names nothing of its own
            attributes = attributes or (list(earlier) if not residual else [])
            compare = True
        elif not subjects and previous.subjects and (pronoun or marker) and (attributes or qualifiers):
            follow_up = True
            subjects = list(previous.subjects)
            attributes = attributes or list(earlier)
            compare = len(subjects) >= 2
        elif not subjects and previous.subjects and pronoun and asks_after_the_last(text):
            follow_up = True  # "how come it can go that long?" after Scout's context window: that is what "it"
            subjects = list(previous.subjects)  # and the question are about
            on = earlier
            compare = len(subjects) >= 2
    # the models named in the conversation stay in view, the latest last: "how big is Scout", "why is Maverick so
    # much bigger", "which one fits on one H100" chooses between both
    kept = [s for s in previous.models_in_view() if s not in subjects] if previous is not None else []
    in_view = [*kept, *subjects]
    return Query(
        text=text,
        in_view=tuple(in_view[-MAX_IN_VIEW:]),
        on=on,
        subjects=tuple(subjects),
        attributes=tuple(attributes),
        qualifiers=tuple(qualifiers),
        compare=compare,
        follow_up=follow_up,
        comparative=comparative,
        strong_attributes=strong,
        residual=residual,
    )


def _choices(previous: Turn) -> list[str]:
    """The models a "which one" may choose between: those the conversation named, not the family as a whole."""
    return [m for m in previous.models_in_view() if m != LLAMA4]


def _chooses(text: str, comparative: bool, residual: Sequence[str]) -> bool:
    """Whether a question naming no model asks which of the conversation's models: "which one ..." or
    "which model ...", or "which is cheaper?" with nothing else named ("which providers offer it" asks for
    providers; "is the license better than llama 3's" names another model)."""
    return asks_which_one(text) or ("which" in words(text) and comparative and not residual)


def _bound_positions(tokens: Sequence[str]) -> set[int]:
    """The words that set a bound on a number just after them ("more than 100", "over a trillion")."""
    found: set[int] = set()
    for i, token in enumerate(tokens):
        if token[:1].isdigit() or (token == "a" and tokens[i + 1 : i + 2] and tokens[i + 1] in MAGNITUDES):
            j = i - 1
            while j >= 0 and i - j <= 2 and tokens[j] in BOUND_WORDS:
                found.add(j)
                j -= 1
    return found


def _without_time_clause(tokens: list[str]) -> list[str]:
    """The tokens with a closing "when ..." clause blanked: it sets when, and asks no attribute of its own
    ("how fast was scout when it launched" asks a speed). Not a question that opens with "when"."""
    if "when" not in tokens[1:]:
        return tokens
    at = tokens.index("when", 1)
    if at < 2 or tokens[at + 1 : at + 2] in ([], ["is"], ["was"], ["will"], ["does"], ["did"]):
        return tokens  # "and when is it out": the time is what is asked
    if tokens[at - 1] in ASKING_WHEN:
        return tokens  # "do you know when llama 4 came out", "tell me when behemoth will be released"
    return [*tokens[:at], *("" for _ in tokens[at:])]




def _mistyped_comparing(token: str) -> bool:
    """Whether a word no dictionary holds is a long comparing word mistyped ("diffrence", "comparision"): one
    edit away, so of a length one off at most (its first letter kept, as typos mostly do)."""
    near = _LONG_COMPARING.get(token[:1], ()) if len(token) >= MIN_TYPO_LETTERS else ()
    if not near or is_word(token):
        return False
    return any(abs(len(c) - len(token)) <= 1 and edit_distance(token, c, 1) <= 1 for c in near)


MIN_TYPO_LETTERS = 7  # shorter comparing words ("vs", "beat") are read only as typed
# by first letter; only the words that do nothing but compare ("difference", "comparison"), not "against" or
# "cheaper", whose typos are likelier other words ("turn againts meta")
_LONG_COMPARING = {
    family[0]: tuple(sorted(c for c in COMPARE_WORDS if len(c) >= MIN_TYPO_LETTERS and c.startswith(family)))
    for family in ("compar", "differ")
}


# "how many experts does each llama 4 model have": the question is asked of every model, no more
_DISTRIBUTIVE = frozenset({"each", "every", "respective", "respectively", "individual", "individually"})
_COUNTED_ALL = frozenset("two three four five 2 3 4 5".split())
# "every provider and price": asked of every provider a figure that depends on where the model runs is given for
# (a price, a speed); "which providers host maverick" asks for the providers themselves
_PER_PROVIDER = frozenset({"provider", "providers"})


def _all_models(tokens: Sequence[str], i: int) -> bool:
    """Whether "all <count>" at ``i`` counts models ("all three llama 4 models", "all 3 of them"), not "all 3
    sources"."""
    if tokens[i] != "all" or tokens[i + 1 : i + 2] == [] or tokens[i + 1] not in _COUNTED_ALL:
        return False
    rest = tokens[i + 2 : i + 5]
    return bool(rest) and (rest[0] in MODEL_NOUNS | {"of"} or bool(find_subjects(rest, fuzzy=True)))


@cache
def _not_residual() -> frozenset[str]:
    """Words that never ask anything beyond a question's model and attribute; a size adjective that asks
    nothing ("the biggest of any model", beside "context window") is the question's own word, though."""
    return (
        STOP_WORDS
        | FILLER
        | FILLER_WORDS
        | COMPARE_WORDS
        | EXPLAIN_WORDS
        | ACCOUNT_WORDS
        | _DISTRIBUTIVE
        | lexicon_words()
    ) - SIZE_ADJECTIVES
