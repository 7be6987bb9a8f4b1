"""Short verdicts on top of cited evidence: "which is cheaper?" and yes/no questions.

A verdict never adds a claim of its own. For a comparison it reads the table's
cited values ("Llama 4 Scout is cheaper by the sources' figures: $0.08 vs $0.15");
for "does Scout have 16 experts?" it compares the one number asked about with the
cited values. Yes/no questions the facts cannot settle get the evidence, unjudged.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from functools import lru_cache

from bot.answering.forms import closing_tag
from bot.knowledge.attributes import MONTH_NUMBER, MONTHS, date_claim, label_in_sentence
from bot.knowledge.lexicon import ATTRIBUTE_BY_KEY, ATTRIBUTES
from bot.knowledge.matching import find_attributes
from bot.language.numbers import UNITS, parse_value, rounded_to, same_number
from bot.language.text import STOP_WORDS, edit_distance, stem, words
from bot.models import NO_VALUE, Table

# The words of a comparison or superlative that say which way wins: the lowest figure ("cheaper") or the highest.
DIRECTIONS: dict[str, str] = {
    "cheaper": "min", "cheapest": "min", "less": "min", "least": "min", "smaller": "min", "smallest": "min",
    "fewer": "min", "fewest": "min",
    "slower": "min", "slowest": "min", "lower": "min", "lowest": "min", "shorter": "min", "shortest": "min",
    "minimum": "min", "faster": "max", "fastest": "max", "quicker": "max", "quickest": "max", "bigger": "max",
    "biggest": "max", "larger": "max", "largest": "max", "longer": "max", "longest": "max", "pricier": "max",
    "priciest": "max", "higher": "max", "highest": "max", "more": "max", "most": "max", "maximum": "max",
}  # fmt: skip
_ASKED_NUMBER = re.compile(
    r"\$?\d+(?:[.,]\d+)*\s*(?:thousand|million|billion|trillion|[kmbt]\b)?|\ba\s+(?:thousand|million|billion|trillion)\b",
    re.IGNORECASE,
)
# A bound in a yes/no question, in the words just before its number: "more than 100", "at least 1 million",
# "over a trillion". One vocabulary for reading the bound here and for leaving its words out of what is asked.
_MORE = ("more", "greater", "bigger", "larger", "higher", "faster", "longer", "wider")
_LESS = ("less", "fewer", "smaller", "lower", "slower", "shorter", "cheaper")
_OVER = ("over", "above", "exceeding", "exceeds", "exceed", "beyond")
_UNDER = ("under", "below")
BOUND_WORDS = frozenset((*_MORE, *_LESS, *_OVER, *_UNDER, "than", "at", "least", "most", "north", "south", "of"))
_ABOVE = re.compile(
    rf"\b(({'|'.join(_MORE)})(\s+\w+)?\s+than|{'|'.join(_OVER)}|at\s+least|north\s+of)\s*$", re.IGNORECASE
)
_BELOW = re.compile(
    rf"\b(({'|'.join(_LESS)})(\s+\w+)?\s+than|{'|'.join(_UNDER)}|at\s+most|south\s+of)\s*$", re.IGNORECASE
)
_INCLUSIVE = re.compile(r"\bat\s+(least|most)\s*$", re.IGNORECASE)
_NOT = re.compile(r"\b(no|not)\s*$", re.IGNORECASE)
_RATIO = re.compile(r"\s*(x|times|fold)\b", re.IGNORECASE)
def base_label(label: str) -> str:
    """A row's label without the setting it is given for ("Input price ($/1M tokens) (OpenRouter)")."""
    return label.split(" (")[0]


_LABEL_KIND = {a.label: a.kind for a in ATTRIBUTES}
_LABEL_PREFERRED = {base_label(a.label): a.preferred for a in ATTRIBUTES}


def _kind(label: str) -> str:
    base = base_label(label)
    for attribute_label, kind in _LABEL_KIND.items():
        if base == base_label(attribute_label):
            return kind
    return "text"


BY_FIGURES = "By the sources' figures,"  # how a verdict read off a table's figures opens


def tradeoffs(table: Table) -> str | None:
    """Where each model comes out ahead, row by row, by the figures of the table, in plain words with the
    figures: a higher score, a longer context, a lower price or a smaller memory footprint ("is Scout better
    than Maverick?"). A row counts when every model has a value, at least two of them a figure, and one model's
    every figure beats every figure of the others (sources that disagree may still agree on the winner: 55 or
    60 GB against 200 GB); the figures it weighs are named beside it."""
    if len(table.columns) < 2:
        return None
    leads: dict[str, list[str]] = {name: [] for name in table.columns}
    scores: dict[str, list[str]] = {name: [] for name in table.columns}
    sizes: list[str] = []  # rows neither end of which is better ("Total parameters"), where the models differ
    for row in table.rows:
        preferred, kind = _LABEL_PREFERRED.get(base_label(row.label)), _kind(row.label)
        if kind == "text":
            continue
        if preferred is None:
            shown = [_shown_value(c.value) for c in row.cells]
            if len(sizes) < MAX_SIZES and "—" not in shown and len(set(shown)) == len(shown):
                pairs = " vs ".join(f"{v} ({name})" for v, name in zip(shown, table.columns, strict=True))
                sizes.append(f"{row.label}: {pairs}")
            continue
        ranges = []
        for cell in row.cells:
            found = [parse_value(v, kind)[0] for v in cell.value.lstrip("⚠ ").split(" vs ")]
            numbers = [n for n in found if n is not None]
            ranges.append((min(numbers), max(numbers)) if numbers and len(numbers) == len(found) else None)
        # a model none of whose sources gives the row leaves it unsettled ("Llama 4 vs Claude 3.7 Sonnet": no
        # verdict between Scout and Maverick); one whose stated value is no figure ("TBD" for Behemoth's context)
        # leaves it to the others
        if any(_shown_value(c.value) == NO_VALUE for c in row.cells):
            continue
        figured = [k for k, r in enumerate(ranges) if r is not None]
        if len(figured) < 2:
            continue
        for k in figured:
            low, high = ranges[k] or (0.0, 0.0)
            others = [r for j, r in enumerate(ranges) if j != k and r is not None]
            wins = all(high < o[0] for o in others) if preferred == "min" else all(low > o[1] for o in others)
            if wins:
                ordered = [k, *(j for j in figured if j != k)]  # the winner's figure first
                figures = _side_by_side([_shown_value(row.cells[j].value) for j in ordered])
                if len(table.columns) > 2:  # "91.0 vs 79.6 for Llama 4 Scout and 85.5 for Llama 4 Maverick"
                    rest = [f"{_shown_value(row.cells[j].value)} for {table.columns[j]}" for j in ordered[1:]]
                    figures = f"{_shown_value(row.cells[k].value)} vs {listed(rest)}"
                if kind == "score":
                    scores[table.columns[k]].append(f"{row.label} ({figures})")
                else:
                    leads[table.columns[k]].append(f"{_better_phrase(row.label, kind, preferred)} ({figures})")
    said = []
    for name in table.columns:
        phrases = leads[name] + ([f"higher scores on {listed(scores[name])}"] if scores[name] else [])
        if phrases:
            said.append(f"{name} has {listed(phrases)}")
    if not said:
        return None
    return f"{BY_FIGURES} {'; '.join(said)}." + (f" {'; '.join(sizes)}." if sizes else "")


_ADJECTIVES = {  # how a user is better off on a row of each kind, by the end that is better
    ("tokens", "max"): "a longer",
    ("gb", "min"): "a smaller",
    ("speed", "max"): "faster",
    ("usd", "min"): "a lower",
    ("count", "max"): "more",
}


def _better_phrase(label: str, kind: str, preferred: str) -> str:
    """ "a lower input price on OpenRouter" for the row "Input price ($/1M tokens) (OpenRouter)"."""
    base, *rest = label.split(" (")
    qualifiers = [q.rstrip(")") for q in rest if not q.startswith("$")]  # "($/1M tokens)" is the unit
    name = label_in_sentence(base)
    if qualifiers:  # a provider's price or speed; a precision's footprint
        name += f" {'on' if kind in ('usd', 'speed') else 'at'} {qualifiers[-1]}"
    adjective = _ADJECTIVES.get((kind, preferred), "a higher" if preferred == "max" else "a lower")
    return f"{adjective} {name}"


MAX_SIZES = 2  # rows of sizes a comparison's verdict also gives ("Total parameters", "Experts")


def _shown_value(value: str) -> str:
    """A table cell's value as a figure beside another: no flag, no aside ("10 million tokens (base-trained at
    256K ...)" -> "10 million tokens", "... expert; alternates MoE and dense layers" -> "... expert"),
    "approximately" as "~", two sources' values as either."""
    plain = re.sub(r"\s*\([^)]*\)", "", value.lstrip("⚠ ")).split(";")[0].strip()
    plain = re.sub(r"\b(?:approximately|roughly|about|around)\s+", "~", plain)
    return plain.replace(" vs ", " or ")


_FIGURE_AND_UNIT = re.compile(r"^([~$]?\d[\d.,]*)\s+(\D.*)$")


def _side_by_side(values: Sequence[str]) -> str:
    """Figures beside each other, the unit they share said once: "10 vs 1 million tokens", "143 vs 109
    tokens/second"."""
    found = [m for v in values if (m := _FIGURE_AND_UNIT.match(v))]
    if len(found) == len(values) and len({m.group(2) for m in found}) == 1:
        return " vs ".join(m.group(1) for m in found) + " " + found[0].group(2)
    return " vs ".join(values)


def listed(items: Sequence[str]) -> str:
    """ "A", "A and B", "A, B and C"."""
    return items[0] if len(items) == 1 else f"{', '.join(items[:-1])} and {items[-1]}"


_JUDGING = frozenset({"better", "worse", "good", "bad", "capable", "powerful", "useful"})


@lru_cache(maxsize=256)
def _labels_meant(text: str) -> frozenset[str]:
    """The labels of the attributes some words speak of: a comparative by itself ("cheaper": the prices; "more":
    none), or the words after it ("context window")."""
    return frozenset(base_label(ATTRIBUTE_BY_KEY[a].label) for a in find_attributes(text))


COMPARED_WITHIN = 3  # the words after a comparative that may name what it compares ("bigger context window")


def comparative_verdict(question_words: Sequence[str], table: Table) -> str | None:
    """Which model wins, by the direction the question asks, on the first row every model has a number in, of
    the rows the comparative speaks of: those the words after it name ("the longer context window"), else those
    it names itself ("cheaper": the prices), else (a comparative of no attribute: "more") any."""
    direction = next((DIRECTIONS[w] for w in question_words if w in DIRECTIONS), None)
    if direction is None or len(table.columns) < 2:
        return None
    word = next(w for w in question_words if w in DIRECTIONS)
    at = question_words.index(word)
    after = question_words[at + 1 : at + 2]
    if word in {"more", "less"} and after and after[0] in _JUDGING:  # "is maverick more better than gpt4o":
        return None  # "better" is asked, which no single row settles
    # "which is cheaper" is settled by a price row, not by the context window above it
    following = _labels_meant(" ".join(question_words[at + 1 : at + 1 + COMPARED_WITHIN]))
    meant = _labels_meant(word)
    rows = [r for r in table.rows if base_label(r.label) in following]
    if not rows:
        rows = [r for r in table.rows if base_label(r.label) in meant] if meant else list(table.rows)
    for row in rows:
        kind = _kind(row.label)
        if kind == "text":
            continue
        if any("vs" in cell.value for cell in row.cells):
            continue  # sources that disagree: no verdict from this row
        numbers = [parse_value(cell.value.lstrip("⚠ "), kind)[0] for cell in row.cells]
        columns = zip(numbers, table.columns, row.cells, strict=True)
        stated = [(n, name, cell.value) for n, name, cell in columns if n is not None]
        if len(stated) < 2:
            continue  # fewer than two models with a figure
        values = [n for n, _, _ in stated]
        best = min(values) if direction == "min" else max(values)
        if values.count(best) > 1:
            continue
        winner = stated[values.index(best)][1]
        if word in {"most", "least"}:  # "has the most experts by the sources' figures"
            said = f"has the {word} {row.label.lower()} by the sources' figures"
        else:
            said = f"is {word} by the sources' figures for {row.label}"
        shown = " vs ".join(f"{value} ({name})" for _, name, value in stated)
        missing = [name for n, name in zip(numbers, table.columns, strict=True) if n is None]
        none = f" (no figure for {', '.join(missing)})" if missing else ""
        return f"{winner} {said}: {shown}{none}."
    return None


def value_verdict(
    question: str,
    kind: str,
    stated: Sequence[float],
    better: str | None = None,
    disputed: bool = False,
    open_ended: bool = False,
) -> str | None:
    """ "Yes" or "No" to "does Scout have 16 experts?": the one number asked about against the cited values;
    to "more than 100 experts?", "faster than 100 tokens per second?", "under $0.20?", the bound it sets (no
    verdict when the values stated fall on both sides of it). With ``better`` (which end a user is better off
    with), "can I fit 5M tokens into Scout?" asks for a load within a capacity ("max": up to the value) and
    "can I run it in 64GB?" for a budget that covers a need ("min": at least the value). When sources dispute
    the value (``disputed``), only a verdict that holds for every value they state is given. A value stated as
    a floor (``open_ended``: "200GB+") only says that a smaller budget falls short."""
    asked = _of_the_kind(question, kind, list(_ASKED_NUMBER.finditer(question)))
    if len(asked) != 1 or not stated:
        return None
    figure = re.sub(r"^a\s+", "1 ", asked[0].group(0), flags=re.IGNORECASE)  # "a trillion"
    figure += _mistyped_magnitude(question[asked[0].end() :]) if figure.rstrip()[-1:].isdigit() else ""
    number, _ = parse_value(figure, kind)
    if number is None:
        return None
    if _RATIO.match(question, asked[0].end()):  # "more than 20x Maverick's": a ratio, not a value
        return None
    before = question[: asked[0].start()]
    if _SPAN.match(question, asked[0].end()):  # "above the 70s": a bound on a span, read as neither
        after = question[asked[0].end() :]
        return None if _SPAN_BOUND.search(before) else _span_verdict(asked[0].group(0), before, after, stated)
    bound = _ABOVE.search(before) or _BELOW.search(before)
    if bound:
        above = bool(_ABOVE.search(before))
        inclusive = bool(_INCLUSIVE.search(before))
        if _NOT.search(before[: bound.start()]):  # "no more than 16" is at most 16
            above, inclusive = not above, True
        holds = [
            (n > number if above else n < number) or (inclusive and same_number(n, number))
            for n in stated
            if inclusive or not same_number(n, number)
        ] or [False]
        return "Yes" if all(holds) else "No" if not any(holds) else None
    budget = kind == "gb" or _FITTING.search(question) is not None  # memory a user states is always a budget
    if better == "min" and open_ended and budget:
        return "No" if all(number < n and not same_number(number, n) for n in stated) else None
    if better and budget:
        within = [number <= n or same_number(number, n) if better == "max" else number >= n for n in stated]
        return "Yes" if all(within) else "No" if not any(within) else None
    exact = _EXACTLY.search(before) or _EXACTLY_AFTER.match(question, asked[0].end())
    whole = not re.search(r"\d[.,]\d", figure) and not exact  # "93%" is right of 93.2%; "93.0%", "exactly 93%"
    # and "93% even" are not
    same = [same_number(number, n) or (whole and rounded_to(n, number)) for n in stated]
    if disputed and any(same) and not all(same):  # "is Maverick's MMLU 85.5?": one source says so, one not
        return None
    return "Yes" if any(same) else "No"


_ASKED_DATE = re.compile(
    r"\b(?:(\d{1,2})(?:st|nd|rd|th)?\s+(?:of\s+)?)?(" + "|".join(MONTHS) + r")\b\.?"
    r"(?:\s+(\d{1,2})(?:st|nd|rd|th)?\b)?,?(?:\s+(\d{4})\b)?",
    re.IGNORECASE,
)


_SPAN = re.compile(r"'?s\b")  # "80s", "80's", "1400s": a span, not a figure
_SPAN_PART = re.compile(r"\b(?:high|low|mid|early|late|upper|lower)\W*$", re.IGNORECASE)  # "the high 80s"
_SPAN_OF = re.compile(r"'?s\s+of\b", re.IGNORECASE)  # "10s of millions": a count of spans, not one
_EXACTLY = re.compile(r"\b(?:exact|exactly|precisely)\W*$", re.IGNORECASE)
_EXACTLY_AFTER = re.compile(r"[\s%]*(?:exactly|precisely|even|flat|on the dot)\b", re.IGNORECASE)  # "70 even"
_SPAN_BOUND = re.compile(r"\b(?:above|below|over|under|beyond|past|than)\W+(?:the\s+)?$", re.IGNORECASE)


def _span_verdict(figure: str, before: str, after: str, stated: Sequence[float]) -> str | None:
    """ "Is maverick's mmlu in the 80s?": whether the values lie from 80 up to 90 ("1400s": from 1400 up to
    1500, the span its trailing zeros give). None for a part of a span ("the high 80s"), a count of spans
    ("100s of billions") or a figure that ends in no zero."""
    digits = figure.strip().lstrip("$")
    if not digits.isdigit() or not digits.endswith("0") or _SPAN_PART.search(before) or _SPAN_OF.match(after):
        return None
    start = int(digits)
    width = 10 ** (len(digits) - len(digits.rstrip("0")))
    held = [start <= n < start + width for n in stated]
    return "Yes" if all(held) else "No" if not any(held) else None


_OPEN_ENDED = re.compile(r"\+\s*$|^\s*(?:more than|over|at least|>)\s*\d", re.IGNORECASE)


def open_ended_value(value: str) -> bool:
    """Whether a stated value is a floor, not a figure: "200GB+", "more than 30 trillion tokens"."""
    return _OPEN_ENDED.search(value) is not None


def sets_bound(question: str) -> bool:
    """Whether a number the question states comes with a bound ("more than 100 experts", "under $0.20")."""
    return any(
        _ABOVE.search(question[: m.start()]) or _BELOW.search(question[: m.start()])
        for m in _ASKED_NUMBER.finditer(question)
    )


def date_verdict(question: str, stated: Sequence[str]) -> str | None:
    """ "Yes" or "No" to "it came out on april 7 2025, didn't it?": the one date the question states (its
    month, with the day and year it gives) against the dates the facts state; None when the question states
    no date or several, or a fact states none."""
    asked = list(_ASKED_DATE.finditer(question))
    if len(asked) != 1:  # most questions state no date: the stated values are not read then
        return None
    claims = [date_claim(v) for v in stated]
    if not claims or None in claims:
        return None
    day, month, later_day, year = asked[0].groups()
    day = day or later_day
    if not day and not year:  # "may" alone is no date
        return None
    parts = [c.split("-") for c in claims if c]
    holds = [
        int(p[1]) == MONTH_NUMBER[month.lower()]
        and (year is None or p[0] == year)
        and (day is None or len(p) < 3 or int(p[2]) == int(day))
        for p in parts
    ]
    return "Yes" if any(holds) else "No"


def without_versions(question: str, families: Iterable[str]) -> str:
    """The question without the version numbers of the model names in it ("Llama 4", "GPT-4o", "Claude 3.7"):
    a name, not a number asked about."""
    pattern = _versions(frozenset(families))
    return pattern.sub(r"\1", question) if pattern else question


@lru_cache(maxsize=16)  # one set of model families per knowledge base
def _versions(families: frozenset[str]) -> re.Pattern[str] | None:
    names = "|".join(sorted((re.escape(f) for f in families), key=len, reverse=True))
    return re.compile(rf"(?i)\b({names})[\s-]*\d+(?:\.\d+)?[a-z]?\b") if names else None


BY_EVERY_SOURCE = ", by every source's figure"  # after a verdict on a value the sources disagree on
_VERDICT = re.compile(rf"^(?:Yes|No)(?:{re.escape(BY_EVERY_SOURCE)})? — ")


def without_verdict(text: str) -> str:
    """An answer's text without the "Yes — " or "No — " it opens with ("No, by every source's figure — ")."""
    return _VERDICT.sub("", text, count=1)


# units written on or beside a figure that say what kind of value it is
KIND_OF_WRITTEN_UNIT = {"gb": "gb", "tb": "gb", "mb": "gb", "$": "usd", "%": "score"}


def _unit_after(question: str, match: re.Match[str]) -> str:
    """The unit written on or after a number ("16GB", "16 gb", "80%"), lower case; "" when none."""
    after = re.match(r"\s*(%|[a-z]+)", question[match.end() :], re.IGNORECASE)
    return after.group(1).lower() if after else ""


def _of_the_kind(question: str, kind: str, asked: list[re.Match[str]]) -> list[re.Match[str]]:
    """Of several numbers a question states, those in the unit of the kind of value checked ("will scout run on
    my 4090? its 24gb": 24 GB, not the card's model number); all of them when none is."""
    asked = [m for m in asked if KIND_OF_WRITTEN_UNIT.get(_unit_after(question, m), kind) == kind]  # "16gb": no tokens
    unit = (UNITS.get(kind) or "").split()[:1]
    if len(asked) < 2 or not unit:
        return asked
    if kind == "usd":
        return [m for m in asked if m.group(0).startswith("$")] or asked
    after = [words(question[m.end() :])[:1] for m in asked]
    return [m for m, w in zip(asked, after, strict=True) if w == [unit[0].lower()]] or asked


# "can I fit ...", "my mac has 96gb, can I run scout?", "is 192gb enough": a load or a budget, not a value claimed
_FITTING = re.compile(r"\b(can|could|will|would|enough|fit|fits|run|runs|handle|hold)\b", re.IGNORECASE)
_MAGNITUDE_WORDS = ("thousand", "million", "billion", "trillion")


def _mistyped_magnitude(after: str) -> str:
    """The magnitude a number's next word stands for when mistyped ("10 milion tokens": " million"), else "": a
    verdict on "10" against 10 million would deny what the question states."""
    following = words(after)[:1]
    if not following or following[0] in _MAGNITUDE_WORDS:
        return ""
    meant = [m for m in _MAGNITUDE_WORDS if edit_distance(following[0], m) <= 1]
    return f" {meant[0]}" if len(meant) == 1 else ""


NEGATIONS = frozenset({"not", "no", "never", "cannot", "can't", "cant", "without", "nor", "neither", "lacks"})
_NEGATED = re.compile(r"\b(\w+)n[’']t\b", re.IGNORECASE)  # "doesn't", "can’t", "isn’t"
NEGATION_REACH = 2  # words: "does not support audio" negates "support" and "audio"
DETERMINER_NEGATIONS = frozenset({"no", "without", "lacks"})  # these negate the noun their words end in
# "not every layer" negates "every", not "layer": a negation before these words is partial
PARTIAL = frozenset({"every", "all", "only", "just", "always", "necessarily", "quite", "entirely", "fully"})
# "not freely usable by all organizations" denies it of all, not of each: no "No" to "is it free to use"
UNIVERSAL = frozenset({"all", "every", "everyone", "everybody"})
UNIVERSAL_REACH = 4


def negations_spelled_out(text: str) -> str:
    """ "doesn't" -> "does not", so that a negation is a word of its own."""
    return _NEGATED.sub(r"\1 not", text)


def asks_negated(text: str) -> bool:
    """Whether a question negates what it asks ("is it still good even though it's not validated?"): a tag or
    doubt that closes it ("..., isn't it?", "... or not?") negates nothing."""
    said = words(text)
    asked = said[: len(said) - closing_tag(text)]
    return any(w in NEGATIONS for w in words(negations_spelled_out(" ".join(asked))))


def prose_verdict(asked: Sequence[str], sentence: str) -> str | None:
    """ "No" when the sentence that answers negates what the question asks about; otherwise nothing, and
    the evidence speaks. A "Yes" is not read off words: a sentence holding every word of the question can
    still say the opposite ("a closed-weight model, a departure from the open-weight track").

    ``asked`` are the question's content words (stemmed like ``bot.language.text.tokens``), its models left out.
    "Does Llama 4 support audio?" against "Llama 4 does not support audio" is "No".
    """
    if not asked:
        return None
    said = words(negations_spelled_out(sentence))
    stems = [stem(w) for w in said]
    negated = [
        i
        for i, w in enumerate(said)
        if w in NEGATIONS
        and said[i + 1 : i + 2]
        and said[i + 1] not in PARTIAL
        and not UNIVERSAL & set(said[i + 1 : i + 1 + UNIVERSAL_REACH])  # "not freely usable by all": by some
    ]
    wanted = set(asked)
    near: set[str] = set()
    for i in negated:
        reach = range(i + 1, min(i + 1 + NEGATION_REACH, len(stems)))
        if said[i] in DETERMINER_NEGATIONS:  # "no image generation" denies the generation, not the images
            span = [j for j in reach if said[j] not in STOP_WORDS]
            span = span[: next((k for k, j in enumerate(span) if j != span[0] + k), len(span))]
            near.update({stems[span[-1]]} if span else set())
        else:
            near.update(stems[j] for j in reach)
    if negated and near & wanted:
        return "No"
    return None


COPULAS = frozenset({"is", "was", "are", "were"})
DENIAL_REACH = 3  # words between a value and the "was not the" that denies what it stands for
DENYING = frozenset({"not", "never"})  # not "no fluke", "without": those deny a noun, not what the value is
ARTICLES = frozenset({"the", "a", "an"})


@lru_cache(maxsize=65_536)  # asked of every fact shown, three times an answer; bounded for a growing base
def denies(sentence: str, value: str) -> bool:
    """Whether a sentence states a value to deny what it stands for: "The model that earned 1417 ELO was not
    the model users were running" (the value, then within a few words "was not" and an article), not "1417
    was not matched" nor "was no fluke"."""
    said = words(negations_spelled_out(sentence))
    stated = words(value)
    if not stated or not NEGATIONS.isdisjoint(stated):
        return False
    n = len(stated)
    for i in range(len(said) - n + 1):
        if said[i : i + n] != stated:
            continue
        after = said[i + n : i + n + DENIAL_REACH + 2]
        for k in range(len(after) - 2):
            if after[k] in COPULAS and after[k + 1] in DENYING and after[k + 2] in ARTICLES:
                return True
    return False
