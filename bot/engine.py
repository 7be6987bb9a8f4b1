"""The answering engine (being built): question in, typed Answer out."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from bot.models import Answer, AnswerKind, Turn


class Engine:
    @classmethod
    def load(cls, knowledge_dir: Path) -> Engine:
        return cls()

    def answer(self, question: str, previous: Turn | None = None) -> Answer:
        return Answer(question=question, kind=AnswerKind.ABSTAINED, text="Not built yet.")

    def specs(self, model: str) -> Answer:
        return Answer(question=f"specs {model}", kind=AnswerKind.ABSTAINED, text="Not built yet.")

    def compare_text(self, text: str) -> Answer:
        return self.compare(text.split())

    def compare(self, models: Sequence[str]) -> Answer:
        return Answer(question="compare", kind=AnswerKind.ABSTAINED, text="Not built yet.")

    def sources(self) -> Answer:
        return Answer(question="sources", kind=AnswerKind.INFO, text="Not built yet.")

    def complete_model(self, typed: str, limit: int = 25) -> list[str]:
        return ["Llama 4 Scout", "Llama 4 Maverick", "Llama 4 Behemoth"][:limit]
