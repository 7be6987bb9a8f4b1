"""Block Kit rendering: pure, within Slack's limits, escaped, with citations and disagreement shown."""

from __future__ import annotations

import json

import pytest

from adapters.slack.render import (
    DISAGREEMENT,
    FEEDBACK_HELPFUL,
    FEEDBACK_UNHELPFUL,
    MAX_BLOCKS,
    SHARE,
    chunk_lines,
    clip,
    escape,
    render_answer,
    render_notice,
)
from bot.models import Answer, AnswerKind, Citation, Table, TableCell, TableRow


def _answer(**overrides) -> Answer:
    values = dict(
        question="what is scout's context window?",
        kind=AnswerKind.FACT,
        text="Llama 4 Scout has a 10M token context window [1].",
        citations=(Citation(source="meta-blog", title="The Llama 4 herd", quote="industry-leading 10M context"),),
    )
    values.update(overrides)
    return Answer(**values)


def _texts(blocks) -> list[str]:
    out = []
    for block in blocks:
        if "text" in block:
            out.append(block["text"]["text"])
        out.extend(f["text"] for f in block.get("fields", []))
        out.extend(e["text"] for e in block.get("elements", []) if e.get("type") == "mrkdwn")
    return out


def assert_within_limits(message) -> None:
    blocks = message.blocks
    assert 0 < len(blocks) <= MAX_BLOCKS
    for block in blocks:
        if block["type"] == "section":
            assert len(block["text"]["text"]) <= 3000
            assert len(block.get("fields", [])) <= 10
            assert all(len(f["text"]) <= 2000 for f in block.get("fields", []))
        if block["type"] == "context":
            assert 1 <= len(block["elements"]) <= 10
            assert all(len(e["text"]) <= 3000 for e in block["elements"])
        if block["type"] == "actions":
            assert all(len(e["value"]) <= 2000 for e in block["elements"])
    assert 0 < len(message.text) <= 4000


def test_answer_text_then_numbered_citation_context_lines():
    message = render_answer(_answer())
    assert message.blocks[0] == {
        "type": "section",
        "text": {"type": "mrkdwn", "text": "Llama 4 Scout has a 10M token context window [1]."},
    }
    assert {"type": "divider"} in message.blocks
    context = [b for b in message.blocks if b["type"] == "context"]
    assert context[0]["elements"][0]["text"] == "[1] *The Llama 4 herd*: “industry-leading 10M context”"
    assert "Sources:\n[1] The Llama 4 herd" in message.text
    assert message.text.startswith("Llama 4 Scout has a 10M token context window [1].")


def test_feedback_buttons_carry_the_answer_id_and_share_is_optional():
    answer = _answer()
    actions = next(b for b in render_answer(answer).blocks if b["type"] == "actions")["elements"]
    assert [(e["action_id"], e["value"]) for e in actions] == [
        (FEEDBACK_HELPFUL, answer.id),
        (FEEDBACK_UNHELPFUL, answer.id),
    ]
    shared = next(b for b in render_answer(answer, share=True).blocks if b["type"] == "actions")["elements"]
    assert shared[-1]["action_id"] == SHARE and shared[-1]["value"] == answer.id


def test_help_and_info_have_no_feedback_buttons():
    info = _answer(kind=AnswerKind.INFO, citations=())
    assert all(b["type"] != "actions" for b in render_answer(info).blocks)


def test_disagreement_is_flagged_first_and_in_the_text():
    message = render_answer(_answer(disagreement=True))
    assert message.blocks[0]["text"]["text"] == DISAGREEMENT
    assert "disagree" in message.text.splitlines()[0]
    assert "disagree" not in json.dumps(render_answer(_answer()).blocks)


HOSTILE = ["<!channel>", "<!here>", "<!subteam^S123|@team>", "<http://x|y>", "a & b"]


@pytest.mark.parametrize("hostile", HOSTILE)
def test_echoed_user_text_is_escaped(hostile):
    answer = _answer(
        question=f"what about {hostile}?", text=f"I do not know about {hostile}.", evidence=(f"{hostile} evidence",)
    )
    message = render_answer(answer, asked_by="U0ASKER1")
    dumped = json.dumps(message.blocks) + message.text
    assert hostile not in dumped
    assert escape(hostile) in message.text
    assert message.text.startswith("<@U0ASKER1> asked: what about")  # the bot's own mention is real


def test_asked_by_must_look_like_a_user_id():
    message = render_answer(_answer(), asked_by="<!channel>")
    assert "asked" not in message.text and "!channel" not in json.dumps(message.blocks)


def test_table_rows_become_sections_with_fields_and_citation_numbers():
    table = Table(
        columns=("Scout", "Maverick"),
        rows=(
            TableRow(
                label="Context window",
                cells=(TableCell(value="10M", citations=(1,)), TableCell(value="1M", citations=(1, 2))),
            ),
        ),
    )
    message = render_answer(_answer(kind=AnswerKind.COMPARISON, table=table))
    row = next(b for b in message.blocks if b.get("fields"))
    assert row["text"]["text"] == "*Context window*"
    assert [f["text"] for f in row["fields"]] == ["*Scout*\n10M [1]", "*Maverick*\n1M [1][2]"]
    assert "Context window: Scout 10M [1]; Maverick 1M [1][2]" in message.text


def test_a_huge_answer_stays_within_every_limit():
    citations = tuple(Citation(source=f"s{i}", title=f"Title {i} " + "t" * 300, quote="q" * 5000) for i in range(80))
    cells = tuple(TableCell(value="v" * 2500, citations=(1,)) for _ in range(14))
    table = Table(
        columns=tuple(f"Model {i}" for i in range(14)),
        rows=tuple(TableRow(label=f"Row {r}", cells=cells) for r in range(30)),
    )
    answer = _answer(
        text="word " * 5000 + "\n" + "x" * 7000,
        evidence=tuple("e" * 4000 for _ in range(20)),
        table=table,
        citations=citations,
        disagreement=True,
    )
    message = render_answer(answer, share=True, asked_by="U0ASKER1")
    assert_within_limits(message)
    assert message.blocks[-1]["type"] == "actions"  # the buttons survive trimming
    assert message.blocks[1]["text"]["text"] == DISAGREEMENT


def _citation_lines(message) -> list[str]:
    after = message.blocks[message.blocks.index({"type": "divider"}) + 1 :]
    return [line for b in after if b["type"] == "context" for e in b["elements"] for line in e["text"].split("\n")]


def test_a_quote_with_line_breaks_stays_on_its_numbered_line():
    quote = "| Benchmark | Scout |\n|---|---|\n| MMLU | 79.6 |"
    message = render_answer(_answer(citations=(Citation(source="s", title="T", quote=quote),)))
    assert _citation_lines(message) == ["[1] *T*: “| Benchmark | Scout | | MMLU | 79.6 |”"]


def test_a_table_quote_shows_its_header_and_the_row_it_cites():
    rows = "".join(f"| Bench {i} | {i}.5 |\n" for i in range(40))
    quote = "| Benchmark | Scout |\n|---|---|\n" + rows + "| MATH | 50.3 |"
    message = render_answer(_answer(citations=(Citation(source="s", title="T", quote=quote),)))
    assert _citation_lines(message) == ["[1] *T*: “| Benchmark | Scout | … | MATH | 50.3 |”"]


def test_many_citations_are_numbered_lines_packed_into_few_blocks():
    citations = tuple(Citation(source=f"s{i}", title=f"T{i}", quote=f"q{i}") for i in range(60))
    message = render_answer(_answer(citations=citations))
    assert_within_limits(message)
    assert _citation_lines(message) == [f"[{i + 1}] *T{i}*: “q{i}”" for i in range(60)]
    assert sum(b["type"] == "context" for b in message.blocks) == 1


def test_citations_that_cannot_fit_are_counted():
    citations = tuple(Citation(source=f"s{i}", title=f"T{i}", quote="q" * 1990) for i in range(200))
    table = Table(
        columns=("Scout",),
        rows=tuple(TableRow(label=f"Row {r}", cells=(TableCell(value="v" * 2990),)) for r in range(45)),
    )
    message = render_answer(_answer(citations=citations, table=table))
    assert_within_limits(message)
    lines = _citation_lines(message)
    assert lines[0].startswith("[1] *T0*")
    shown = len(lines) - 1
    assert lines[-1] == f"…and {200 - shown} more sources"
    assert lines[-2].startswith(f"[{shown}] *T{shown - 1}*")


def test_long_tables_are_packed_as_lines():
    rows = tuple(
        TableRow(label=f"Row {r}", cells=(TableCell(value=f"{r}M", citations=(1,)), TableCell(value="n/a")))
        for r in range(30)
    )
    message = render_answer(_answer(kind=AnswerKind.SPECS, table=Table(columns=("Scout", "Maverick"), rows=rows)))
    assert_within_limits(message)
    texts = _texts(message.blocks)
    assert any("*Row 29*: Scout 29M [1]; Maverick n/a" in t for t in texts)
    assert not any(b.get("fields") for b in message.blocks)
    assert len(message.blocks) < 10


def test_clip_never_cuts_inside_an_entity():
    text = escape("a" * 8 + "<b>")
    for limit in range(5, len(text)):
        clipped = clip(text, limit)
        assert len(clipped) <= limit
        body = clipped.removesuffix("…")
        assert body.count("&") == body.count(";")


def test_chunk_lines_packs_and_splits():
    chunks = chunk_lines(["a" * 10, "b" * 10, "c" * 25], 22)
    assert all(len(c) <= 22 for c in chunks)
    assert "".join(chunks).replace("\n", "") == "a" * 10 + "b" * 10 + "c" * 25


def test_notice_is_plain_sections():
    message = render_notice("Saved.\n" + "x" * 5000)
    assert_within_limits(message)
    assert message.blocks[0]["type"] == "section"
