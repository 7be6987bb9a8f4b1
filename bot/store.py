"""The storage seam: what the service and adapters need from a store, and an in-memory one.

The SQLite store implements the same protocol; adapters and the CLI only ever see
``Store``, so another backend can be added behind it without touching them.
"""

from __future__ import annotations

import time
from collections import OrderedDict
from dataclasses import dataclass
from typing import Protocol

from bot.conversation import ChannelSettings, ConversationKey, Request
from bot.models import Answer, Turn


class Store(Protocol):
    async def remember_event(self, key: str) -> bool:
        """Record a delivery key; True the first time it is seen, False for a repeat."""
        ...

    async def last_turn(self, conversation: ConversationKey) -> Turn | None: ...

    async def record_exchange(self, request: Request, answer: Answer, latency_ms: float) -> None: ...

    async def record_feedback(self, answer_id: str, user: str, helpful: bool) -> None:
        """One vote per user and answer: a second vote replaces the first."""
        ...

    async def channel_settings(self, conversation: ConversationKey) -> ChannelSettings: ...

    async def update_channel_settings(self, conversation: ConversationKey, settings: ChannelSettings) -> None: ...

    async def close(self) -> None: ...


@dataclass
class _Exchange:
    request: Request
    answer: Answer
    latency_ms: float
    at: float


class MemoryStore:
    """A bounded in-process store, used by the console and by tests."""

    def __init__(self, *, max_events: int = 10_000, turn_ttl_s: float = 1800.0) -> None:
        self._events: OrderedDict[str, None] = OrderedDict()
        self._max_events = max_events
        self._turn_ttl_s = turn_ttl_s
        self._turns: dict[ConversationKey, tuple[Turn, float]] = {}
        self._settings: dict[ConversationKey, ChannelSettings] = {}
        self.exchanges: list[_Exchange] = []
        self.votes: dict[tuple[str, str], bool] = {}

    async def remember_event(self, key: str) -> bool:
        if key in self._events:
            return False
        self._events[key] = None
        while len(self._events) > self._max_events:
            self._events.popitem(last=False)
        return True

    async def last_turn(self, conversation: ConversationKey) -> Turn | None:
        found = self._turns.get(conversation)
        if found is None:
            return None
        turn, at = found
        if time.monotonic() - at > self._turn_ttl_s:
            del self._turns[conversation]
            return None
        return turn

    async def record_exchange(self, request: Request, answer: Answer, latency_ms: float) -> None:
        self.exchanges.append(_Exchange(request, answer, latency_ms, time.time()))
        if answer.turn is not None:
            self._turns[request.conversation] = (answer.turn, time.monotonic())

    async def record_feedback(self, answer_id: str, user: str, helpful: bool) -> None:
        self.votes[(answer_id, user)] = helpful

    async def channel_settings(self, conversation: ConversationKey) -> ChannelSettings:
        return self._settings.get(conversation.channel_scope(), ChannelSettings())

    async def update_channel_settings(self, conversation: ConversationKey, settings: ChannelSettings) -> None:
        self._settings[conversation.channel_scope()] = settings

    async def close(self) -> None:
        return None
