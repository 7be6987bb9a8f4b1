"""What shape of answer a question wants: its form, the type of value it expects, and its parts.

Pure functions of the question text. The form decides how an answer is laid out
(a verdict first for yes/no, the explaining passage for "why", each part for a
multi-part question); the expected type lets the engine tell "the sources state
it" from "the sources mention the words but never give the value".
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from enum import StrEnum
from functools import lru_cache

from bot.answering.domain import FILLER, SUMMARY_WORDS
from bot.knowledge.lexicon import COMPARE_WORDS
from bot.knowledge.matching import find_attributes, find_subjects, subject_matches
from bot.language.text import STOP_WORDS, words


class Form(StrEnum):
    LOOKUP = "lookup"  # what / how many / terse "scout context"
    YES_NO = "yes_no"  # is / does / can ... ?
    EXPLAIN = "explain"  # why / how does ... work / what does ... mean
    CHOICE = "choice"  # X or Y / which is better for ...


class Expect(StrEnum):
    ANY = "any"
    NUMBER = "number"
    DATE = "date"
    NAME = "name"
    PLACE = "place"  # where to get something: a site or a company by name, preferred but never required


_AUX = frozenset(
    "is are was were does do did can could will would should has have had isn't aren't doesn't don't didn't "
    "can't won't wouldn't shouldn't hasn't haven't am".split()
)
_WHICH_ONE = re.compile(r"\b(which|what)( of)?( the)?( \w+){0,3}? (models?|ones?|versions?|variants?)\b", re.I)
_WHY = re.compile(r"\b(why|how come|what'?s the point|what is the point|reason|reasons|rationale)\b", re.I)
_EXPLAIN_START = re.compile(
    r"^(how ((exactly|actually|really|precisely) )?(does|do|did|is|are|was|were)\b"
    r"(?!.*\b(cost|much|many|big|large|fast|long)\b)"
    r"(?!.*\b(score[sd]?|perform(s|ed)?|rank(s|ed)?|fare[sd]?|do(es)?) (on|in|at|against)\b)|"
    r"(what|wat|whats|what's)( (does|do|is|are))? .+\b(mean|stand for|stands for|refers? to)"
    r"( (in|for|here|exactly|lol)\b.*)?\W*$|"
    r"what('?s| is| are) (the )?(deal|story|idea|point)\b|"
    r"what('?s| is| was| were| are)( so)? controversial\b|what('?s| is| was| were) the controvers(y|ies)\b|"
    r"what (was|were) \S+ .+ (all )?about\W*$)",  # "what was the whole lmarena drama about": a story (past: an
    # event; "what is scout about" and "what was scout about" ask for the model)
    re.I,
)
# A request for an account ("explain iRoPE", "could you please summarise ...", "give me a rundown of ..."): its verb
# asks how to answer and names nothing to search for; the chat words before it ask nothing either.
ACCOUNT_OPENERS = frozenset(
    "hey hi yo so ok okay wait um uh btw please pls plz can could would will you u ya kindly just give me a an "
    "quick short".split()
)
_ACCOUNT = re.compile(
    rf"^(?:(?:{'|'.join(sorted(ACCOUNT_OPENERS))})\W+)*(explain|eli5|describe|summari[sz]e|elaborate|tl;?dr|"
    r"tell me about|what happened)\b",
    re.I,
)
# Words that ask for an account wherever they stand ("iRoPE explained", "a rundown of Behemoth"): a word the articles
# never use among them names nothing to look for, and counts for nothing against answering.
ACCOUNT_WORDS = (
    frozenset("explain explained explaining explainer describe elaborate rundown breakdown eli5 list enumerate".split())
    | SUMMARY_WORDS
)


COUNT_QUALIFIERS = frozenset("such other more different distinct separate specific total actual".split())
_HOW_MANY = re.compile(
    rf"\bhow many (?:of (?:the|its|their) )?(?:(?:{'|'.join(sorted(COUNT_QUALIFIERS))})\s+)?([a-z][a-z0-9-]*)",
    re.I,
)


def count_qualifier_positions(said: Sequence[str]) -> set[int]:
    """The words that only qualify what "how many" counts ("such" in "how many such languages"): no topic."""
    return {i for i in range(2, len(said)) if said[i] in COUNT_QUALIFIERS and said[i - 2 : i] == ["how", "many"]}


def counted_word(text: str) -> str | None:
    """What "how many" counts, as typed ("people" in "how many people worked on it", "languages" in "how many
    such languages"), or None."""
    match = _HOW_MANY.search(text)
    return match.group(1).lower() if match else None


def account_verb(text: str) -> str | None:
    """The verb of a request for an account ("explain" in "can you explain iRoPE"), None for other questions."""
    match = _ACCOUNT.search(text.strip())
    return match.group(1).lower() if match else None


_STANDS_FOR = re.compile(r"\b(stands?|short) for(\W*$|\W+what\b)", re.I)  # "irope stands for what", "FAIR short for?"
MEANING_WORDS = frozenset({"stand", "stands", "short"})  # ... the words that ask it, before "for"
# "what's the license called?", "what is the new layer type named": a name asked for; the verb names nothing
_CALLED = re.compile(r"^\W*what(?:'?s| is| was| are| were)\b.*\b(called|named)\W*$", re.I)


def naming_verb(text: str) -> str | None:
    """The verb of a "what is X called" question, which asks for a name and is no word to search for."""
    match = _CALLED.search(text.strip())
    return match.group(1).lower() if match else None


_VERSUS = re.compile(r"\b(vs|versus)\b")  # "Maverick vs DeepSeek V3, which should I pick": a choice too
_CHOICE = re.compile(r"\b(which (one |model )?(is|should|would|do)|should i (use|pick|go|choose)|better for|"
                     r"\bor\b)", re.I)  # fmt: skip
_NUMBER_Q = re.compile(
    r"\b(how (many|much|big|large|fast|long)|what('?s| is| are| was)? (the )?(price|cost|score|size|number|count|"
    r"speed|rank|ranking)|score\??$|price\??$|cost\??$)",
    re.I,
)
# The parts of a date a question names when it asks one ("what month", "which day"): what it asks, nothing more
DATE_PARTS = frozenset({"date", "day", "month", "year", "weekday"})
ASKING_WHEN = frozenset(  # words after which "when ..." is the question itself, not the time it is set at
    "know knows knew tell say said me us wondering wonder ask asking sure idea remember remind guess find out check "
    "confirm clue on about".split()  # "any word on when", "any news about when"
)
# the words after which "when ..." asks a date ("any idea when", "any word on when"): fewer than ASKING_WHEN, whose
# "know when" and "me when" also open the asker's own situation ("what license applies to me when my app has ...")
_ASKING_A_DATE = frozenset("wondering wonder sure idea remember clue on".split())
_DATE_Q = re.compile(
    r"^(when)\b|\b(what|which) (year|date|month|day)\b|\bwhen (is|was|did|will|does)\b|\b(date|cutoff|cut-off)\??$"
    r"|\b(knowledge|training)( data)? (cutoff|cut-off)\b"  # "the knowledge cutoff of llama 4": a date, wherever it is
    r"|\beta\b"  # "behemoth eta?": when it is expected
    r"|\b(" + "|".join(sorted(_ASKING_A_DATE)) + r") when\b(?! (to|i|we|my|our)\b)",  # "any word on when llama 5
    # drops": not "what did meta say when ...", "advice on when to evaluate it", "... on when we ship"
    re.I,
)
# "where can i get llama 4", "how do i get access to maverick": getting a model itself, whose place is where it
# is downloaded; not "how can i get scout to output json", "how do i get good results with scout", "where can i
# use it"
_GET_VERB_WORDS = "get|grab|obtain|download|find"  # getting a model, where the place is asked first or last
_GET_VERBS = f"(?:{_GET_VERB_WORDS})"
_GETTING = re.compile(  # ... or the place asked last: "u can grab llama 4 weights where"
    rf"\b(?:where|how)\b.*?\b{_GET_VERBS}\b(.*)|\b{_GET_VERBS}\b(.*)\bwhere\W*$",
    re.I,
)
_GOT = frozenset({"access", "hold", "copy", "copies"})  # "get access to", "get hold of": the model is what is got


def asks_where_to_get_a_model(text: str) -> bool:
    """Whether a place question asks where to get a model it names right after its verb."""
    found = _GETTING.search(text)
    if found is None:
        return False
    after = words(found.group(1) or found.group(2) or "")
    while after and after[0] in _GOT | {"to", "of", "the", "a", "an"}:
        after = after[1:]
    named = [m for m in subject_matches(after[:4]) if m.start == 0]  # the model is what is got
    return bool(named) and after[named[0].end : named[0].end + 1] != ["to"]


_ASKER = r"(?: (?:i|you|u|ya|we|one|people|ppl|someone|anyone))?"  # "where can u get it"
_WHERE_Q = re.compile(
    r"\bwhere (?:can|could|do|does|did|should|to)" + _ASKER + r" (?P<first>get|download|find|grab|access|try|buy|use)\b"
    r"|\bhow (?:can|could|do|does|should|would|to)" + _ASKER + r" (?:get|download|grab|obtain)\b"
    rf"|\b(?P<last>{_GET_VERB_WORDS})\b[^?!.]*\bwhere\W*$",  # "u can grab llama 4 weights where"
    re.I,
)
WHERE_VERBS = frozenset({"get", "grab", "find", "access", "try", "buy", "use"})  # "where can I get": the form only


def where_verb(text: str) -> str | None:
    """The plain verb of a "where can I get/find/grab ..." question, which asks where and names nothing."""
    match = _WHERE_Q.search(text.lower())
    verb = (match.group("first") or match.group("last")) if match else None  # the place asked first or last
    return verb if verb in WHERE_VERBS else None


_WHO_Q = re.compile(
    r"^(who|whom|whose)\b|\bwho (wrote|is|was|made|built|leads|runs|owns)\b|"
    r"\b(title|job title|position|role at)\b|"
    r"\bwhich (models|companies|labs|outlets?|publications?)\b",
    re.I,
)
_WHO_FOR = re.compile(  # "who should use it", "who is it for": a kind of user is the answer, not a name
    r"^who(?:'?s)? (should|shouldn'?t|shouldnt|would|could|can|might|needs?|benefits?)\b|^who(?:'?s| is) .+ for\W*$",
    re.I,
)
_QUESTION_START = frozenset(
    "what whats what's how when who whose which why where is are was were does do did can could will would should "
    "has have isn't doesn't".split()
)
_SPLIT = re.compile(r"(?:\?+\s+|\s*[,;+&]\s*)(?:and\s+|also\s+|plus\s+)?|\s+(?:and|also|plus)\s+(?=\w)", re.I)


@dataclass(frozen=True)
class Shape:
    form: Form
    expect: Expect


def shape(text: str) -> Shape:
    low = text.lower().strip()
    yes_or_no = bool(_YES_OR_NO.search(low))
    if " or " in low:  # "can i run scout ... or am i dreaming": no choice of two; nor "73 or 85", two values
        low = _FIGURES_OR.sub("0", _DOUBT.sub("", low))
    first = (words(low) or [""])[0]
    if _WHY.search(low) or _EXPLAIN_START.search(low) or _STANDS_FOR.search(low) or _ACCOUNT.search(low):
        form = Form.EXPLAIN
    elif low.startswith("true or false") or yes_or_no or _tagged_statement(low):  # an "or" that asks for a
        form = Form.YES_NO  # verdict, not a choice ("true or false: ...", "scout is 70b, correct or no?")
    elif _CHOICE.search(low) and (first in {"which", "should"} or " or " in f" {low} " or _VERSUS.search(low)):
        form = Form.CHOICE
    elif first in _AUX or low.startswith(("is it true", "is there", "any chance")) or _declarative(low):
        form = Form.YES_NO
    else:
        form = Form.LOOKUP
    if asks_date(low):
        expect = Expect.DATE
    elif _WHO_Q.search(low) and not _WHO_FOR.search(low):
        expect = Expect.NAME
    elif _WHERE_Q.search(low):
        expect = Expect.PLACE
    elif _NUMBER_Q.search(low):
        expect = Expect.NUMBER
    else:
        expect = Expect.ANY
    return Shape(form, expect)


# a follow-up's opening, after chat words ("hmm and maverick there?", "what about behemoth")
FOLLOW_UP_START = re.compile(
    r"^\W*(?:(?:hmm+|ok|okay|so|oh|lol|wait|um+|uh+|well)\W+)*"
    r"(and|what about|how about|same for|and for|what of|now)\b",
    re.IGNORECASE,
)


def offers_values(text: str) -> bool:
    """Whether the question offers two values to choose from ("is maverick's mmlu 73 or 85"): the value stated
    answers it, not a yes or no."""
    return bool(_FIGURES_OR.search(text))


def asks_date(text: str) -> bool:
    """Whether the question asks for a date ("when did ...", "what month ...", "... release date?")."""
    return bool(_DATE_Q.search(text))


def opens_question(text: str) -> bool:
    """Whether the text opens as a question of its own ("is maverick any good?", "what about ...")."""
    return (words(text) or [""])[0] in _QUESTION_START


def asks_which_one(text: str) -> bool:
    """Whether the question asks which of several models ("which llama 4 model has the longest context", "which
    one fits on one H100")."""
    return _WHICH_ONE.search(text) is not None


def asks_why(text: str) -> bool:
    """Whether the question asks for a reason ("why is it so long", "how come")."""
    return _WHY.search(text) is not None


def asks_after_the_last(text: str) -> bool:
    """Whether a question on "it" asks why or how what was just said is so ("how do they even get it that
    long", "how come"), rather than another thing of the model's ("what are its weaknesses")."""
    return asks_why(text) or _HOW_SO.search(text) is not None


_HOW_SO = re.compile(r"^\W*how (do|does|did|can|could|is|are|was|were)\b", re.I)


def asks_meaning(text: str) -> bool:
    """Whether the question asks what a name stands for ("irope stands for what", "what's FAIR short for")."""
    return _STANDS_FOR.search(text) is not None


def counts_in_words(text: str) -> bool:
    """Whether the text states a quantity in words ("a few weeks", "two release-ready models")."""
    low = text.lower()  # most sentences hold none of the count words: the pattern is skipped then
    return any(cue in low for cue in _COUNT_CUES) and bool(_COUNTED.search(text))


TOPIC_WORDS = 5  # a first part of at most this many words, with no question word, may only name the topic


def asked_after_premise(said: Sequence[str]) -> int:
    """Where the question proper starts after a premise the user states first ("ok so Scout is 17B active, but
    how big is it in total?"): the word after "but", when a question word follows it and the message does not
    open as a question; 0 when it has no such premise."""
    if not said or said[0] in _QUESTION_START:
        return 0
    return next(
        (i + 1 for i in range(1, len(said) - 1) if said[i] == "but" and said[i + 1] in _QUESTION_START),
        0,
    )


# a sentence's end in chat: lowercase may follow; an abbreviation ("Dr.", "vs.", "e.g.") is no end
_SENTENCE_END = re.compile(
    r"(?<!\bvs)(?<!\bdr)(?<!\bmr)(?<!\bms)(?<!\bmrs)(?<!\be\.g)(?<!\bi\.e)(?<!\betc)(?:[.!]+|:)\s+(?=\S)", re.I
)


def asks_if_true(said: Sequence[str], i: int) -> bool:
    """Whether the word at ``i`` is the "true" of "is it true (that) ...", "is that really true", or the "true or
    false" of "true or false: ...": how a yes/no question asks, not a word to search for ("technically true")."""
    if said[i] == "false":
        return said[max(i - 2, 0) : i] == ["true", "or"]  # "true or false: ..."
    if said[i] != "true":
        return False
    before = [w for w in said[max(i - 2, 0) : i] if w != "really"]  # "is it (really) true", "that's true"
    return before[-1:] in (["it"], ["that"], ["this"]) or said[i + 1 : i + 3] in (["or", "false"], ["or", "not"])


# A statement closed by a tag asks whether it holds ("scout has 16 experts, right?", "so maverick is $2/M, true?"):
# the tag is how the message asks, no word to search for
_TAG_WORDS = (
    r"(?:is (?:that |this |it )?)?(?:right|true|correct)(?: or (?:not|no|wrong|false))?|is (?:that|it) so"
    r"|yes|yeah|yep|no|innit|or not|or no|am i right"
    r"|(?:is|was|did|does|do|has|have|are|were|wo|ca)n[’']?t (?:it|they|that|he|she)"  # "came out april 7, didn't it"
)
_WH_WORDS = frozenset("what whats what's wat how when who whose which why where".split())
# the tag after a comma or dash, or before a question mark; or, after a statement with a number in it, the tag
# alone at the end ("maverick got 1471 on lmarena right", "it came out on april 7 didnt it"): a claim checked
_CLOSING_TAG = re.compile(rf"(,|\s[-\u2013\u2014]+|\s)\s*({_TAG_WORDS})\s*(\?*)[\W]*$", re.I)
_BARE_TAGS = frozenset({"right", "correct", "true", "yeah", "yes"})
_TAG_PRONOUNS = frozenset({"it", "they", "that", "he", "she"})  # "didn't it", "weren't they"
# "... or am i dreaming", "or is that crazy", "or nah": the asker's doubt, no other thing asked
# "is maverick's mmlu 73 or 85", "55 or 60 gb?": the "or" offers two values of one thing, no choice of two things
_FIGURES_OR = re.compile(r"\d[\w.%]*\s+or\s+(?:(?:around|about|roughly|maybe|like)\s+|~)?\$?\d", re.IGNORECASE)
_YES_OR_NO_WORDS = r"yes\s+or\s+no"
_DOUBT = re.compile(
    rf"(?:\s+or\s+(?:am i \w+|is (?:that|it) \w+|nah|what|not(?: yet)?)|\W+{_YES_OR_NO_WORDS})\s*\?*\W*$", re.IGNORECASE
)  # ... and "..., yes or no?": how to answer, nothing more asked
_YES_OR_NO = re.compile(rf"\b{_YES_OR_NO_WORDS}\s*\?*\W*$", re.IGNORECASE)  # "64gb, scout yes or no?": yes/no asked


@lru_cache(maxsize=256)  # one message is read for its tag several times (its form, parts and words)
def closing_tag(text: str) -> int:
    """How many words at the end of a message ask nothing more: a tag asking whether a statement holds
    ("scout has 16 experts, right?" -> 1; none when the message opens as a question itself), or a doubt that
    closes any question ("can i run scout on a 4090 or am i dreaming" -> 4)."""
    doubt = _DOUBT.search(text)
    found = _closing_tag(text)  # "..., true or not?": the whole tag, longer than its "or not"
    tag = len(words(found.group(2))) if found else 0
    return max(tag, len(words(doubt.group(0)))) if doubt else tag


def _tagged_statement(low: str) -> bool:
    """Whether a statement closed by a tag asks whether it holds, with no choice in the statement itself."""
    tag = closing_tag(low)
    return bool(tag) and " or " not in f" {' '.join(words(low)[:-tag])} "


# "so behemoth is 2T params?", "i have one h100, can i run scout?": a statement asked with a question mark
_DECLARATIVE_VERBS = frozenset(
    "is are was were has have had can does do will costs cost fits runs supports uses beats needs enough".split()
)


def _declarative(low: str) -> bool:
    """Whether a message asks whether a statement holds by its question mark alone: no question word in it,
    and a verb that states something, not last ("and maverick is?" asks a value)."""
    if not low.rstrip().endswith("?"):
        return False
    said = words(low)
    if not said or said[0] in _QUESTION_START or _WH_WORDS & set(said):
        return False
    return any(w in _DECLARATIVE_VERBS for w in said[1:-1])


@lru_cache(maxsize=256)  # asked of one message by its form, its parts and its words
def _closing_tag(text: str) -> re.Match[str] | None:
    last = text.rstrip(" ?!.").rpartition(" ")[2].lower()  # most messages end with no tag's last word
    return _tag_match(text) if last in _TAG_ENDS else None


def _tag_match(text: str) -> re.Match[str] | None:
    found = _CLOSING_TAG.search(text, max(len(text) - _TAG_REACH, 0))
    if not found:
        return None
    said = words(text)
    if len(said) < 3 or said[0] in _QUESTION_START:  # "is that right?" is a question, not a tag
        return None
    last = words(re.split(r"[.!?]+\s", text[: found.start()])[-1])  # the statement the tag closes
    if _WH_WORDS & set(last):  # "two MATH numbers for maverick, which one is right?": a question of its own
        return None
    bare = not found.group(1).strip() and not found.group(3)  # no comma, dash or question mark
    numbered = any(ch.isdigit() for word in last for ch in word)  # a bare tag checks a claim with a number
    if bare and not (words(found.group(2))[-1] in _BARE_TAGS | _TAG_PRONOUNS and numbered):
        return None
    return found


_TAG_REACH = 48  # characters at the end of a message where its tag may stand
_TAG_ENDS = frozenset(  # the last words of the tags
    "right true correct so not no wrong false yes yeah yep innit it they that he she".split()
)


def question_after_preamble(text: str) -> str | None:
    """The question after the sentences a message opens with that ask nothing ("my boss wants a writeup by
    friday lol. what are the main weaknesses of llama 4?"): the rest from the first sentence that starts with a
    question word, when what comes before it holds no question; None when there is no such preamble."""
    for end in _CHAT_BREAK.finditer(text):
        lead, rest = text[: end.start()], text[end.end() :]
        said = words(lead)
        if "?" in lead or not said or said[0] in _QUESTION_START:
            return None  # the message opens with a question: no preamble
        if words(rest)[:1] and words(rest)[0] in _QUESTION_START:
            return rest
    return None


INTERJECTION_REACH = 2  # words of chat a question may open with, with no break after them ("wait what ...")


def question_after_interjection(text: str) -> str | None:
    """The question after a word or two of chat it opens with and runs on from ("wait what happened with the
    lmarena thing", "ok so how big is scout"): the rest from the first question word; None when the message
    opens with its question, or the question word comes later."""
    pieces = text.split()
    for k in range(1, min(INTERJECTION_REACH, len(pieces) - 1) + 1):
        said = words(pieces[k])
        if said and said[0] in _QUESTION_START:
            lead = words(" ".join(pieces[:k]))
            if not lead or any(w in _QUESTION_START for w in lead) or len(words(" ".join(pieces[k:]))) < 3:
                return None
            return " ".join(pieces[k:])
    return None


# where chat before a question may end: a sentence's end, an emoji ("coffee in hand ☕ what's ..."), a dash
# ("quick q - how many ..."), a comma ("before i buy anything tho, how much ..."), or a "but" ("sorry if this
# is a dumb question but what does ... mean")
_CHAT_BREAK = re.compile(
    rf"{_SENTENCE_END.pattern}|\s*[\U0001F300-\U0001FAFF\u2600-\u27BF]+\s*|\s+[-\u2013\u2014]+\s+|,\s+|\s+but\s+",
    re.I,
)


_QUOTED = re.compile(r"[\"“”]([^\"“”]{3,})[\"“”]")


def quoted_question(text: str) -> str | None:
    """A question the message quotes ('my boss keeps asking "what is Behemoth" and I don't know what to say'):
    the quoted words, when they open with a question word; None otherwise."""
    around = _QUOTED.sub(" ", text)
    outside = words(around)
    if "?" in around or (outside[:1] and outside[0] in _QUESTION_START):
        return None  # 'is "what is Behemoth" a good title?': the message asks its own question
    for found in _QUOTED.finditer(text):
        said = words(found.group(1))
        if said and said[0] in _QUESTION_START and len(said) >= 2:
            return found.group(1)
    return None


# words that open a phrase narrowing the question before them ("cheapest option? for 10 million requests")
_NARROWING = frozenset({"for", "on", "in", "with", "per", "at", "to", "from", "under", "over", "but", "vs", "versus",
                        "than", "or", "without", "via", "using", "by"})  # fmt: skip


def question_before_postamble(text: str) -> str | None:
    """The question a message opens with, before sentences after it that ask nothing ("whats the context window
    on maverick? trying to figure out if it can take our whole repo"): the text to its first question mark when
    the rest holds no other question; None when nothing follows the question, or another question does."""
    mark = re.search(r"\?[?!]*", text)
    if mark is None:
        return None
    after = text[mark.end() :]
    rest = words(after)
    if not rest or "?" in after or rest[0] in _QUESTION_START | _NARROWING or FOLLOW_UP_START.match(after):
        return None  # "... how fast is it", "... and scout?", "... for an iphone app": more of the question
    return text[: mark.end()]


def split_parts(text: str, names_a_source: Callable[[Sequence[str]], bool] = lambda said: False) -> list[str]:
    """The separate questions of a multi-part question; one part when it is a single question.

    A later piece counts as its own question only when it starts with a question word and has
    something to ask beyond that word ("what's the MAU cap", "can I use it commercially"); one
    that only compares what came before ("which is better?") stays with it. Pieces are slices
    of the original text, so nothing the user wrote is lost.
    """
    cuts = [0]
    tag = _closing_tag(text)  # "scout is 109b, is that right?": the tag asks about what comes before it
    for match in _SPLIT.finditer(text):
        if tag and match.end() >= tag.start():
            break
        rest = words(text[match.end() :])
        asks = [w for w in rest[1:] if w not in STOP_WORDS and len(w) > 1]  # "what's in it for them" asks nothing new
        if (
            rest
            and rest[0] in _QUESTION_START
            and len(rest) >= 3
            and asks
            and not _DEPENDENT.match(text[match.end() :])
            and not (_AND.search(match.group(0)) and _GOES_ON.match(text[match.end() :]))
        ):
            cuts.append(match.end())
    parts = [text[a:b].strip(" ,;?!.+&") for a, b in zip(cuts, [*cuts[1:], len(text)], strict=True)]
    parts = [_TRAILING.sub("", p) for p in parts if p]
    first = parts[0] if parts else ""
    if len(parts) > 1 and (
        len(words(first)) < 2
        or _chat_only(first)
        or _about_the_asker(first)
        or _topic_only(first, parts[1])
        or _attributing(first, names_a_source)
        or _setting_only(first)
    ):
        parts = [f"{parts[0]} {parts[1]}", *parts[2:]]
    if len(parts) > 1 and _turning_to(parts[0], parts[1]):  # "ok and what about maverick, ...": chat, then the
        parts = [f"{parts[0]} {parts[1]}", *parts[2:]]  # turn to a model, then the question
    return parts if len(parts) > 1 else [text]


def _attributing(part: str, names_a_source: Callable[[Sequence[str]], bool]) -> bool:
    """Whether a part only says whose account the question after it asks for ("according to chatforest", "per
    the article", "per value add vc"); not "per token price for scout", which asks a price, nor "per gpu", a rate.
    ``names_a_source`` tells whether words name one of the articles."""
    said = words(part)
    if not said or find_attributes(said):
        return False
    return said[0] == "according" or (said[0] == "per" and (said[1:2] == ["the"] or names_a_source(said[1:])))


_TURNING = re.compile(r"^\W*(?:(?:and|so|ok|okay)\W+)*(?:what|how)\s+about\s+(.+)$", re.IGNORECASE)


def _turning_to(part: str, after: str) -> bool:
    """Whether a part only turns to a model ("and what about Maverick", "how about scout") that the part after
    it asks about ("..., how long is its context window?", "..., is it cheaper than gpt-4o?"); not when that
    part is another turn ("what about maverick, and what about scout?")."""
    turned = _TURNING.match(part)
    if turned is None or _TURNING.match(after):
        return False
    rest = [w for w in words(turned.group(1)) if w not in STOP_WORDS]
    return bool(rest) and bool(find_subjects(rest)) and not find_attributes(rest)


def _chat_only(part: str) -> bool:
    """Whether a part is only chat ("hey quick q", "ok so"): it asks nothing of its own."""
    return all(w in FILLER or w in STOP_WORDS for w in words(part))


def _about_the_asker(part: str) -> bool:
    """Whether a part tells who asks and why ("we're in healthcare", "I have two 3090s"): the question after it
    is asked in that light, and the part asks nothing of its own."""
    said = words(part)  # a part that asks for something is a question: "I want Scout's context window"
    return bool(said) and said[0] in FIRST_PERSON and not _ASKS_FOR.search(part)


_SETTING_WORDS = frozenset("for with on in at about regarding given as under without".split())
_WH_WORDS = frozenset("what whats which who whose when where why how".split())


def _setting_only(part: str) -> bool:
    """Whether a part only sets the scene of the question after it, opening with a preposition, naming no model
    and asking nothing ("for complex multi-file refactoring work, would you recommend Maverick", "for a startup
    that has no gpus, ..."); "in what year ..." asks, and "for scout the groq price" is a question of its own."""
    said = words(part)
    return bool(said) and said[0] in _SETTING_WORDS and not _WH_WORDS & set(said) and not find_subjects(said)


_WEIGHING = COMPARE_WORDS | {"different", "differ", "differs"}  # "..., what's different besides size"


def _topic_only(first: str, second: str) -> bool:
    """Whether the first part only names a topic that the second asks about ("llama release history? when did
    1, 2, 3 and 4 come out", "scout vs maverick, what's the actual difference"): it asks nothing, the second
    names no model, and every attribute the first names the second asks too. "maverick deepinfra price + how
    fast is it?", "price per token? how many experts does it have" and "scout vs maverick, when were they
    released" are two questions."""
    said, asked = words(first), words(second)
    if not said or said[0] in _QUESTION_START or len(said) > TOPIC_WORDS:
        return False
    if find_subjects(asked):
        return False
    if find_subjects(said) and _WEIGHING.isdisjoint(asked):  # "scout vs maverick, when were they released"
        return False  # asks each its own date; "..., what's the actual difference" asks to weigh them
    return set(find_attributes(said)) <= set(find_attributes(asked))


_DEPENDENT = re.compile(  # "..., which one has the bigger context?" asks about the models just named; "...,
    # and do the sources agree?" asks whether they agree on what was just asked
    r"\s*((which|what)( one| model)? (is|would be|'s) (better|best|cheaper|faster|the winner)\b|"
    r"which( one| model| of (them|the two|both|those))? (is|has|does|would|should|wins|gets|costs|'s)\b|"
    r"(do|does|did|are) (the |all |both )?(sources|articles|reviews|they|both)( all)? "
    r"(agree|disagree|differ|consistent|say the same)\W*$)",  # nothing after it: "do they agree on his title?"
    # asks of something else
    re.I,
)

FIRST_PERSON = frozenset({"i", "im", "ive", "we", "weve", "my", "our"})
# "I want Scout's context window" asks for something; "I want to stuff our codebase into one prompt" says what
# the asker means to do, unless what they want to do is to know ("I want to know ...")
_KNOWING = r"(know|see|learn|understand|confirm|hear)\b"
_ASKS_FOR = re.compile(
    rf"\bwants?\b(?! to (?!{_KNOWING}))|\bwanna (?={_KNOWING})|\b(need to know|like to know|wondering|curious|tell me|"
    r"looking for|question|asking)\b|\?",
    re.I,
)
# "... and can't send data outside": after "and", a negated verb goes on saying what came before; "won't it",
# "can't I" ask a question of their own
_AND = re.compile(r"\band\b", re.I)
_GOES_ON = re.compile(
    r"(can[’']?t|cannot|can not|won[’']?t|don[’']?t|couldn[’']?t|shouldn[’']?t|wouldn[’']?t)\b"
    r"(?!\s+(i|we|you|they|it|he|she|there|this|that)\b)",
    re.I,
)
_TRAILING = re.compile(r"[\s,;]*\b(and|also|plus)$", re.I)
_DATE_VALUE = re.compile(
    r"\b((19|20)\d\d|january|february|march|april|may|june|july|august|september|october|november|december|"
    r"jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec|q[1-4]|weekend|saturday|sunday|monday|today|yesterday)\b",
    re.I,
)
_COUNTED = re.compile(  # a quantity in words: "two release-ready models", "a few weeks", "a few hundred dollars"
    r"\b(two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|dozens|hundreds|thousands|"
    r"(?:a )?few|several|(?:a )?couple of)( (?!(?:of|the|its|was|has|is)\b)[a-z-]+)?"
    r"( (?!\w*(ss|us|is)\b|(?:its|was|has|does|his|this|thus|plus|less|yes|as)\b)[a-z]+s)\b",
    re.I,
)
_COUNT_CUES = (
    "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve", "dozens", "hundreds",
    "thousands", "few", "several", "couple",
)  # fmt: skip
_NAME_VALUE = re.compile(
    r"(?<![.!?:]\s)(?<!^)\b[A-Z][a-z]+(?:\s+[A-Z][a-zA-Z]+)*\b|\b[A-Z][a-z]+[A-Z]\w+|"
    r"\b[A-Z]{2,4}-[0-9]{1,2}(?:\.[0-9]+)?[a-z]?\b"  # a product in capitals with its version: "GPT-5", "GPT-4.5"
)


def has_value(
    text: str,
    expect: Expect,
    numbers: Sequence[str] = (),
    known: frozenset[str] | set[str] = frozenset(),
    no_person: frozenset[str] | set[str] = frozenset(),
) -> bool:
    """Whether a sentence holds a value of the expected type (a number, a date, a name).

    ``numbers`` are the sentence's number tokens that state something: the caller leaves out
    the question's own numbers and model versions ("3.7" in "Claude 3.7 Sonnet"). ``known`` are
    words that name no answer to a "who": the question's own and the models'; a name of one capitalised
    word ("written by Grove") counts only when it is none of them. For a question about a person, a name
    of several words counts only when one of them is none of ``no_person`` (the models' words): "lagged
    Claude Sonnet" names no one who led a team, though it answers "which models does Maverick lag".
    """
    if expect is Expect.NUMBER:
        return bool(numbers) or counts_in_words(text)
    if expect is Expect.DATE:
        return bool(_DATE_VALUE.search(text))
    if expect in (Expect.NAME, Expect.PLACE):
        for match in _NAME_VALUE.finditer(text):
            named = words(match.group(0))
            if len(named) > 1 and not set(named) <= no_person:
                return True
            if len(named) == 1 and (named[0] != match.group(0).lower() or named[0] not in known):
                return True
        return False
    return True
