"""The sentences of the articles that answer a question, ranked by how well they answer it.

Every passage is cut once into sentence units (a list or table stays with the line
that introduces it). A question is scored against the units of its best passages:
the share of the question's weight (IDF) a unit covers, its passage's rank, whether
it names the question's model, and whether it holds the kind of value asked for
(a number for "how many", a date for "when", a reason for "why"). The best unit
comes first; others follow only when they answer nearly as well, never as padding.
"""

from __future__ import annotations

import json
import math
import operator
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from functools import cache, cached_property
from pathlib import Path
from typing import TypeVar

from bot.answering.forms import Expect, Form, counts_in_words, has_value
from bot.knowledge.citations import MIN_QUOTE_CHARS, alnum_len
from bot.knowledge.entities import Names
from bot.knowledge.index import Hit, Index, QueryTerms
from bot.knowledge.lexicon import LLAMA4, SUBJECT_BY_NAME, SUBJECTS
from bot.knowledge.matching import find_subjects
from bot.language.numbers import number_claims
from bot.language.text import STOP_WORDS, holds_words, is_list_line, sentences, words

T = TypeVar("T")
MAX_SNIPPETS = 3
HEADING_CREDIT = 0.5  # a query word in the section heading counts half inside the section
MAX_CUT_PASSAGES = 20_000  # passages whose sentence units are kept; cutting one again takes about 0.1 ms
REFERS_BACK = 2  # sentences before one that may name what its "it" or "them" refers to
HEADING_SCOPE = 2  # passages before a heading whose models its list is about ("Strong at launch": Maverick)
REFERRING = frozenset({"it", "its", "they", "their"})  # a sentence saying these is about a model named before it
SAME_SOURCE = 0.8  # a further sentence of the best one's source counts this share of its score (it must score a
# quarter more than another source's to come first)
KEEP_RELATIVE = 0.6  # a further sentence is shown only when it scores this share of the best one
CAUSE_CUES = re.compile(
    r"\b(because|reason|due to|since|so that|caused|that is why|which is why|the point|benefits?|"
    r"means|meant to|in order to|designed to|strategy|the logic|answer to|explains?)\b",
    re.I,
)
_EXPLAINING = frozenset({"how", "why"})  # a heading with these sets out a mechanism or a reason under it
DEFINITION_CUES = re.compile(r"\b(which means|meaning|means|refers to|is a|are a|is an|works by|approach)\b", re.I)


@dataclass(frozen=True)
class Unit:
    """One sentence (or a list with its lead-in line) of a passage, with its index terms and mentions."""

    doc: int
    position: int
    text: str
    terms: frozenset[int]
    words: frozenset[str]
    numbers: frozenset[str]  # number tokens that state a value (not a model's version)
    claims: frozenset[str] = frozenset()  # what it asserts that another source may state otherwise (see ``claims``)
    letters: int = 0  # letters and digits: how much it says
    line: int = 0  # the line of its passage it is on: a paragraph, a list item or a table row
    prose: bool = True  # on a line of running text, not a list item or a table row
    cause: bool = False  # holds a word that gives a reason ("because", "meant to")
    definition: bool = False  # holds a word that defines ("means", "refers to")
    heading: bool = False  # the heading of the section this passage opens: what the passage is about
    counted: bool = False  # states a quantity in words ("a few weeks", "two release-ready models")
    colophon: bool = False  # on a line where its article names its own publisher or author: the byline
    label: str = ""  # the one model its list's lead-in names, for a list item that names none itself
    stands: bool = True  # long enough to stand as evidence (``_long_enough``), read once when cut


@dataclass(slots=True)
class Snippet:
    source: str
    text: str
    score: float
    coverage: float  # share of the question's weight this sentence holds
    follows: str | None = None  # the next sentence, when this one only introduces it
    named: bool = True  # names every model or name the question names
    stated: bool = True  # holds a value of the kind asked for (a number for "how many")
    claims: frozenset[str] = frozenset()
    about: bool = True  # names every model the question names, Llama 4's own included
    context: tuple[str, ...] = ()  # the sentences after it shown with it, in an answer that explains
    doc: int = -1  # its passage's position in the index, and its own in the passage's units:
    unit_index: int = -1  # where to read on from, when an answer wants its context
    heading: bool = False  # a section's heading: shown with the passage it heads, never alone
    label: str = ""  # the model a list item is about, named by its list's lead-in ("Llama 4 Maverick — ...:")


_TITLE = re.compile(r"\b[A-Z][a-zA-Z]+(?: [A-Z][a-zA-Z]+)+")  # "Chief AI Officer", "Yann LeCun"


def claims(text: str, said: Sequence[str], numbers: frozenset[str], names: Names) -> frozenset[str]:
    """Typed values a sentence asserts: numbers ("n:2023"), models it names ("m:gpt 5"), titles ("t:...").

    Two sources' sentences on the same question whose values of one type share nothing state
    different things: "Chief AI Scientist" against "Chief AI Officer", GPT-4.5 against GPT-5.
    """
    found = set(number_claims(text, names.families))
    found |= {f"m:{' '.join(n)}" for n in names.mentioned(said) if n and n[0] in names.families and not _own(n)}
    found |= {f"t:{m.group(0).lower()}" for m in _TITLE.finditer(text)}
    return frozenset(found)


def _own(name: Sequence[str]) -> bool:
    """A Llama 4 model: the subject of every article, so naming it asserts nothing about other models."""
    return any(not SUBJECT_BY_NAME[s].peer for s in find_subjects(name))


def claim_units(claims: Iterable[str]) -> set[str]:
    """The units of the numbers among a sentence's claims ("n:$:0.15" -> "$")."""
    return {c.split(":")[1] for c in claims if c.startswith("n:")}


_TABLE_RULE = re.compile(r"^\|[\s:|-]+\|$")


LEAD_IN_WORDS = 3  # the most words of a sentence that only labels the line it opens ("Ecosystem branding.")
LABELLED_LINE = re.compile(r"^[^:.]{1,40}:\s|^\|")  # "Expert configuration: 16 routed experts", a table row


def _unit_texts(text: str) -> list[tuple[int, bool, str]]:
    """The sentences of a passage with their line and whether it is running text; a table's header row
    (the line above its |---| rule) says nothing alone."""
    lines = text.splitlines()
    headers = {i - 1 for i, line in enumerate(lines) if _TABLE_RULE.match(line.strip())}
    return [
        (i, not is_list_line(line), s)
        for i, line in enumerate(lines)
        if i not in headers
        for s in sentences(line.lstrip("-*• ").strip())
    ]


class Units:
    """The sentence units of each passage, cut the first time a question reaches that passage.

    Cutting every passage at load cost most of a cold start on a large knowledge base (52 of 60 s at
    100,000 passages, with the memory to match); a question only ever looks at its top passages.
    """

    def __init__(
        self, index: Index, names: Names, own_names: Mapping[str, Sequence[Sequence[str]]] | None = None
    ) -> None:
        self.index = index
        self.names = names
        self.own_names = own_names or {}  # each article's publisher and author, as words: its byline names them
        self._cut: dict[int, list[Unit]] = {}
        self._headings: dict[int, tuple[frozenset[int], frozenset[str]]] = {}

    def get(self, position: int) -> list[Unit]:
        found = self._cut.get(position)
        if found is None:
            found = _remember(self._cut, position, self._units(position))
        return found

    def heading(self, position: int) -> tuple[frozenset[int], frozenset[str]]:
        """The indexed terms and the words of a passage's heading, read once per passage."""
        found = self._headings.get(position)
        if found is None:
            heading = self.index.docs[position].heading
            found = _remember(self._headings, position, (self.index.terms_of(heading), frozenset(words(heading))))
        return found

    def preceding(self, position: int) -> list[Unit]:
        """The units of the previous passage of the same article section, if there is one."""
        return self.get(position - 1) if position > 0 and self._same_section(position - 1, position) else []

    def following(self, position: int) -> list[Unit]:
        """The units of the next passage of the same article section, if there is one."""
        ok = position >= 0 and position + 1 < len(self.index.docs) and self._same_section(position, position + 1)
        return self.get(position + 1) if ok else []

    def _same_section(self, a: int, b: int) -> bool:
        """Whether two passages (neither a fact) stand in the same section of one article."""
        first, second = self.index.docs[a], self.index.docs[b]
        same = (first.article_id, first.heading) == (second.article_id, second.heading)
        return same and first.fact_index is None and second.fact_index is None

    def _units(self, position: int) -> list[Unit]:
        doc = self.index.docs[position]
        if doc.fact_index is not None:
            return []
        found = []
        texts = _unit_texts(doc.text)
        opens_list = bool(texts) and not texts[0][1] and not doc.text.lstrip().startswith("|")  # a list, not a table
        if opens_list and doc.heading.strip() and self._opens_section(position):
            texts.insert(0, (-1, False, doc.heading.strip()))  # "Still trails closed models" over its list
        for k, (line, prose, text) in enumerate(texts):
            terms = self.index.terms_of(text)
            said = words(text)
            numbers = frozenset(w for i, w in enumerate(said) if w[0].isdigit() and not self.names.is_version(said, i))
            stated = claims(text, said, numbers, self.names)
            cause, definition = bool(CAUSE_CUES.search(text)), bool(DEFINITION_CUES.search(text))
            found.append(
                Unit(
                    position, k, text, terms, frozenset(said), numbers, stated, alnum_len(text), line, prose,
                    cause, definition, line < 0, counts_in_words(text),
                )
            )  # fmt: skip
        found = [replace(u, stands=_long_enough(u)) for u in _with_lead_ins(_labelled(found, doc.heading))]
        own = self.own_names.get(doc.article_id, ())
        if own:  # "Review by ChatForest ... We have no commercial relationship with Meta.": the byline's line
            by_line: dict[int, list[str]] = {}
            for unit in found:
                by_line.setdefault(unit.line, []).extend(words(unit.text))
            signed = {n for n, line in by_line.items() if any(holds_words(line, name) for name in own)}
            found = [replace(u, colophon=True) if u.line in signed else u for u in found]
        return found

    def around_heading(self, position: int) -> frozenset[str]:
        """The words of a passage and of the passages just before it in its article: "Strong at launch" and
        "Still trails closed models" are two lists after a paragraph on Maverick, and both are about it."""
        said = frozenset().union(*(u.words for u in self.get(position)))
        docs = self.index.docs
        for before in range(position - 1, max(position - 1 - HEADING_SCOPE, -1), -1):
            if docs[before].article_id != docs[position].article_id:
                break
            said = said.union(*(u.words for u in self.get(before)))
        return said

    def _opens_section(self, position: int) -> bool:
        """Whether the passage is its section's first, the one its heading stands over in the article."""
        return position == 0 or not self._same_section(position - 1, position)


@dataclass(frozen=True)
class Ask:
    """What the ranking needs to know about the question beyond its terms."""

    terms: QueryTerms
    subject_words: tuple[tuple[frozenset[str], ...], ...] = ()  # per named model: the word sets that spell it
    question_words: frozenset[str] = frozenset()
    form: Form = Form.LOOKUP
    expect: Expect = Expect.ANY
    required: frozenset[int] = frozenset()  # terms an answering sentence must hold (a provider the user named)
    others: tuple[tuple[frozenset[str], ...], ...] = ()  # people, publications ...: a sentence naming them ranks up
    own: tuple[tuple[frozenset[str], ...], ...] = ()  # Llama 4 models named: needed to state their values
    sources: frozenset[str] = frozenset()  # articles the question names ("per ChatForest")
    source_terms: frozenset[int] = frozenset()  # the words that name them

    @cached_property
    def not_answers(self) -> frozenset[str]:
        """Words that name no answer to a "who": the question's own, the models', stop words."""
        return _NOT_ANSWERS | self.question_words

    @cached_property
    def model_words(self) -> frozenset[str]:
        """The words that spell the models the question names."""
        return frozenset(w for spellings in (*self.subject_words, *self.own) for s in spellings for w in s)

    @cached_property
    def named(self) -> tuple[tuple[frozenset[str], ...], ...]:
        """Everything the question names that a sentence may name too: the models, then people, publications."""
        return (*self.subject_words, *self.others)


def rank_units(index: Index, units: Units, hits: Sequence[Hit], ask: Ask, total_weight: float) -> list[Snippet]:
    """Every unit of the top passages that shares a term with the question, best answer first."""
    if not hits or total_weight <= 0:
        return []
    wanted = {t: float(index.idf[t]) * w for t, w in ask.terms.items()}
    model_terms: frozenset[int] | None = None  # read once, when a heading asks the question's how or why
    top = max(h.score for h in hits)
    weights = ranker_weights()
    found: list[Snippet] = []
    for hit in hits:  # the caller chooses how many passages are read
        doc_units = units.get(hit.position) if hit.position >= 0 else []
        if not doc_units:
            continue
        heading, heading_words = units.heading(hit.position)
        mine, total = wanted, total_weight
        if hit.document.article_id in ask.sources:  # an article naming itself ("... at Value Add VC") is no
            mine = {t: w for t, w in wanted.items() if t not in ask.source_terms}  # answer about it: in its
            total = max(total_weight - sum(float(index.idf[t]) for t in wanted if t not in mine), 1e-9)  # own
        asked = mine.keys()
        heading_asked = bool(heading & asked)
        # "how does scout reach 10M": the section "iRoPE: How Scout Reaches 10 Million Tokens" sets out how, when
        # its heading asks the question's how or why of a word it asks beyond the model's name
        explained = False
        if heading_words & ask.question_words & _EXPLAINING:
            if model_terms is None:
                model_terms = frozenset(index.terms_of(" ".join(ask.model_words)))
            explained = bool((heading & asked) - model_terms)
        held_by = [sum(map(mine.__getitem__, unit.terms & asked)) for unit in doc_units]  # text the name
        # is not asked about, and its sentences are weighed against the rest of the question
        for k, unit in enumerate(doc_units):
            held = held_by[k]
            if held <= 0 or (ask.required and not ask.required <= unit.terms) or not unit.stands:
                continue
            if unit.colophon and not ask.sources:  # a byline answers only of its own source
                continue
            if unit.heading and (ask.expect is not Expect.ANY or k + 1 >= len(doc_units)):
                continue  # a heading states no value; it answers only with the passage under it
            headed = HEADING_CREDIT * sum(mine[t] for t in (heading & asked) - unit.terms) if heading_asked else 0.0
            coverage = min((held + headed) / total, 1.0)
            neighbours = max(held_by[max(k - 1, 0) : k + 2]) / total
            stated = states(unit, ask)
            x = features(unit, ask, coverage, hit.score / top, neighbours, headed / total, k, stated, explained)
            score = 1.0 / (1.0 + math.exp(-sum(map(operator.mul, weights, x))))  # both FEATURES long
            follows = None
            if not unit.heading and (unit.text.endswith(":") or unit.letters < 40):
                following = doc_units[k + 1 : k + 2]
                opens_list = unit.text.endswith(":") and bool(following) and not following[0].prose
                if following and alnum_len(following[0].text) >= MIN_QUOTE_CHARS and not opens_list:
                    follows = following[0].text
            named = about = True
            if ask.subject_words:  # "Llama 4 doesn't kill them": a model named just before is still the one meant
                before = heading_words.union(*(u.words for u in doc_units[max(k - REFERS_BACK, 0) : k]))
                named = names_all(unit, ask, before)
            if ask.subject_words or ask.own:  # a heading is about what its list and the lines just before it name
                said = units.around_heading(hit.position) if unit.heading else unit.words
                about = all(any(s <= said for s in spellings) for spellings in (*ask.subject_words, *ask.own))
            found.append(
                Snippet(
                    hit.document.article_id, unit.text, score, coverage, follows, named, stated, unit.claims, about,
                    doc=hit.position, unit_index=k, heading=unit.heading, label=unit.label,
                )
            )  # fmt: skip
    found.sort(key=lambda s: -s.score)
    return found


def _with_lead_ins(units: list[Unit]) -> list[Unit]:
    """The units, each sentence after a short one that opens its line also holding that one's words:
    "Ecosystem branding." labels "The Llama 4 Community License requires “Built with Llama” attribution in
    products.", which is what a question on branding must find, and quotes alone."""
    found = list(units)
    for k in range(len(found) - 1):
        lead, after = found[k], found[k + 1]
        opens = k == 0 or found[k - 1].line != lead.line
        short = len(words(lead.text)) <= LEAD_IN_WORDS and not lead.numbers and lead.prose
        if opens and short and after.line == lead.line:
            found[k + 1] = replace(after, terms=after.terms | lead.terms, words=after.words | lead.words)
    return found


def _labelled(units: list[Unit], heading: str) -> list[Unit]:
    """Each list item or table row that names no model, labelled with the one model its list's lead-in
    ("Llama 4 Maverick — the flagship, larger model:" over "Context window: 1 million tokens"), or its table's
    header row ("| Benchmark | Scout |") or else section heading names, so that an answer quoting it alone
    says whose value it is. A table row holding other models' values too is left as it is."""
    section = models_named(heading)
    lead: tuple[str, ...] = ()
    labelled = []
    for k, unit in enumerate(units):
        row = unit.text.startswith("|")
        if unit.prose:
            lead = models_named(unit.text) if unit.text.endswith(":") else ()
        elif row and (k == 0 or not units[k - 1].text.startswith("|")):  # a table's header row
            lead = models_named(unit.text) or section
        elif len(named := lead or (section if row else ())) == 1 and not models_named(unit.text):
            unit = replace(unit, label=named[0]) if _one_value(unit.text) else unit
        labelled.append(unit)
    return labelled


def _one_value(text: str) -> bool:
    """Whether a line states one value: a list item, or a table row with one filled cell after its first
    ("| ChartQA | 90.0 | | |"; not "| MATH | 61.2 | ~76 | ~90 |", whose other cells are other models')."""
    if not text.startswith("|"):
        return True
    return sum(1 for cell in text.strip().strip("|").split("|")[1:] if cell.strip()) <= 1


def models_named(text: str) -> tuple[str, ...]:
    """The models a text names, the family left out when one of its models is named."""
    named = tuple(find_subjects(text))
    members = tuple(n for n in named if n != LLAMA4)
    return members if members else named


def _remember(cache: dict[int, T], position: int, value: T) -> T:
    """Keep a passage's value, the passage kept longest going first once ``MAX_CUT_PASSAGES`` are kept: a bot
    running for days on a large knowledge base stays bounded."""
    if len(cache) >= MAX_CUT_PASSAGES:
        del cache[next(iter(cache))]
    cache[position] = value
    return value


def _long_enough(unit: Unit) -> bool:
    """Long enough to stand as evidence; a table row or a "Label: value" line with a number also stands (its
    citation grows to the lines above it), and a heading of two words or more (quoted with the list under it)."""
    if unit.heading:
        return len(unit.terms) >= 2
    labelled = unit.text.startswith("|") or bool(LABELLED_LINE.match(unit.text))  # "Rating: 3.5/5"
    return unit.letters >= MIN_QUOTE_CHARS or (labelled and bool(unit.numbers))


FEATURES = (
    "bias", "coverage", "passage_rank", "names", "states_value", "lacks_value", "cause_cue", "definition_cue",
    "length", "neighbours", "table_row", "first_in_passage", "heading",
)  # fmt: skip
DEFAULT_WEIGHTS = (-3.0, 4.0, 1.5, 1.0, 0.8, -1.0, 0.8, 0.3, 0.0, 0.5, 0.0, 0.0, 0.0)
RANKER_FILE = Path(__file__).resolve().parent / "data" / "ranker.json"


def features(
    unit: Unit,
    ask: Ask,
    coverage: float,
    passage_rank: float,
    neighbours: float,
    heading: float,
    position: int,
    holds_value: bool | None = None,
    explained: bool = False,
) -> tuple[float, ...]:
    """What the ranking weighs for one sentence and one question (names as in ``FEATURES``)."""
    named_all = ask.named
    names = (
        sum(1 for spellings in named_all if any(s <= unit.words for s in spellings)) / len(named_all)
        if named_all
        else 0.0
    )
    valued = ask.expect is not Expect.ANY
    stated = valued and (states(unit, ask) if holds_value is None else holds_value)
    return (
        1.0,
        coverage,
        passage_rank,
        names,
        float(stated),
        float(valued and not stated),
        float(ask.form is Form.EXPLAIN and (unit.cause or (explained and unit.prose))),
        float(ask.form is Form.LOOKUP and unit.definition),
        math.log1p(len(unit.terms)),
        neighbours,
        float(unit.text.startswith("|")),
        float(position == 0),
        heading,
    )


@cache
def ranker_weights() -> tuple[float, ...]:
    """The weights fitted by ``benchmarks/train_ranker.py`` on the tuning split, or hand-set defaults."""
    try:
        fitted = json.loads(RANKER_FILE.read_text(encoding="utf-8"))
        weights = tuple(float(fitted["weights"][name]) for name in FEATURES)
    except (OSError, ValueError, KeyError, TypeError):
        return DEFAULT_WEIGHTS
    return weights


def states(unit: Unit, ask: Ask) -> bool:
    """Whether the sentence holds a value of the kind the question asks for, beyond the question's own."""
    if ask.expect is Expect.ANY:
        return True
    if ask.expect is Expect.NUMBER:  # read once, when the passage was cut: "a few weeks" is a number too
        return bool(unit.numbers - ask.question_words) or unit.counted
    person = _NOT_ANSWERS if PERSON_WORDS & ask.question_words else frozenset()  # "who led": no model's name
    return has_value(unit.text, ask.expect, sorted(unit.numbers - ask.question_words), ask.not_answers, person)


PERSON_WORDS = frozenset({"who", "whom", "whose"})  # a question about a person, not "which models"
# words that are no answer to "who": the family and company every article is about, and the models
_NOT_ANSWERS = STOP_WORDS | frozenset(w for s in SUBJECTS for a in (s.name, *s.aliases) for w in words(a))


def names_all(unit: Unit, ask: Ask, before: frozenset[str] = frozenset()) -> bool:
    """Whether the sentence, or the ones just before it in its passage, names every model asked about."""
    said = unit.words | before
    return all(
        any(s <= said and (s <= before or _versions_named(s, unit.text)) for s in spellings)
        for spellings in ask.subject_words
    )


def _versions_named(spelling: frozenset[str], text: str) -> bool:
    """Whether each version in a model's spelling ("5" of "llama 5", "4o" of "gpt 4o") follows another word of
    it in the text: "Meta released Llama 4 ... on April 5" holds "llama" and "5", and names no Llama 5."""
    versions = [w for w in spelling if any(ch.isdigit() for ch in w)]
    if not versions:
        return True
    said = words(text)
    return all(any(w == v and said[i - 1] in spelling for i, w in enumerate(said) if i) for v in versions)


def choose(ranked: Sequence[Snippet], limit: int = MAX_SNIPPETS, keep: float = KEEP_RELATIVE) -> list[Snippet]:
    """The best sentence, then others that answer nearly as well, preferring a second source's view to a sentence
    of the best one's source that scores under a quarter more."""
    if not ranked:
        return []
    best = ranked[0]
    chosen = [best]
    shown = {best.text, best.follows}
    sources = {best.source}
    near = [s for s in ranked[1:] if s.score >= keep * best.score and s.text not in shown]
    # another source's sentence before a second of ours, unless ours answers clearly better
    near.sort(key=lambda s: -s.score * (SAME_SOURCE if s.source in sources else 1.0))
    for snippet in near:
        if len(chosen) == limit:
            break
        if snippet.text in shown:
            continue
        if snippet.follows in shown:
            snippet = replace(snippet, follows=None)
        chosen.append(snippet)
        shown |= {snippet.text, snippet.follows}
        sources.add(snippet.source)
    return chosen
