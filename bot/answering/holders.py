"""Which model a figure belongs to: "which model has 128 experts", "what model was trained on 40T tokens".

The question states a value of an attribute and asks for the model: the models whose stated value it is (or,
with a bound, "which llama 4 model has more than 100 experts", whose values meet it), read from the facts.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from bot.answering.compose import facts_for
from bot.answering.verdicts import value_verdict, without_versions
from bot.knowledge.base import Knowledge


def holders(
    knowledge: Knowledge, question: str, attributes: Sequence[str], candidates: Iterable[str], families: Iterable[str]
) -> list[str]:
    """The candidate models whose stated value of one of the attributes is the figure the question states
    (``families``: the words of model names, whose version numbers are no figure); none when it states none."""
    asked = without_versions(question, families)
    found = []
    for subject in candidates:
        for attribute in attributes:
            spec = knowledge.attribute(attribute)
            stated = [f.number for f in facts_for(knowledge, subject, attribute) if f.number is not None]
            if stated and value_verdict(asked, spec.kind, stated) == "Yes":
                found.append(subject)
                break
    return found
