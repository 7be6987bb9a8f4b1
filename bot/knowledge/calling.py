"""How a question calls one of the family's models without its name: by where it ranks in size.

"The small Llama 4" is the smallest by the stored total sizes, "the biggest llama" the largest, "the medium
Llama 4" the one between (of three), and "the bigger released Llama 4" the largest of those whose availability
no source qualifies. The ranking comes from the facts (the caller passes it), so an added model takes its
place; the words here are the vocabulary of calling, kept in one place for reading and for matching.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

# Size adjectives: a size asked ("how big is Scout"), or a model called by its rank ("the big Llama 4")
SIZE_ADJECTIVES = frozenset(
    {"big", "bigger", "biggest", "large", "larger", "largest", "small", "smaller", "smallest", "huge"}
)
SMALL_ADJECTIVES = frozenset({"small", "smaller", "smallest"})  # the other size adjectives call the largest
MIDDLE_ADJECTIVES = frozenset({"medium", "middle", "mid", "midsize"})  # ... these the one between, of three
RANK_ADJECTIVES = SIZE_ADJECTIVES | MIDDLE_ADJECTIVES
RELEASE_WORDS = frozenset({"released", "available", "downloadable", "shipped", "public", "open"})
RELEASE_REACH = 2  # release words that may stand between the adjective and the name ("the bigger released")
MODEL_NOUNS = frozenset({"one", "ones", "model", "models", "version", "versions"})  # "the big released one"
FAMILY_WORD, FAMILY_NUMBER, FAMILY_FUSED = "llama", "4", "llama4"
FAMILY_TOKENS = frozenset({FAMILY_WORD, FAMILY_NUMBER, FAMILY_FUSED})  # words of the family's own name


def names_the_family(said: Sequence[str]) -> bool:
    """Whether the question names Llama 4 as such ("llama 4", "llama4"), not only "llama"."""
    return FAMILY_FUSED in said or any(
        w == FAMILY_WORD and said[k + 1 : k + 2] == [FAMILY_NUMBER] for k, w in enumerate(said)
    )


def _family_at(said: Sequence[str], k: int) -> int:
    """How many words at ``k`` call the family: "llama4" or "llama 4", or "llama" followed by no version
    ("the biggest llama"; not "the largest llama 3"); 0 when they do not."""
    if said[k] == FAMILY_FUSED:
        return 1
    if said[k] != FAMILY_WORD:
        return 0
    after = said[k + 1 : k + 2]
    if after == [FAMILY_NUMBER]:
        return 2
    return 0 if after and after[0][:1].isdigit() else 1


def _pick(word: str, ranked: Sequence[str]) -> str | None:
    """The model an adjective calls among models ranked from the smallest to the largest."""
    if not ranked:
        return None
    if word in MIDDLE_ADJECTIVES:  # of two there is no model between
        return ranked[len(ranked) // 2] if len(ranked) % 2 else None
    return ranked[0] if word in SMALL_ADJECTIVES else ranked[-1]


def called_by_rank(
    said: Sequence[str], ranked: Callable[[bool], Sequence[str]]
) -> tuple[tuple[str, ...], frozenset[int]]:
    """The models size adjectives call and the positions of the words that call them. ``ranked(released)``
    gives the family's models from the smallest to the largest, only released ones when asked."""
    if RANK_ADJECTIVES.isdisjoint(said):  # most questions: nothing to read
        return (), frozenset()
    family = names_the_family(said)
    models: list[str] = []
    calling: set[int] = set()
    for i, word in enumerate(said):
        if word not in RANK_ADJECTIVES:
            continue
        j = i + 1
        while j < len(said) and j - i <= RELEASE_REACH and said[j] in RELEASE_WORDS:
            j += 1
        released = j > i + 1
        if j >= len(said):
            continue
        called = _family_at(said, j) or (1 if family and said[j] in MODEL_NOUNS else 0)  # "the big one"
        model = _pick(word, ranked(released)) if called else None
        if model is not None:
            models.append(model)
            calling.update(range(i, j + called))
    return tuple(dict.fromkeys(models)), frozenset(calling)
