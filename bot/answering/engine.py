"""The answering engine: one question in, one typed, cited Answer out.

Retrieved evidence decides; rules refine. Every question is first retrieved
against the articles' sentences, and the evidence says whether it is in scope
(``bot.answering.domain``). Then the question's shape (``bot.answering.forms``) picks the layout:
a stored fact when the question asks for exactly that fact (model, attribute and
qualifier), the sources' own verdicts and a table for a comparison, each part of a
multi-part question, "not stated" when the articles name the thing but never give
the value, and otherwise the sentences that answer best, best first.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace
from functools import cached_property
from pathlib import Path

from bot.answering.checks import ValueChecks
from bot.answering.combine import combine
from bot.answering.comparisons import Comparisons
from bot.answering.compose import (
    FAMILY_ATTRIBUTES,
    fact_answer,
    facts_for,
    family_as_models,
    missing_qualifiers,
    with_denial_reasons,
)
from bot.answering.disagreement import contradicts, dissent
from bot.answering.domain import (
    FILLER,
    OPINION_WORDS,
    PIECE_WORDS,
    SUMMARY_WORDS,
    VIEW_WORDS,
    Thresholds,
)
from bot.answering.follow_ups import FollowUp, asked_again, correction, follow_up, remembered, same_as_before, topic
from bot.answering.forms import (
    ACCOUNT_OPENERS,
    ACCOUNT_WORDS,
    FOLLOW_UP_START,
    Expect,
    Form,
    Shape,
    account_verb,
    asks_which_one,
    naming_verb,
    question_after_interjection,
    question_after_preamble,
    question_before_postamble,
    quoted_question,
    split_parts,
)
from bot.answering.holders import holders
from bot.answering.query import ELLIPTICAL, Query, parse_question
from bot.answering.reading import Reader, Reading, skill_judged
from bot.answering.refusals import Refusals, abstain
from bot.answering.sheets import Sheets
from bot.answering.shown import snippet_answer, with_passages
from bot.answering.snippets import (
    CAUSE_CUES,
    KEEP_RELATIVE,
    MAX_SNIPPETS,
    REFERRING,
    Snippet,
    choose,
)
from bot.answering.source_list import cited_list, source_list
from bot.answering.source_views import asks_a_view, source_view
from bot.answering.verdicts import asks_negated, listed, prose_verdict, without_verdict
from bot.config import MAX_QUESTION_CHARS
from bot.knowledge import cache as knowledge_cache
from bot.knowledge.attributes import SETTING_KINDS
from bot.knowledge.base import Knowledge, load_knowledge
from bot.knowledge.entities import Names
from bot.knowledge.index import Index, Weighting
from bot.knowledge.lexicon import FAMILY_MODELS, FILLER_WORDS, LLAMA4, QUALIFIERS, SUBJECT_BY_NAME, SUBJECTS
from bot.knowledge.matching import (
    GENERIC,
    attribute_matches,
    find_attributes,
    find_qualifiers,
    find_subjects,
)
from bot.knowledge.sizes import STATUS_ATTRIBUTE, called
from bot.language.dictionary import is_word
from bot.language.text import (
    STOP_WORDS,
    holds_phrase,
    holds_words,
    normalise_query,
    respell_question_words,
    stem,
    tokens,
    with_dropped_g,
    words,
)
from bot.models import NO_VALUE, Answer, AnswerKind, Turn

SPEC_WORDS = frozenset({"spec", "specs", "sheet", "stats", "info", "details", "overview", "everything", "all"})
TOGETHER_CANDIDATES = 5  # sentences of a whole message looked at for one holding its question's and chat's words
ABOUT_COVERAGE = 0.5  # a sentence naming the model asked about leads unless it holds under half as much
OPEN_SHARE = 0.5  # ... and with this share, a question that names an attribute asks about more than its value
KEEP_EXPLAINING = 0.5  # an explanation shows a further sentence at this share of the best one's score
DECISIVE_CANDIDATES = 4  # best sentences of a yes/no question read for one that takes a stance ...
DECISIVE_SCORE = 0.9  # ... and scores this share of the best one's
STANCE_CANDIDATES = 12  # ... or, denying every word asked, among this many
EVIDENCE_LEADS = 1.5  # a sentence holding this many times the share a fact's quote holds is shown before it
RESIDUAL_SHARE = 0.25  # a question with this share of its weight beyond model and attribute asks more than a value


VERDICT_COVERAGE = {"No": 0.5}  # share of the question a sentence must hold for its verdict to lead
MAX_PARTS = 4
_BOTTOM_LINE = ("bottom", "line")  # asks for the gist as a phrase; "line" alone is the model line-up
MAX_CITED = 25  # articles a turn remembers as cited by its answer


# words asking for the family's models themselves ("how many llama 4 models", "the llama 4 lineup")
_LINE_UP = re.compile(
    r"\b(?:how many|which|what|list|name)\s+(?:[\w.-]+\s+){0,3}?(?:models|variants|versions)\b|\bline-?up\b", re.I
)
_COUNT_WORDS = {2: "two", 3: "three", 4: "four", 5: "five", 6: "six"}
_EVERY = frozenset({"all", "every", "each"})
_MEMBERS = frozenset({"model", "models", "them", "one", "variants", "versions", "llama", "llama4"})  # counted
LABEL_ONLY = 1  # words a sentence may add to the value it states and still say nothing more than the value


def _claims_every_member(text: str) -> bool:
    """Whether a claim is about every model of the family: "all 3 were released", "each one", "the three models";
    not "like every article says" nor "we are 3 people"."""
    count = len(FAMILY_MODELS)
    counts = {str(count), _COUNT_WORDS.get(count, str(count))}
    counted_after_every = _MEMBERS | counts  # "all 3 were", "each one was"
    said = words(text)
    for i, word in enumerate(said):
        after = said[i + 1 : i + 4]
        if word in _EVERY and not counted_after_every.isdisjoint(after):
            return True
        if word in counts and not _MEMBERS.isdisjoint(after):  # "the 3 models", "three llama 4 models"
            return True
    return False


class Engine:
    def __init__(
        self, knowledge: Knowledge, index: Index, thresholds: Thresholds | None = None, names: Names | None = None
    ) -> None:
        self.knowledge = knowledge
        self.index = index
        self.thresholds = thresholds or Thresholds()
        self.reader = Reader(knowledge, index, names)
        self.names = self.reader.names
        self._subjects_with_facts = [s.name for s in SUBJECTS if knowledge.attributes_of(s.name)]
        self.refusals = Refusals(knowledge, self.reader, self.names, index, self._subjects_with_facts)
        self.sheets = Sheets(knowledge, self.names, self._subjects_with_facts)
        self.checks = ValueChecks(knowledge, self.reader)
        self.comparisons = Comparisons(knowledge, self.reader, index)

    @classmethod
    def load(cls, knowledge_dir: Path, weighting: Weighting = "bm25", cache: bool = True) -> Engine:
        """Load the knowledge and its index (from the cache under ``knowledge/.index`` when fresh)."""
        if not cache:
            knowledge = load_knowledge(knowledge_dir)
            return cls(knowledge, Index.build(knowledge, weighting))
        knowledge, index, names = knowledge_cache.load(knowledge_dir, weighting)  # no parsing when fresh
        return cls(knowledge, index, names=names)

    # --- questions ------------------------------------------------------------------------------------

    def read(self, text: str, previous: Turn | None = None, inherit: Sequence[str] = (), topic: str = "") -> Reading:
        """How the engine reads a question (for calibration and diagnostics)."""
        return self.reader.read(text, previous, inherit, topic)

    def answer(self, question: str, previous: Turn | None = None) -> Answer:
        whole = normalise_query(question, MAX_QUESTION_CHARS + 1)  # one character more: was it cut?
        text = whole[:MAX_QUESTION_CHARS].rstrip()  # what normalise_query(question) gives, without a second pass
        text = respell_question_words(text)  # "wen behemoth weights": "when"
        text = with_dropped_g(text)  # "when's behemoth droppin": "dropping"
        text = self.names.with_versions_written(text)  # "llama four", "all three llama 4s": "llama 4"
        if not text or not any(ch.isalnum() for ch in text):
            return abstain(text, "Please ask a question about Llama 4, for example: what is Scout's context window?")
        asked = follow_up(text)
        if asked is not None:  # "tell me more", "why?": about the conversation's topic, if there is one
            answer = self._follow_up(text, asked, previous or Turn(question=""))
        else:
            corrected = correction(text)  # "no, I meant Maverick": "and Maverick"
            # "and maverick?" after "can i run scout at home?": that question, of Maverick
            again = asked_again(corrected or text, previous) if previous is not None else None
            if previous is not None and again is None:  # "... on the same machine?": the machine named before
                again = same_as_before(corrected or text, previous, parse_question(previous.question).residual)
            alone = self._before_chat(text, previous) if not (again or corrected) else None
            answer = alone or self._by_parts(again or corrected or text, previous)
            if corrected or again:
                answer = answer.model_copy(update={"question": text})
            # "my boss wants a writeup by friday lol. what are its weaknesses?": the chat before a question that
            # is refused with it may be what refused it; not a model the articles never mention ("I'm asking
            # about Mistral Large. what is its context window?")
            # (not a refusal that shows what is stated instead: "about maverick on groq: how much does it cost?")
            # "whats maverick's context window? trying to see if it takes our whole repo": so may the chat after it
            if answer.abstained and not answer.citations:
                answer = self._without_chat(text, previous) or answer
        answer = with_denial_reasons(self.knowledge, answer)  # "... was not the model users were running": and why
        if len(whole) > MAX_QUESTION_CHARS:
            note = f"(Your question was longer than {MAX_QUESTION_CHARS} characters; I read only the start.)"
            answer = answer.model_copy(update={"evidence": (*answer.evidence, note)})
        if answer.turn is None and answer.abstained and previous is not None:  # the conversation goes on, but a
            answer = answer.model_copy(update={"turn": previous.model_copy(update={"cited": ()})})  # "source?" after
            # a refusal names no article of the answer before it
        if answer.turn is not None and answer.citations:
            # what was shown, for a "tell me more" after it, and where it came from, for a "source?"
            shown = remembered([c.quote for c in answer.citations], answer.turn.shown)
            cited = tuple(dict.fromkeys(c.source for c in answer.citations))[:MAX_CITED]
            answer = answer.model_copy(update={"turn": answer.turn.model_copy(update={"shown": shown, "cited": cited})})
        return answer

    def _before_chat(self, text: str, previous: Turn | None) -> Answer | None:
        """The answer to a question about a model that a message opens with, when only chat follows it ("will
        scout run on my 4090? asking before i waste a weekend"): the chat's words ("weekend") would search for
        sentences of their own. None when there is no such chat or the question alone is refused."""
        question = question_before_postamble(text)
        if not question or not self.reader.read(question, previous).query.subjects:
            return None
        after = text[len(question) :]
        if any(ch.isdigit() for ch in after):  # "will scout run on my 4090? its 24gb": the budget, no chat
            return None
        chat = self.reader.read(after)
        if chat.query.subjects or chat.named or chat.unknown:  # "... i heard gpt-5": a claim to weigh, no chat
            return None
        if chat.query.attributes:  # "how big is maverick? I mean total parameters, not active": what is meant
            return None
        if self._said_together(self.reader.read(question, previous), chat):  # "what data was llama 4 trained
            return None  # on? heard something about instagram posts": a sentence holds both, the chat narrows it
        found = self._by_parts(question, previous)
        return None if found.abstained else found.model_copy(update={"question": text})

    def _said_together(self, question: Reading, chat: Reading) -> bool:
        """Whether the chat names something the articles write as a name ("Instagram") and a sentence the whole
        message finds holds it with a word the question asks beyond its models' names: the chat is then part of
        the question, not talk around it ("asking for my startup", "my team wants to ship a product")."""
        names = self.reader.terms_of(" ".join(self.reader.spelled_words(question.query.subjects)))
        asked = set(question.weights.known) - names
        said = {t for t in chat.weights.known if t not in asked and self.reader.written.name(t)}
        if not asked or not said:
            return False
        whole = self.reader.read(f"{question.query.text} {chat.query.text}")
        return any(
            (held := self.reader.terms_of(s.text)) & asked and held & said for s in whole.ranked[:TOGETHER_CANDIDATES]
        )

    def _without_chat(self, text: str, previous: Turn | None) -> Answer | None:
        """The answer to the question of a message without the chat before or after it, when that chat names
        nothing the articles never mention; None when there is no such chat, or the question alone is refused
        too. The chat after a question is dropped only from a question that names a model of theirs: "how long
        do llamas live? thinking of getting two for the farm" is all one question. A question the message quotes
        ('my boss keeps asking "what is Behemoth"') is asked as the chat before it would be."""
        candidates = [
            (question_after_preamble(text), False),
            (question_after_interjection(text), False),  # "wait what happened with the lmarena thing"
            (question_before_postamble(text), True),
            (quoted_question(text), False),
        ]
        for question, after in candidates:
            if not question:
                continue
            chat = text.replace(question, " ", 1)
            said = self.reader.read(chat)
            if said.unknown or self._names_another_model(said, question):  # "gemini what is the context window",
                continue  # "i'm on gemini 2.5 pro but what is its context window": the chat says what it is about
            alone = self.reader.read(question, previous)
            if after and not alone.signals.anchored:
                continue
            if not after and _chooses_among(alone, chat):  # "js: async/await or .then()? which is better": the
                continue  # things to choose between are in the words before it, no chat
            retried = self._by_parts(question, previous)
            if not retried.abstained:
                return retried.model_copy(update={"question": text})  # the whole message is what was asked
        return None

    def _names_another_model(self, chat: Reading, question: str) -> bool:
        """Whether the chat names another maker's model that the question does not ("gemini what is ...")."""
        asked = self.reader.read(question)
        models = {s for s in chat.query.subjects if SUBJECT_BY_NAME[s].peer} | {
            n for n in chat.named if self.reader.is_model(n) and len(n) > 1  # not "back to llama:", the family word
        }
        return bool(models - set(asked.query.subjects) - set(asked.named))

    @cached_property
    def _piece_terms(self) -> frozenset[int]:
        """The terms of the words for a piece of writing ("review", "article")."""
        return frozenset(self.index.terms_of(" ".join(PIECE_WORDS)))

    def _by_parts(self, text: str, previous: Turn | None) -> Answer:
        """The answer to a question of one part or several."""
        parts = split_parts(text, lambda said: bool(self.reader.source_names.mentioned(said)[0]))
        return self._multi(text, parts, previous) if len(parts) > 1 else self._single(text, previous)

    def _follow_up(self, text: str, asked: FollowUp, previous: Turn) -> Answer:
        """ "tell me more" or "why?" about the previous turn's topic: the passages that explain it, leaving out
        the quotes already shown. The conversation stays on that topic. "source?" lists the articles the
        previous answer quoted."""
        if asked is FollowUp.SOURCE:
            listed = cited_list(self.knowledge.article_fields(), previous.cited)
            if not listed:
                return abstain(text, NO_TOPIC[asked]).model_copy(update={"turn": previous})
            return Answer(question=text, kind=AnswerKind.INFO, text=listed, turn=previous)
        labels = [self.knowledge.attribute(a).label for a in previous.all_attributes()]
        about, on = topic(previous, labels)
        if not any(ch.isalnum() for ch in about):
            return abstain(text, NO_TOPIC[asked])
        reading = self.reader.read(f"tell me about {on}" if asked is FollowUp.MORE else f"why {on}")
        shown = previous.shown
        ranked = [s for s in reading.ranked if not any(s.text in q for q in shown)]
        if asked is FollowUp.WHY:  # a reason, in the sentence that gives it ("because", "meant to", ...)
            ranked = [s for s in ranked if CAUSE_CUES.search(s.text)]
        reading = replace(reading, ranked=ranked)
        found = self._evidence(reading, previous, brief=False) if ranked else None
        if found is None or found.abstained:
            said = (
                f"That is all my sources say about {about}."
                if asked is FollowUp.MORE
                else f"My sources give no reason for that ({about})."
            )
            return abstain(text, said).model_copy(update={"turn": previous})
        return found.model_copy(update={"question": text, "turn": previous})

    def _multi(self, text: str, parts: Sequence[str], previous: Turn | None) -> Answer:
        """Each part answered in turn; a part that names no model takes the nearest other part's ("how many
        tokens and how many GPU hours went into Maverick"), and so does "it" compared with another model ("...,
        and is it faster than Scout?")."""
        answers: list[Answer] = []
        named = [
            tuple(parse_question(part, None, *called(self.knowledge, words(part))).subjects)
            for part in parts[:MAX_PARTS]
        ]
        for k, part in enumerate(parts[:MAX_PARTS]):
            nearest = sorted((abs(k - j), j) for j, s in enumerate(named) if s and j != k)  # of another part
            inherit = named[nearest[0][1]] if nearest else ()
            topic = parts[0] if k else ""
            # "is it true maverick has 128 experts? and how many does scout have?": a part that leaves out what it
            # asks of the model it names asks what the part before it asked, as it would in the next message
            before = answers[-1].turn if answers and not answers[-1].abstained else None
            if before is not None and before.all_attributes() and self._model_alone(part):
                answers.append(self._single(part, before, inherit=inherit, brief=True, topic=topic, continues=True))
                continue
            if before is not None:  # "... active params ..., and how many total": total parameters
                part = self._with_the_noun_before(part, before.all_attributes())
            answers.append(self._single(part, previous, inherit=inherit, brief=True, topic=topic))
        answered = [a for a in answers if not a.abstained]
        if answers[0].abstained or not answered:
            return answers[0]  # the later parts lean on the first: without it they are not this question
        pieces: list[Answer] = []
        for a, part in zip(answers, parts, strict=False):
            if any(without_verdict(a.text) == without_verdict(p.text) or _same_quotes(a, p) for p in pieces):
                continue  # "release date? when did Scout ship": two parts with one answer show it once, and so do
                # "will it run on my 24gb card? how much memory does it need" (the first with a verdict)
            if a.kind is AnswerKind.SNIPPETS and a.citations and all(_shown_in(c.quote, pieces) for c in a.citations):
                continue  # "what's LeCun's role, and what does he think of scale-only approaches?": the sentence
                # that answers the second is shown for the first (not only cited under a value it states)
            pieces.append(
                a if not a.abstained else a.model_copy(update={"citations": (), "text": f"({part}: {a.text})"})
            )
        return combine(text, pieces, kind=answered[0].kind).model_copy(update={"turn": answered[-1].turn})

    def _with_the_noun_before(self, part: str, attributes: Sequence[str]) -> str:
        """A part that names no attribute but a word of another attribute's label, with the word of the label of the
        attribute the part before asked that makes it name that one: "how many total" after the active
        parameters asks "how many total parameters". The widened part must leave nothing over, and the attribute
        it names must hold a word of the part ("total"): "and is that good?" is widened into nothing."""
        if not attributes or parse_question(part).attributes:
            return part
        said = set(words(part))
        for attribute in attributes:
            for word in words(self.knowledge.attribute(attribute).label):
                if word in said:
                    continue
                widened = parse_question(f"{part} {word}")
                other = set(widened.attributes).isdisjoint(attributes)
                own = any(  # a word of its own, not "on" of "Fits on one H100"
                    (said - STOP_WORDS) & set(words(self.knowledge.attribute(a).label)) for a in widened.attributes
                )
                if widened.strong_attributes and not widened.residual and other and own:
                    return f"{part} {word}"
        return part

    def _model_alone(self, part: str) -> bool:
        """Whether a part of a question leaves out what it asks of the model it names: a count or amount of nothing
        ("how many does scout have"), "what about maverick", or the model alone ("and maverick?"). Not "what is
        maverick", "tell me about maverick" or "is maverick any good", which ask of the model itself, nor a part
        that compares ("is that better than gpt-4o?" weighs the value the part before asked)."""
        asked = parse_question(part)
        if not asked.subjects or asked.attributes or asked.residual or asked.comparative:
            return False
        named = self.reader.spelled_words(asked.subjects)
        return bool(ELLIPTICAL.search(part.lower())) or not [
            w for w in words(FOLLOW_UP_START.sub("", part)) if w not in named
        ]

    def _single(
        self, text: str, previous: Turn | None, inherit: Sequence[str] = (), brief: bool = False, topic: str = "",
        continues: bool = False,
    ) -> Answer:  # fmt: skip
        reading = self.reader.read(text, previous, inherit, topic, continues)
        query, form = reading.query, reading.form
        turn = query.turn()
        if reading.unknown and (
            query.comparative or reading.compared_with_unknown or not (query.subjects or reading.named)
        ):
            return self.refusals.not_covered(reading)
        if reading.sources and not query.attributes and asks_a_view(self.reader, reading):
            verdicts = source_view(self.reader, reading)  # "what does the VC newsletter think of Llama 4": where that
            if verdicts:  # source sums up (at most MAX_SNIPPETS places, after its lede when only the piece is asked)
                return self._snippet_answer(
                    reading, with_passages(self.reader.units, verdicts[:1] if brief else verdicts), turn
                )
        # "scout or maverick for summarizing huge legal docs?": a choice between two models it names is theirs to
        # weigh, whatever words the use case takes and however little of them the articles hold
        chooses = (query.compare or form.form is Form.CHOICE) and len(query.subjects) >= 2
        if not reading.signals.answerable(self.thresholds) and not chooses:
            return abstain(text)
        if query.attributes and (asks_which_one(query.text) or form.expect is Expect.NAME):
            held = self._holders(query)  # "which model has 128 experts", "... trained on 40T tokens": the model
            # whose figure it is, whatever words of the question the articles never use ("40T")
            if held:
                found = fact_answer(self.knowledge, query.text, held, query.attributes, query.qualifiers, turn)
                if found is not None:
                    return found
        if reading.signals.unknown_share > self.thresholds.unknown and not self._stored(query) and not chooses:
            return self.refusals.not_stated(reading)  # "scout aime score": the articles never use the word it turns on
        if self.refusals.asks_only_unknown(reading):
            return self.refusals.not_stated(reading)  # "does Scout support GGUF": the thing asked is no word of
            # theirs
        if form.form is Form.LOOKUP and query.attributes and self.refusals.modified_by_unknown(query):
            return self.refusals.not_stated(reading)  # "knowledge cutoff date": the date of a thing the articles
            # never name
        compared = [*query.subjects, *(self.names.display(n) for n in reading.named if self.reader.is_model(n))]
        if len(compared) == 1 and not query.attributes and self._asks_opinion(query, reading):
            # "what do the reviews say": the words for the pieces find their bylines, not their verdicts
            terms = {t: w for t, w in reading.ask.terms.items() if t not in self._piece_terms}
            summing_up = self.reader.closing(replace(reading, ask=replace(reading.ask, terms=terms)))
            verdicts = choose([s for s in summing_up if s.about], 1 if brief else MAX_SNIPPETS)
            if verdicts:  # "is scout any good": what the sources conclude about it, in their closing words
                return self._snippet_answer(reading, with_passages(self.reader.units, verdicts), turn)
        if compared == [LLAMA4] and query.attributes and asks_which_one(query.text):
            compared = family_as_models(self.knowledge, compared, query.attributes)[1]  # "which llama 4 model has the
            if len(compared) >= 2:  # longest context": its models side by side, the one that wins first
                among = replace(reading, query=replace(query, subjects=tuple(compared)))
                return self._comparison(among, compared, turn)
        # "which one fits on one H100" after two models: one of those, with the sources' words on them; but
        # "which one is cheaper on openrouter" after their prices is settled by the figures, in the table
        by_figures = (
            query.follow_up and bool(query.attributes) and all(self.reader.is_numeric(a) for a in query.attributes)
        )
        choice = _asks_to_choose(reading) and not by_figures
        # "did behemoth beat gpt-5?": a claim about a model the facts have nothing of, which another source states
        # of other rivals, gets both sources' sentences
        claim = form.form is Form.YES_NO and not query.attributes and len(compared) > len(query.subjects)
        lead = reading.ranked[0] if reading.ranked else None
        disputed = claim and lead is not None and dissent(self.reader, reading, lead) is not None
        if len(compared) >= 2 and (choice or (query.comparative and not query.follow_up)) and not disputed:
            return self._comparison(reading, compared, turn)
        if query.compare:
            table = self.sheets.table(query, turn)
            if _empty_column(table) and len(compared) >= 2:  # "what about for coding" after Maverick vs DeepSeek V3:
                return self._comparison(reading, compared, turn)  # no DeepSeek figure; the sources' words on both
            return self.comparisons.with_verdict(query, table)
        subjects = query.subjects
        if subjects and query.qualifiers and not query.attributes:  # "deepinfra maverick output": its prices
            query = replace(query, attributes=self._qualified_attributes(subjects[0], query))
            reading = replace(reading, query=query)
        family = set(query.attributes) <= FAMILY_ATTRIBUTES
        other_model = any(self.reader.is_model(n) for n in reading.named)  # a model the lexicon has no facts for
        if not subjects and query.strong_attributes and not other_model and not query.residual and family:
            subjects = (LLAMA4,)
        if subjects and query.attributes and form.form not in (Form.EXPLAIN, Form.CHOICE) and not other_model:
            if self._scored_on_another(reading):  # "Maverick's score on SWE-bench Verified": no stored score is
                return self.refusals.not_stated(reading)  # of that; every other score is no answer to it
            found = self._fact(reading, subjects, turn, brief)
            if found is not None and self._judges_scores(reading) and not brief:
                # "is Maverick any good for coding": the sources' verdict on it first, the scores after
                judged = self._evidence(reading, turn, brief)
                return found if judged.abstained else combine(query.text, [judged, found], kind=AnswerKind.SNIPPETS)
            if found is not None:
                return found
            if query.qualifiers:  # the provider or precision named must be in the sentence that answers
                named = [  # "Together AI" by its name, not any sentence with "AI" in it
                    words(a) for q in query.qualifiers for a in (q, *QUALIFIERS.get(q, ())) if _names_a_provider(a)
                ]
                # the provider's own sentences, looked up by model and provider, not only among the question's
                narrow = self.reader.read(" ".join([*subjects, *query.qualifiers]), inherit=subjects)
                # a figure that depends on where the model runs needs a figure of its unit there: "AWS/GCP/Azure can
                # cut costs 60-80%" is no price on Azure
                setting = all(self.knowledge.attribute(a).kind in SETTING_KINDS for a in query.attributes)
                ranked = [  # ... and of the attribute asked: a price row is no speed on Groq
                    s
                    for s in narrow.ranked
                    if s.about
                    and any(holds_phrase(s.text, n) for n in named)
                    and (self.reader.fits(reading, s) or (not setting and self.reader.names_attribute(reading, s.text)))
                ]
                if not ranked:  # nothing on that provider for this model: say so, and give what is stated
                    found = fact_answer(self.knowledge, text, subjects, query.attributes, query.qualifiers, turn)
                    if found is not None:  # not the answer asked for: a refusal that shows what is stated
                        return found.model_copy(update={"kind": AnswerKind.ABSTAINED})
                if ranked:  # what the sources say about that model on that provider, as they say it
                    return self._snippet_answer(reading, choose(ranked, 1 if brief else MAX_SNIPPETS), turn)
        elif subjects == (LLAMA4,) and not (query.attributes or reading.named) and _asks_line_up(form, text):
            return self._line_up(reading, turn) or self._evidence(reading, turn, brief)
        elif subjects and not (query.attributes or reading.named or brief) and self._bare(query, reading):
            return self.sheets.specs(subjects[0])
        elif not subjects and query.attributes == ("release_date",) and query.residual and not other_model:
            # "on what date was that denial": the date of what the other words name, not the family's release
            unguessed = replace(query, attributes=(), strong_attributes=False)
            reading = replace(reading, query=unguessed, attribute_terms=frozenset(), typed_attribute=frozenset())
        return self._evidence(reading, turn, brief)

    def _line_up(self, reading: Reading, turn: Turn) -> Answer | None:
        """ "How many Llama 4 models are there?": the family's models the sources have facts of, counted and named,
        with the sentences that name them all; None when no sentence does."""
        members = [m for m in FAMILY_MODELS if self.knowledge.attributes_of(m)]
        spellings = [self.reader.spellings(m) for m in members]

        def names_all(text: str) -> bool:
            said = set(words(text))
            return all(any(spelled <= said for spelled in spelled_as) for spelled_as in spellings)

        found = self.reader.read(" ".join(members))  # the sentences on the models, not on "how many"
        naming = [s for s in found.ranked if not s.heading and names_all(s.text)]
        if len(members) < 2 or not naming:
            return None
        quoted = self._snippet_answer(reading, choose(naming, 2), turn)
        count = _COUNT_WORDS.get(len(members), str(len(members)))
        said = f"The sources name {count} {LLAMA4} models: {listed(members)}."
        return quoted.model_copy(update={"text": f"{said}\n{quoted.text}"})

    def _holders(self, query: Query) -> list[str]:
        """The models a question asks for by a figure it states ("which model has 128 experts", "which llama 4
        model was trained on 40T tokens"): among the ones it names (the family's, for "llama 4"), or among
        every model with a value of the attribute when it names none."""
        if len(query.subjects) == 1 and query.subjects[0] != LLAMA4:
            return []  # one model named: no model is asked for
        named = [s for s in query.subjects if s != LLAMA4]
        if LLAMA4 in query.subjects:
            named += family_as_models(self.knowledge, [LLAMA4], query.attributes)[1]
        candidates = named or list(
            dict.fromkeys(f.subject for f in self.knowledge.facts if f.attribute in query.attributes)
        )
        return holders(self.knowledge, query.text, query.attributes, candidates, self.names.families)

    def _judges_scores(self, reading: Reading) -> bool:
        """Whether a yes/no question asks for a judgement of scores ("is Maverick any good for coding", "is
        Scout decent at reasoning"): a word of opinion, and every attribute asked a benchmark score."""
        query = reading.query
        if reading.form.form is not Form.YES_NO or OPINION_WORDS.isdisjoint(words(query.text)):
            return False
        return all(self.knowledge.attribute(a).kind == "score" for a in query.attributes)

    def _asks_opinion(self, query: Query, reading: Reading) -> bool:
        """Whether the question asks only what the sources think of the model ("is Scout any good", "thoughts
        on Behemoth", "is Maverick worth it")."""
        said = skill_judged(words(query.text))  # "what is it good at" asks where it is strong, no opinion
        asked = set(said) | ({"summary"} if holds_words(said, _BOTTOM_LINE) else set())  # "bottom line on Scout"
        asked -= set(_BOTTOM_LINE)
        rest = asked - self.reader.spelled_words(query.subjects) - STOP_WORDS - FILLER - FILLER_WORDS
        asks = OPINION_WORDS | SUMMARY_WORDS  # "tl;dr of Llama 4": where the sources sum it up, not a spec sheet
        return bool(asked & asks) and rest <= asks | VIEW_WORDS | PIECE_WORDS and not reading.named

    def _bare(self, query: Query, reading: Reading) -> bool:
        """Whether the question is just a model's name ("scout?", "maverick specs"): then its spec sheet."""
        spelled = self.reader.spelled_words(query.subjects)
        account = account_verb(query.text)  # "tell me about Scout", "give me a rundown of Behemoth"; "what
        if account == "what happened":  # happened to Maverick" asks for a story, not its spec sheet
            return False
        said = skill_judged(words(query.text))  # "what is Scout good at" is no bare name
        if account or ACCOUNT_WORDS & set(said):
            spelled |= ACCOUNT_WORDS | ACCOUNT_OPENERS | set(words(account or ""))
        rest = [w for w in said if w not in spelled | STOP_WORDS | FILLER | SPEC_WORDS]
        return (reading.form.form is Form.LOOKUP or account is not None) and not rest

    def _stored(self, query: Query) -> bool:
        """Whether the question names a model and an attribute outright that a stored fact pairs
        ("scout doc vqa numbr": the typos around a plain lookup do not make it another question)."""
        return (
            query.strong_attributes
            and not self.refusals.modified_by_unknown(query)
            and any(facts_for(self.knowledge, s, a) for s in query.subjects for a in query.attributes)
        )

    def _scored_on_another(self, reading: Reading) -> bool:
        """Whether a word for any score is followed by "on" and a test that is none of the attributes, models or
        providers the lexicon knows, and that no sentence found states anything of ("score on SWE-bench Verified":
        no stored score is of SWE-bench; "score on MMLU Pro" is MMLU Pro's; "score on needle in a haystack" is
        what the articles say of that test)."""
        said = words(reading.query.text)
        for match in attribute_matches(said, True):
            scores = all(self.knowledge.attribute(a).kind == "score" for a in match.value.attributes)
            if len(match.value.attributes) < GENERIC or not scores or said[match.end : match.end + 1] != ["on"]:
                continue
            rest = [w for w in said[match.end + 1 :] if w not in STOP_WORDS][:4]
            if not rest or find_attributes(rest) or find_subjects(rest) or find_qualifiers(rest):
                continue
            test = self.index.terms_of(" ".join(rest))
            stating = [  # a sentence on that test, of the model asked or of no model ("Claude ... leads on SWE-bench"
                s  # is no word on Maverick's)
                for s in reading.ranked[:STANCE_CANDIDATES]
                if test <= self.reader.terms_of(s.text) and (s.about or not any(c.startswith("m:") for c in s.claims))
            ]
            if not test or not stating:
                return True
        return False

    def _qualified_attributes(self, subject: str, query: Query) -> tuple[str, ...]:
        """The attributes whose facts for this model carry the provider or precision named, narrowed to
        the input or output side when the question says which."""
        found = [
            f.attribute
            for a in self.knowledge.attributes_of(subject)
            for f in self.knowledge.facts_of(subject, a)
            if f.qualifier and any(q.lower() in f.qualifier.lower() for q in query.qualifiers)
        ]
        attributes = tuple(dict.fromkeys(found))
        said = set(words(query.text))
        for side in ("input", "output"):
            chosen = tuple(a for a in attributes if a.endswith(f"_{side}"))
            if side in said and chosen and f"_{'output' if side == 'input' else 'input'}" not in " ".join(said):
                return chosen
        return attributes

    def _fact(self, reading: Reading, subjects: Sequence[str], turn: Turn, brief: bool) -> Answer | None:
        """The stored fact, when the question asks for it: the right model, attribute and qualifier.

        None hands the question to the evidence: when it names a provider the facts do not have, or
        asks more than the value ("which version of Maverick did Meta send to LMArena"), in which case
        the sentence that holds those words leads and the fact follows.
        """
        query = reading.query
        if any(missing_qualifiers(self.knowledge, s, a, query.qualifiers) for s in subjects for a in query.attributes):
            return None  # "Scout's context on Groq": the provider's own figure is in the text, not the fact
        if reading.form.expect is Expect.NUMBER and not any(self.reader.is_numeric(a) for a in query.attributes):
            return None  # "how many images per prompt?": a list of modalities is no count; the text may hold one
        found = fact_answer(
            self.knowledge, query.text, subjects, query.attributes, query.qualifiers, turn, reading.sources
        )
        family_lookup = tuple(subjects) == (LLAMA4,) and reading.form.form is Form.LOOKUP  # not "is there a llama 4"
        if family_lookup and query.strong_attributes and not query.residual:
            # the family's models when it has no figure of its own ("llama 4 livecodebench"); after its own figure,
            # the models' own figures of a number ("how many tokens was llama 4 trained on": 30T, then 40T and 22T)
            members = self._with_own_figures(query.attributes) if found is not None else family_as_models(
                self.knowledge, subjects, query.attributes
            )[1]  # fmt: skip
            if members:
                models = [*subjects, *members] if found is not None else members
                found = fact_answer(
                    self.knowledge, query.text, models, query.attributes, query.qualifiers, turn, reading.sources
                ) or found  # fmt: skip
        if found is not None and naming_verb(query.text):
            return None  # "what's the license called?": the license's name is asked, not its terms; the text has it
        if found is None:
            if query.strong_attributes and reading.form.form is Form.LOOKUP and not self.reader.states(reading):
                return self.refusals.not_stated(reading)
            return None
        verdict = self.checks.comparative(reading, subjects)  # "does scout have a longer context than maverick?":
        if verdict is not None:  # "Yes" or "No", then both models' values
            return found.model_copy(update={"text": f"{verdict} — {found.text}"})
        residual = {t for w in query.residual if (t := self.index.resolve(stem(w), w)) is not None}
        total = reading.weights.total
        weight = sum(float(self.index.idf[t]) for t in residual)
        if residual and total > 0 and weight / total >= RESIDUAL_SHARE and not query.strong_attributes:
            checked = self.checks.budget_checked(reading, subjects, found)
            if checked is not found:  # "my mac has 96gb, can I run scout locally?": the figure it states settles it
                shown = None if brief else self._evidence(reading, turn, brief=True)
                return checked if shown is None or shown.abstained else combine(query.text, [checked, shown])
            # "Maverick's SWE-bench score": a benchmark the facts lack is the question, not "score". But a model
            # that is not out has its status for any "when" ("when can we download Behemoth": still training),
            # when no sentence dates what is asked; a released model's date answers no other "when"
            stated = [f for s in subjects for a in query.attributes for f in facts_for(self.knowledge, s, a)]
            unreleased = reading.form.expect is Expect.DATE and all(f.attribute == STATUS_ATTRIBUTE for f in stated)
            judged = self._evidence(reading, turn, brief) if unreleased and not query.qualifiers else None
            return found if judged is not None and judged.abstained else judged
        values = set(tokens(found.text))
        if not residual or total <= 0 or weight / total < RESIDUAL_SHARE:
            pending = self._pending_members(subjects, query.attributes)
            if pending:  # "when did llama 4 come out": the family's date, and the status of a model still in training
                models = [*subjects, *pending]
                found = fact_answer(
                    self.knowledge, query.text, models, query.attributes, query.qualifiers, turn, reading.sources
                ) or found  # fmt: skip
            found = self.checks.yes_no(reading, subjects, found)  # a plain lookup: the value is the answer
            if pending and reading.form.form is Form.YES_NO and _claims_every_member(query.text):
                # "all 3 models were released, correct?": not while one is still in training
                found = found.model_copy(update={"text": f"No — {without_verdict(found.text)}"})
            given = self.reader.terms_of(found.text) if residual else frozenset()
            said = next(  # ... and the sentence with the words it adds ("ranked 27th of 43"), after the value
                (
                    s
                    for s in reading.ranked[:3]
                    if residual and s.about and residual & self.reader.terms_of(s.text) - given
                ),
                None,
            )
            if not found.disagreement and not brief:
                found = self._checked(reading, found, turn)
            # a sentence that only labels the value shown adds nothing ("Expert configuration: 128 routed ...")
            if said is None or brief or len(set(tokens(said.text)) - values) <= LABEL_ONLY:
                return found
            pieces = [found, self._snippet_answer(reading, [said], turn)]
            if said.coverage >= EVIDENCE_LEADS * self._coverage_of(reading, found):  # the sentence answers more
                pieces.reverse()  # ("if it were a 109B dense model") than the stored value's quote: evidence leads
            return combine(query.text, pieces)
        benchmark = all(self.knowledge.attribute(a).kind == "score" for a in query.attributes)
        support = next(
            (
                s
                for s in reading.ranked[:3]
                if s.named
                and self.reader.held(s.text, residual, alike=True) >= 0.5 * weight  # "biggest": "the largest of"
                and not (benchmark and self._states_another(s.text, query.attributes))  # "what MMLU score is
                # reported": not the sentence that reports another benchmark (its LMArena ELO)
                and len(set(tokens(s.text)) - values) > LABEL_ONLY
                and not self.reader.off_kind(reading, s)
                and self.reader.counts(reading, s)  # "how many languages": not "no data supporting such a claim"
            ),
            None,
        )
        checked = self.checks.budget_checked(reading, subjects, found)  # "my mac has 96gb, can I run scout locally?"
        if support is None:  # "what law governs the license": more than the value is asked, and no sentence
            open_ended = reading.form.expect is Expect.ANY and weight / total >= OPEN_SHARE  # holds it beside it
            return None if open_ended and checked is found else checked
        if not self.reader.states_kind(reading, support):  # "the visual math test (MathVista)": visual tasks, no score
            return checked if brief else combine(query.text, [checked, self._snippet_answer(reading, [support], turn)])
        evidence = self._snippet_answer(reading, [support], turn)
        if checked is not found:  # the value settles the question ("... 96gb, can I run scout locally?": Yes), the
            return checked if brief else combine(query.text, [checked, evidence])  # sentence beside it says more
        pieces = [evidence] if brief else [evidence, found]
        if found.disagreement and reading.form.form is Form.YES_NO:  # "scout runs on one H100 at full precision,
            pieces = [found] if brief else [found, evidence]  # correct?": that the sources disagree settles it,
            # before one side's sentence
        answer = combine(query.text, pieces, kind=AnswerKind.SNIPPETS)
        settles = reading.form.form is Form.YES_NO and not found.disagreement  # no "No —" before "Sources disagree"
        verdict = self._prose_verdict(reading, [support], reading.ranked) if settles else None
        return answer.model_copy(update={"text": f"{verdict} — {answer.text}"}) if verdict else answer

    def _pending_members(self, subjects: Sequence[str], attributes: Sequence[str]) -> list[str]:
        """The family's models a source says are not out yet (they have a status fact), when the family's release
        date is asked: that date is not theirs."""
        if tuple(subjects) != (LLAMA4,) or tuple(attributes) != ("release_date",):
            return []
        return [m for m in FAMILY_MODELS if self.knowledge.facts_of(m, STATUS_ATTRIBUTE)]

    def _with_own_figures(self, attributes: Sequence[str]) -> list[str]:
        """The family's models with a figure of their own of each of these attributes, when all are numbers; a
        family fact of words (its license) is the family's alone."""
        if not all(self.reader.is_numeric(a) for a in attributes):
            return []
        return [m for m in FAMILY_MODELS if all(self.knowledge.facts_of(m, a) for a in attributes)]

    def _states_another(self, sentence: str, attributes: Sequence[str]) -> bool:
        """Whether the sentence is the quote of a fact of other attributes only."""
        stated = self._attributes_quoted.get(sentence)
        return stated is not None and stated.isdisjoint(attributes)

    @cached_property
    def _attributes_quoted(self) -> dict[str, frozenset[str]]:
        """The attributes of the facts each quote states."""
        found: dict[str, set[str]] = {}
        for fact in self.knowledge.facts:
            found.setdefault(fact.quote, set()).add(fact.attribute)
        return {quote: frozenset(attributes) for quote, attributes in found.items()}

    def _coverage_of(self, reading: Reading, found: Answer) -> float:
        """The largest share of the question's weight one quote of an answer holds."""
        total = reading.weights.total
        terms = set(reading.weights.known)
        held = max((self.reader.held(c.quote, terms) for c in found.citations), default=0.0)
        return held / total if total > 0 else 0.0

    def _checked(self, reading: Reading, found: Answer, turn: Turn) -> Answer:
        """A fact answer, with the sentence of another source that states the value otherwise."""
        query = reading.query
        facts = [
            f
            for s in query.subjects
            for a in query.attributes
            for f in facts_for(self.knowledge, s, a, query.qualifiers)
        ]
        sources = {f.source for f in facts} | {c.source for c in found.citations}
        qualified = [f.qualifier or "" for f in facts] if all(f.qualifier for f in facts) else []
        other = contradicts(self.reader, reading, [f.value for f in facts], sources, qualified)
        if other is None:
            return found
        shown = combine(reading.query.text, [found, self._snippet_answer(reading, [other], turn)])
        return shown.model_copy(update={"text": f"Sources differ:\n{shown.text}", "disagreement": True})

    def _evidence(self, reading: Reading, turn: Turn, brief: bool) -> Answer:
        form = reading.form
        ranked = reading.ranked
        asks_of = form.expect is not Expect.ANY or bool(reading.query.attributes)  # a value of the model named
        if reading.ask.subject_words and form.form in (Form.LOOKUP, Form.YES_NO) and asks_of:
            ranked = [s for s in ranked if s.named]  # "GPT-4.5's context window" needs a sentence about GPT-4.5
        if not ranked:
            return self.refusals.not_stated(reading)
        wants_value = form.expect is not Expect.ANY and form.form in (Form.LOOKUP, Form.YES_NO)
        asks_value = wants_value and form.expect is not Expect.PLACE  # "where to download": named if stated
        if asks_value and not self.reader.states(replace(reading, ranked=ranked)):  # among the sentences kept
            return self.refusals.not_stated(reading)
        if wants_value:  # "who made Scout?": a sentence naming someone leads, not one naming only models
            near = ranked if asks_value else [s for s in ranked if s.coverage >= ABOUT_COVERAGE * ranked[0].coverage]
            ranked = [s for s in near if s.stated and self.reader.counts(reading, s)] or ranked  # a place only
            # among sentences nearly as relevant; a count only where what it counts is named
        if reading.sources and ranked[0].source in reading.sources:  # "per value add vc, ...": that source's
            ranked = [s for s in ranked if s.source in reading.sources]  # words (another's only as a dissent)
        if reading.ask.own and form.form in (Form.LOOKUP, Form.YES_NO):  # "is Behemoth out yet?": about Behemoth
            about = [s for s in ranked if s.about]
            if about and about[0].coverage >= ABOUT_COVERAGE * ranked[0].coverage:
                ranked = about
        focus = self.reader.focus(reading) if form.form in (Form.LOOKUP, Form.YES_NO) else None
        if focus is not None:  # the sentence that answers must hold the word the question turns on
            ranked = [s for s in ranked if focus in self.reader.terms_of(s.text)]
            if not ranked:
                return self.refusals.not_stated(reading)
        if form.form is Form.YES_NO and form.expect is Expect.ANY:  # a prose yes/no: a stance first
            ranked = self._decisive_first(reading, ranked)
        explains = not asks_value and not brief  # no single value asked: the passages that explain
        chosen = choose(ranked, 1 if brief else MAX_SNIPPETS, KEEP_EXPLAINING if explains else KEEP_RELATIVE)
        # an explanation: the best sentence with the passage around it
        chosen = with_passages(self.reader.units, chosen, explains)
        if not chosen:  # only a heading was chosen and nothing under it can be shown: the best sentence instead
            chosen = with_passages(self.reader.units, [s for s in ranked if not s.heading][:1], explains)
        if not chosen:
            return self.refusals.not_stated(reading)
        other_view = dissent(self.reader, reading, chosen[0])
        if other_view is None:
            answer = self._snippet_answer(reading, chosen, turn)
            verdict = self._prose_verdict(reading, chosen, ranked) if form.form is Form.YES_NO else None
            if verdict:
                return answer.model_copy(update={"text": f"{verdict} — {answer.text}"})
            return self._from_other_sources(reading, answer)
        shown = [chosen[0], other_view, *(c for c in chosen[1:] if c.text != other_view.text)][: len(chosen) + 1]
        answer = self._snippet_answer(reading, shown, turn)
        return answer.model_copy(update={"text": f"Sources differ:\n{answer.text}", "disagreement": True})

    def _decisive_first(self, reading: Reading, ranked: list[Snippet]) -> list[Snippet]:
        """For a yes/no question, a sentence that takes a stance on what is asked ("... is not an open-source
        license") before one that only shares its words, when it answers as well (score and coverage)."""
        if not ranked:
            return ranked
        best, asked = ranked[0], self.checks.asked(reading)
        for s in ranked[1:DECISIVE_CANDIDATES]:
            if s.score >= DECISIVE_SCORE * best.score and s.coverage >= best.coverage and prose_verdict(asked, s.text):
                return [s, *(r for r in ranked if r is not s)]
        for s in reading.ranked[:STANCE_CANDIDATES]:  # further down, one that denies every word asked of the
            denies = asked and all(prose_verdict([a], s.text) for a in asked)  # model, named in it or in the
            if denies and self._names_model_near(reading, s):  # sentence before ("... But it is not a ...")
                return [s, *(r for r in ranked if r.text != s.text)]
        return ranked

    def _names_model_near(self, reading: Reading, snippet: Snippet) -> bool:
        """Whether a sentence is about the models asked about: it names them, itself or, saying "it", in the text
        before it (in its passage, or the one before it in its section), or it names no other Llama 4 model (what it
        says of the family is said of each: "it is not 'open source'" of the license)."""
        said = set(words(snippet.text))
        if said & REFERRING and snippet.doc >= 0:
            units = self.reader.units
            before = [*units.preceding(snippet.doc), *units.get(snippet.doc)[: max(snippet.unit_index, 0)]]
            said = said.union(*(u.words for u in before))
        if all(any(s <= said for s in spellings) for spellings in (*reading.ask.own, *reading.ask.subject_words)):
            return True
        siblings = [s for s in FAMILY_MODELS if s not in reading.query.subjects]
        return not any(any(spelled <= said for spelled in self.reader.spellings(o)) for o in siblings)

    def _prose_verdict(self, reading: Reading, chosen: Sequence[Snippet], ranked: Sequence[Snippet]) -> str | None:
        """ "No" from the sentence that answers a yes/no question best, when every other source shown agrees."""
        asked = self.checks.asked(reading)
        if asks_negated(reading.query.text):
            return None  # "is it still good even though it's not validated?": too easy to answer backwards
        lead = chosen[0]
        if not ranked or lead.text != ranked[0].text:
            return None  # the best evidence is not the sentence shown first: no verdict from a lesser one
        verdict = prose_verdict(asked, lead.text)
        needed = VERDICT_COVERAGE.get(verdict, 1.0) if verdict else 1.0
        others = {prose_verdict(asked, s.text) for s in chosen[1:] if s.source != lead.source} - {None}
        return verdict if verdict and lead.coverage >= needed and others <= {verdict} else None

    def _from_other_sources(self, reading: Reading, answer: Answer) -> Answer:
        """An answer quoting none of the articles the question names ("per the blog post, what is iRoPE?")
        says so first, so that no quote passes for the named article's."""
        if not reading.sources or not answer.citations or {c.source for c in answer.citations} & reading.sources:
            return answer
        named = " or ".join(sorted(self.knowledge.short_name(s) for s in reading.sources))
        note = f"I find nothing on this in {named}. The other articles say:"
        return answer.model_copy(update={"text": f"{note}\n{answer.text}"})

    def _snippet_answer(self, reading: Reading, chosen: Sequence[Snippet], turn: Turn) -> Answer:
        return snippet_answer(self.knowledge, reading.query.text, chosen, turn)

    def _comparison(self, reading: Reading, compared: Sequence[str], turn: Turn) -> Answer:
        """The sources' own verdicts on the models compared, then a table; their passages when neither is found."""
        found = self.comparisons.weigh(reading, compared, turn)
        if found is None:
            return self._evidence(reading, turn, brief=False)
        fit = self.checks.which_fit(reading, compared)  # "which llama 4 model fits in 64gb": each one, plainly
        return found.model_copy(update={"text": f"{fit}\n{found.text}"}) if fit else found

    def sources(self, narrow: str = "") -> Answer:
        """The articles known, or those whose title, publisher or author holds the words of ``narrow``."""
        return source_list(self.knowledge.article_fields(), narrow)


# A follow-up with no topic of its own and no conversation before it to take one from
NO_TOPIC = {
    FollowUp.MORE: "More about what? Ask about a model or a topic, for example: Scout's context window.",
    FollowUp.WHY: "Why what? Ask the whole question, for example: why is Scout cheaper than Maverick?",
    FollowUp.SOURCE: 'I have no articles to name for my last answer. After an answer, "source?" lists the articles '
    "it quoted; /sources lists every article I know.",
}


def _asks_line_up(form: Shape, text: str) -> bool:
    """Whether a lookup asks for the family's models themselves ("how many llama 4 models are there", "list the
    llama 4 models"), not something about them ("where does llama 4 trail the closed models")."""
    return form.form is Form.LOOKUP and bool(_LINE_UP.search(text))


def _shown_in(quote: str, pieces: Sequence[Answer]) -> bool:
    """Whether one of the answers shows the quote itself in its text, not only a value it states."""
    return any(quote in p.text for p in pieces)


def _same_quotes(one: Answer, other: Answer) -> bool:
    """Whether two answers say the same values from the same sentences, in another order ("does scout support
    images? what about video?": its modalities, the ones naming images first, then the ones naming video)."""
    if not one.citations or {c.quote for c in one.citations} != {c.quote for c in other.citations}:
        return False
    return _values_said(one) == _values_said(other)


def _values_said(answer: Answer) -> list[str]:
    """The values an answer's lines state, without their citation marks, in order."""
    return sorted(_MARKS.sub("", v).rstrip(".") for v in _VALUES.split(without_verdict(answer.text)))


_VALUES = re.compile(r"; |: |\n")  # between the values of a fact's line
_MARKS = re.compile(r"\s*\[\d+\]")  # a citation mark: numbered by where the answer first cites its source


_OPTIONS = re.compile(r"\b(?:or|vs\.?|versus)\b", re.IGNORECASE)  # "flexbox or grid": the options of a choice


def _asks_to_choose(reading: Reading) -> bool:
    """Whether a question asks to choose one of several ("scout or maverick?", "which one fits on one H100")."""
    return reading.form.form is Form.CHOICE or asks_which_one(reading.query.text)


def _chooses_among(reading: Reading, chat: str) -> bool:
    """Whether a question asks to choose between options the words before it name ("flexbox or grid, which is
    better?") and fewer than two of its own: those words are no chat. A use case before "which llama 4 should I
    use?" names no options, and stays chat."""
    query = reading.query
    own = len(query.subjects) + len(reading.named) >= 2
    return _asks_to_choose(reading) and not own and not query.follow_up and bool(_OPTIONS.search(chat))


def _empty_column(answer: Answer) -> bool:
    """Whether a comparison table has a model with no value in any row."""
    table = answer.table
    return table is not None and any(
        all(row.cells[i].value in ("", NO_VALUE) for row in table.rows) for i in range(len(table.columns))
    )


def _names_a_provider(alias: str) -> bool:
    """Whether a provider's alias names it on its own: a phrase, or a word that is no common English word
    ("groq"; not "together", nor "bedrock" without "Amazon")."""
    return len(words(alias)) > 1 or not is_word(alias)
