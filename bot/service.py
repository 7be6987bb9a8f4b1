"""The core service every adapter calls: commands in, answers out, storage on the side.

It runs the engine off the event loop, resolves follow-ups from the stored
previous turn, and records the exchange. Storage failures are logged and counted,
never raised: the user always gets the answer.
"""

from __future__ import annotations

import asyncio
import logging
import time

from bot.commands import dispatch
from bot.conversation import ChannelSettings, ConversationKey, Request
from bot.engine import Engine
from bot.live import LiveEngine
from bot.models import Answer
from bot.store import Store

log = logging.getLogger(__name__)


class BotService:
    def __init__(self, engine: Engine | LiveEngine, store: Store) -> None:
        self.engines = engine if isinstance(engine, LiveEngine) else LiveEngine(engine)
        self.store = store
        self.storage_failures = 0

    async def handle(self, request: Request) -> Answer:
        previous = None
        try:
            previous = await self.store.last_turn(request.conversation)
        except Exception:
            self._storage_failed("reading the previous turn")
        started = time.perf_counter()
        engine = await self.engines.current()
        answer = await asyncio.to_thread(dispatch, engine, request.command, request.argument, previous)
        latency_ms = (time.perf_counter() - started) * 1000
        try:
            await self.store.record_exchange(request, answer, latency_ms)
        except Exception:
            self._storage_failed("recording an exchange")
        return answer

    @property
    def engine(self) -> Engine:
        """The engine of the last knowledge load."""
        return self.engines.engine

    async def refresh_knowledge(self) -> None:
        """Swap in new knowledge now if the folder changed (answers do this by themselves)."""
        await self.engines.refresh()

    async def feedback(self, answer_id: str, user: str, helpful: bool) -> bool:
        """Store a vote; False when the store failed (the user is thanked either way)."""
        try:
            await self.store.record_feedback(answer_id, user, helpful)
        except Exception:
            self._storage_failed("recording feedback")
            return False
        return True

    async def is_new_event(self, key: str) -> bool:
        """Dedupe a platform delivery; when storage fails, treat it as new rather than drop it."""
        try:
            return await self.store.remember_event(key)
        except Exception:
            self._storage_failed("remembering an event")
            return True

    async def channel_settings(self, conversation: ConversationKey) -> ChannelSettings:
        try:
            return await self.store.channel_settings(conversation)
        except Exception:
            self._storage_failed("reading channel settings")
            return ChannelSettings()

    async def update_channel_settings(self, conversation: ConversationKey, settings: ChannelSettings) -> bool:
        try:
            await self.store.update_channel_settings(conversation, settings)
        except Exception:
            self._storage_failed("saving channel settings")
            return False
        return True

    def complete_model(self, typed: str, limit: int = 25) -> list[str]:
        """Model names for autocomplete, best fuzzy matches first."""
        return self.engine.complete_model(typed, limit)

    def _storage_failed(self, doing: str) -> None:
        self.storage_failures += 1
        log.exception("storage failed while %s; answering anyway", doing)
