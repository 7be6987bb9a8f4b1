"""Whether a question is about what the articles cover: the abstention decision and its signals.

The evidence decides. A question is answered when the best sentence the retrieval
finds holds enough of the question's weight, counting words the articles never use
as heavy as their rarest word. Naming something the articles name (a model, a person,
a benchmark) lowers the bar. Chat filler ("lol", "tbh", "quick q") counts for nothing.
The thresholds are calibrated by ``benchmarks/calibrate.py`` on a labelled set of
in-domain, near-domain and off-topic questions (see the README, "How it answers").
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from bot.knowledge.index import Hit, Index
from bot.language.text import stem, typed_tokens

# Chat words that carry no topic. An aid for the coverage signal: any other word the articles never use
# counts against answering.
FILLER = frozenset(
    """ok okay lol lmao rofl pls plz please thx thanks thank hey hi hello yo guys bro bruh dude tbh btw imo imho ngl idk
    fr rn srsly actually really basically literally honestly seriously apparently supposedly just like stuff thing
    things kinda sorta gonna wanna gotta u ur ya im ive id dont cant wont isnt doesnt didnt arent wasnt whats wats wat
    hows whos thats theres lemme gimme quick question q anyone someone somebody anybody know wondering curious also
    even yet still exactly yeah yep nope hmm um uh huh wow cool nice good bad great right sure kind sort way lot lots
    bit pretty quite very much many thing anyway anyways though tho heard hear saw read seen says saying people
    folks ppl everyone guess mean tl dr tldr eli5 vs via per according etc b4 frm abt wut shud cuz coz bc ez rly smth
    anything something everything anywhere somewhere w n r y deal nah overrated underrated overhyped refer
    refers deadass lowkey highkey fam ong istg smh finna lowk tbf iirc afaik whole""".split()
)
# Words that ask what the sources think of a model, and nothing more ("is Scout any good", "thoughts on Maverick")
OPINION_WORDS = frozenset(
    "good bad worth decent solid overrated underrated overhyped impressive disappointing thoughts opinion opinions "
    "verdict review reviews rating rated think overall".split()
)
# Words that ask for the gist: "tl;dr of Llama 4", "summarize Maverick", "bottom line on Scout"
SUMMARY_WORDS = frozenset(
    "tldr tl dr summary summarize summarise summarized summarised gist takeaway takeaways overview".split()
)
# Words that ask what a source thinks: "what does ChatForest think", "the VC piece's take", "what does it conclude"
VIEW_WORDS = (
    (OPINION_WORDS - {"review", "reviews"})
    | frozenset(
        "conclude concludes conclusion take stance view say says feel give gave thesis argument argue argues main "
        "point sum".split()
    )
    | SUMMARY_WORDS
)
# Words for a piece of writing: "that piece's thesis" asks the view of the source named, whatever it is called
PIECE_WORDS = frozenset(
    "piece pieces article articles post posts blog blogs writeup story stories essay essays review reviews "
    "newsletter newsletters".split()
)
FILLER_STEMS = frozenset(stem(w) for w in FILLER)
# "what do the articles say about DeepSeek": a word for a piece of writing the pieces never use names no topic
PIECE_STEMS = frozenset(stem(w) for w in PIECE_WORDS)
# words that grade a value rather than name what it is of: "the exact price" is still the price
DEGREE_WORDS = frozenset(
    "exact precise rough approximate actual real current official overall typical average estimated reported true "
    "final latest current full min max minimum maximum".split()
)


@dataclass(frozen=True)
class Thresholds:
    evidence: float = 0.4  # share of the question's weight the best passage or fact must hold
    evidence_anchored: float = 0.25  # the same when the question names something the articles name
    coverage: float = 0.6  # share of the question's content words the articles use at all
    unknown: float = 0.5  # largest share of the question's weight words the articles never use may carry
    sentence: float = 0.3  # share of its weight one sentence must hold, when the question names nothing known


@dataclass(frozen=True)
class Signals:
    anchored: bool  # names a model, person, benchmark or attribute the knowledge has
    coverage: float
    evidence: float
    unknown_model: bool  # names a model the articles never mention
    unknown_share: float = 0.0  # share of the question's weight in words the articles never use
    sentence: float = 1.0  # the largest share of the question's weight one retrieved sentence holds

    def answerable(self, t: Thresholds) -> bool:
        if self.unknown_model and not self.anchored:
            return False
        if self.anchored:
            return self.evidence >= t.evidence_anchored
        # a passage can hold "week", "training" and "plan" in three sentences about three things:
        # a question that names nothing known needs one sentence that holds its share
        return self.evidence >= t.evidence and self.coverage >= t.coverage and self.sentence >= t.sentence


# "its 24gb", "with 80GB": asked whether a model fits, the memory a user has is a figure of theirs, no topic
MEMORY_FIGURE = re.compile(r"\d+(?:\.\d+)?(?:gb|gib|tb|mb)", re.IGNORECASE)
UNKNOWN_SHORT = 0.35  # an unknown two-letter token is likelier chat shorthand than a new topic


@dataclass(frozen=True)
class Weights:
    """The question's content words: known ones by vocabulary id, unknown ones with the weight they count."""

    known: dict[int, float]
    unknown: tuple[tuple[str, float], ...]  # (word, share of the rarest word's weight)
    total: float = 0.0  # the IDF weight of the known words, and the rarest word's for each unknown one
    unknown_weight: float = 0.0  # ... of which the unknown words'

    @property
    def unknown_share(self) -> float:
        return self.unknown_weight / self.total if self.total > 0 else 0.0

    @property
    def coverage(self) -> float:
        n = len(self.known) + len(self.unknown)
        return len(self.known) / n if n else 0.0


def content_weights(index: Index, text: str, read_as_known: frozenset[str] | set[str] = frozenset()) -> Weights:
    """The question's content words; ``read_as_known`` are words the lexicon matched ("scot" for Scout)."""
    known: dict[int, float] = {}
    unknown: list[tuple[str, float]] = []
    for word, typed in typed_tokens(text):
        if word in FILLER_STEMS or (len(word) < 2 and not word.isdigit()):
            continue
        found = index.resolve(word, typed)
        if found is not None:
            known[found] = 1.0
        elif not word.isdigit() and typed not in read_as_known and word not in PIECE_STEMS:
            unknown.append((word, UNKNOWN_SHORT if len(typed) <= 2 else 1.0))
    unknown_weight = index.rarest * sum(w for _, w in unknown)
    total = sum(float(index.idf[t]) for t in known) + unknown_weight  # read once: a question is weighed often
    return Weights(known, tuple(unknown), total, unknown_weight)


def evidence(index: Index, weights: Weights, hits: Sequence[Hit]) -> float:
    """The largest share of the question's weight that one retrieved passage or fact holds."""
    total = weights.total
    if total <= 0:
        return 0.0
    best = 0.0
    for found in index.held(list(weights.known), [hit.position for hit in hits]):
        best = max(best, sum(float(index.idf[t]) for t in found) / total)
    return best
