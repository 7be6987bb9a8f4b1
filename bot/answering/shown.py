"""How the sentences chosen to answer are shown: each with the passage around it (the sentences after it, the
reasoning before one that goes on from it, a whole paragraph for a verdict), then quoted verbatim and cited.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace

from bot.answering.snippets import LABELLED_LINE, REFERRING, REFERS_BACK, Snippet, Unit, Units, models_named
from bot.knowledge.base import Knowledge
from bot.knowledge.citations import MIN_QUOTE_CHARS, CitationList, alnum_len
from bot.knowledge.lexicon import FAMILY_MODELS
from bot.language.text import LIST_MARKER
from bot.models import Answer, AnswerKind, Turn

CLAIMED = re.compile(r"\bclaim(?:ed|s)?\b", re.I)  # a sentence reporting a claim, which the next ones may weigh
CONTEXT_BUDGET = 360  # characters of the lead sentence and its passage's next ones, in an explanation

CONTEXT_UNITS = 3  # following sentences kept with each snippet, for answers that explain
ANTECEDENT_CHARS = 240  # sentences before a lead that goes on from them, shown with it
PARAGRAPH_CHARS = 700  # a paragraph this long is shown whole as a comparison's verdict
LIST_ITEMS = 8  # items of the list a sentence ending in a colon introduces, kept with it
NEXT_SENTENCE = 200  # characters: a long lead still brings the next sentence of its paragraph up to this size
RUN_IN_HEADING = 40  # letters: a next paragraph's opening sentence this short is a heading of its own


def _context(unit: Unit, next_units: Sequence[Unit], units: Units, position: int) -> tuple[list[str], list[int], int]:
    """The sentences that may follow a unit in an answer that explains, their lines, and how many are on
    its own line.

    Running text goes on into the next line of running text and, at the passage's end, into the
    section's next passage; a line ending in a colon goes on into the list it introduces, and a list of
    points goes on to its next point. A "Label: value" item or a table row stands alone: the bullets after
    "Expert configuration: 16 routed experts" are the rest of a spec sheet.
    """
    after: list[str] = []
    lines: list[int] = []
    own = sentences_taken = items_taken = 0
    introduces = unit.heading or unit.text.rstrip().endswith(":")  # "... opens up:" and the list that follows it
    if unit.text.rstrip().endswith(":"):  # points set out as paragraphs, each under a run-in heading
        points = _outline(next_units, units, position)
        if len(points) >= 2:
            return [p.text for p in points], list(range(len(points))), 0  # a point per line
    for n, other in enumerate(next_units[: CONTEXT_UNITS + LIST_ITEMS]):
        if other.text.rstrip().endswith(":"):
            points = _outline(next_units[n + 1 :], units, position)
            if len(points) >= 2:
                points_at = range(other.line + 1, other.line + 1 + len(points))  # a point per line
                return [*after, other.text, *(p.text for p in points)], [*lines, other.line, *points_at], own
        if _opens_another_models_list(unit, other):
            break  # "Llama 4 Behemoth — the teacher model, not yet released:" after a paragraph on Maverick
        if other.line == unit.line:
            own += 1
        elif not (
            unit.heading
            or (unit.prose and other.prose)
            or (introduces and not other.prose)
            or (not unit.prose and not other.prose and not LABELLED_LINE.match(unit.text))  # a list of points
        ):
            return after, lines, own
        listed = introduces and not other.prose  # an item of the list a colon or a heading introduces
        if (items_taken if listed else sentences_taken) >= (LIST_ITEMS if listed else CONTEXT_UNITS):
            break
        items_taken += listed
        sentences_taken += not listed
        introduces = introduces or other.text.rstrip().endswith(":")  # "They may be ... whose pitch is:"
        after.append(other.text)
        lines.append(other.line)
    if len(after) < CONTEXT_UNITS and unit.prose:  # the passage ends here: the section's next one goes on
        for other in units.following(position)[: CONTEXT_UNITS - len(after)]:
            if not other.prose:
                break
            after.append(other.text)
            lines.append(10_000 + other.line)  # lines of the next passage, after all of this one's
    return after, lines, own


def _opens_another_models_list(unit: Unit, other: Unit) -> bool:
    """Whether a later paragraph opens a list about a model that the running text before it does not name."""
    if not unit.prose or other.line == unit.line or not other.text.rstrip().endswith(":"):
        return False
    listed = set(models_named(other.text))
    return bool(listed) and not listed & set(models_named(unit.text))


def _turns_to_another_model(unit: Unit, other: Unit) -> bool:
    """Whether a sentence of the paragraph is about another of the family's models than the one a comparison's
    verdict is about, and weighs nothing of that one's: "Scout runs a 10 million token context window" beside
    "Maverick hit 1417 on LM Arena, beating GPT-4o"."""
    if (unit.words | other.words) & REFERRING:  # "If it delivers proportional gains over Maverick": "it" is
        return False  # another model
    mine = {m for m in models_named(unit.text) if m in FAMILY_MODELS}
    theirs = {m for m in models_named(other.text) if m in FAMILY_MODELS}
    return bool(mine) and bool(theirs) and not mine & theirs


def _outline(after: Sequence[Unit], units: Units, position: int) -> list[Unit]:
    """The run-in headings of paragraphs that set out points one by one ("Ecosystem branding. The Llama 4
    Community License requires ..."): each paragraph's short opening sentence, while they go on."""
    found: list[Unit] = []
    pool = list(after)
    follows = position
    while len(found) < LIST_ITEMS:
        if not pool:
            pool = units.following(follows)
            follows += 1
            if not pool:
                break
        first, pool = pool[0], [u for u in pool[1:] if u.line != pool[0].line]  # the paragraph's other sentences
        if not (first.prose and first.letters < RUN_IN_HEADING and first.text.endswith(".")):
            break
        found.append(first)
    return found


def with_context(snippet: Snippet, budget: int, units: Units) -> Snippet:
    """The snippet and the sentences that follow it in its passage, up to ``budget`` characters in all.

    An explanation rarely fits one sentence: "the timing itself was a statement" needs the next one,
    which says why. The context is the passage's own text, in its order, so the quote stays verbatim.
    It is read only for the sentences an answer shows, not for every one ranked.
    """
    if snippet.follows or snippet.doc < 0:
        return snippet
    doc_units = units.get(snippet.doc)
    k = snippet.unit_index
    if not 0 <= k < len(doc_units):
        return snippet
    after, lines, own = _context(doc_units[k], doc_units[k + 1 :], units, snippet.doc)
    taken: list[str] = []
    used = len(snippet.text)
    for n, text in enumerate(after):
        fits = used + len(text) <= budget or (n == 0 and len(text) <= NEXT_SENTENCE)
        if not fits or text.rstrip().endswith("?"):  # a Q&A post's next question: another point
            break
        taken.append(text)
        used += len(text) + 1
    # a paragraph's short opening line ("The benchmark controversy.") cut off from the point it opens
    while (
        len(taken) > own
        and alnum_len(taken[-1]) < RUN_IN_HEADING
        and len(lines) > len(taken)
        and lines[len(taken)] == lines[len(taken) - 1]
    ):
        taken.pop()
    return replace(snippet, context=tuple(taken)) if taken else snippet


_GOES_ON_FROM = re.compile(
    r"^(and|but|so|or|yet|that|this|these|those|it|they|such)\b"
    # "The community flagged this as insufficient evidence": "this", early on, stands for what came before
    r"|^(?:[\w’'-]+,?\s+){1,5}?(this|these|those)(\s+(as|is|was|are|were|has|had|means|meant|because|to|in|on|for|"
    r"with|and|but)\b|[,.;:])",
    re.I,
)


def with_antecedent(snippet: Snippet, units: Units, limit: int = ANTECEDENT_CHARS) -> Snippet:
    """A lead that goes on from the sentence before it ("And ecosystem power often outlasts temporary
    leaderboard wins.") shown after that sentence, and the one before that while it too goes on from its
    own, within ``limit`` characters: the reasoning that leads up to it."""
    if snippet.doc < 0 or snippet.heading or not _GOES_ON_FROM.match(snippet.text):
        return snippet
    doc_units = units.get(snippet.doc)
    k = snippet.unit_index
    if not 0 <= k < len(doc_units) or doc_units[k].text != snippet.text:
        return snippet
    doc, pool = snippet.doc, doc_units[:k]
    if not pool:  # the passage opens with it: the sentences before are the end of the section's previous one
        doc, pool = snippet.doc - 1, units.preceding(snippet.doc)
    before: list[str] = []
    used = 0
    for unit in reversed(pool):
        if not unit.prose or unit.heading or used + len(unit.text) > limit:
            break
        before.insert(0, unit.text)
        used += len(unit.text) + 1
        if not _GOES_ON_FROM.match(unit.text) or len(before) == REFERS_BACK:
            break
    if not before:
        return snippet
    shown = (*before[1:], snippet.text, *([snippet.follows] if snippet.follows else []), *snippet.context)
    return replace(snippet, text=before[0], context=shown, follows=None, doc=doc, unit_index=len(pool) - len(before))


def paragraph_of(snippet: Snippet, units: Units, limit: int = PARAGRAPH_CHARS) -> Snippet:
    """The snippet with the rest of its paragraph, when that fits ``limit`` characters: a comparison's
    verdict ("comparable results to DeepSeek V3") needs the sentences around it that weigh one model
    against the other ("DeepSeek V3 uses an MIT license"), not those on another of the family's models. The
    sentence itself still leads; the ones before it follow, then the ones after."""
    if snippet.doc < 0 or snippet.heading:
        return snippet
    doc_units = units.get(snippet.doc)
    k = snippet.unit_index
    if not 0 <= k < len(doc_units):
        return snippet
    line, lead = doc_units[k].line, doc_units[k]
    # not a sentence on another of the family's models ("Scout runs a 10 million token context window" beside
    # "Maverick hit 1417 on LM Arena, beating GPT-4o")
    before = [u.text for u in doc_units[:k] if u.line == line and not _turns_to_another_model(lead, u)]
    after = [u.text for u in doc_units[k + 1 :] if u.line == line and not _turns_to_another_model(lead, u)]
    if not (before or after) or sum(len(t) + 1 for t in (snippet.text, *before, *after)) > limit:
        return snippet
    return replace(snippet, context=(*before, *after), follows=None)


_GAP = re.compile(rf"[ \t]*(?:\n[ \t]*(?:{LIST_MARKER}[ \t]*)?)?")  # a space, or a line break and a list marker
_HEADING_GAP = re.compile(rf"[ \t]*(?:\n[ \t]*)+(?:{LIST_MARKER}[ \t]*)?")  # blank lines may follow a heading
_MARKER = re.compile(rf"[ \t]*{LIST_MARKER}[ \t]+$")


def _runs(texts: Sequence[str], article: str, heading: bool = False) -> list[str]:
    """Consecutive sentences joined into one quote where the article has them side by side, so that a
    quote is always verbatim: the article's own text from the first to the last. Sentences on the next
    line of a list ("1. a wrapper", "2. a UI") join too, markers and line breaks as the article has them;
    a blank line (a new paragraph) starts a new quote, except after a ``heading``, the first text, which
    is looked for where it stands as a heading line and joins the list under it."""
    spans: list[list[int]] = []
    for n, text in enumerate(texts):
        if spans:
            k = article.find(text, spans[-1][1])
            gap = _HEADING_GAP if heading and n == 1 else _GAP
            if k >= 0 and (_GAP.fullmatch(article, spans[-1][1], k) or gap.fullmatch(article, spans[-1][1], k)):
                spans[-1][1] = k + len(text)
                continue
        k = heading_line(article, text) if heading and n == 0 else article.find(text, spans[-1][1] if spans else 0)
        if k < 0:
            k = article.find(text)
        if k < 0:
            break  # not the article's text: nothing after it can be shown as verbatim context
        begin, line_start = k, article.rfind("\n", 0, k) + 1
        if _MARKER.fullmatch(article, line_start, k):  # a list item keeps its marker ("1. a wrapper")
            begin = line_start
        spans.append([begin, k + len(text)])
    runs = [article[begin:end].strip() for begin, end in spans]
    short = next((k for k, run in enumerate(runs) if alnum_len(run) < MIN_QUOTE_CHARS), len(runs))
    return runs[:short]  # a fragment that stands alone is no evidence: the context ends before it


def heading_line(article: str, heading: str) -> int:
    """Where the heading's words start on a line of their own ("## Strong at launch"), or -1."""
    for match in re.finditer(rf"^[ \t]*#*[ \t]*({re.escape(heading)})[ \t]*$", article, re.M):
        return match.start(1)
    return -1


def snippet_text(snippets: Sequence[Snippet], citations: CitationList) -> str:
    parts = []
    for snippet in snippets:
        article = citations.knowledge.article_text(snippet.source)
        if snippet.heading:  # a heading and its list are one quote: "Strong at launch" alone is no evidence
            runs = _runs([snippet.text, *snippet.context], article, heading=True)
            if runs and runs[0].startswith(snippet.text):
                parts.append(" ".join(f"{run} [{citations.add(snippet.source, run)}]" for run in runs))
                continue
            if not snippet.context:
                continue
            snippet = replace(snippet, text=snippet.context[0], context=snippet.context[1:], heading=False)
        number = citations.add(snippet.source, snippet.text)
        part = f"{snippet.label} — {snippet.text} [{number}]" if snippet.label else f"{snippet.text} [{number}]"
        if snippet.follows:
            part += f" {snippet.follows} [{citations.add(snippet.source, snippet.follows)}]"
        for run in _runs(snippet.context, article):
            part += f" {run} [{citations.add(snippet.source, run)}]"
        parts.append(part)
    return "\n".join(parts)


def cite_snippets(knowledge: Knowledge, snippets: Sequence[Snippet]) -> tuple[str, CitationList]:
    citations = CitationList(knowledge)
    return snippet_text(snippets, citations), citations


def with_passages(units: Units, chosen: Sequence[Snippet], explains: bool = True) -> list[Snippet]:
    """Each sentence with the ones after it (the lead with most), never showing a sentence twice.

    A section's heading always brings the passage it heads, and is left out when that shows nothing new; a
    sentence reporting a claim brings the ones that weigh it; other sentences bring theirs only in an answer
    that explains."""
    shown: set[str] = set()
    out: list[Snippet] = []
    for snippet in chosen:
        if snippet.text in shown:
            continue
        # a list is shown whole, and a claim with what follows it ("What Meta did not release: the scores")
        if not (explains or snippet.heading or snippet.text.rstrip().endswith(":") or CLAIMED.search(snippet.text)):
            out.append(snippet)
            shown |= {snippet.text, *([snippet.follows] if snippet.follows else [])}
            continue
        widened = with_context(snippet, CONTEXT_BUDGET if not out else CONTEXT_BUDGET // 2, units)
        if explains and not out:  # "And ecosystem power often outlasts ...": the reasoning before it first
            widened = with_antecedent(widened, units)
        kept: list[str] = []
        for sentence in widened.context:
            if sentence in shown:
                break
            kept.append(sentence)
        widened = replace(widened, context=tuple(kept))
        if snippet.heading and not kept:
            continue
        shown |= {widened.text, *widened.context, *([widened.follows] if widened.follows else [])}
        out.append(widened)
    return out


def snippet_answer(knowledge: Knowledge, question: str, chosen: Sequence[Snippet], turn: Turn) -> Answer:
    """The chosen sentences as an answer: quoted verbatim, each cited."""
    text, citations = cite_snippets(knowledge, chosen)
    return Answer(question=question, kind=AnswerKind.SNIPPETS, text=text, citations=tuple(citations.items), turn=turn)
