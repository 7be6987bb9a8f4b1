"""Messages that talk to the bot rather than ask about Llama 4: a greeting, thanks, a request for help, or a
question about the bot's own sources.

Only a whole message made of such words counts ("hi", "thanks a lot", "what can you do", "what are your
sources"). One word outside them ("hi, what is Scout's context window?", "does Llama 4 help with coding")
makes the message a question for the engine.
"""

from __future__ import annotations

import re
from enum import StrEnum

from bot.language.text import fold, normalise_query


class Talk(StrEnum):
    GREETING = "greeting"
    THANKS = "thanks"
    HELP = "help"
    SOURCES = "sources"


MAX_WORDS = 10  # longer messages are questions, whatever their words

# Words a message of each kind may hold, and (KEYS) the words one of which it must hold.
_ADDRESS = frozenset("bot llama4 llama4-bot llama 4 you there all everyone folks guys team again".split())
_GREETING_KEYS = frozenset("hi hello hey heya hiya howdy yo sup hallo greetings morning evening afternoon".split())
_GREETING = _GREETING_KEYS | _ADDRESS | frozenset({"good"})
_THANKS_KEYS = frozenset("thanks thank thx ty tysm cheers appreciated appreciate".split())
_THANKS = (
    _THANKS_KEYS
    | _ADDRESS
    | frozenset(
        "so very much a lot lots ok okay great awesome nice cool perfect got it that helps helped helpful for the "
        "help".split()
    )
)
_HELP_KEYS = frozenset("help commands usage".split())
_HELP_FORMS = (  # the whole message, with the words of _ADDRESS and politeness left out
    ("what", "can", "do"), ("what", "do", "do"), ("what", "can", "i", "ask"), ("what", "should", "i", "ask"),
    ("how", "do", "i", "use"), ("how", "do", "i", "use", "this"), ("how", "do", "i", "use", "it"),
    ("how", "does", "this", "work"), ("who", "are"), ("what", "are"),
    ("what", "is", "this"), ("how", "can", "help"),
)  # fmt: skip
_POLITE = frozenset("please pls plz me i a the any some list of show give need can could would".split())
_SOURCE_KEYS = frozenset("source sources article articles references".split())
_SOURCES = (
    _SOURCE_KEYS
    | _ADDRESS
    | _POLITE
    | frozenset(
        "what which where who wrote written by are is do does did have has know use used read from your the "
        "get info information all list come comes".split()
    )
)
_WORD = re.compile(r"[a-z0-9][a-z0-9'-]*")


def small_talk(message: str) -> Talk | None:
    """What kind of small talk the whole message is, or None for a question about Llama 4."""
    said = _WORD.findall(fold(normalise_query(message)))
    if not said or len(said) > MAX_WORDS:
        return None
    words = frozenset(said)
    if words & _GREETING_KEYS and words <= _GREETING:
        return Talk.GREETING
    if words & _THANKS_KEYS and words <= _THANKS:
        return Talk.THANKS
    if words & _SOURCE_KEYS and words <= _SOURCES:
        return Talk.SOURCES
    if words & _HELP_KEYS and words <= _HELP_KEYS | _ADDRESS | _POLITE | frozenset({"what", "are", "the", "your"}):
        return Talk.HELP
    bare = tuple(w for w in said if w not in _ADDRESS and w not in {"please", "pls", "plz", "exactly", "even"})
    if bare in _HELP_FORMS:
        return Talk.HELP
    return None
