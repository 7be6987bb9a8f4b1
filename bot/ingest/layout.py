"""Text layout shared by every source kind: whitespace, hard-wrapped paragraphs, headings, inline Markdown.

Our article text is Markdown-like: ``#`` headings, Markdown tables, list items
and ``Label: value`` lines each on their own line, and one paragraph per line
(passages and fact quotes are cut from lines, so a hard-wrapped paragraph is
joined back into one line).
"""

from __future__ import annotations

import re

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f\u200b-\u200d\u2060\ufeff]")
_HEADING = re.compile(r"^\s{0,3}#{1,6}\s")
_ITEM = re.compile(r"^\s*(?:[-*+•]\s|\d{1,3}[.)]\s)")
_LABEL = re.compile(r"^\s*[A-Z][\w ./()'’&+-]{0,40}:\s+\S")
_FENCE = re.compile(r"^\s*(```|~~~)")


def tidy(text: str) -> str:
    """LF line ends, no control or zero-width characters, no trailing spaces, at most one blank line in a row."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\t", "    ")
    text = _CONTROL.sub("", text).replace("\xa0", " ")
    lines = [line.rstrip() for line in text.split("\n")]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip() + "\n"


def is_table_row(line: str) -> bool:
    return line.lstrip().startswith("|")


def _starts_block(line: str) -> bool:
    return bool(_HEADING.match(line) or _ITEM.match(line) or _LABEL.match(line) or is_table_row(line)) or (
        line.lstrip().startswith(">")
    )


def unwrap(text: str) -> str:
    """Join hard-wrapped lines of a paragraph or list item; headings, tables, labels and code stay on their lines."""
    out: list[str] = []
    fenced = False
    for line in text.split("\n"):
        if _FENCE.match(line):
            fenced = not fenced
            out.append(line)
            continue
        previous = out[-1] if out else ""
        joinable = (
            not fenced
            and line.strip()
            and previous.strip()
            and not _starts_block(line)
            and not _HEADING.match(previous)
            and not is_table_row(previous)
            and not _FENCE.match(previous)
        )
        if joinable:
            out[-1] = f"{previous.rstrip()} {line.strip()}"
        else:
            out.append(line)
    return "\n".join(out)


def setext_headings(text: str) -> str:
    """``Title`` over ``=====`` or ``-----`` becomes ``# Title`` / ``## Title``."""
    text = re.sub(r"(?m)^(\S[^\n]*)\n=+[ \t]*$", r"# \1", text)
    return re.sub(r"(?m)^([A-Za-z0-9][^\n|]*)\n-{3,}[ \t]*$", r"## \1", text)


def plain_inline(text: str) -> str:
    """Inline Markdown to its words: links and images, emphasis, code spans, escapes. Tables keep their pipes."""
    text = re.sub(r"<!--.*?-->", "", text, flags=re.S)
    text = re.sub(r"!\[[^\]]*\]\([^)]*\)", "", text)
    text = re.sub(r"!\[[^\]]*\]\[[^\]]*\]", "", text)
    text = re.sub(r"(?m)^[ \t]{0,3}\[[^\]]+\]:[ \t]+\S+.*$", "", text)
    text = re.sub(r"\[([^\]]+)\]\((?:[^()\s]|\([^)]*\))*(?:\s+\"[^\"]*\")?\)", r"\1", text)
    text = re.sub(r"\[([^\]]+)\]\[[^\]]*\]", r"\1", text)
    text = re.sub(r"<(https?://[^>\s]+)>", r"\1", text)
    text = re.sub(r"(\*\*|__)(?=\S)(.+?)(?<=\S)\1", r"\2", text)
    text = re.sub(r"(?<![\w*])\*(?=[^\s*])([^*\n]+?)(?<=[^\s*])\*(?![\w*])", r"\1", text)
    text = re.sub(r"(?<![\w_])_(?=[^\s_])([^_\n]+?)(?<=[^\s_])_(?![\w_])", r"\1", text)
    text = re.sub(r"~~(?=\S)(.+?)(?<=\S)~~", r"\1", text)
    text = re.sub(r"`([^`\n]+)`", r"\1", text)
    text = re.sub(r"\\([\\`*_{}\[\]()#+.!-])", r"\1", text)
    text = re.sub(r"(?m)^([ \t]*)>[ \t]?", r"\1", text)
    return text


def tidy_tables(text: str) -> str:
    """Table rows without trailing spaces after the last pipe, cells separated by ' | '."""
    lines = []
    for line in text.split("\n"):
        if is_table_row(line):
            cells = [c.strip() for c in line.strip().strip("|").split("|")]
            line = "| " + " | ".join(cells) + " |"
        lines.append(line)
    return "\n".join(lines)


def drop_fences(text: str) -> str:
    return "\n".join(line for line in text.split("\n") if not _FENCE.match(line))


def first_heading(text: str) -> tuple[str | None, str]:
    """The text of a level-1 heading on the first non-blank line, and the text without that line."""
    lines = text.split("\n")
    for n, line in enumerate(lines):
        if not line.strip():
            continue
        match = re.match(r"^\s{0,3}#\s+(.+?)\s*#*\s*$", line)
        if match:
            return match.group(1).strip(), "\n".join(lines[:n] + lines[n + 1 :])
        return None, text
    return None, text


def heading_levels(text: str) -> str:
    """Headings normalised to ``# ``-style with one space, nothing after the text."""
    return re.sub(r"(?m)^[ \t]{0,3}(#{1,6})[ \t]+(.*?)[ \t]*#*[ \t]*$", r"\1 \2", text)
