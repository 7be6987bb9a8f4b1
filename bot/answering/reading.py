"""Reading a question: what it names and asks, what the articles hold for it, and whether they state it.

``Reader.read`` parses the question (models, attributes, qualifiers, its form and the kind of value it
expects), weighs its words against the articles' vocabulary, retrieves the passages and ranks their
sentences. The checks on a reading (does a sentence state the value asked for; does another source
state a different one) live here too, so that the engine only lays answers out.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from functools import cache, cached_property
from itertools import pairwise
from typing import cast

import numpy as np

from bot.answering.domain import (
    FILLER,
    FILLER_STEMS,
    MEMORY_FIGURE,
    PIECE_WORDS,
    Signals,
    Weights,
    content_weights,
    evidence,
)
from bot.answering.forms import (
    ACCOUNT_WORDS,
    MEANING_WORDS,
    Expect,
    Form,
    Shape,
    account_verb,
    asks_if_true,
    asks_meaning,
    asks_where_to_get_a_model,
    asks_which_one,
    closing_tag,
    count_qualifier_positions,
    counted_word,
    naming_verb,
    shape,
    where_verb,
)
from bot.answering.named_attributes import with_named_attributes
from bot.answering.query import Query, parse_question
from bot.answering.settings_asked import AsWritten, SettingsAsked
from bot.answering.snippets import Ask, Snippet, Units, claim_units, rank_units
from bot.answering.source_names import Header, TitleMention, source_names
from bot.answering.verdicts import DIRECTIONS, KIND_OF_WRITTEN_UNIT
from bot.knowledge.acronyms import MAX_LETTERS, MIN_LETTERS, expansion
from bot.knowledge.attributes import NUMERIC_KINDS
from bot.knowledge.base import Knowledge
from bot.knowledge.calling import FAMILY_TOKENS, MODEL_NOUNS
from bot.knowledge.citations import MIN_QUOTE_CHARS
from bot.knowledge.entities import Names, read_names
from bot.knowledge.index import SYNONYM_WEIGHT, Hit, Index
from bot.knowledge.lexicon import FAMILY_MODELS, LLAMA4, SUBJECT_BY_NAME, SUBJECTS, lexicon_words
from bot.knowledge.matching import (
    DETERMINERS,
    Match,
    attribute_positions,
    context_idioms,
    find_attributes,
    find_qualifiers,
    find_subjects,
    lexicon_spellings,
    matched_positions,
    subject_matches,
)
from bot.knowledge.sizes import BOTH_SIZES, called, claims_size, sizes_asked
from bot.language.dictionary import is_word
from bot.language.numbers import figure_spellings, number_claims
from bot.language.text import (
    STOP_WORDS,
    holds_phrase,
    quoted,
    quoted_phrases,
    stem,
    tokens,
    typed_tokens,
    words,
)
from bot.models import Turn

# The unit a stated value of these attribute kinds must carry: a price is in dollars, a memory size in GB.
UNITS_OF_KIND: defaultdict[str, frozenset[str]] = defaultdict(
    frozenset, {"usd": frozenset({"$"}), "gb": frozenset({"gb"})}
)
_COMPARING = frozenset({"vs", "versus", "than"})  # the words between two things compared
SUBJECT_PRONOUNS = frozenset({"it", "its", "they", "their"})  # a model of an earlier part, not "that" or "one"
MONEY_WORDS = frozenset({"dollar", "dollars", "usd", "cent", "cents", "free", "paid", "pricing"})  # a price in words
NOT_SCORES = frozenset({"b", "t", "m", "k", "$", "gb"})  # units of sizes, prices and memory: never a score
FOCUS_SHARE = 0.5  # a word this heavy in a lookup question is what it is about: the answer must hold it
DOCS_CONSIDERED = 8
_SKILL_JUDGED = {
    "bad": "weak",
    "worse": "weak",
    "worst": "weak",
    "good": "strong",
    "better": "strong",
    "best": "strong",
}


def skill_judged(said: Sequence[str]) -> list[str]:
    """The words with a closing "bad at", "good at" (chat after it aside) read as the articles' "weak",
    "strong", and "not good at" as "weak": what a model is judged on, where "bad" or "good" alone is chat
    ("not bad") or asks an opinion ("is it any good", "is it good at invoices": the skill named is the question)."""
    judged = list(said)
    for i, w in enumerate(said):
        if w in _SKILL_JUDGED and said[i + 1 : i + 2] == ["at"] and FILLER.issuperset(said[i + 2 :]):
            denied = i > 0 and (said[i - 1] in _DENYING or said[i - 1].endswith("n't"))
            judged[i] = _OPPOSITE[_SKILL_JUDGED[w]] if denied else _SKILL_JUDGED[w]
    return judged


_OPPOSITE = {"weak": "strong", "strong": "weak"}
_DENYING = frozenset({"not", "never", "no"})


PLACE_WORDS = ("download", "available")  # the words a sentence names where to get a model by
SOURCE_PASSAGES = 4  # passages of a source the question names, ahead of the others considered
QUESTION_WORDS = frozenset({"how", "much", "many", "when", "what", "which", "long"})
ACRONYM_DOCS = 50  # passages using an acronym whose articles are read for what it stands for
ACRONYM_ARTICLES = 5
_FIGURE = re.compile(r"\d+(\.\d+)?(k|m|b|t|gb|tb|mb)")  # a number with its unit: "700m", "17b", "128k", "80gb"
_MODAL_HAVE = frozenset({"have", "has", "had"})
_REACTING = frozenset({"react", "reacted", "reacting", "reacts"})
_FITS = re.compile(r"\b(?:fit|fits|fitting|run|runs|running)\b", re.IGNORECASE)  # what must fit in a budget
STATED_COVERAGE = 0.4  # a sentence must hold this share of the question to count as stating its answer
SAYS_IT_ALL = 0.75  # a sentence holding this share answers it, whatever unit a guessed attribute wants


@dataclass(frozen=True)
class Reading:
    """A question as the engine reads it: parsed, shaped, retrieved and judged in or out of scope."""

    query: Query
    form: Shape
    ask: Ask
    ranked: list[Snippet]
    signals: Signals
    named: tuple[tuple[str, ...], ...]  # names from the articles the question uses, beyond the known models
    unknown: tuple[str, ...]  # model names the articles never mention
    weights: Weights  # the question's content words, known and unknown
    consumed: frozenset[int]  # terms of the words the lexicon read as a model, attribute or qualifier
    attribute_terms: frozenset[int]  # terms of the words that name the attribute asked about
    sources: frozenset[str] = frozenset()  # articles the question names ("per ChatForest")
    typed_attribute: frozenset[int] = frozenset()  # terms of the attribute words as typed ("mmlu", "pro")
    compared_with_unknown: bool = False  # "smarter than a dolphin": compared with a thing the articles never name
    counted: frozenset[int] | None = None  # what "how many" counts: its terms (see ``Reader.counted``)
    source_words: frozenset[str] = frozenset()  # the words that name the articles asked about ("the VC newsletter")
    calling: frozenset[str] = frozenset()  # the words that call a model by its rank ("small" in "the small Llama 4")


_TOKEN_FIGURE = re.compile(r"\d[\d.,]*\s*(?:[kmb]|thousand|million|billion)?\s+tokens?\b", re.IGNORECASE)
# "100 tokens a second": a rate, no count of tokens. Only a rate per second is read as a speed, the unit speeds are
# stored in: "6000 tokens per minute" checked against "143 tokens/second" would be a wrong "No"
_PER_TIME = re.compile(
    r"\s*(?:/|\b(?:a|an|per|each|every|in a)\b)\s*(s|secs?|seconds?|mins?|minutes?|h|hrs?|hours?|days?)\b", re.I
)


DEVICE_WORDS = 3  # words after a memory figure that may name the asker's machine ("64gb m2 max macbook")


class Reader:
    """The articles' names, sentences and index, and everything read off a question with them."""

    def __init__(self, knowledge: Knowledge, index: Index, names: Names | None = None) -> None:
        self.knowledge = knowledge
        self.index = index
        self.names = names or read_names(a.text for a in knowledge.articles)
        self.units = Units(index, self.names, self._own_names())
        headers = [Header(*h) for h in knowledge.article_headers()]
        self.source_names = source_names(headers, self.passage_share)
        self.written = AsWritten(index)
        self.settings = SettingsAsked(knowledge, index, self.source_names, self.written)
        self._spelled_out: dict[int, tuple[int, ...]] = {}  # bounded by the vocabulary

    def read(
        self, text: str, previous: Turn | None = None, inherit: Sequence[str] = (), topic: str = "",
        continues: bool = False,
    ) -> Reading:  # fmt: skip
        """Everything the engine reads off a question before it decides how to answer.

        ``inherit`` are models and ``topic`` the words of an earlier part of the same question: "why does an
        MoE need more RAM, and is it at least fast?" asks the second part about MoE models. A why- or
        how-question on "it" after a turn takes that turn's attributes as its topic (``Query.on``).
        ``continues``: ``previous`` is the part of the message before this one (``parse_question``).
        """
        account = account_verb(text)  # "explain iRoPE": "explain" asks for an account, it names nothing
        said = words(text)
        by_size, ranking = called(self.knowledge, said)
        query = with_named_attributes(self.knowledge, parse_question(text, previous, by_size, ranking, continues))
        if query.residual and query.subjects:  # "maverick's price on azure": a setting the facts may not have
            query = self.settings.named(query)
        if query.on and not topic:  # "how come it can go that long?" after Scout's context window: about that
            topic = " ".join(self.knowledge.attribute(a).label for a in query.on)
        if inherit and not query.subjects:
            query = replace(query, subjects=tuple(inherit))
        elif inherit and query.comparative and not SUBJECT_PRONOUNS.isdisjoint(said) and len(query.subjects) == 1:
            # "..., and is it faster than Scout?": "it" is the model of the part before, compared with Scout
            subjects = tuple(dict.fromkeys([*inherit, *query.subjects]))
            query = replace(query, subjects=subjects, compare=len(subjects) >= 2)
        elif (
            inherit
            and (query.comparative or not DIRECTIONS.keys().isdisjoint(said))
            and "that" in said
            and not MODEL_NOUNS.intersection(said[said.index("that") + 1 : said.index("that") + 2])  # "that model"
            and len(query.subjects) == 1
            and not query.attributes
        ):
            # "what's scout's mmlu, and is that better than gpt-4o?": "that" is the value the part before asked
            before = parse_question(topic).attributes if topic else ()
            if before:
                subjects = tuple(dict.fromkeys([*inherit, *query.subjects]))
                query = replace(
                    query, subjects=subjects, attributes=before, strong_attributes=True, compare=len(subjects) >= 2
                )
        sized = {w for s in by_size for w in words(s)}  # "the 400b llama": the family word is the model's
        # "the bigger released Llama 4": the words that call it are no words to search for; its name is.
        # Their positions are found again in the words as split ("llama4" -> "llama", "4")
        calling = frozenset(said[i] for i in ranking) - FAMILY_TOKENS
        calling_at: set[int] = set()
        if ranking:
            pieces = [self.names.split_fused([w]) for w in said]
            at = [i for i, piece in enumerate(pieces) for _ in piece]
            calling_at = {k for k, i in enumerate(at) if i in ranking}
        said = self.names.split_fused(said)
        mentions = [
            m for m in self.names.model_mentions(said) if not self.names.covers(m) and not self._sized_as_stated(m)
        ]
        comparands = self.unknown_comparands(said)
        unknown = tuple(" ".join(m) for m in mentions) + comparands
        inside = {w for m in mentions for w in m}  # "claude" of an unknown "claude 4" names nothing known
        named = [
            n
            for n in self.names.mentioned(said)
            if not self.is_lexicon(n) and not set(n) <= inside and not set(n) <= sized
        ]
        if mentions and query.subjects:
            masked = [w if w not in inside else "" for w in said]
            query = replace(query, subjects=tuple(s for s in query.subjects if s in find_subjects(masked, fuzzy=True)))
        matches = subject_matches(said)
        if query.subjects:  # "deepseek r1" is another model than the "deepseek" alias of DeepSeek V3
            away = self.versioned_away(said, matches)
            if away:
                query = replace(query, subjects=tuple(s for s in query.subjects if s not in away))
        if query.subjects:  # "a 2024 ford maverick": a word the articles never use names another maker's product
            asked_for = set(words(account or ""))  # "explain maverick": no "explain maverick" product
            elsewhere = self.named_by_others([w if w not in asked_for else "" for w in said], matches)
            unknown = (*unknown, *(" ".join(o) for o in elsewhere.values()))
            if elsewhere:
                query = replace(query, subjects=tuple(s for s in query.subjects if s not in elsewhere))
        provider = self.settings.unknown_provider(query) or self.settings.unknown_setting(query)
        if provider:  # "Scout's price on Fireworks": a figure for that provider, which the sources never give
            query = replace(query, qualifiers=(provider,))
        form = shape(text)
        claimed = not query.attributes and claims_size(said)  # "is scout 109b?", "is maverick 17b?": a size
        if form.form is Form.YES_NO and query.subjects and (claimed or set(query.attributes) == set(BOTH_SIZES)):
            sizes = sizes_asked(self.knowledge, query.subjects, text)  # ... either, the one it states first
            query = replace(query, attributes=sizes, strong_attributes=True)
        # "can scout fit in 24gb?", "would a macbook with 16gb handle scout?", "which llama 4 model fits in 64gb": the
        if (form.form is Form.YES_NO or asks_which_one(text)) and query.subjects:
            attributes = self._of_the_kind_stated(text, query.attributes, query.subjects)
            if attributes != query.attributes:  # memory they need, asked outright when it was not pointed at
                strong = query.strong_attributes or not set(attributes) <= set(query.attributes)
                query = replace(query, attributes=attributes, strong_attributes=strong)
        if (
            query.attributes
            and not query.subjects
            and named
            and not any(self.is_model(n) for n in named)
            and not self._all_numeric(query.attributes)
        ):  # "what is yann lecun's role at meta": a person's role, not a model's; the text says it (a figure is
            # still the model's: "muse spark context window")
            query = replace(query, attributes=(), strong_attributes=False)
        if form.expect is Expect.NAME and query.attributes and self._all_numeric(query.attributes):
            # "Who is LeCun in the context of Meta's AI work?": a person asked for; "context" is no window here
            query = replace(query, attributes=(), strong_attributes=False)
        if (
            form.expect is Expect.ANY
            and form.form is Form.LOOKUP
            and query.strong_attributes
            and (query.subjects or named)
        ):
            kinds = {self.knowledge.attribute(a).kind for a in query.attributes}
            if kinds and kinds <= NUMERIC_KINDS:
                form = replace(form, expect=Expect.NUMBER)
        lexical = matched_positions(said, fuzzy=True)
        sources, naming, publishers = self.source_names.mentions(said)
        # "that 'open-model war' piece": words of its title in quotes name it, as a publisher's name does,
        # when the question speaks of a piece (not "what's the 'war' about?")
        titled = self.source_names.by_title(said, quoted(text)) if PIECE_WORDS & set(said) else TitleMention()
        if titled.articles:
            sources, naming = sources | titled.articles, naming | titled.positions
            publishers = publishers | titled.positions
        # "per ChatForest" says where to look, not what about: those words neither weigh nor retrieve.
        # The words as split ("llama4" -> "llama", "4"), so that a fused model name counts as the model it is,
        # and two words the articles write as one ("LM Arena" -> "LMArena") also as that one; a model called
        # by its size or rank ("the big released Llama 4") weighs as its name ("maverick") would
        slips = lexicon_spellings(said)  # "lisence": searched as the lexicon's "licence"
        lexicon_spelled = [slips.get(i, w) for i, w in enumerate(said)]
        idioms = context_idioms(said)  # "in the llama 4 context": no context window to search for
        content = self._content_words(text, lexicon_spelled, account, calling_at | set(naming) | idioms)
        called_as = [SUBJECT_BY_NAME[m].aliases[0] for m in by_size if m in SUBJECT_BY_NAME]
        if query.follow_up and query.compare and not matches:  # "which one fits on one H100?" after Scout and
            called_as += [SUBJECT_BY_NAME[m].aliases[0] for m in query.subjects]  # Maverick: a choice of those
        spelled = " ".join([*content, *self.joined(said), *called_as])
        known = {said[i] for i in (*lexical, *naming)}
        if any(self.knowledge.attribute(a).kind == "gb" for a in query.attributes):  # "... my 4090? its 24gb"
            known |= {w for w in said if MEMORY_FIGURE.fullmatch(w)}
            known |= self._device_words(said)  # "on a 64GB M2 Max MacBook": the asker's machine, no topic
        weights = content_weights(self.index, spelled, read_as_known=known)
        phrases = [p for p in quoted_phrases(text) if p not in titled.phrases]  # a title names, it asks nothing
        terms = self._search_terms(spelled, said, phrases, query.subjects, topic)
        if form.expect is Expect.PLACE and asks_where_to_get_a_model(text):  # "where can i get llama 4": "get" is
            for term in tokens(" ".join(PLACE_WORDS)):  # filler; the place is where it is downloaded or available
                if (t := self.index.vocabulary.get(term)) is not None:
                    terms.setdefault(t, SYNONYM_WEIGHT)
        # A sentence answering about a peer model must name it; the corpus's own models are often "it".
        models = [n for n in named if self.is_model(n)]
        peers = [s for s in query.subjects if SUBJECT_BY_NAME[s].peer]
        typed = {m.value: frozenset(said[m.start : m.end]) for m in matches}
        # a peer as the user wrote it: "Gemini 2.5 Pro" is not met by a sentence about "Gemini Pro"
        spellings = tuple((typed[s],) if s in typed else self.spellings(s) for s in peers)
        spellings += tuple((frozenset(n),) for n in models)
        # the family itself is every article's subject: a sentence need not name "Llama 4" to be about it
        own = tuple(self.spellings(s) for s in query.subjects if s not in peers and not SUBJECT_BY_NAME[s].family)
        by_name = {said[i] for i in publishers}  # "ChatForest" in "per ChatForest" is where, not what about
        others = own + tuple((frozenset(n),) for n in named if n not in models and not set(n) <= by_name)
        source_terms = frozenset(t for i in publishers if (t := self.index.vocabulary.get(stem(said[i]))) is not None)
        ask = Ask(
            terms, spellings, frozenset(said), form.form, form.expect, others=others, own=own, sources=sources,
            source_terms=source_terms,
        )  # fmt: skip
        found = self.index.search(terms, k=DOCS_CONSIDERED * 3)
        ranked = self._ranked(found, ask, weights, phrases)
        # a figure the articles state ("the 700m user clause", "the 10m context") names something of theirs too
        figures = any(_FIGURE.fullmatch(w) and w in self.index.vocabulary for w in said)
        anchored = bool(query.subjects or named or query.strong_attributes or sources or figures)
        held = evidence(self.index, weights, found[:DOCS_CONSIDERED])
        best = max((s.coverage for s in ranked), default=0.0)
        signals = Signals(anchored, weights.coverage, min(held, 1.0), bool(unknown), weights.unknown_share, best)
        consumed = {t for i in lexical if (t := self.index.resolve(stem(said[i]), said[i])) is not None}
        # the attribute's words as typed; "how much" or "when" guess an attribute but name no word of it
        asked = {
            t
            for i in (attribute_positions(said, True) if query.attributes else ())
            if said[i] not in QUESTION_WORDS
            and i not in calling_at
            and (t := self.index.resolve(stem(said[i]), said[i]))
        }
        typed_attribute = frozenset(asked)
        labels = {w for a in query.attributes for w in tokens(self.knowledge.attribute(a).label)}
        if not query.strong_attributes:  # "how much" guesses a price: the guess is not a word the answer must hold
            labels = set()
        asked |= {t for w in labels if (t := self.index.vocabulary.get(w)) is not None}  # "big": "parameters"
        return Reading(
            query, form, ask, ranked, signals, tuple(named), unknown, weights, frozenset(consumed), frozenset(asked),
            sources, typed_attribute, bool(comparands), self.counted(text), frozenset(said[i] for i in naming),
            calling,
        )  # fmt: skip

    def _device_words(self, said: Sequence[str]) -> set[str]:
        """The words the articles never use right after a memory figure ("64gb m2 max macbook"): what the asker's
        machine is called, however it is spelled, says nothing the sources could state."""
        found: set[str] = set()
        for i, word in enumerate(said):
            if MEMORY_FIGURE.fullmatch(word):
                for after in said[i + 1 : i + 1 + DEVICE_WORDS]:
                    if after in STOP_WORDS or any(t in self.index.vocabulary for t in tokens(after)):
                        break
                    found.add(after)
        return found

    def _content_words(self, text: str, said: Sequence[str], account: str | None, calling: set[int]) -> list[str]:
        """The question's words to weigh and search for: not the words that only say how it asks ("what FAIR
        stands for", "how many such languages", "where can I get", "what's it called", "explain", "do I have
        to"), nor those that call a model by its rank ("the bigger released Llama 4")."""
        meaning = asks_meaning(text)
        qualifying = count_qualifier_positions(said)
        tag = closing_tag(text)  # "..., right?": how it asks, no word to search for
        content = [
            w
            for i, w in enumerate(said)
            if not (meaning and w in MEANING_WORDS and said[i + 1 : i + 2] == ["for"])
            and i not in qualifying
            and i not in calling
            and (w not in ("true", "false") or not asks_if_true(said, i))
            and i < len(said) - tag
        ]
        verb = where_verb(text)  # "where can I get the weights": "get" asks where, it is no word to search for
        called = naming_verb(text)  # "what's the license called": "called" asks for a name
        # the verb of a request for an account names nothing, nor does a word of one that the articles never
        # use, wherever it stands ("iRoPE explained")
        content = [
            w
            for w in content
            if w not in (verb, called)
            and not (account and w in account.split())
            and not (w in ACCOUNT_WORDS and self.index.resolve(stem(w), w) is None)
        ]
        # "do I have to pay": "have to" is "must", no word to search for ("you have a business model problem")
        content = [w for i, w in enumerate(content) if not (w in _MODAL_HAVE and content[i + 1 : i + 2] == ["to"])]
        # "how come": "why", with no word to search for ("become", "came")
        content = [w for i, w in enumerate(content) if not (w == "come" and content[i - 1 : i] == ["how"])]
        # "how did people react to it": a reaction, not React the library ("can maverick write react components")
        content = [
            "reaction" if w in _REACTING and content[i + 1 : i + 2] == ["to"] else w for i, w in enumerate(content)
        ]
        return skill_judged(content)

    def _search_terms(
        self,
        spelled: str,
        said: Sequence[str],
        phrases: Sequence[Sequence[str]],
        subjects: Sequence[str],
        topic: str,
    ) -> dict[int, float]:
        """The terms to search for, with their weights: the question's words and their synonyms, the words
        it quotes at full weight ("good" is no filler then), what an acronym stands for and the models or
        topic it inherits at half weight."""
        terms, _ = self.index.query_terms(spelled, skip=FILLER_STEMS)
        for term in tokens(" ".join(w for phrase in phrases for w in phrase)):
            if (t := self.index.vocabulary.get(term)) is not None:
                terms[t] = 1.0
        for word in said:  # "MAU" also finds "monthly active users", at half weight
            for meant in self.acronym_terms(word):
                terms.setdefault(meant, SYNONYM_WEIGHT)
        for term in tokens(" ".join(figure_spellings(said))):  # "10M" also finds "10 million", at half weight
            if (t := self.index.vocabulary.get(term)) is not None:
                terms.setdefault(t, SYNONYM_WEIGHT)
        steering = [stem(w) for subject in subjects for w in words(subject)] + tokens(topic)
        for term in steering:  # an inherited model or topic still steers retrieval, at half the asked words' weight
            if (t := self.index.vocabulary.get(term)) is not None:
                terms.setdefault(t, 0.5)
        return terms

    def _ranked(
        self, found: Sequence[Hit], ask: Ask, weights: Weights, phrases: Sequence[Sequence[str]]
    ) -> list[Snippet]:
        """The sentences of the passages found, best answer first: a source the question names first ("per
        ChatForest"), then the sentences holding a phrase it quotes ("the 'structural read' of ...")."""
        hits = [h for h in found if h.document.fact_index is None]
        if ask.sources:  # that source's passages first, the others after
            named_hits = self.index.search_in(ask.terms, self.passages_of(ask.sources), SOURCE_PASSAGES)
            taken = {h.position for h in named_hits}
            hits = named_hits + [h for h in hits if h.position not in taken]
        hits = hits[:DOCS_CONSIDERED]
        ranked = rank_units(self.index, self.units, hits, ask, weights.total)
        ranked = [s for s in ranked if not s.text.rstrip().endswith("?")]  # a Q&A post's question answers nothing
        if ask.sources:
            ranked.sort(key=lambda s: s.source not in ask.sources)
        if phrases:
            ranked.sort(key=lambda s: not any(holds_phrase(s.text, p) for p in phrases))
        return ranked

    def acronym_terms(self, word: str) -> tuple[int, ...]:
        """The terms of what an acronym the articles use stands for, as the articles that use it spell it out."""
        if not (MIN_LETTERS <= len(word) <= MAX_LETTERS and word.isalpha()) or is_word(word):
            return ()
        term = self.index.vocabulary.get(stem(word))
        if term is None:
            return ()
        known = self._spelled_out.get(term)
        if known is None:
            postings = self.index.indices[self.index.indptr[term] : self.index.indptr[term + 1]]
            articles = dict.fromkeys(self.index.docs[int(p)].article_id for p in postings[:ACRONYM_DOCS])
            texts = [self.knowledge.article_text(a) for a in list(articles)[:ACRONYM_ARTICLES]]
            run = expansion(word, texts) or ()
            spelled = [stem(w) for w in run if w not in STOP_WORDS]
            known = tuple(t for w in spelled if (t := self.index.vocabulary.get(w)) is not None)
            self._spelled_out[term] = known
        return known

    def joined(self, said: Sequence[str]) -> list[str]:
        """Adjacent words the articles write as one word ("lm arena" -> "lmarena", "open weights" is not)."""
        found = []
        for left, right in pairwise(said):
            fused = left + right
            if left.isalpha() and right.isalpha() and stem(fused) in self.index.vocabulary:
                found.append(fused)
        return found

    def named_by_others(self, said: Sequence[str], matches: Sequence[Match[str]]) -> dict[str, tuple[str, ...]]:
        """The models whose name follows a word the articles never use and that is no slip of one of theirs,
        at the start of a noun phrase ("a 2024 ford maverick", "boy scout camp"): another thing of that name,
        with the words that name it. After a verb ("how did the community regard Behemoth") it is the model."""
        found: dict[str, tuple[str, ...]] = {}
        for match in matches:  # where each model is named ("subject_matches")
            if any(ch.isdigit() for w in said[match.start : match.end] for ch in w):
                continue  # a name with its version ("wait llama4 was trained on ...") is the model
            before = said[match.start - 1] if match.start else ""
            if len(before) < 3 or not before.isalpha() or before in STOP_WORDS | FILLER or before in lexicon_words():
                continue
            opener = said[match.start - 2] if match.start >= 2 else ""
            if opener and opener not in DETERMINERS and not opener.isdigit():
                continue
            if self.index.resolve(stem(before), before) is None:
                found[match.value] = tuple(said[match.start - 1 : match.end])
        return found

    def closing(self, reading: Reading) -> list[Snippet]:
        """The sentences of each article's last section (where its author sums up) that hold the question's
        words, best first: the sources' own verdicts, for "is Scout any good"; never its byline."""
        hits = self.index.search_in(reading.ask.terms, self._closing_sections, DOCS_CONSIDERED)
        ranked = rank_units(self.index, self.units, hits, reading.ask, reading.weights.total)
        return [s for s in ranked if not self.units.get(s.doc)[s.unit_index].colophon]  # never its byline

    def _own_names(self) -> dict[str, tuple[tuple[str, ...], ...]]:
        """Each article's publisher and author, as words."""
        memo = self.knowledge.memo("own_names")
        if "names" not in memo:
            memo["names"] = {
                i: tuple(tuple(words(n)) for n in (publisher, author) if n)
                for i, _, publisher, author, _ in self.knowledge.article_headers()
            }
        return cast(dict[str, tuple[tuple[str, ...], ...]], memo["names"])

    def opening_prose(self, sources: Iterable[str]) -> list[Snippet]:
        """The first sentences of these articles' running text, past their bylines: where each sets out what it
        is about ("what does the calcsnippets article say")."""
        found = []
        for source in sources:
            for position in self._article_passages.get(source, range(0)):
                units = self.units.get(position)
                firsts = [
                    Snippet(source, u.text, 0.0, 0.0, doc=position, unit_index=k)
                    for k, u in enumerate(units)
                    if u.prose and not u.heading and not u.colophon and u.letters >= MIN_QUOTE_CHARS
                ]
                if firsts:
                    found += firsts
                    break
        return found

    def closing_prose(self, sources: Iterable[str]) -> list[Snippet]:
        """The running text of these articles' last sections, in order: where each sums up, when a question
        shares no word with it ("what does the VC newsletter think")."""
        wanted = set(sources)
        found = []
        for article_id, positions in self._closing_by_article.items():
            if article_id in wanted:
                for position in positions:
                    for k, unit in enumerate(self.units.get(position)):
                        if unit.prose and not unit.heading and unit.letters >= MIN_QUOTE_CHARS:
                            found.append(Snippet(article_id, unit.text, 0.0, 0.0, doc=position, unit_index=k))
        return found

    @cached_property
    def _closing_sections(self) -> np.ndarray:
        return np.array(sorted(p for positions in self._closing_by_article.values() for p in positions), np.int64)

    @cached_property
    def _closing_by_article(self) -> dict[str, list[int]]:
        """The positions of each article's last section, in order."""
        last: dict[str, list[int]] = {}
        passages = self.knowledge.passages
        for article_id, span in self._article_passages.items():
            heading = passages[span[-1]].heading if span else None
            for i in reversed(span):  # from the article's end back to where its last section begins
                if passages[i].heading != heading:
                    break
                last.setdefault(article_id, []).insert(0, i)
        return last

    def passages_of(self, articles: Iterable[str]) -> np.ndarray:
        """The index positions of these articles' passages (passages come first in the index, in order)."""
        spans = self._article_passages
        found = [np.arange(r.start, r.stop, dtype=np.int64) for a in sorted(articles) if (r := spans.get(a))]
        return np.concatenate(found) if found else np.empty(0, dtype=np.int64)

    @cached_property
    def _article_passages(self) -> dict[str, range]:
        return self.knowledge.article_passages()

    def passage_share(self, word: str) -> float:
        """The share of passages that use a word, from the index's postings."""
        term = self.index.vocabulary.get(stem(word))
        if term is None or not len(self.index.docs):
            return 0.0
        used = int(self.index.indptr[term + 1] - self.index.indptr[term])
        return used / max(len(self.knowledge.passages), 1)

    def versioned_away(self, said: Sequence[str], matches: Sequence[Match[str]]) -> set[str]:
        """Models the lexicon matched by a family word alone ("deepseek") where the question goes on with
        another version the articles name ("deepseek r1"): that is the other model, not this one. ``matches``
        are where each model is named (``subject_matches``)."""
        away = set()
        for match in matches:
            following = said[match.end : match.end + 1]
            if (
                match.end - match.start == 1
                and following
                and self.names.is_version([*said[match.start : match.end], *following], 1)
            ):
                away.add(match.value)
        return away

    def is_numeric(self, attribute: str) -> bool:
        """Whether the attribute's values are figures (a count, a size, a score), not words."""
        return self.knowledge.attribute(attribute).kind in NUMERIC_KINDS

    def _all_numeric(self, attributes: Sequence[str]) -> bool:
        return bool(attributes) and all(self.is_numeric(a) for a in attributes)

    @staticmethod
    def is_lexicon(name: Sequence[str]) -> bool:
        """A name the lexicon already reads as a model, an attribute or a provider ("MMLU Pro", "Groq")."""
        whole = any(m.end - m.start == len(name) for m in subject_matches(list(name)))  # not "deepseek" of R1
        return bool(whole or find_attributes(name) or find_qualifiers(name))

    def spellings(self, subject: str) -> tuple[frozenset[str], ...]:
        aliases = SUBJECT_BY_NAME[subject].aliases if subject in SUBJECT_BY_NAME else (subject,)
        return tuple(frozenset(words(a)) for a in (subject, *aliases))

    def is_model(self, name: Sequence[str]) -> bool:
        """A model the question names: a family's name ("llama 3", "gpt 4.5", "llama") or an o-series name
        ("o1", "o3"); "openai" starts with an "o" but is a company."""
        if len(name) == 1 and name[0] not in self.names.families:
            return bool(re.fullmatch(r"o\d+", name[0]))
        return bool(name) and name[0] in self.names.families

    def spelled_words(self, subjects: Iterable[str]) -> set[str]:
        """Every word of every way the articles and users spell these models ("llama", "4", "scout", "17b" ...)."""
        return {w for s in subjects for spelling in self.spellings(s) for w in spelling}

    def terms_of(self, text: str) -> frozenset[int]:
        return self.index.terms_of(text)

    def held(self, text: str, terms: set[int], alike: bool = False) -> float:
        """The IDF weight of ``terms`` the text holds; with ``alike``, a synonym of a term holds it too."""
        present = self.terms_of(text)
        return sum(float(self.index.idf[t]) for t in terms if t in present or (alike and self.index.alike(t) & present))

    def counted(self, text: str) -> frozenset[int] | None:
        """The terms of what "how many" counts ("how many people": "peopl", and "user" as its synonym); None
        when the question counts nothing in particular, empty when it counts what the articles never name."""
        word = counted_word(text)
        if word is None or word in STOP_WORDS:
            return None
        term = self.index.resolve(stem(word), word)
        if term is None:  # "how many u guys": chat words count nothing in particular
            return None if word in FILLER else frozenset()
        return frozenset({term}) | self.index.alike(term)

    def counts(self, reading: Reading, snippet: Snippet) -> bool:
        """Whether a sentence holds what the question counts ("how many people" needs people, not weeks)."""
        return reading.counted is None or not reading.counted.isdisjoint(self.terms_of(snippet.text))

    def states(self, reading: Reading) -> bool:
        """Whether a top sentence names the model asked about, the attribute, and a value of its kind."""
        units = {UNITS_OF_KIND[self.knowledge.attribute(a).kind] for a in reading.query.attributes}
        wanted = set().union(*units) if units and all(units) else set()  # "$" for a price, "gb" for memory
        peers = [m for m in reading.query.subjects if SUBJECT_BY_NAME[m].peer]
        # a benchmark named outright ("GPT-4.1's MMLU score") is stated only by a sentence naming it, however much
        # else of the question it holds (GPT-4.1's GPQA Diamond score)
        scored = reading.query.strong_attributes and all(
            self.knowledge.attribute(a).kind == "score" for a in reading.query.attributes
        )
        return any(
            s.about
            and self.states_kind(reading, s)  # "70B" beside "benchmarks" is no MATH score
            and s.coverage >= STATED_COVERAGE
            and self.counts(reading, s)
            and (  # "GPT-4o's context window": a number stated of GPT-4o, not Scout's 10M beside its name
                reading.form.expect is not Expect.NUMBER or not peers or bool(self.claims_about(s.text, peers))
            )
            and (
                (s.coverage >= SAYS_IT_ALL and not scored)  # the evidence wins: "how much can self-hosting cut
                # costs?" is a share
                or (self.names_attribute(reading, s.text) and (not wanted or bool(claim_units(s.claims) & wanted)))
            )
            for s in reading.ranked[:5]
        )

    def states_kind(self, reading: Reading, snippet: Snippet) -> bool:
        """Whether a sentence holds a value of the kind the question asks: for a score, a number that is no size,
        price or memory ("70B" is no ChartQA score)."""
        if not snippet.stated or reading.form.expect is not Expect.NUMBER or not reading.query.attributes:
            return snippet.stated
        kinds = {self.knowledge.attribute(a).kind for a in reading.query.attributes}
        if kinds != {"score"}:  # a price may be stated in words ("a few hundred dollars")
            return not self.off_kind(reading, snippet)
        units = claim_units(snippet.claims)
        return not units or bool(units - NOT_SCORES)

    def fits(self, reading: Reading, snippet: Snippet) -> bool:
        """Whether a sentence holds a figure in a unit the stored values of the attribute asked use ("128K"
        for a context window; no "$0.11" or "128K" for a speed, stated in tokens per second). True when those
        values carry no unit."""
        units = set().union(*(self._units_of(a) for a in reading.query.attributes))
        return not units or not units.isdisjoint(claim_units(snippet.claims))

    def _units_of(self, attribute: str) -> frozenset[str]:
        memo = self.knowledge.memo("units_of")
        found = memo.get(attribute)
        if not isinstance(found, frozenset):
            claims = (c for f in self.knowledge.facts if f.attribute == attribute for c in number_claims(f.value))
            found = memo[attribute] = frozenset(claim_units(claims))
        return found

    def unknown_comparands(self, said: Sequence[str]) -> tuple[str, ...]:
        """What the question compares with that the articles never mention: a word they never use after "vs",
        "versus" or "than", or opening the question before "vs" ("llamas vs alpacas", "better than mixtral")."""
        found = []
        for i, word in enumerate(said):
            if word not in _COMPARING:
                continue
            opens = i >= 1 and word != "than" and all(w in STOP_WORDS | FILLER for w in said[: i - 1])  # "alpacas
            after = next((w for w in said[i + 1 : i + 3] if w not in STOP_WORDS | FILLER), "")  # vs llamas", not
            for other in (said[i - 1] if opens else "", after):  # "what can self-hosting save vs closed pricing"
                if not other.isalpha() or other in FILLER:
                    continue
                for term, typed in typed_tokens(other):  # none for a stop word or a model's name ("llamas")
                    if self.index.resolve(term, typed) is None and not self.names.covers((other,)):
                        found.append(other)
        return tuple(dict.fromkeys(found))

    def _of_the_kind_stated(self, text: str, attributes: tuple[str, ...], subjects: Sequence[str]) -> tuple[str, ...]:
        """Of the attributes a yes/no question points at, the one whose kind of value it states ("fit in 24gb":
        a memory footprint, not the hardware named or the H100 it fits on); when it points at none of that kind
        ("would a macbook with 16gb handle scout": not its context window), the one attribute of that kind the
        models' facts have, or of several the one with a better end, a capacity ("can i fit 5M tokens into scout":
        its context window, not its training tokens); else the attributes as they are."""
        if not any(ch.isdigit() for ch in text):  # most yes/no questions state no figure
            return attributes
        claimed = [KIND_OF_WRITTEN_UNIT.get(claim.split(":")[1]) for claim in number_claims(text, self.names.families)]
        figures = list(_TOKEN_FIGURE.finditer(text))  # "5M tokens": the unit is the word after the figure
        in_tokens = len(figures)
        rates = [m.group(1).lower() for f in figures if (m := _PER_TIME.match(text, f.end()))]
        per_second = any(r.startswith("s") for r in rates)  # no other rate is read: none is stored
        kinds = (set(claimed) - {None}) | ({"tokens"} if in_tokens > len(rates) else set())
        kinds |= {"speed"} if per_second else set()
        others = claimed.count(None) - in_tokens  # figures of no kind read here ("128 experts")
        if not kinds:
            return attributes
        stated = tuple(a for a in attributes if self.knowledge.attribute(a).kind in kinds)
        # only the budget is stated, or the question says what must fit in it: "does maverick have 128 experts on
        # an 80GB H100" states the experts asked, and stays on them; "17B active means maverick fits on my 16GB
        # card, right?" asks whether it fits
        if not stated and (others <= 0 or ("gb" in kinds and _FITS.search(text))):
            models = [*subjects, *FAMILY_MODELS] if LLAMA4 in subjects else subjects  # the family: its models'
            of_models = (a for s in models for a in self.knowledge.attributes_of(s))
            stated = tuple(dict.fromkeys(a for a in of_models if self.knowledge.attribute(a).kind in kinds))
            capacities = tuple(a for a in stated if self.knowledge.attribute(a).better)
            stated = capacities if len(stated) > 1 and len(capacities) == 1 else stated
        return stated if len(stated) == 1 else attributes

    def off_kind(self, reading: Reading, snippet: Snippet) -> bool:
        """Whether a sentence states no value of the kind asked, whatever words it shares with the question:
        a price needs a sum of money ("$0.15", "free", "dollars"); a size, count or time is no percentage
        ("placing it in the top tier ... 86.3%" is no price, "placed it above GPT-4o" neither)."""
        kinds = {self.knowledge.attribute(a).kind for a in reading.query.attributes}
        units = claim_units(snippet.claims)
        if kinds == {"usd"}:  # the units a price is stated in, as states() reads them
            return units.isdisjoint(UNITS_OF_KIND["usd"]) and MONEY_WORDS.isdisjoint(words(snippet.text))
        return bool(kinds) and "score" not in kinds and units == {"%"}

    def names_attribute(self, reading: Reading, text: str) -> bool:
        """Whether a sentence holds a word of the attribute asked about ("MMLU" for "Behemoth's MMLU")."""
        if not reading.attribute_terms:
            return True
        return bool(reading.attribute_terms & self.terms_of(text))

    def focus(self, reading: Reading) -> int | None:
        """The question's rarest word, when it carries so much of its weight that the question is about it
        ("What languages does Python support?" is about Python, not about languages)."""
        free = [t for t in reading.weights.known if t not in reading.consumed]
        if reading.query.subjects or reading.named:  # "is Behemoth out yet?" is about Behemoth
            return None
        if not free:
            return None
        focus = max(free, key=lambda t: float(self.index.idf[t]))
        total = reading.weights.total
        if total <= 0 or float(self.index.idf[focus]) / total < FOCUS_SHARE:
            return None
        return focus if self.written.name(focus) else None

    def _sized_as_stated(self, mention: Sequence[str]) -> bool:
        """Whether a model mention ends in a size the facts give that model ("DeepSeek V3 671B"): the model the
        articles cover, not another ("llama 4 70b" is no model of theirs)."""
        *name, size = mention
        if not name or not self.names.covers(name):
            return False
        claims = set(number_claims(size))
        return bool(claims) and any(
            claims & set(number_claims(f.value))
            for subject in find_subjects(list(name))
            for attribute in BOTH_SIZES
            for f in self.knowledge.facts_of(subject, attribute)
        )

    def claims_about(self, text: str, subjects: Sequence[str]) -> set[str]:
        """The numbers a sentence states of these models: those after a mention of one of them and before
        the next mention of another ("Scout (17B active), Maverick (17B active) and Behemoth (~2T)" states
        only ~2T of Behemoth). A sentence that names no other model states all its numbers of them."""
        mentions = sorted(
            (m.start(), m.end(), owner) for owner, pattern in _model_patterns() for m in pattern.finditer(text)
        )
        if not any(owner not in subjects for _, _, owner in mentions):
            return set(number_claims(text, self.names.families))
        found: set[str] = set()
        for k, (_, end, owner) in enumerate(mentions):
            if owner in subjects:
                stop = next((start for start, _, o in mentions[k + 1 :] if o not in subjects), len(text))
                found |= set(number_claims(text[end:stop], self.names.families))
        return found


@cache
def _model_patterns() -> tuple[tuple[str, re.Pattern[str]], ...]:
    """For each model of the lexicon, a pattern matching its name or an alias in running text."""
    patterns = []
    for subject in SUBJECTS:
        spelled = sorted({subject.name.lower(), *subject.aliases}, key=len, reverse=True)
        alternatives = "|".join(r"[\s-]*".join(re.escape(w) for w in words(a)) for a in spelled if words(a))
        patterns.append((subject.name, re.compile(rf"\b(?:{alternatives})\b", re.I)))
    return tuple(patterns)
