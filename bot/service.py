"""The core service every adapter calls: commands in, answers out, storage on the side.

It runs the engine off the event loop, resolves follow-ups from the stored
previous turn, and records the exchange. Storage failures are logged and counted,
never raised: the user always gets the answer.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections import Counter, OrderedDict

from bot.answering.engine import Engine
from bot.commands import dispatch
from bot.conversation import ChannelSettings, ConversationKey, Request
from bot.live import LiveEngine
from bot.models import Answer
from bot.storage.store import PendingWork, Store

log = logging.getLogger(__name__)

SEEN_IN_PROCESS = 100_000
"""Delivery keys remembered in memory too, so that dedupe holds while the store is failing."""


class BotService:
    def __init__(self, engine: Engine | LiveEngine, store: Store) -> None:
        self.engines = engine if isinstance(engine, LiveEngine) else LiveEngine(engine)
        self.store = store
        self.storage_failures = 0
        self.faults: Counter[str] = Counter()
        """Faults of this process (also written to the store, for ``stats``)."""
        self.in_flight: set[str] = set()
        """Outbox keys this process is answering right now (redelivery leaves them alone)."""
        self._idle = asyncio.Event()
        self._idle.set()
        self._seen: OrderedDict[str, None] = OrderedDict()

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
        """Dedupe a platform delivery; when storage fails, the process's own memory still dedupes."""
        if not self._first_sight(key):
            return False
        try:
            return await self.store.remember_event(key)
        except Exception:
            self._storage_failed("remembering an event")
            return True

    async def accept(self, key: str, work: PendingWork | None = None) -> bool:
        """Record a delivery key with its pending work before the platform is acknowledged.

        False for a repeat (seen by this process, or by the store). When the store fails,
        the key is still new and remembered in memory: the question is answered, but would
        not survive a crash.
        """
        if not self._first_sight(key):
            return False
        if work is not None:
            self.begin(key)  # before the write, so that an outbox pass never sees the row as abandoned
        try:
            new = await self.store.accept(key, work)
        except Exception:
            self._storage_failed("accepting a question")
            return True
        if not new:
            self.release(key)
        return new

    def begin(self, key: str) -> None:
        """This process is answering the outbox row ``key``."""
        self.in_flight.add(key)
        self._idle.clear()

    async def drain(self, within: float) -> bool:
        """Wait up to ``within`` seconds for answers in flight; True when none is left."""
        try:
            await asyncio.wait_for(self._idle.wait(), within)
        except TimeoutError:
            return False
        return True

    async def complete(self, key: str) -> None:
        """The work under ``key`` is done: answered, expired, or nothing to answer."""
        self.release(key)
        try:
            await self.store.complete(key)
        except Exception:
            self._storage_failed("completing a question")

    def release(self, key: str) -> None:
        """This process stops working on ``key`` (completed, or left for redelivery to retry)."""
        self.in_flight.discard(key)
        if not self.in_flight:
            self._idle.set()

    async def pending(self, limit: int = 100) -> list[PendingWork]:
        try:
            return await self.store.pending(limit)
        except Exception:
            self._storage_failed("listing pending questions")
            return []

    async def fault(self, kind: str, detail: str = "") -> None:
        """Log and count a fault the maintainer must see in ``stats`` (never user data in ``detail``)."""
        self.faults[kind] += 1
        log.error("%s%s", kind.replace("_", " "), f": {detail}" if detail else "")
        try:
            await self.store.record_fault(kind, detail)
        except Exception:
            self._storage_failed("recording a fault")

    async def store_health(self) -> str | None:
        """None when the store takes writes; otherwise what is wrong."""
        try:
            return await self.store.health()
        except Exception as exc:
            self._storage_failed("checking the store")
            return f"the store failed ({type(exc).__name__})"

    def _first_sight(self, key: str) -> bool:
        if key in self._seen:
            self._seen.move_to_end(key)
            return False
        self._seen[key] = None
        while len(self._seen) > SEEN_IN_PROCESS:
            self._seen.popitem(last=False)
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
        return self.engine.sheets.complete_model(typed, limit)

    def _storage_failed(self, doing: str) -> None:
        self.storage_failures += 1
        log.exception("storage failed while %s; answering anyway", doing)
