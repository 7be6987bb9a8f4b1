"""The sizes the facts give each model, and how a question uses them: to call a model ("the 400b one"), to
rank the family's models ("the small Llama 4"), or to claim a size of a model it names ("is scout 400b?").

Everything is read from the stored facts (and remembered on the knowledge), so an added model with a stated
size is called by it too.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Sequence
from itertools import pairwise
from typing import cast

from bot.knowledge.base import Knowledge
from bot.knowledge.calling import called_by_rank
from bot.knowledge.lexicon import SUBJECT_BY_NAME
from bot.knowledge.matching import subject_matches
from bot.language.numbers import MAGNITUDES, number_claims
from bot.language.text import STOP_WORDS, words

SIZE_ATTRIBUTE = "total_parameters"  # the size people call a mixture-of-experts model by ("the 400B one")
ACTIVE_ATTRIBUTE = "active_parameters"  # its other size: "is maverick 17b?" is right of its active parameters
BOTH_SIZES = (SIZE_ATTRIBUTE, ACTIVE_ATTRIBUTE)
STATUS_ATTRIBUTE = "status"  # a model whose availability a source qualifies ("still in training")
# "109B", "2 trillion", with the word for a model after it ("the 400b one's")
_SIZE_TOKEN = re.compile(
    r"\b\d+(?:\.\d+)?\s*(?:b|t|billion|trillion)\b(?:\s+(?:one|ones|model|models|version)\b(?:'s)?)?", re.IGNORECASE
)
# "scout is 400b", "does scout have about 400b", "is maverick a 400b model": a size claimed of the model
_CLAIMING = frozenset({"is", "has", "have", "with", "a", "an", "about", "around", "roughly"})
_CLAIMING_REACH = 2  # words between the model's name and the figure


def called(knowledge: Knowledge, said: Sequence[str]) -> tuple[tuple[str, ...], frozenset[int]]:
    """The models a question calls otherwise than by name: by the size its facts give ("the 400b one") or by
    where it ranks in size ("the small llama 4"); and the positions of the words that call by rank, which
    ask nothing else."""
    by_rank, ranking = called_by_rank(said, lambda released: members_by_size(knowledge, released))
    return tuple(dict.fromkeys([*called_by_size(knowledge, said), *by_rank])), ranking


def size_claims(knowledge: Knowledge) -> dict[str, tuple[str, ...]]:
    """Each total size the facts give one model only ("n:b:400"), with that model: the sizes that call it."""
    memo = knowledge.memo("size_claims")
    if "sizes" not in memo:
        found: defaultdict[str, set[str]] = defaultdict(set)
        for fact in knowledge.facts:
            if fact.attribute == SIZE_ATTRIBUTE:
                for claim in number_claims(fact.value):
                    found[claim].add(fact.subject)
        memo["sizes"] = {claim: tuple(models) for claim, models in found.items() if len(models) == 1}
    return cast(dict[str, tuple[str, ...]], memo["sizes"])


def called_by_size(knowledge: Knowledge, said: Sequence[str]) -> tuple[str, ...]:
    """The models whose total size the question states ("the 400B model", "a 2T monster"), a size that fits
    one model only and is not followed by what else it counts ("2T tokens"), nor claimed of another model
    named just before it ("is scout 400b?")."""
    memo = knowledge.memo("called_by_size")
    if "units" not in memo:  # the words other figures count, as the facts state them after a number: "22
        memo["units"] = frozenset(  # trillion tokens"
            after
            for fact in knowledge.facts
            if fact.attribute != SIZE_ATTRIBUTE
            for before, after in pairwise(w for w in words(fact.value) if w not in MAGNITUDES)
            if before[:1].isdigit() and after.isalpha() and after not in STOP_WORDS
        )
    sizes = size_claims(knowledge)
    units = cast(frozenset[str], memo["units"])
    models: list[str] = []
    named_at: dict[int, str] | None = None  # where each named model's name ends, read once when needed
    for i, word in enumerate(said):
        if not word[:1].isdigit():
            continue
        spelled = _spelled(said, i)
        if set(said[i + len(spelled) : i + len(spelled) + 1]) & units:  # "2T tokens" counts no parameters
            continue
        models_called = [m for claim in number_claims(" ".join(spelled)) for m in sizes.get(claim, ())]
        if models_called:
            named_at = _named_at(said) if named_at is None else named_at
            if _claimed_of_another(said, i, named_at, models_called):  # "is scout 400b?": a claim about Scout
                continue
        models += models_called
    return tuple(dict.fromkeys(models))


def claims_size(said: Sequence[str]) -> bool:
    """Whether the question states a size of a model it names ("is scout 109b?", "so behemoth is 2T?"): a
    number of billions or trillions right after the model's name, or after "is" or "has" there."""
    named_at = _named_at(said)
    for i, word in enumerate(said):
        if not word[:1].isdigit() or _claimed_of(said, i, named_at) is None:
            continue
        if any(c.split(":")[1] in ("b", "t") for c in number_claims(" ".join(_spelled(said, i)))):
            return True
    return False


def sizes_asked(knowledge: Knowledge, subjects: Sequence[str], text: str) -> tuple[str, str]:
    """Both sizes of a mixture-of-experts model: the one the question names by the word that tells it from the
    other first ("scout is 17b total right?": its total, which is not 17B), else the one whose stated value it
    gives ("is maverick 17b?": its active parameters, then its total), else the total first."""
    named = size_named(knowledge, text)
    if named is not None:
        return (named, _other_size(named))
    claims = set(number_claims(text))
    active = any(
        claims & set(number_claims(f.value)) for s in subjects for f in knowledge.facts_of(s, ACTIVE_ATTRIBUTE)
    )
    return (ACTIVE_ATTRIBUTE, SIZE_ATTRIBUTE) if active else BOTH_SIZES


def size_named(knowledge: Knowledge, text: str) -> str | None:
    """The one size the question names by the word that tells it from the other ("17b total": the total)."""
    said = set(words(text))
    named = [a for a in BOTH_SIZES if _distinguishing_words(knowledge, a) & said]
    return named[0] if len(named) == 1 else None


def _distinguishing_words(knowledge: Knowledge, attribute: str) -> set[str]:
    """The words of a size's label the other size's label lacks ("total" of "Total parameters")."""
    other = knowledge.attribute(_other_size(attribute)).label
    return set(words(knowledge.attribute(attribute).label)) - set(words(other))


def _other_size(attribute: str) -> str:
    """A mixture-of-experts model's other size: its active parameters for its total, and back."""
    return ACTIVE_ATTRIBUTE if attribute == SIZE_ATTRIBUTE else SIZE_ATTRIBUTE


def without_sizes_calling(knowledge: Knowledge, text: str, subjects: Sequence[str]) -> str:
    """The question without the sizes that call its models ("the 109B one", "is maverick a 400b model with 128
    experts?"): no figure asked about. A size stays where it is a claim: followed by the word of the other size
    ("behemoth has 2 trillion active parameters": a total stated as active), or said of another model than the
    one it is the size of ("... and maverick has 109b total": Scout's size, claimed of Maverick)."""
    claims = size_claims(knowledge)
    sizes = {claim for claim, models in claims.items() if set(models) & set(subjects)}
    if not sizes:
        return text
    said = words(text)
    named_at = _named_at(said)
    other = _distinguishing_words(knowledge, ACTIVE_ATTRIBUTE)
    for i, word in enumerate(said):
        if not word[:1].isdigit():
            continue
        spelled = _spelled(said, i)
        stated = set(number_claims(" ".join(spelled))) & sizes
        sized = [m for claim in stated for m in claims[claim]]
        if set(said[i + len(spelled) : i + len(spelled) + 1]) & other or _claimed_of_another(said, i, named_at, sized):
            sizes -= stated
    return _SIZE_TOKEN.sub(lambda m: "" if set(number_claims(m.group(0))) & sizes else m.group(0), text)


def members_by_size(knowledge: Knowledge, released: bool) -> list[str]:
    """The family's models from the smallest total size the facts give to the largest; with ``released``,
    only those whose availability no source qualifies (a model still in training has a status fact)."""
    memo = knowledge.memo("members_by_size")
    if released in memo:
        return cast(list[str], memo[released])
    sizes: dict[str, float] = {}
    qualified = {f.subject for f in knowledge.facts if f.attribute == STATUS_ATTRIBUTE}
    for fact in knowledge.facts:
        member = SUBJECT_BY_NAME.get(fact.subject)
        if fact.attribute != SIZE_ATTRIBUTE or fact.number is None or member is None or member.peer:
            continue
        if member.family or (released and fact.subject in qualified):
            continue
        sizes[fact.subject] = max(sizes.get(fact.subject, 0.0), fact.number)
    memo[released] = ranked = sorted(sizes, key=sizes.__getitem__)
    return ranked


def _spelled(said: Sequence[str], i: int) -> Sequence[str]:
    """The words of the number at ``i``, with the magnitude word after it ("2 trillion")."""
    return said[i : i + 2] if said[i + 1 : i + 2] and said[i + 1] in MAGNITUDES else said[i : i + 1]


def _named_at(said: Sequence[str]) -> dict[int, str]:
    """Where each model the question names ends its name, and which model it is."""
    return {m.end: m.value for m in subject_matches(said)}


def _claimed_of_another(said: Sequence[str], i: int, named_at: dict[int, str], sized: Sequence[str]) -> bool:
    """Whether the size at ``i`` is stated of a model named just before it that is none of the models it is
    the size of (``sized``): "is scout 400b?" claims a size of Scout, it calls no Maverick."""
    claimed_of = _claimed_of(said, i, named_at)
    return claimed_of is not None and claimed_of not in sized


def _claimed_of(said: Sequence[str], i: int, named_at: dict[int, str]) -> str | None:
    """The model named just before the figure at ``i``, of which the question states it ("is scout 400b?",
    "scout has 400b params"), given where each named model's name ends."""
    start = i
    while start > 0 and i - start < _CLAIMING_REACH and said[start - 1] in _CLAIMING:
        start -= 1
    return named_at.get(start)
