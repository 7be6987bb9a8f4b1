"""Follow-ups that carry no topic of their own: "tell me more", "go on", "why?", "source?". They ask about
what the conversation's previous turn was about, or where its answer came from; the engine answers them from it.

Only a whole message made of such words counts; "tell me more about Behemoth" names its own topic and is
an ordinary question.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from collections.abc import Set as AbstractSet
from enum import StrEnum

from bot.answering.domain import FILLER
from bot.answering.forms import FOLLOW_UP_START, opens_question
from bot.knowledge.matching import subject_matches
from bot.language.text import STOP_WORDS, fold, words
from bot.models import Turn

MAX_SHOWN = 12  # quotes a turn remembers, so that "tell me more" shows others
MAX_SHOWN_CHARS = 600  # a longer quote is not remembered (a sentence of it still may be shown again)


class FollowUp(StrEnum):
    MORE = "more"
    WHY = "why"
    SOURCE = "source"  # where the last answer came from: "source?", "who said that?"


_MORE_KEYS = frozenset("more elaborate expand continue details detail further else go".split())
_MORE = _MORE_KEYS | frozenset(
    "tell me on about that this it please pls can could you say some anything info information explain keep "
    "going give a bit little lot".split()
)
_QUESTION_WORDS = frozenset("what whats who when where why which how tell explain".split())
_WHY = frozenset("why how come so but really is that it the reason not".split())
_SOURCE_KEYS = frozenset(
    "source sources citation citations cite link links ref refs reference references proof".split()
)
_THAT = frozenset("that this it those these there".split())  # the last answer, not the library ("your sources")
_SOURCE = _SOURCE_KEYS | _THAT | frozenset("what whats is was the a any for of pls please got have give me".split())
_BARE = frozenset({"any", "pls", "plz", "please"})  # "source please": the last answer's too
_SAID = frozenset("said says say claims claimed claim wrote writes write".split())
_WHO = _SAID | _THAT | frozenset("who whom according to where is was did does do come comes from get you u so".split())


def follow_up(message: str) -> FollowUp | None:
    """Whether the whole message (normalised: ``bot.language.text.normalise_query``) only asks for more on the last
    topic, or why."""
    said = words(fold(message))
    if not said or len(said) > 8:
        return None
    found = set(said)
    if found & _MORE_KEYS and found <= _MORE and found != {"go"}:
        return FollowUp.MORE
    if ("why" in found or " ".join(said[:2]) == "how come") and found <= _WHY:
        return FollowUp.WHY
    if found & _SOURCE_KEYS and found <= _SOURCE and (found & _THAT or found <= _SOURCE_KEYS | _BARE):
        return FollowUp.SOURCE  # "source?", "source for that?"; not "what are your sources" (the library)
    who = bool(found & {"who", "whom"})
    who_said = who and (bool(found & _SAID and found & (_THAT | {"so"})) or "according" in found)
    if found <= _WHO and (who_said or said[:2] == ["says", "who"] or _asks_where_from(found)):
        return FollowUp.SOURCE  # "who said that?", "according to whom?", "says who?", "where is that from?"
    return None


def _asks_where_from(found: AbstractSet[str]) -> bool:
    """ "where is that from?"; not "where does it come from?" (the thing itself may come from somewhere)."""
    return {"where", "from"} <= found and bool(found & (_THAT - {"it"}))


_CORRECTION = re.compile(r"^\W*(?:(?:no|nah|nope|sorry|oops|wait)\W+)*i\s+(?:meant|mean)\W+(?=\w)", re.IGNORECASE)


def correction(message: str) -> str | None:
    """A correction of the last turn ("no, I meant the context window", "sorry, I mean Maverick") as the
    follow-up it amounts to ("and the context window"); None for any other message, and for "I mean" as
    chat before a question of its own ("I mean, is maverick any good?")."""
    found = _CORRECTION.match(message)
    if not found or opens_question(message[found.end() :]):
        return None
    return f"and {message[found.end() :]}"


def asked_again(message: str, previous: Turn) -> str | None:
    """ "and maverick?" after "can i run scout at home?", a question that asked no attribute: that question,
    of the model now named ("can i run llama 4 maverick at home"); None for any other message."""
    if previous.all_attributes() or len(previous.subjects) != 1:
        return None
    rest = [w for w in words(FOLLOW_UP_START.sub("", message)) if w not in STOP_WORDS | FILLER]
    named = subject_matches(rest)
    if len(named) != 1 or (named[0].start, named[0].end) != (0, len(rest)) or named[0].value in previous.subjects:
        return None
    asked = words(previous.question)
    where = next((m for m in subject_matches(asked) if m.value == previous.subjects[0]), None)
    if where is None:  # the model was inherited, not named: nothing to put the new one in place of
        return None
    return " ".join([*asked[: where.start], *words(named[0].value), *asked[where.end :]])


# "the same machine", "the same provider": a setting the earlier question named; not "the same size" or "the same
# number of experts", which ask a value of their own
_SETTINGS = "machine|setup|hardware|box|rig|gpus?|cards?|laptop|computer|server|provider|host|platform|service"
_SAME = re.compile(rf"\b(?:the\s+)?same\s+({_SETTINGS})\b", re.IGNORECASE)


def same_as_before(message: str, previous: Turn, residual: Sequence[str]) -> str | None:
    """ "what about maverick on the same machine?" after "can I run scout on a mac studio?": "the same machine" is
    what the earlier question named beyond its model and attribute (``residual``, its own words: "mac studio"),
    put in its place; None when the message says "same" of nothing, or the earlier question named nothing."""
    found = _SAME.search(message)
    if found is None or not residual or not previous.question:
        return None
    return f"{message[: found.start()]}{' '.join(residual)}{message[found.end() :]}"


def topic(turn: Turn, labels: Sequence[str]) -> tuple[str, str]:
    """What a turn was about, as a follow-up names it and as it looks for more: its models and the labels of
    its attributes (or its question's content words when it named neither), and for the search its question's
    content words too when it asked no attribute ("is Scout good for coding": Scout, and coding). Empty when
    it has none."""
    asked = [w for w in words(turn.question) if w not in STOP_WORDS | FILLER | _QUESTION_WORDS]
    models, things = " and ".join(turn.subjects), ", ".join(labels)  # "Llama 4 Scout and Llama 4 Maverick, on
    about = f"{models}, on {things}" if models and things else models or things or " ".join(asked)  # GPQA, MATH"
    return about, " ".join([*turn.subjects, *labels] if labels else [*turn.subjects, *asked])


def remembered(new: Sequence[str], earlier: Sequence[str] = ()) -> tuple[str, ...]:
    """The quotes a turn keeps, newest first, so that "tell me more" can leave out what was shown."""
    return tuple(dict.fromkeys(q for q in (*new, *earlier) if len(q) <= MAX_SHOWN_CHARS))[:MAX_SHOWN]
