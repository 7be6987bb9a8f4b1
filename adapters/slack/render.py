"""Answers as Slack messages: Block Kit blocks plus the plain ``text`` fallback. Pure functions.

Everything taken from an ``Answer`` is escaped (``&``, ``<``, ``>``), so a question that
contains ``<!channel>`` or ``<http://x|y>`` is shown, never acted on. Every block stays within
Slack's limits: section text 3000 characters, at most 10 fields of 2000, at most 50 blocks,
context blocks with at most 10 elements.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from bot.models import Answer, AnswerKind, Citation, Table, TableRow
from bot.render import shown_quote

MAX_BLOCKS = 50
MAX_SECTION_TEXT = 3000
MAX_FIELDS = 10
MAX_FIELD_TEXT = 2000
MAX_CONTEXT_ELEMENTS = 10
MAX_CONTEXT_TEXT = 2000
MAX_FALLBACK_TEXT = 4000
MAX_QUOTE = 400
MAX_FIELD_ROWS = 12  # tables with more rows are packed as lines to save blocks
MAX_QUESTION_ECHO = 300

FEEDBACK_HELPFUL = "llama4_feedback_helpful"
FEEDBACK_UNHELPFUL = "llama4_feedback_unhelpful"
SHARE = "llama4_share"
ACTION_IDS = (FEEDBACK_HELPFUL, FEEDBACK_UNHELPFUL, SHARE)

DISAGREEMENT = ":warning: *Sources disagree.* They give different values; each one is cited below."
SHORTENED = "Shortened to fit in Slack; the full answer is in the message text."
DISAGREEMENT_PLAIN = "Note: the sources disagree; each value is cited."

Block = dict[str, Any]
_USER_ID = re.compile(r"^[UW][A-Z0-9]{2,30}$")


@dataclass(frozen=True)
class Message:
    """A Slack message payload: ``text`` for notifications and screen readers, ``blocks`` for display."""

    text: str
    blocks: list[Block] = field(default_factory=list)

    def as_kwargs(self) -> dict[str, Any]:
        return {"text": self.text, "blocks": self.blocks}


def escape(text: str) -> str:
    """Escape the three characters Slack gives meaning to in message text."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def clip(text: str, limit: int) -> str:
    """Cut escaped text to ``limit`` characters with an ellipsis, never inside an ``&...;`` entity."""
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    amp = cut.rfind("&", max(0, len(cut) - 5))
    if amp != -1 and ";" not in cut[amp:]:
        cut = cut[:amp]
    return cut + "…"


def chunk_lines(lines: list[str], limit: int) -> list[str]:
    """Pack lines into texts of at most ``limit`` characters; an over-long line is split."""
    chunks: list[str] = []
    current = ""
    for line in lines:
        while len(line) > limit:
            piece = clip(line, limit)[:-1]
            if current:
                chunks.append(current)
                current = ""
            chunks.append(piece)
            line = line[len(piece):]
        candidate = f"{current}\n{line}" if current else line
        if len(candidate) > limit:
            chunks.append(current)
            candidate = line
        current = candidate
    if current:
        chunks.append(current)
    return chunks


def _mrkdwn(text: str) -> dict[str, str]:
    return {"type": "mrkdwn", "text": text}


def _section(text: str) -> Block:
    return {"type": "section", "text": _mrkdwn(clip(text, MAX_SECTION_TEXT))}


def _context(texts: list[str]) -> Block:
    return {"type": "context", "elements": [_mrkdwn(clip(t, MAX_CONTEXT_TEXT)) for t in texts]}


def _button(label: str, action_id: str, value: str, style: str | None = None) -> Block:
    button: Block = {
        "type": "button",
        "text": {"type": "plain_text", "text": label, "emoji": True},
        "action_id": action_id,
        "value": value[:2000],
    }
    if style:
        button["style"] = style
    return button


def _refs(indexes: tuple[int, ...]) -> str:
    return "".join(f"[{i}]" for i in indexes)


def _table_blocks(table: Table) -> list[Block]:
    """A few rows: one section per row with a field per model. Many rows: packed lines, fewer blocks."""
    if len(table.rows) > MAX_FIELD_ROWS:
        lines = [_row_line(table.columns, row) for row in table.rows]
        return [_section(text) for text in chunk_lines(lines, MAX_SECTION_TEXT)]
    blocks: list[Block] = []
    for row in table.rows:
        fields = []
        for column, cell in zip(table.columns, row.cells, strict=False):
            refs = f" {_refs(cell.citations)}" if cell.citations else ""
            fields.append(_mrkdwn(clip(f"*{escape(column)}*\n{escape(cell.value)}{refs}", MAX_FIELD_TEXT)))
        for start in range(0, max(len(fields), 1), MAX_FIELDS):
            label = clip(f"*{escape(row.label)}*", MAX_SECTION_TEXT)
            block: Block = {"type": "section", "text": _mrkdwn(label)}
            if fields[start:start + MAX_FIELDS]:
                block["fields"] = fields[start:start + MAX_FIELDS]
            blocks.append(block)
    return blocks


def _row_line(columns: tuple[str, ...], row: TableRow) -> str:
    cells = [
        f"{escape(column)} {escape(cell.value)}{' ' + _refs(cell.citations) if cell.citations else ''}"
        for column, cell in zip(columns, row.cells, strict=False)
    ]
    return clip(f"*{escape(row.label)}*: " + "; ".join(cells), MAX_SECTION_TEXT)


def table_lines(table: Table) -> list[str]:
    """The table as plain lines: ``label: Scout 10M [1]; Maverick 1M [2]``."""
    lines = []
    for row in table.rows:
        cells = [
            f"{column} {cell.value}{' ' + _refs(cell.citations) if cell.citations else ''}"
            for column, cell in zip(table.columns, row.cells, strict=False)
        ]
        lines.append(f"{row.label}: " + "; ".join(cells))
    return lines


def _one_line(text: str) -> str:
    return " ".join(text.split())


def citation_line(number: int, citation: Citation) -> str:
    """``[n] *Title*: “quote”`` on one line (quotes of tables keep their words, not their line breaks)."""
    quote = clip(escape(shown_quote(citation.quote)), MAX_QUOTE)
    line = f"[{number}] *{escape(_one_line(citation.title))}*"
    return f"{line}: “{quote}”" if quote else line


def _citation_texts(citations: tuple[Citation, ...]) -> list[str]:
    """Numbered citation lines, packed into context texts of at most MAX_CONTEXT_TEXT characters."""
    lines = [clip(citation_line(n, c), MAX_CONTEXT_TEXT) for n, c in enumerate(citations, 1)]
    return chunk_lines(lines, MAX_CONTEXT_TEXT)


def _citation_blocks(texts: list[str], room: int) -> list[Block]:
    """One context block per text; up to ten texts to a block when room is short; then cut, saying so."""
    room = max(room, 1)
    if len(texts) <= room:
        return [_context([text]) for text in texts]
    capacity = room * MAX_CONTEXT_ELEMENTS
    if len(texts) > capacity:
        shown = texts[: capacity - 1]
        hidden = sum(text.count("\n") + 1 for text in texts[capacity - 1:])
        texts = [*shown, f"…and {hidden} more sources"]
    return [_context(texts[i:i + MAX_CONTEXT_ELEMENTS]) for i in range(0, len(texts), MAX_CONTEXT_ELEMENTS)]


def fallback_text(answer: Answer, asked_by: str | None = None) -> str:
    """The plain ``text`` of the message: the whole answer without Block Kit, escaped."""
    lines: list[str] = []
    if asked_by:
        lines.append(f"<@{asked_by}> asked: {clip(escape(answer.question), MAX_QUESTION_ECHO)}")
    if answer.disagreement:
        lines.append(DISAGREEMENT_PLAIN)
    lines.append(escape(answer.text))
    if answer.table is not None:
        lines.extend(escape(line) for line in table_lines(answer.table))
    lines.extend(escape(line) for line in answer.evidence)
    if answer.citations:
        lines.append("Sources:")
        lines.extend(
            f"[{n}] {escape(_one_line(c.title))}: “{clip(escape(shown_quote(c.quote)), MAX_QUOTE)}”"
            for n, c in enumerate(answer.citations, 1)
        )
    return clip("\n".join(line for line in lines if line), MAX_FALLBACK_TEXT)


def render_answer(
    answer: Answer,
    *,
    share: bool = False,
    feedback: bool | None = None,
    asked_by: str | None = None,
) -> Message:
    """Block Kit for an answer.

    ``share`` adds the "Share in channel" button (ephemeral answers); ``feedback`` adds
    Helpful / Not helpful (default: for every answer but help and info); ``asked_by`` (a Slack
    user id) credits the asker, for answers shared into a channel.
    """
    if asked_by is not None and not _USER_ID.match(asked_by):
        asked_by = None
    if feedback is None:
        feedback = answer.kind is not AnswerKind.INFO
    head: list[Block] = []
    if asked_by:
        head.append(_context([f"<@{asked_by}> asked: {clip(escape(answer.question), MAX_QUESTION_ECHO)}"]))
    if answer.disagreement:
        head.append(_section(DISAGREEMENT))
    text_lines = escape(answer.text).splitlines() or [" "]
    body = [_section(text) for text in chunk_lines(text_lines, MAX_SECTION_TEXT)]
    if answer.table is not None:
        body.extend(_table_blocks(answer.table))
    if answer.evidence:
        evidence = [f"• {escape(line)}" for line in answer.evidence if line.strip()]
        body.extend(_section(text) for text in chunk_lines(evidence, MAX_SECTION_TEXT))

    buttons: list[Block] = []
    if feedback:
        buttons.append(_button(":thumbsup: Helpful", FEEDBACK_HELPFUL, answer.id))
        buttons.append(_button(":thumbsdown: Not helpful", FEEDBACK_UNHELPFUL, answer.id))
    if share:
        buttons.append(_button("Share in channel", SHARE, answer.id, style="primary"))
    tail: list[Block] = []
    if buttons:
        tail.append({"type": "actions", "block_id": "llama4_actions", "elements": buttons})

    cited = _citation_texts(answer.citations)
    fixed = len(head) + len(tail) + (1 if cited else 0)  # the divider before citations
    body_room = MAX_BLOCKS - fixed - min(len(cited), 2)
    if len(body) > body_room:
        body = [*body[: body_room - 1], _context([SHORTENED])]
    citations: list[Block] = []
    if cited:
        citations = [{"type": "divider"}, *_citation_blocks(cited, MAX_BLOCKS - fixed - len(body))]
    blocks = head + body + citations + tail
    return Message(text=fallback_text(answer, asked_by), blocks=blocks[:MAX_BLOCKS])


def render_notice(text: str) -> Message:
    """A short message of the bot's own (already safe mrkdwn); long texts are split over sections."""
    sections = [_section(t) for t in chunk_lines(text.splitlines() or [" "], MAX_SECTION_TEXT)]
    return Message(text=clip(text, MAX_FALLBACK_TEXT), blocks=sections[:MAX_BLOCKS])
