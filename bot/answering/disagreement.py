"""Where sources disagree in prose: another source's sentence that states a different value of what is asked.

The stored facts find disagreements between values (``bot.knowledge.facts``); these find them between a
fact or a lead sentence and the prose of another article, so that both sides are shown, each cited.
"""

from __future__ import annotations

from collections.abc import Sequence

from bot.answering.forms import Expect, Form, closing_tag
from bot.answering.reading import STATED_COVERAGE, Reader, Reading
from bot.answering.snippets import Snippet
from bot.language.numbers import number_claims
from bot.language.text import words

DISSENT_CANDIDATES = 6
CHECK_WORDS = 2  # words of the question that say what it is about, which a dissent must hold too
DISSENT_COVERAGE = 0.7  # another source's sentence counts as a view on the question at this share of the lead's


def dissent(reader: Reader, reading: Reading, lead: Snippet) -> Snippet | None:
    """Another source's sentence on the same question that states a different value of the kind asked.

    "Which models did Behemoth beat?" gets GPT-4.5 from two sources and GPT-5 from a third; "what
    year ..." gets 2023 against 2024. Compared are numbers for "how many" and "when" questions, and
    the models and titles a sentence names for any question.
    """
    sources, stated, coverage = {lead.source}, lead.claims, lead.coverage
    expect = reading.form.expect
    # "LeCun is Chief AI Officer, right?", "behemoth beats GPT-5. true?": a claim checked, whose title, model or
    # figure another source may state otherwise
    tagged = bool(closing_tag(reading.query.text))
    checks = reading.form.form is Form.YES_NO and (tagged or reading.query.comparative)  # "did behemoth beat gpt-5?"
    if checks and not tagged and not _names_own(reading, lead):  # "did behemoth beat gpt-4o?" led by Maverick's
        return None  # LMArena win: no claim about Behemoth to weigh
    if expect is Expect.ANY and not checks:  # two sentences naming different models is no disagreement unless
        return None  # models (or a number, a date, a title) are what the question asks for
    kinds = {Expect.NUMBER: ("n:",), Expect.DATE: ("n:",)}.get(expect, ("m:", "t:"))
    asked = {f"{k}{w}" for k in ("n:", "m:", "t:") for w in reading.ask.question_words}
    mine = stated - asked
    if checks:  # the lead's titles and models the claim states too ("Chief AI Officer", "GPT-5"), and most of
        # the claim's words the lead holds, the one that differs aside ("officer")
        said = set(words(reading.query.text))
        mine = frozenset(c for c in stated if _stated_in(c, said))
        terms = reader.index.terms_by_id  # words, not the numbers of model versions ("3" of "Claude 3")
        held = {t for t in reading.weights.known if t in reader.terms_of(lead.text) and terms[t].isalpha()}
        needed, anchors = max(len(held) - 1, CHECK_WORDS), held
    else:
        anchors = _anchors(reader, reading, lead)
        needed = len(anchors)
    if len(anchors) < CHECK_WORDS:
        return None
    for other in reading.ranked[:DISSENT_CANDIDATES]:
        # (a claim's dissent need not name every model the claim names: it may name another in its place)
        if other.source in sources or not (other.named or checks) or other.coverage < DISSENT_COVERAGE * coverage:
            continue
        if len(anchors & reader.terms_of(other.text)) < needed:
            continue  # about something else: it must hold the words that say what the question is about
        theirs = other.claims - asked
        for kind in _claim_kinds(mine, kinds):
            a = {c for c in mine if c.startswith(kind)}
            b = {c for c in theirs if c.startswith(kind)}
            if a and b and not a & b:
                return other
    return None


def contradicts(
    reader: Reader, reading: Reading, values: Sequence[str], sources: set[str], qualifiers: Sequence[str] = ()
) -> Snippet | None:
    """A sentence from a source the stored facts do not come from that states the value otherwise.

    "DeepSeek V3: 37B active" is one source's table; another's prose says both models have "~17B
    active parameters". The sentence must name the model, every attribute word the question typed
    and the provider the question or every fact names (a provider's price is not a self-hosting cost),
    and hold a number in the unit of the facts' values, none equal to theirs.
    """
    stated = {c for v in values for c in number_claims(v, reader.names.families)}
    units = {c[: c.index(":", 2) + 1] for c in stated}
    if not units or not reading.typed_attribute:
        return None
    providers = {w for q in (*reading.query.qualifiers, *qualifiers) for w in words(q)}
    labels = [reader.terms_of(reader.knowledge.attribute(a).label) for a in reading.query.attributes]
    for other in reading.ranked[:DISSENT_CANDIDATES]:
        if other.source in sources or not (other.about and other.named) or other.coverage < STATED_COVERAGE:
            continue
        said, held = set(words(other.text)), reader.terms_of(other.text)
        if not (reading.typed_attribute <= held or any(label <= held for label in labels)):
            continue  # the attribute as typed, or as the facts label it ("active parameters" for "params")
        if providers and not providers & said:
            continue
        attributed = reader.claims_about(other.text, reading.query.subjects)
        for unit in units:
            mine = {c for c in stated if c.startswith(unit)}
            theirs = {c for c in attributed if c.startswith(unit)}
            if theirs and not mine & theirs:
                return other
    return None


def _names_own(reading: Reading, lead: Snippet) -> bool:
    """Whether the sentence names each of the family's models the question asks about."""
    said = set(words(lead.text))
    return all(any(spelling <= said for spelling in spellings) for spellings in reading.ask.own)


def _anchors(reader: Reader, reading: Reading, lead: Snippet) -> set[int]:
    """The words that say what a question is about: its model and attribute words, or the two rarest
    words of the question that the lead sentence holds."""
    held = reader.terms_of(lead.text)
    known = sorted((t for t in reading.weights.known if t in held), key=lambda t: -float(reader.index.idf[t]))
    return set(reading.consumed & set(known)) or set(known[:2])


def _stated_in(claim: str, said: set[str]) -> bool:
    """Whether a question states a model or title claim of a sentence: every word of a model's name ("GPT-5",
    not the "4" of "GPT-4" in "llama 4"), two words of a title (a title may run on into a name: "Chief AI Officer
    Yann LeCun")."""
    kind, named = claim[:2], set(claim[2:].split())
    if kind == "m:":
        return named <= said
    return kind == "t:" and len(named & said) >= CHECK_WORDS


def _claim_kinds(claims: frozenset[str], kinds: Sequence[str]) -> list[str]:
    """The claim kinds to compare: numbers by their unit ("n:$:", "n:%:"), models, titles."""
    found = []
    for kind in kinds:
        if kind == "n:":
            found += sorted({c[: c.index(":", 2) + 1] for c in claims if c.startswith("n:")})
        else:
            found.append(kind)
    return found
