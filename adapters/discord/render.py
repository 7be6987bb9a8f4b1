"""The core's ``Answer`` as Discord message payloads: pure functions, no client, no network.

An answer becomes one or more ``Reply`` values (plain content plus embed dicts in
Discord's API shape). Every limit in ``limits`` holds for every reply; text from
the engine and from users is Markdown-escaped before our own formatting is added.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from discord.utils import escape_markdown

from adapters.discord import limits
from bot.conversation import ChannelSettings
from bot.models import Answer, AnswerKind, Citation, Table
from bot.render import shown_quote

Embed = dict[str, Any]

COLOUR_ANSWER = 0x5865F2
COLOUR_DISAGREEMENT = 0xE67E22
COLOUR_ABSTAINED = 0x95A5A6
COLOUR_INFO = 0x2ECC71
COLOUR_NOTICE = 0xED4245

DISAGREEMENT_LINE = "⚠️ **Sources disagree.** The values below differ between sources; see each citation."
QUOTE_CHARS = 600
"""A quote longer than this is shortened (at a word) so that a citation always fits whole."""
FOOTER_CHARS = 100
_EMPTY = "\u200b"

FEEDBACK_PREFIX = "l4fb"
FEEDBACK_PATTERN = rf"{FEEDBACK_PREFIX}:(?P<vote>[yn]):(?P<answer>[0-9a-f]{{32}})"


@dataclass(frozen=True)
class Reply:
    """One Discord message: content and embeds (dicts in the API's shape)."""

    content: str = ""
    embeds: tuple[Embed, ...] = ()


def escape(text: str) -> str:
    """Markdown-escaped text: user and source words never turn into formatting."""
    return escape_markdown(text)


def feedback_custom_id(answer_id: str, helpful: bool) -> str:
    return f"{FEEDBACK_PREFIX}:{'y' if helpful else 'n'}:{answer_id}"


def parse_feedback_custom_id(custom_id: str) -> tuple[str, bool] | None:
    match = re.fullmatch(FEEDBACK_PATTERN, custom_id)
    return (match["answer"], match["vote"] == "y") if match else None


def wants_feedback(answer: Answer) -> bool:
    """Help and the source list are not answers to rate."""
    return answer.kind is not AnswerKind.INFO and bool(re.fullmatch(r"[0-9a-f]{32}", answer.id))


def render_answer(answer: Answer) -> list[Reply]:
    """The answer, its table and its numbered sources, split into as many messages as the limits need."""
    colour = _colour(answer)
    embeds = [
        *_text_embeds(answer, colour),
        *_table_embeds(answer.table, answer.kind, colour),
        *_source_embeds(answer.citations, colour),
    ]
    embeds[-1]["footer"] = {"text": limits.truncate(f"Llama 4 bot · answer {answer.id[:8]}", FOOTER_CHARS)}
    return pack_messages(embeds)


def render_notice(text: str, *, escaped: bool = False) -> Reply:
    """A short plain-text message (cooldowns, apologies, confirmations)."""
    return Reply(content=limits.truncate(text if escaped else escape(text), limits.CONTENT))


def render_settings(settings: ChannelSettings, *, changed: bool, saved: bool = True) -> Reply:
    def yes(flag: bool) -> str:
        return "yes" if flag else "no"

    lines = [
        f"Enabled in this channel: **{yes(settings.enabled)}**",
        f"Answers private by default: **{yes(settings.private_by_default)}**",
        f"Answer plain questions (message content intent): **{yes(settings.answer_plain_questions)}**",
    ]
    if changed and not saved:
        lines.append("The change could not be saved, please try again later. Current settings are shown.")
    title = "Channel settings saved" if changed and saved else "Channel settings"
    return Reply(embeds=({"title": title, "description": "\n".join(lines), "color": COLOUR_INFO},))


def pack_messages(embeds: list[Embed]) -> list[Reply]:
    """Embeds grouped into messages of at most 10 embeds and 6000 characters."""
    replies: list[list[Embed]] = []
    total = 0
    for embed in embeds:
        size = limits.embed_size(embed)
        if not replies or len(replies[-1]) >= limits.EMBEDS or total + size > limits.EMBED_TOTAL:
            replies.append([])
            total = 0
        replies[-1].append(embed)
        total += size
    return [Reply(embeds=tuple(group)) for group in replies]


def _colour(answer: Answer) -> int:
    if answer.disagreement:
        return COLOUR_DISAGREEMENT
    if answer.abstained:
        return COLOUR_ABSTAINED
    return COLOUR_INFO if answer.kind is AnswerKind.INFO else COLOUR_ANSWER


def _text_embeds(answer: Answer, colour: int) -> list[Embed]:
    paragraphs = [DISAGREEMENT_LINE] if answer.disagreement else []
    paragraphs.append(escape(answer.text))
    paragraphs.extend(f"• {escape(line)}" for line in answer.evidence if line.strip())
    chunks = limits.split_text("\n\n".join(paragraphs), limits.DESCRIPTION) or [_EMPTY]
    question = answer.question.strip()
    if answer.kind is AnswerKind.INFO:  # "help", "sources": a heading rather than an echoed question
        question = question[:1].upper() + question[1:]
    title = limits.truncate(escape(question), limits.TITLE) or "Answer"
    embeds: list[Embed] = [{"description": chunk, "color": colour} for chunk in chunks]
    embeds[0]["title"] = title
    return embeds


def _marks(citations: tuple[int, ...]) -> str:
    return f" [{', '.join(str(n) for n in citations)}]" if citations else ""


def _table_embeds(table: Table | None, kind: AnswerKind, colour: int) -> list[Embed]:
    if table is None or not table.rows:
        return []
    single = len(table.columns) <= 1
    fields: list[Embed] = []
    for row in table.rows:
        lines = []
        for column, cell in zip(table.columns or ("",), row.cells, strict=False):
            marks = _marks(cell.citations)
            head = "" if single else f"**{escape(column)}**: "
            room = limits.FIELD_VALUE - len(head) - len(marks)
            lines.append(head + limits.truncate(escape(cell.value), room) + marks)
        name = limits.truncate(escape(row.label), limits.FIELD_NAME) or _EMPTY
        for i, value in enumerate(limits.pack_lines(lines or [_EMPTY], limits.FIELD_VALUE)):
            label = name if i == 0 else limits.truncate(f"{name} (continued)", limits.FIELD_NAME)
            fields.append({"name": label, "value": value, "inline": single})
    title = "Side by side" if kind is AnswerKind.COMPARISON or not single else "Spec sheet"
    if not single:
        title = limits.truncate(f"{title}: {', '.join(escape(c) for c in table.columns)}", limits.TITLE)
    return _field_embeds(title, fields, colour)


def _field_embeds(title: str, fields: list[Embed], colour: int) -> list[Embed]:
    budget = limits.EMBED_TOTAL - len(title) - FOOTER_CHARS
    embeds: list[Embed] = []
    used = budget
    for field in fields:
        size = len(field["name"]) + len(field["value"])
        if not embeds or len(embeds[-1]["fields"]) >= limits.FIELDS or used + size > budget:
            embeds.append(
                {
                    "title": title if not embeds else limits.truncate(f"{title} (continued)", limits.TITLE),
                    "color": colour,
                    "fields": [],
                }
            )
            used = 0
        embeds[-1]["fields"].append(field)
        used += size
    return embeds


def citation_line(number: int, citation: Citation) -> str:
    """``**[n]** Title: “quote”``, the quote shortened at a word so that the line stays whole."""
    title = escape(citation.title or citation.source)
    quote = limits.truncate(escape(shown_quote(citation.quote)), QUOTE_CHARS)
    return f"**[{number}]** {title}" + (f": “{quote}”" if quote else "")


def _source_embeds(citations: tuple[Citation, ...], colour: int) -> list[Embed]:
    lines = [citation_line(n, c) for n, c in enumerate(citations, 1)]
    chunks = limits.pack_lines(lines, limits.DESCRIPTION)
    return [
        {"title": "Sources" if i == 0 else "Sources (continued)", "description": chunk, "color": colour}
        for i, chunk in enumerate(chunks)
    ]
