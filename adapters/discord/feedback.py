"""Helpful / Not helpful buttons whose ``custom_id`` carries the answer id.

The buttons are dynamic items: any press, even on a message sent before a
restart, is parsed from its ``custom_id`` and handed to a ``FeedbackSink``.
"""

from __future__ import annotations

import re
from typing import Any, Protocol, runtime_checkable

import discord

from adapters.discord.render import FEEDBACK_PATTERN, feedback_custom_id


@runtime_checkable
class FeedbackSink(Protocol):
    async def on_feedback(self, interaction: discord.Interaction, answer_id: str, helpful: bool) -> None: ...


class FeedbackButton(discord.ui.DynamicItem[discord.ui.Button[Any]], template=FEEDBACK_PATTERN):
    def __init__(self, answer_id: str, helpful: bool) -> None:
        super().__init__(
            discord.ui.Button(
                label="Helpful" if helpful else "Not helpful",
                emoji="👍" if helpful else "👎",
                style=discord.ButtonStyle.secondary,
                custom_id=feedback_custom_id(answer_id, helpful),
            )
        )
        self.answer_id = answer_id
        self.helpful = helpful

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction, item: discord.ui.Item[Any], match: re.Match[str], /
    ) -> FeedbackButton:
        return cls(match["answer"], match["vote"] == "y")

    async def callback(self, interaction: discord.Interaction) -> None:
        sink = interaction.client
        if isinstance(sink, FeedbackSink):
            await sink.on_feedback(interaction, self.answer_id, self.helpful)


def feedback_view(answer_id: str) -> discord.ui.View:
    view = discord.ui.View(timeout=None)
    view.add_item(FeedbackButton(answer_id, True))
    view.add_item(FeedbackButton(answer_id, False))
    return view
