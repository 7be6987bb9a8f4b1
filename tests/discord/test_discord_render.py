"""The pure renderer: Answer -> embed payloads, at and past every Discord limit."""

from __future__ import annotations

import re

import pytest

from adapters.discord import limits
from adapters.discord.render import (
    COLOUR_ABSTAINED,
    COLOUR_DISAGREEMENT,
    DISAGREEMENT_LINE,
    Reply,
    citation_line,
    feedback_custom_id,
    pack_messages,
    parse_feedback_custom_id,
    render_answer,
    render_notice,
    wants_feedback,
)
from bot.models import Answer, AnswerKind, Citation, Table, TableCell, TableRow


def assert_within_limits(replies: list[Reply]) -> None:
    for reply in replies:
        assert len(reply.content) <= limits.CONTENT
        assert 0 < len(reply.embeds) <= limits.EMBEDS or reply.content
        assert sum(limits.embed_size(e) for e in reply.embeds) <= limits.EMBED_TOTAL
        for embed in reply.embeds:
            assert len(embed.get("title", "")) <= limits.TITLE
            assert len(embed.get("description", "")) <= limits.DESCRIPTION
            assert len(embed.get("footer", {}).get("text", "")) <= limits.FOOTER
            fields = embed.get("fields", [])
            assert len(fields) <= limits.FIELDS
            for field in fields:
                assert 0 < len(field["name"]) <= limits.FIELD_NAME
                assert 0 < len(field["value"]) <= limits.FIELD_VALUE


def sentences(count: int, words: int = 12) -> str:
    return " ".join(
        f"Sentence {i} says " + " ".join(f"word{i}x{j}" for j in range(words)) + f" [{i % 3 + 1}]."
        for i in range(count)
    )


def answer(**changes: object) -> Answer:
    values: dict[str, object] = {
        "question": "What is Scout's context window?",
        "kind": AnswerKind.FACT,
        "text": "Llama 4 Scout has a 10M token context window [1].",
    }
    values.update(changes)
    return Answer(**values)  # type: ignore[arg-type]


def descriptions(replies: list[Reply]) -> list[str]:
    return [e["description"] for r in replies for e in r.embeds if "description" in e]


# -- splitting text ---------------------------------------------------------------------------


def test_text_at_the_limit_stays_whole_and_one_past_it_splits_at_a_sentence() -> None:
    text = "Alpha beta gamma. Delta epsilon."
    assert limits.split_text(text, len(text)) == [text]
    assert limits.split_text(text, len(text) - 1) == ["Alpha beta gamma.", "Delta epsilon."]


def test_paragraph_boundaries_are_preferred_to_sentences() -> None:
    first, second = "One. Two. Three.", "Four. Five."
    text = f"{first}\n\n{second}"
    assert limits.split_text(text, len(first) + 3) == [first, second]


@pytest.mark.parametrize("limit", [40, 97, 256, 1024])
def test_splitting_never_cuts_a_word_or_a_citation_marker(limit: int) -> None:
    text = sentences(60).replace("[2]", "[1, 2]")
    chunks = limits.split_text(text, limit)
    assert all(len(chunk) <= limit for chunk in chunks)
    assert " ".join(chunks).split() == text.split()  # every word whole, in order
    for chunk in chunks:
        assert chunk.count("[") == chunk.count("]")
        assert not re.search(r"\[[^\]]*$", chunk)


def test_only_a_single_word_longer_than_the_limit_is_cut_inside() -> None:
    url = "https://example.com/" + "a" * 120
    chunks = limits.split_text(f"See {url} now.", 50)
    assert all(len(c) <= 50 for c in chunks)
    assert "".join(chunks).replace(" ", "") == f"See{url}now."


def test_truncate_keeps_whole_words_and_marks_the_cut() -> None:
    assert limits.truncate("short", 10) == "short"
    cut = limits.truncate("alpha beta gamma delta", 12)
    assert cut == "alpha beta…" and len(cut) <= 12


# -- answers ----------------------------------------------------------------------------------


def test_a_short_answer_is_one_embed_with_title_text_sources_and_footer() -> None:
    a = answer(citations=(Citation(source="meta-blog", title="The Llama 4 herd", quote="10M context"),))
    [reply] = render_answer(a)
    main, sources = reply.embeds
    assert main["title"] == "What is Scout's context window?"
    assert main["description"] == a.text
    assert sources["title"] == "Sources"
    assert sources["description"] == "**[1]** The Llama 4 herd: “10M context”"
    assert a.id[:8] in sources["footer"]["text"]


@pytest.mark.parametrize("length", [limits.DESCRIPTION, limits.DESCRIPTION + 1, 3 * limits.EMBED_TOTAL])
def test_long_answers_split_into_embeds_and_messages_within_limits(length: int) -> None:
    text = sentences(400)[:length].rsplit(" ", 1)[0]
    replies = render_answer(answer(text=text))
    assert_within_limits(replies)
    assert " ".join(descriptions(replies)).split() == text.split()
    if len(text) <= limits.DESCRIPTION:
        assert len(replies) == 1 and len(replies[0].embeds) == 1


@pytest.mark.parametrize("length", [limits.TITLE, limits.TITLE + 1, 5000])
def test_the_question_title_is_cut_at_a_word_within_256(length: int) -> None:
    question = ("why " * 2000)[:length].strip()
    title = render_answer(answer(question=question))[0].embeds[0]["title"]
    assert len(title) <= limits.TITLE
    assert title == question if len(question) <= limits.TITLE else title.endswith("…")


def test_many_long_citations_stay_whole_numbered_and_within_limits() -> None:
    citations = tuple(Citation(source=f"a{i}", title=f"Article {i}", quote=sentences(8)) for i in range(1, 61))
    replies = render_answer(answer(citations=citations))
    assert_within_limits(replies)
    text = "\n".join(descriptions(replies))
    for number, citation in enumerate(citations, 1):
        line = citation_line(number, citation)
        assert sum(line in d for d in descriptions(replies)) == 1  # one citation never spans two embeds
        assert line.startswith(f"**[{number}]** Article {number}: “") and line.endswith("”")
    assert text.index("**[9]**") < text.index("**[10]**")


def test_tables_become_fields_with_citations_kept_whole() -> None:
    rows = tuple(
        TableRow(
            label=f"attribute {i}",
            cells=(TableCell(value="v" * 2000, citations=(1, 2)), TableCell(value="10M", citations=(3,))),
        )
        for i in range(30)
    )
    a = answer(kind=AnswerKind.COMPARISON, table=Table(columns=("Scout", "Maverick"), rows=rows))
    replies = render_answer(a)
    assert_within_limits(replies)
    fields = [f for r in replies for e in r.embeds for f in e.get("fields", [])]
    assert [f["name"] for f in fields if "continued" not in f["name"]] == [f"attribute {i}" for i in range(30)]
    values = "\n".join(f["value"] for f in fields)
    assert values.count("[1, 2]") == 30 and values.count("**Maverick**: 10M [3]") == 30


def test_a_spec_sheet_uses_inline_fields() -> None:
    table = Table(
        columns=("Llama 4 Scout",), rows=(TableRow(label="Context", cells=(TableCell(value="10M", citations=(1,)),)),)
    )
    [reply] = render_answer(answer(kind=AnswerKind.SPECS, table=table))
    [field] = reply.embeds[1]["fields"]
    assert field == {"name": "Context", "value": "10M [1]", "inline": True}


def test_disagreement_is_visible_at_a_glance() -> None:
    embed = render_answer(answer(disagreement=True))[0].embeds[0]
    assert embed["description"].startswith(DISAGREEMENT_LINE)
    assert embed["color"] == COLOUR_DISAGREEMENT
    assert render_answer(answer(kind=AnswerKind.ABSTAINED))[0].embeds[0]["color"] == COLOUR_ABSTAINED


def test_user_and_source_text_is_markdown_escaped() -> None:
    a = answer(
        question="is *Scout* _really_ `fast`?", text="# not a heading\n> not a quote ~~no~~", evidence=("||spoiler||",)
    )
    embed = render_answer(a)[0].embeds[0]
    assert embed["title"] == r"is \*Scout\* \_really\_ \`fast\`?"
    assert r"\# not a heading" in embed["description"] and r"\> not a quote \~\~no\~\~" in embed["description"]
    assert r"• \|\|spoiler\|\|" in embed["description"]


@pytest.mark.parametrize("length", [limits.CONTENT, limits.CONTENT + 1])
def test_notices_respect_the_2000_character_content_limit(length: int) -> None:
    notice = render_notice(("wait " * 1000)[:length])
    assert len(notice.content) <= limits.CONTENT and not notice.embeds


def test_messages_hold_at_most_10_embeds_and_6000_characters() -> None:
    small = [{"description": "x"} for _ in range(11)]
    assert [len(r.embeds) for r in pack_messages(small)] == [10, 1]
    big = [{"description": "y" * 4000} for _ in range(3)]
    assert [len(r.embeds) for r in pack_messages(big)] == [1, 1, 1]


def test_feedback_custom_ids_carry_the_answer_id() -> None:
    a = answer()
    for helpful in (True, False):
        custom_id = feedback_custom_id(a.id, helpful)
        assert len(custom_id) <= 100
        assert parse_feedback_custom_id(custom_id) == (a.id, helpful)
    assert parse_feedback_custom_id("l4fb:y:not-an-id") is None
    assert wants_feedback(a) and not wants_feedback(answer(kind=AnswerKind.INFO))


def test_a_long_table_quote_keeps_the_row_it_cites_within_the_limit() -> None:
    """A table row's quote runs from the header down to the row: the rows between would push the row itself
    past the quote's length; the line shows the header and the row."""
    rows = "".join(f"| Benchmark number {i} | {i}.5 | {i}.7 |\n" for i in range(60))
    quote = "| Benchmark | Maverick | GPT-4o |\n|---|---|---|\n" + rows + "| MATH | 61.2 | ~76 |"
    line = citation_line(1, Citation(source="s", title="T", quote=quote))
    assert line.endswith(r"“\| Benchmark \| Maverick \| GPT-4o \| … \| MATH \| 61.2 \| \~76 \|”")  # escaped
    assert "Benchmark number" not in line
