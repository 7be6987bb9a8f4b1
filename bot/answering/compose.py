"""Composing answers from facts: direct fact answers, comparison tables and spec sheets.

Pure functions of the knowledge and the parsed question. Values that sources
state differently are never merged: the answer says so and cites each side.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection, Iterable, Sequence

from bot.answering.verdicts import DIRECTIONS, denies
from bot.knowledge.base import Knowledge
from bot.knowledge.citations import MAX_SOURCES_CITED, CitationList, marks, more_sources
from bot.knowledge.facts import ValueGroup, group_values, is_multi
from bot.knowledge.lexicon import (
    ATTRIBUTES,
    FAMILY_MODELS,
    FILLER_WORDS,
    LLAMA4,
    SUBJECT_BY_NAME,
    is_known_attribute,
    lexicon_words,
)
from bot.language.text import STOP_WORDS, sentences, stem, tokens, words
from bot.models import NO_VALUE, Answer, AnswerKind, Fact, Table, TableCell, TableRow, Turn

FAMILY_ATTRIBUTES = frozenset({"license", "release_date", "languages", "modalities"})
MAX_COMPARED = 3  # models side by side in one table
SHORT_DENIAL = 15  # words of a denial too short to say why: the sentence before it in its paragraph says it
COMPARE_DEFAULT = tuple(a.key for a in ATTRIBUTES if not a.multi and a.key not in {"single_h100", "release_date"})


PAIRED = {("price_input", "price_output"): ("Price per 1M tokens", ("input", "output"))}

"""Attributes stated together (one table row) and answered on one line per qualifier."""


def _own(knowledge: Knowledge, subject: str, attribute: str) -> list[Fact]:
    return list(knowledge.facts_of(subject, attribute))


def facts_for(
    knowledge: Knowledge, subject: str, attribute: str, qualifiers: Sequence[str] = (), asked: Collection[str] = ()
) -> list[Fact]:
    """Facts of one subject and attribute, narrowed to the named qualifiers when the sources have them.

    A Llama 4 model inherits family-wide facts (license, languages, release, and any attribute only the
    articles name, such as a knowledge cutoff), except that a model whose own status the sources give
    (Behemoth, still training) does not inherit the release date: its status answers the question instead.
    Where the model has a figure of its own beside figures measured in a setting (a platform, a test
    rig), a question whose words (``asked``, beyond the model and attribute) name no setting, in the
    figure's qualifier or its quote, gets the model's own.
    """
    found = _own(knowledge, subject, attribute)
    inherits = attribute in FAMILY_ATTRIBUTES or not is_known_attribute(attribute)
    if not found and inherits and subject.startswith(LLAMA4):
        status = _own(knowledge, subject, "status")
        found = status if attribute == "release_date" and status else _own(knowledge, LLAMA4, attribute)
    if qualifiers:
        named = [f for f in found if _has_qualifier(f, qualifiers)]
        found = named or found
    own = [f for f in found if not f.qualifier]
    if own and len(own) < len(found):
        said = {stem(w) for w in asked if w not in STOP_WORDS | FILLER_WORDS | lexicon_words()}
        shared = {id(f): len(said & {stem(w) for w in words(f"{f.qualifier} {f.quote}")}) for f in found}
        best = max(shared.values())
        setting = [f for f in found if f.qualifier and best and shared[id(f)] == best]  # the setting named most
        found = setting or (found if qualifiers else own)
    return found


def _has_qualifier(fact: Fact, qualifiers: Sequence[str]) -> bool:
    return bool(fact.qualifier) and any(q.lower() in (fact.qualifier or "").lower() for q in qualifiers)


def missing_qualifiers(knowledge: Knowledge, subject: str, attribute: str, qualifiers: Sequence[str]) -> list[str]:
    """The named qualifiers (providers, precisions) the sources give no figure for."""
    found = facts_for(knowledge, subject, attribute, qualifiers)
    if not found:
        return []
    return [q for q in qualifiers if not any(_has_qualifier(f, [q]) for f in found)]


def _slots(facts: Sequence[Fact]) -> dict[str, list[Fact]]:
    slots: dict[str, list[Fact]] = defaultdict(list)
    for fact in facts:
        slots[fact.qualifier or ""].append(fact)
    return slots


def _groups(facts: Sequence[Fact]) -> list[ValueGroup]:
    """Agreeing groups of a slot; free-text facts that cannot be compared stand alone unless identical."""
    if is_multi(facts[0].attribute):
        by_value: dict[str, list[Fact]] = defaultdict(list)
        for fact in facts:
            by_value[fact.value.lower()].append(fact)
        return [ValueGroup(tuple(g)) for g in by_value.values()]
    comparable = [f for f in facts if f.number is not None or f.claim is not None]
    loose = [f for f in facts if f.number is None and f.claim is None]
    return group_values(comparable) + [ValueGroup((f,)) for f in loose]


def _stating(group: ValueGroup) -> list[Fact]:
    """The facts of a value's sentences that state it; one that denies what it stands for is shown apart."""
    return [f for f in group.facts if not denies(f.quote, f.value)] or list(group.facts)


def _denials(facts: Iterable[Fact]) -> list[Fact]:
    """The facts whose sentence states a value to deny what it stands for ("The model that earned 1417 ELO
    was not the model users were running"): one per sentence, at most ``MAX_SOURCES_CITED``."""
    by_quote: dict[str, Fact] = {}
    for fact in facts:
        if len(by_quote) < MAX_SOURCES_CITED and fact.quote not in by_quote and denies(fact.quote, fact.value):
            by_quote[fact.quote] = fact
    return list(by_quote.values())


def with_denial_reasons(knowledge: Knowledge, answer: Answer) -> Answer:
    """The answer with each short denial of a value it quotes ("The model that earned 1417 ELO was not the model
    users were running.") quoted with the sentence before it in its paragraph, which says why ("... Meta had
    submitted an “experimental chat version” of Maverick to LMArena ..."), verbatim; unless the answer quotes
    that sentence already (it may lead). The first sentence of a paragraph stands alone."""
    denials = _denial_quotes(knowledge)
    quoted = [c.quote for c in answer.citations]
    text, citations = answer.text, list(answer.citations)
    for i, citation in enumerate(citations):
        shown = f"“{citation.quote}”"
        if citation.quote not in denials or len(words(citation.quote)) > SHORT_DENIAL or shown not in text:
            continue
        reason = _with_sentence_before(knowledge.article_text(citation.source), citation.quote)
        if reason is None or any(reason[: -len(citation.quote)].strip() in q for q in quoted):
            continue
        text = text.replace(shown, f"“{reason}”")
        citations[i] = citation.model_copy(update={"quote": reason})
    return answer.model_copy(update={"text": text, "citations": tuple(citations)}) if text != answer.text else answer


def _denial_quotes(knowledge: Knowledge) -> frozenset[str]:
    memo = knowledge.memo("denial_quotes")
    found = memo.get("quotes")
    if not isinstance(found, frozenset):
        found = memo["quotes"] = frozenset(f.quote for f in knowledge.facts if denies(f.quote, f.value))
    return found


def _with_sentence_before(text: str, quote: str) -> str | None:
    """The quote with the sentence before it in its paragraph, as the article has them; None when it opens one."""
    at = text.find(quote)
    if at <= 0:
        return None
    start = text.rfind("\n", 0, at) + 1
    before = sentences(text[start:at])
    if not before or not text[start:at].rstrip().endswith(before[-1]):
        return None
    return text[text.rfind(before[-1], start, at) : at + len(quote)]


def _cite(citations: CitationList, group: ValueGroup) -> str:
    """A value's marks, and how many more articles state it than are cited."""
    numbers, _, more = citations.add_facts(_stating(group))
    return marks(numbers) + more_sources(more)


def _side(knowledge: Knowledge, citations: CitationList, group: ValueGroup) -> str:
    """One side of a disagreement: the value, its marks and the articles that state it (those cited first)."""
    numbers, cited, _ = citations.add_facts(_stating(group))
    sources = list(dict.fromkeys([*cited, *group.sources]))
    named = ", ".join(dict.fromkeys(knowledge.short_name(s) for s in sources[:MAX_SOURCES_CITED]))
    more = len(sources) - MAX_SOURCES_CITED
    return f"{group.value} {marks(numbers)} ({named}{f' and {more} more' if more > 0 else ''})"


def _is_disagreement(groups: Sequence[ValueGroup], attribute: str) -> bool:
    return not is_multi(attribute) and len(groups) > 1 and len({s for g in groups for s in g.sources}) > 1


def fact_lines(
    knowledge: Knowledge,
    citations: CitationList,
    subject: str,
    attribute: str,
    qualifiers: Sequence[str],
    asked: Collection[str] = (),
    sources: Collection[str] = (),
) -> tuple[list[str], bool]:
    """Sentences answering one subject and attribute, and whether sources disagree on it. A question that
    names sources stating it ("per value add vc") gets their value, then any other source's that disagrees."""
    lines: list[str] = []
    disagreed = False
    everything = facts_for(knowledge, subject, attribute, qualifiers, asked)
    found = [f for f in everything if f.source in sources] or everything
    if not found:
        return lines, False
    attribute = found[0].attribute
    label = knowledge.attribute(attribute).label
    if found[0].subject != subject:
        subject = f"{found[0].subject} (the whole family, {subject} included)"
    # the words of the question that can tell one value from another: not the model's, nor the attribute's
    said = {stem(w) for w in asked if w not in STOP_WORDS | FILLER_WORDS} - set(tokens(f"{subject} {label}"))
    for qualifier, slot in _slots(found).items():
        where = f" ({qualifier})" if qualifier else ""
        groups = _groups(slot)
        if _is_disagreement(groups, attribute):
            disagreed = True
            sides = " vs ".join(_side(knowledge, citations, g) for g in groups)
            lines.append(f"Sources disagree on {subject}'s {label}{where}: {sides}.")
        else:  # the value the question names first ("license MAU cap": the 700 million)
            if len(groups) > 1:
                groups = sorted(groups, key=lambda g: -_names_item(said, g.value))
            values = "; ".join(f"{g.value} {_cite(citations, g)}" for g in groups)
            lines.append(f"{subject} — {label}{where}: {values}.")
            # a source that states the value to deny what it stands for ("The model that earned 1417 ELO was
            # not the model users were running") follows it, apart
            for fact in _denials(f for g in groups for f in g.facts):
                denial = f"“{fact.quote}” {marks([citations.add_fact(fact)])}"
                lines.append(f"But {knowledge.short_name(fact.source)} says: {denial}")
    if len(found) < len(everything):  # the named sources' value: the others' only where they differ from it
        others, differ = _other_sources(knowledge, citations, found, everything, f"{subject}'s {label}")
        lines += others
        disagreed |= differ
    return lines, disagreed


def _other_sources(
    knowledge: Knowledge, citations: CitationList, found: Sequence[Fact], everything: Sequence[Fact], what: str
) -> tuple[list[str], bool]:
    """After the value of the sources a question names: the other sources' values that differ from it, and a
    source that states the same value to deny what it stands for; and whether any differs."""
    lines: list[str] = []
    differed = False
    named = {id(f) for f in found}
    for qualifier, slot in _slots(everything).items():
        groups = _groups(slot)
        disputed = _is_disagreement(groups, slot[0].attribute)
        differ = [g for g in groups if disputed and not any(id(f) in named for f in g.facts)]
        if differ:
            differed = True
            where = f" ({qualifier})" if qualifier else ""
            sides = "; ".join(_side(knowledge, citations, g) for g in differ)
            lines.append(f"Other sources differ on {what}{where}: {sides}.")
        agreeing = (f for g in groups if not any(g is d for d in differ) for f in g.facts if id(f) not in named)
        for fact in _denials(agreeing):
            denial = f"“{fact.quote}” {marks([citations.add_fact(fact)])}"
            lines.append(f"But {knowledge.short_name(fact.source)} says: {denial}")
    return lines, differed


def _names_item(said: set[str], value: str) -> int:
    """How many of the question's words an item of a list holds, an acronym of its words counting too
    ("MAU" for "monthly active users")."""
    initials = "".join(w[0] for w in words(value) if w.isalpha() and w not in STOP_WORDS)
    return len(said & set(tokens(value))) + sum(1 for w in said if 2 < len(w) <= 5 and w.isalpha() and w in initials)


def fact_answer(
    knowledge: Knowledge,
    question: str,
    subjects: Sequence[str],
    attributes: Sequence[str],
    qualifiers: Sequence[str],
    turn: Turn,
    sources: Collection[str] = (),
) -> Answer | None:
    citations = CitationList(knowledge)
    lines: list[str] = []
    notes: list[str] = []
    disagreed = False
    for subject in subjects:
        remaining = list(attributes)
        for pair, (label, sides) in PAIRED.items():
            if set(pair) <= set(remaining) and not any(_disagrees(knowledge, subject, a) for a in pair):
                lines += paired_lines(knowledge, citations, subject, pair, label, sides, qualifiers, words(question))
                remaining = [a for a in remaining if a not in pair]
        for attribute in remaining:
            found, disagreement = fact_lines(
                knowledge, citations, subject, attribute, qualifiers, words(question), sources
            )
            lines += found
            disagreed |= disagreement
        for attribute in attributes:
            missing = missing_qualifiers(knowledge, subject, attribute, qualifiers)
            note = f"My sources give no {' or '.join(missing)} figure for {subject}; they state these instead:"
            if missing and note not in notes:
                notes.append(note)
    if not lines:
        return None
    lines.sort(key=lambda line: not line.startswith("Sources disagree"))
    lines = notes + lines
    return Answer(
        question=question,
        kind=AnswerKind.FACT,
        text="\n".join(lines),
        citations=tuple(citations.items),
        disagreement=disagreed,
        turn=turn,
    )


def _disagrees(knowledge: Knowledge, subject: str, attribute: str) -> bool:
    slots = _slots(_own(knowledge, subject, attribute)).values()
    return any(_is_disagreement(_groups(slot), attribute) for slot in slots)


def paired_lines(
    knowledge: Knowledge,
    citations: CitationList,
    subject: str,
    pair: tuple[str, ...],
    label: str,
    sides: tuple[str, ...],
    qualifiers: Sequence[str],
    asked: Sequence[str] = (),
) -> list[str]:
    """One line per qualifier with both attributes of a pair: "$0.15 input / $0.60 output"; the cheapest
    first when the question asks for it."""
    per_attribute = [_slots(facts_for(knowledge, subject, a, qualifiers)) for a in pair]
    lines = []
    for qualifier in _ordered(dict.fromkeys(q for slots in per_attribute for q in slots), per_attribute[0], asked):
        parts, numbers, more = [], [], 0
        for slots, side in zip(per_attribute, sides, strict=True):
            facts = slots.get(qualifier, [])
            if facts:
                parts.append(f"{' / '.join(g.value for g in _groups(facts))} {side}")
                cited, _, uncited = citations.add_facts(facts)
                numbers += cited
                more = max(more, uncited)
        where = f" ({qualifier})" if qualifier else ""
        lines.append(f"{subject} — {label}{where}: {', '.join(parts)} {marks(numbers)}{more_sources(more)}.")
    return lines


def _ordered(qualifiers: Collection[str], slots: dict[str, list[Fact]], asked: Sequence[str]) -> list[str]:
    """The qualifiers in the order a superlative of the question asks ("cheapest": the lowest figure first),
    else as stated; those without a figure last."""
    direction = next((DIRECTIONS[w] for w in asked if w in DIRECTIONS), None)  # "least expensive": lowest
    if direction is None:
        return list(qualifiers)
    lowest = direction == "min"

    def figure(qualifier: str) -> float:
        numbers = [f.number for f in slots.get(qualifier, []) if f.number is not None]
        if not numbers:
            return float("inf")
        return min(numbers) if lowest else -max(numbers)

    return sorted(qualifiers, key=figure)  # stable: equal figures keep the order stated


def _cell(citations: CitationList, facts: Sequence[Fact]) -> tuple[TableCell, bool, bool]:
    """A table cell of one slot, whether its sources disagree, and whether more articles state it than
    are cited."""
    groups = _groups(facts)
    stating = {id(f) for g in groups for f in g.facts if not denies(f.quote, f.value)} or {
        id(f) for g in groups for f in g.facts
    }  # a sentence that denies what a value stands for: apart
    numbers: list[int] = []
    uncited = 0
    for group in groups:  # each side of a disagreement cited
        cited, _, more = citations.add_facts([f for f in group.facts if id(f) in stating])
        numbers += cited
        uncited += more
    disagreed = _is_disagreement(groups, facts[0].attribute)
    sep = " vs " if disagreed else "; "
    value = sep.join(g.value for g in groups)
    cell = TableCell(value=f"⚠ {value}" if disagreed else value, citations=tuple(dict.fromkeys(numbers)))
    return cell, disagreed, uncited > 0


def table_answer(
    knowledge: Knowledge,
    question: str,
    subjects: Sequence[str],
    attributes: Sequence[str],
    kind: AnswerKind,
    turn: Turn | None = None,
    caveats: bool = True,
) -> Answer:
    """A table with one column per model and one row per attribute (and qualifier) any of them has; with
    ``caveats``, a sentence that denies what a value stands for follows it (only for attributes asked: under
    a table of every row it is noise)."""
    citations = CitationList(knowledge)
    rows: list[TableRow] = []
    disagreed_rows: list[str] = []
    denials: dict[Fact, None] = {}
    uncited = False
    for attribute in attributes:
        per_subject = {s: _slots(facts_for(knowledge, s, attribute)) for s in subjects}
        qualifiers = list(dict.fromkeys(q for slots in per_subject.values() for q in slots))
        for qualifier in qualifiers:
            label = knowledge.attribute(attribute).label + (f" ({qualifier})" if qualifier else "")
            cells = []
            for subject in subjects:
                slot = per_subject[subject].get(qualifier)
                if not slot:
                    cells.append(TableCell(value=NO_VALUE))
                    continue
                cell, disagreed, more = _cell(citations, slot)
                cells.append(cell)
                denials |= dict.fromkeys(f for f in slot if denies(f.quote, f.value))
                uncited |= more
                if disagreed:
                    disagreed_rows.append(f"{subject} {label}")
            if any(c.value != NO_VALUE for c in cells):
                rows.append(TableRow(label=label, cells=tuple(cells)))
    rows.sort(key=lambda row: -sum(c.value != NO_VALUE for c in row.cells))  # stable: rows every model has first
    names = " vs ".join(subjects)
    if not rows:
        return Answer(
            question=question,
            kind=AnswerKind.ABSTAINED,
            text=f"My sources state nothing I can tabulate for {names}.",
            turn=turn,
        )
    text = (f"{names}: " if kind is AnswerKind.COMPARISON else f"{subjects[0]} spec sheet: ") + (
        f"{len(rows)} row{'s' if len(rows) != 1 else ''}, every value cited"
        + (f" (up to {MAX_SOURCES_CITED} sources each)." if uncited else ".")
    )
    if disagreed_rows:
        text += " Sources disagree (⚠) on: " + ", ".join(disagreed_rows) + "."
    for fact in _denials(denials) if caveats else []:  # "1417 [1][2]", and the sentence that says what it was not of
        label = knowledge.attribute(fact.attribute).label
        said = f"“{fact.quote}” {marks([citations.add_fact(fact)])}"
        text += f" But {knowledge.short_name(fact.source)} says of {fact.subject}'s {label}: {said}"
    return Answer(
        question=question,
        kind=kind,
        text=text,
        table=Table(columns=tuple(subjects), rows=tuple(rows)),
        citations=tuple(citations.items),
        disagreement=bool(disagreed_rows),
        turn=turn,
    )


def names_a_peer(subjects: Sequence[str]) -> bool:
    """Whether a model of another maker (a peer in the lexicon) is among the models compared: it has figures on
    few rows, so only the rows two of them share compare them."""
    return any(SUBJECT_BY_NAME[s].peer for s in subjects if s in SUBJECT_BY_NAME)


def shared_attributes(
    knowledge: Knowledge, subjects: Sequence[str], family: Sequence[str] = (), most: int = len(COMPARE_DEFAULT)
) -> list[str]:
    """Attributes at least two of the compared models have, for a comparison that names none (at most ``most``,
    the most widely shared first); the models standing for the family count as one, so that its rows are the
    ones it shares with the others."""
    groups = [[s] for s in subjects if s not in family] + ([list(family)] if family else [])
    have = [set().union(*(knowledge.attributes_of(s) for s in group)) for group in groups]
    # among rows as widely shared, those a user is better or worse off on first (a price, a score), a size after
    ranked = sorted(
        COMPARE_DEFAULT, key=lambda a: (-sum(a in h for h in have), knowledge.attribute(a).preferred is None)
    )
    return [a for a in ranked if sum(a in h for h in have) >= 2][:most]


def spec_attributes(knowledge: Knowledge, subject: str) -> list[str]:
    """The attributes the sources state for this model itself (family-wide facts stay with "Llama 4")."""
    own = knowledge.attributes_of(subject)
    return [a.key for a in ATTRIBUTES if a.key in own] + [a for a in own if not is_known_attribute(a)]


def family_as_models(
    knowledge: Knowledge, subjects: Sequence[str], attributes: Sequence[str]
) -> tuple[list[str], list[str]]:
    """The models compared, the family standing for its own models where it has no figure of its own
    ("Llama 4 vs GPT-4o on price": Scout's and Maverick's prices), at most ``MAX_COMPARED`` in all; and
    the models that stand for it."""
    asked = list(attributes) or list(COMPARE_DEFAULT)
    if LLAMA4 not in subjects or any(knowledge.facts_of(LLAMA4, a) for a in asked if attributes):
        return list(subjects)[:MAX_COMPARED], []
    others = [s for s in subjects if s != LLAMA4]
    room = max(MAX_COMPARED - len(others), 0)
    members = [s for s in FAMILY_MODELS if s not in others and any(facts_for(knowledge, s, a) for a in asked)]
    members = members[:room]
    if not members:
        return list(subjects)[:MAX_COMPARED], []
    return [*members, *others][:MAX_COMPARED], members
