"""Typed records shared by the knowledge loader, the engine and every adapter.

Nothing here knows about Discord, Slack or the terminal: adapters convert these
records into their own payloads at their edge.
"""

from __future__ import annotations

import uuid
from enum import StrEnum

from pydantic import BaseModel, ConfigDict, Field, field_validator


class Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Article(Frozen):
    """One source article, as stored under ``knowledge/articles``."""

    id: str = Field(pattern=r"^[a-z0-9][a-z0-9-]{1,63}$")
    title: str | None = None
    label: str = Field(min_length=3, description="Descriptive name, used when the text states no title")
    publisher: str | None = None
    author: str | None = None
    date: str | None = None
    url: str | None = Field(default=None, description="The page's own address, when it states one")
    origin: str = Field(min_length=1, description="Where the text was copied from (file or page)")
    text: str = Field(min_length=50)

    @property
    def display_name(self) -> str:
        """The stated title, or the descriptive label when the article names no title."""
        return self.title or self.label


class Passage(Frozen):
    """A slice of an article that keeps its section heading for context."""

    id: str
    article_id: str
    heading: str
    text: str


class Fact(Frozen):
    """One statement extracted from an article, with the words that state it."""

    subject: str = Field(min_length=1)
    attribute: str = Field(pattern=r"^[a-z0-9_]+$")
    value: str = Field(min_length=1)
    number: float | None = None
    unit: str | None = None
    qualifier: str | None = None
    claim: str | None = Field(
        default=None, description="Normalised value of a text fact, so two sources' wordings can be compared"
    )
    source: str = Field(min_length=1, description="Article id")
    quote: str = Field(min_length=1, description="Verbatim words of the article")

    @field_validator("value", "quote")
    @classmethod
    def _not_blank(cls, text: str) -> str:
        if not text.strip():
            raise ValueError("must not be blank")
        return text


class AnswerKind(StrEnum):
    FACT = "fact"
    COMPARISON = "comparison"
    SPECS = "specs"
    SNIPPETS = "snippets"
    INFO = "info"
    ABSTAINED = "abstained"


class Citation(Frozen):
    source: str
    title: str
    quote: str


NO_VALUE = "—"  # a table cell for a model the facts give no value of


class TableCell(Frozen):
    value: str
    citations: tuple[int, ...] = ()  # 1-based indexes into Answer.citations


class TableRow(Frozen):
    label: str
    cells: tuple[TableCell, ...]


class Table(Frozen):
    columns: tuple[str, ...]
    rows: tuple[TableRow, ...]


class Turn(Frozen):
    """What a previous exchange was about, so that a follow-up can be resolved."""

    question: str
    subjects: tuple[str, ...] = ()
    attribute: str | None = None  # the first of ``attributes``; kept so that stored turns stay readable
    qualifier: str | None = None
    attributes: tuple[str, ...] = ()
    qualifiers: tuple[str, ...] = ()
    shown: tuple[str, ...] = ()  # quotes already shown, newest first: "tell me more" leaves them out
    in_view: tuple[str, ...] = ()  # the models the conversation is about: "and Maverick?" after Scout keeps both
    cited: tuple[str, ...] = ()  # the articles the answer quoted, in order: "source?" after it lists them

    def models_in_view(self) -> tuple[str, ...]:
        return self.in_view or self.subjects

    def all_attributes(self) -> tuple[str, ...]:
        return self.attributes or ((self.attribute,) if self.attribute else ())

    def all_qualifiers(self) -> tuple[str, ...]:
        return self.qualifiers or ((self.qualifier,) if self.qualifier else ())


class Answer(Frozen):
    """The engine's reply: a short direct answer first, then evidence and citations."""

    id: str = Field(default_factory=lambda: uuid.uuid4().hex)
    question: str
    kind: AnswerKind
    text: str
    evidence: tuple[str, ...] = ()
    table: Table | None = None
    citations: tuple[Citation, ...] = ()
    disagreement: bool = False
    turn: Turn | None = None

    @property
    def abstained(self) -> bool:
        return self.kind is AnswerKind.ABSTAINED
