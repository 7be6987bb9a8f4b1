"""Text normalisation and tokenisation shared by indexing and querying.

Pure functions only. The tokenizer keeps single characters and numbers (the "4"
of "Llama 4", "0.15", "int4") that scikit-learn's default pattern drops, and the
stop list is short on purpose: "much", "per", "first" and "top" carry meaning here.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from functools import lru_cache

from bot.config import MAX_QUESTION_CHARS
from bot.language.dictionary import is_word

# Zero-width, bidi and other format characters that can hide inside words.
_INVISIBLE = re.compile(
    "[\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180b-\u180f\u200b-\u200f\u202a-\u202e"
    "\u2060-\u206f\u3164\ufe00-\ufe0f\ufeff\uffa0\ufff9-\ufffb]"
)
_SURROGATES = re.compile("[\ud800-\udfff]")
_TOKEN = re.compile(r"[a-z0-9]+(?:\.[0-9]+)?")

STOP_WORDS = frozenset(
    [
        "a",
        "an",
        "the",
        "and",
        "or",
        "of",
        "to",
        "in",
        "on",
        "at",
        "for",
        "by",
        "with",
        "from",
        "as",
        "is",
        "are",
        "was",
        "were",
        "be",
        "been",
        "being",
        "it",
        "its",
        "this",
        "that",
        "these",
        "those",
        "there",
        "do",
        "does",
        "did",
        "i",
        "me",
        "my",
        "we",
        "our",
        "you",
        "your",
        "he",
        "she",
        "they",
        "them",
        "what",
        "which",
        "who",
        "whom",
        "whose",
        "how",
        "when",
        "where",
        "why",
        "can",
        "could",
        "would",
        "should",
        "will",
        "shall",
        "may",
        "might",
        "about",
        "into",
        "under",
        "over",
        "above",
        "below",
        "onto",
        "upon",
        "than",
        "then",
        "so",
        "if",
        "but",
        "not",
        "no",
        "any",
        "some",
        "tell",
        "say",
        "said",
        "please",
        "llama",
        "meta",
        "model",
        "models",
    ]
)
"""Words too common to point at a passage. "llama" and "meta" occur in nearly every passage."""


def normalise_query(text: str, limit: int = MAX_QUESTION_CHARS) -> str:
    """NFKC, drop invisible/control characters and lone surrogates, collapse spaces, cap length."""
    text = _SURROGATES.sub("", text[: limit * 50])
    text = _INVISIBLE.sub("", text)
    text = unicodedata.normalize("NFKC", text)
    text = "".join(ch if ch.isprintable() else " " for ch in text)
    text = re.sub(r"\s+", " ", text).strip()
    return text[:limit].rstrip()


# Question words as people type them in chat ("wen behemoth weights", "wut is irope"): read as the word meant,
# so that the question is shaped by it and the typed word is not taken for a name the articles never use.
# ("hw" is left alone: the lexicon reads it as hardware)
_QUESTION_WORD_SPELLINGS = {"wen": "when", "whn": "when", "wat": "what", "wut": "what", "wht": "what"}
_SWAPPED = ("how", "what", "when", "where", "which", "why", "many", "much")  # "mnay", "waht": two letters swapped


def _swapped_spellings() -> dict[str, str]:
    """Each question word with two neighbouring letters swapped, when that is no English word ("hwo", "mnay"),
    and no other question word swaps into it."""
    found: dict[str, list[str]] = {}
    for word in _SWAPPED:
        for i in range(len(word) - 1):
            typed = word[:i] + word[i + 1] + word[i] + word[i + 2 :]
            if typed != word and not is_word(typed):
                found.setdefault(typed, []).append(word)
    return {typed: meant[0] for typed, meant in found.items() if len(set(meant)) == 1}


_QUESTION_WORD_SPELLINGS |= _swapped_spellings()
_SPELLED_QUESTION_WORD = re.compile(rf"\b({'|'.join(_QUESTION_WORD_SPELLINGS)})\b", re.IGNORECASE)


_HOW_MANY_X = re.compile(r"\b(how\s+many)\s+x(?![\w-])", re.IGNORECASE)  # "how many x cheaper": a ratio
_DROPPED_G = re.compile(r"\b([A-Za-z]{2,}in)(?:'|\u2019)?(?![\w'\u2019-])")  # "droppin", "runnin'"


def with_dropped_g(text: str) -> str:
    """The text with chat's dropped final "g" put back ("when's behemoth droppin": "dropping"), where the word as
    typed is no English word and with the "g" it is one ("cousin", "latin" and "plugin" stay)."""

    def restored(found: re.Match[str]) -> str:
        typed = found.group(1)
        return f"{typed}g" if not is_word(typed.lower()) and is_word(f"{typed.lower()}g") else found.group(0)

    return _DROPPED_G.sub(restored, text)


def respell_question_words(text: str) -> str:
    """The text with chat spellings of question words written out ("wen" -> "when", "how many x" -> "how many
    times")."""
    text = _SPELLED_QUESTION_WORD.sub(lambda m: _QUESTION_WORD_SPELLINGS[m.group(1).lower()], text)
    return _HOW_MANY_X.sub(r"\1 times", text)


# Cyrillic and Greek letters that look like Latin ones ("Sсout" with a Cyrillic с): matched as Latin.
_CONFUSABLES = str.maketrans(
    "асеорхуіјѕԁһкмтвнАВЕКМНОРСТХУІЈЅοαρτυνκιΑΒΕΖΗΙΚΜΝΟΡΤΥΧ",
    "aceopxyijsdhkmtbhABEKMHOPCTXYIJSoaptuvkiABEZHIKMNOPTYX",
)


def fold(text: str) -> str:
    """Lower-case ASCII-ish form for matching: NFKC, look-alikes and accents folded, quotes unified.

    The same result as ``_fold_each`` on the whole text, faster: ASCII text only needs lower-casing,
    and text whose other characters each fold on their own (dashes, quotes, bullets, accented Latin
    letters: no combining marks) folds character by character with ``str.replace``.
    """
    if text.isascii():
        return text.lower()
    found = set(_NON_ASCII.findall(text))
    folds = [(ch, _char_fold(ch)) for ch in found]
    if any(folded is None for _, folded in folds):
        return _fold_each(text)
    for ch, folded in folds:
        text = text.replace(ch, folded or "")
    return text.lower()


def _fold_each(text: str) -> str:
    text = unicodedata.normalize("NFKD", unicodedata.normalize("NFKC", text).translate(_CONFUSABLES))
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    return text.lower().replace("\u2019", "'").replace("\u2018", "'")


_NON_ASCII = re.compile(r"[^\x00-\x7f]")
_CHAR_FOLDS: dict[str, str | None] = {}


def _char_fold(ch: str) -> str | None:
    """How one non-ASCII character folds, when it folds the same whatever surrounds it, else None.

    Such a character is a Latin, Greek or Cyrillic letter or a punctuation mark or symbol that is not
    a combining mark, does not normalise to one, and lower-cases without context (not to the Greek
    capital sigma, whose lower case depends on the letters around it). Composition joins a character only
    with a combining mark after it, so text without combining marks folds character by character.
    """
    if ch in _CHAR_FOLDS:
        return _CHAR_FOLDS[ch]
    code = ord(ch)
    simple = (
        (0x80 <= code < 0x530 or 0x2000 <= code < 0x2C00)
        and "\u03a3" not in unicodedata.normalize("NFKC", ch) + unicodedata.normalize("NFKD", ch)
        and not unicodedata.category(ch).startswith("M")
        and not any(unicodedata.combining(c) for c in unicodedata.normalize("NFKD", ch))
    )
    folded = _fold_each(ch) if simple else None
    if folded is not None and folded.lower() != folded:
        folded = None
    if len(_CHAR_FOLDS) < 4096:
        _CHAR_FOLDS[ch] = folded
    return folded


def words(text: str) -> list[str]:
    """Every token of the text, stop words included (used for matching phrases)."""
    return list(_words(text))


@lru_cache(maxsize=8192)
def _words(text: str) -> tuple[str, ...]:
    return tuple(_TOKEN.findall(_spelled(fold(text).replace("'s ", " "))))


_CLITIC = re.compile(r"(?<=[a-z])'(?:ll|re|ve|d|m|s)\b")


def _spelled(text: str) -> str:
    """ "isn't" -> "is not", "can't" -> "can not", "we'll" -> "we": no "isn", "t" or "ll" left to search for."""
    if "'" not in text:
        return text
    text = text.replace("can't", "can not").replace("won't", "will not").replace("n't", " not")
    return _CLITIC.sub("", text) if "'" in text else text


_STEMS: dict[str, str] = {}
MAX_STEMS = 200_000  # a bounded memo: a corpus's vocabulary fits, a stream of odd words cannot grow it forever
MAX_STEMMED_CHARS = 40  # ... nor can a few very long ones fill it with kilobytes each


def stem(word: str) -> str:
    """A word's stem (see ``_stem``), remembered: questions and passages repeat their words."""
    found = _STEMS.get(word)
    if found is None:
        found = _stem(word)
        if len(_STEMS) < MAX_STEMS and len(word) <= MAX_STEMMED_CHARS:
            _STEMS[word] = found
    return found


_NAME_PLURAL = re.compile(r"[a-z]*\d{2,}s")


def _stem(word: str) -> str:
    """A light suffix stripper, so that word forms meet: trained/training/train, price/prices/pricing.

    Deliberately mild (plural s/es, -ed, -ing, a final e): it joins inflections, not different words.
    """
    word = _IRREGULAR.get(word, word)  # "wrote", "written" -> "write"
    if _NAME_PLURAL.fullmatch(word):  # "h100s", "4090s": the plural of a name with digits is the name
        return word[:-1]
    if len(word) <= 4 or not word.isalpha():
        return word
    if word[-2:] == "ly" and _is_adverb(word):  # "behaved differently" meets "different", "commercially" "commercial"
        word = word[:-2]  # and "reportedly" goes on to "report"
    for suffix in ("ing", "ed", "es", "s"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 3 and not word.endswith(("ss", "us", "is")):
            word = word[: -len(suffix)]
            if suffix in ("ing", "ed") and len(word) >= 4 and word[-1] == word[-2] and word[-1] not in "lsz":
                word = word[:-1]
            elif suffix != "s" and _SHORT_CVC.fullmatch(word):  # "rating", "rates" -> "rate", not "rat"
                word += "e"
            break
    if word.endswith("eed") and len(word) > 4:  # exceed, exceeds, exceeded -> "exce", as agree, agreed -> "agre"
        word = word[:-2]
    if len(word) > 4 and word.endswith("e"):
        word = word[:-1]
    return word


# "-ly" endings that are no adverb of a word: family, supply, assembly, probably, silly ("-ally" is: "totally")
_NOT_ADVERB = ("ily", "ply", "bly", "lly")
# adverbs that hedge a chat message, not a form of their adjective: "is it actually good" asks nothing "actual"
_HEDGES = frozenset(
    "actually really basically literally honestly seriously apparently supposedly exactly totally likely".split()
)


def _is_adverb(word: str) -> bool:
    """Whether a word is an adverb made of another word with "-ly" (not "family", "supply" nor the hedge
    "actually"; "cheaply", "deeply", "successfully" and "totally" are), other than of a stop word ("mostly")."""
    if len(word) < 6 or not word.endswith("ly") or word in _HEDGES or word[:-2] in STOP_WORDS:
        return False
    if word.endswith(("ally", "fully")) or (word.endswith("ply") and word[-4] in "aeo"):
        return True
    return not word.endswith(_NOT_ADVERB)


# English verbs whose past forms no suffix rule reaches: each form -> the plain verb
_IRREGULAR = {
    form: verb
    for verb, forms in {
        "begin": "began begun",
        "break": "broke broken",
        "bring": "brought",
        "build": "built",
        "buy": "bought",
        "catch": "caught",
        "choose": "chose chosen",
        "come": "came",
        "drive": "drove driven",
        "eat": "ate eaten",
        "fall": "fell fallen",
        "feel": "felt",
        "fight": "fought",
        "forget": "forgot forgotten",
        "get": "got gotten",
        "give": "gave given",
        "grow": "grew grown",
        "hide": "hid hidden",
        "hold": "held",
        "keep": "kept",
        "know": "knew known",
        "lead": "led",
        "lose": "lost",
        "make": "made",
        "mean": "meant",
        "meet": "met",
        "pay": "paid",
        "ride": "rode ridden",
        "rise": "rose risen",
        "run": "ran",
        "see": "saw seen",
        "seek": "sought",
        "sell": "sold",
        "send": "sent",
        "shake": "shook shaken",
        "show": "shown",
        "sing": "sang sung",
        "speak": "spoke spoken",
        "spend": "spent",
        "stand": "stood",
        "steal": "stole stolen",
        "take": "took taken",
        "teach": "taught",
        "tear": "tore torn",
        "think": "thought",
        "throw": "threw thrown",
        "understand": "understood",
        "wear": "wore worn",
        "win": "won",
        "write": "wrote written",
    }.items()
    for form in forms.split()
}
_SHORT_CVC = re.compile(r"[^aeiou][aeiou][^aeiouwxy]")  # a three-letter stem that lost its final e: "rat(e)"


def tokens(text: str) -> list[str]:
    """Index and query tokens: stemmed words without stop words."""
    stems = _STEMS
    found = []
    for t in words(text):
        if t in STOP_WORDS:
            continue
        s = stems.get(t)  # stem()'s own memo, read inline: a call per word adds up over a large build
        if s is None:
            s = stem(t)
        if s not in STOP_WORDS or not t.endswith("s"):  # "metas", "llamas": a stop word's plural is one too
            found.append(s)
    return found


def typed_tokens(text: str) -> list[tuple[str, str]]:
    """Query tokens with the word each was stemmed from, first spelling kept: [("pric", "prices"), ...]."""
    typed = {stem(t): t for t in reversed(words(text)) if t not in STOP_WORDS}
    return [(s, t) for s, t in list(typed.items())[::-1] if s not in STOP_WORDS or not t.endswith("s")]


def edit_distance(a: str, b: str, limit: int = 2) -> int:
    """Optimal string alignment distance (adjacent swaps count once), stopping early past ``limit``."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    prev2: list[int] = []
    prev = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        cur = [i] + [0] * len(b)
        for j, cb in enumerate(b, 1):
            cost = 0 if ca == cb else 1
            cur[j] = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost)
            if i > 1 and j > 1 and ca == b[j - 2] and a[i - 2] == cb:
                cur[j] = min(cur[j], prev2[j - 2] + 1)
        if min(cur) > limit:
            return limit + 1
        prev2, prev = prev, cur
    return prev[-1]


_SENTENCE_BREAK = re.compile(
    r"(?<!\bvs\.)(?<!\bVs\.)(?<!\be\.g\.)(?<!\bi\.e\.)(?<!\betc\.)"  # abbreviations do not end a sentence
    r"(?:(?<=[.!?])|(?<=[.!?][”\"’)]))\s+(?=[A-Z0-9\"“(])|\n+"  # nor does a quote end before its closing mark
)


LIST_MARKER = r"(?:[-*\u2022]|\d+[.)])"  # a bullet or a number that starts a list item: "- ", "• ", "1. ", "2) "
_LIST_LINE = re.compile(r"\s*(?:\||[-*\u2022]|\d+[.)]\s)")


def is_list_line(line: str) -> bool:
    """Whether the line is a list item or a table row."""
    return _LIST_LINE.match(line) is not None


_QUOTED = re.compile(r"(?:^|(?<=[\s(]))[\"'\u2018\u201c]([^\"\u201d\u2019]{3,80}?)[\"'\u2019\u201d](?=[\s?!.,;:)]|$)")


def quoted(text: str) -> list[tuple[str, ...]]:
    """The words of each span the text puts in quotes ("the 'lands' blog")."""
    return [phrase for m in _QUOTED.finditer(text) if (phrase := tuple(words(m.group(1))))]


def quoted_phrases(text: str) -> list[tuple[str, ...]]:
    """The words of each phrase of two or more the text puts in quotes ("the 'structural read' of ...")."""
    return [phrase for phrase in quoted(text) if len(phrase) >= 2]


def holds_phrase(text: str, phrase: Sequence[str]) -> bool:
    """Whether the text has the phrase's words side by side, in its order."""
    return holds_words(words(text), phrase)


def holds_words(said: Sequence[str], phrase: Sequence[str]) -> bool:
    """Whether the words hold the phrase's words side by side, in its order."""
    return f" {' '.join(phrase)} " in f" {' '.join(said)} "


def sentences(text: str) -> list[str]:
    """Split prose into sentences, keeping decimals ("2.5 Pro") and abbreviations ("vs.") whole."""
    parts = _SENTENCE_BREAK.split(text)
    return [p.strip() for p in parts if p.strip()]
