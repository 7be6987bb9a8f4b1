"""The storage seam: what the service and adapters need from a store, and an in-memory one.

The SQLite store implements the same protocol; adapters and the CLI only ever see
``Store``, so another backend can be added behind it without touching them.
"""

from __future__ import annotations

import time
from collections import Counter, OrderedDict, deque
from dataclasses import dataclass
from typing import Protocol, TypeVar

from bot.conversation import ChannelSettings, ConversationKey, Request
from bot.models import Answer, Turn

_K = TypeVar("_K")
_V = TypeVar("_V")


@dataclass(frozen=True)
class PendingWork:
    """A question that was acknowledged to the platform and not yet answered (an outbox row).

    ``kind`` names the adapter's handler (``slack.event``, ``slack.command``,
    ``discord.interaction``); ``payload`` is that adapter's own JSON, everything it needs
    to answer after a restart. ``accepted_at`` is the wall-clock time of acceptance.
    """

    key: str
    kind: str
    payload: str
    accepted_at: float


class Store(Protocol):
    """What the service needs from a backend.

    Every method may raise on a storage failure; ``BotService`` catches, logs and counts.
    A backend must keep these guarantees:

    - ``remember_event`` and ``accept`` are atomic: of two concurrent calls with one key,
      exactly one sees True.
    - ``accept(key, work)`` writes the dedupe key and the outbox row in one transaction, and
      returns only once both are durable: a question is recorded before it is acknowledged.
    - ``complete(key)`` removes the outbox row; the key itself stays remembered for dedupe
      (for the same time as delivery keys).
    - ``pending()`` lists outbox rows oldest first, whether they are minutes or days old;
      the caller decides what is too old to answer.
    - ``record_fault(kind)`` adds one to a counter that ``stats`` shows.
    """

    async def remember_event(self, key: str) -> bool:
        """Record a delivery key; True the first time it is seen, False for a repeat."""
        ...

    async def accept(self, key: str, work: PendingWork | None = None) -> bool:
        """Record a delivery key and, for a new key, its pending work, in one write.

        True the first time ``key`` is seen (``work`` is then pending), False for a repeat
        (nothing is written). ``work.key`` must equal ``key``.
        """
        ...

    async def complete(self, key: str) -> None:
        """The work under ``key`` is finished (answered, expired or not to be answered)."""
        ...

    async def pending(self, limit: int = 100) -> list[PendingWork]:
        """Accepted work not yet completed, oldest first."""
        ...

    async def record_fault(self, kind: str, detail: str = "") -> None:
        """Count a fault that ``stats`` must show (a failed delivery, an expired answer, ...)."""
        ...

    async def health(self) -> str | None:
        """None when the store takes writes now; otherwise what is wrong (``/healthz`` shows it)."""
        ...

    async def last_turn(self, conversation: ConversationKey) -> Turn | None: ...

    async def record_exchange(self, request: Request, answer: Answer, latency_ms: float) -> None: ...

    async def record_feedback(self, answer_id: str, user: str, helpful: bool) -> None:
        """One vote per user and answer: a second vote replaces the first.

        A vote for an answer the store has no exchange for (unknown, forged, or past
        retention) is not kept.
        """
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


MAX_EXCHANGES = 1_000
"""Exchanges the in-memory store keeps, newest last: enough to inspect a session, bounded for a long stream."""
MAX_CONVERSATIONS = 10_000
"""Conversations whose last turn is kept for follow-ups (and channels whose settings are kept), least recent
dropped first: ``ask --json`` without ``--conversation`` starts a new conversation on every line."""
MAX_ANSWERS = 10_000
"""Answer ids a vote may still be given for, and votes kept."""


def _bounded_put(mapping: OrderedDict[_K, _V], key: _K, value: _V, limit: int) -> None:
    """Put ``key`` last (the most recent) and drop the least recent entries beyond ``limit``."""
    mapping[key] = value
    mapping.move_to_end(key)
    while len(mapping) > limit:
        mapping.popitem(last=False)


class MemoryStore:
    """A bounded in-process store, used by the console, ``ask``, and by tests.

    Everything it holds has a ceiling, so a bot running for days or a long ``ask --json`` stream
    keeps flat memory: the last ``max_exchanges`` exchanges, the last turn of the
    ``max_conversations`` most recent conversations (what follow-ups need), and the ids of the
    last ``max_answers`` answers with their votes.
    """

    def __init__(
        self,
        *,
        max_events: int = 10_000,
        turn_ttl_s: float = 1800.0,
        max_exchanges: int = MAX_EXCHANGES,
        max_conversations: int = MAX_CONVERSATIONS,
        max_answers: int = MAX_ANSWERS,
    ) -> None:
        self._events: OrderedDict[str, None] = OrderedDict()
        self._max_events = max_events
        self._turn_ttl_s = turn_ttl_s
        self._max_conversations = max_conversations
        self._max_answers = max_answers
        self._turns: OrderedDict[ConversationKey, tuple[Turn, float]] = OrderedDict()
        self._settings: OrderedDict[ConversationKey, ChannelSettings] = OrderedDict()
        self._exchanges: deque[_Exchange] = deque(maxlen=max_exchanges)
        self._answer_ids: OrderedDict[str, None] = OrderedDict()
        self.votes: OrderedDict[tuple[str, str], bool] = OrderedDict()
        self.outbox: dict[str, PendingWork] = {}
        self.faults: Counter[str] = Counter()

    @property
    def exchanges(self) -> list[_Exchange]:
        """The exchanges kept, oldest first (at most ``max_exchanges``)."""
        return list(self._exchanges)

    @property
    def conversations(self) -> int:
        """How many conversations have a last turn kept."""
        return len(self._turns)

    async def remember_event(self, key: str) -> bool:
        if key in self._events:
            return False
        self._events[key] = None
        while len(self._events) > self._max_events:
            self._events.popitem(last=False)
        return True

    async def accept(self, key: str, work: PendingWork | None = None) -> bool:
        if not await self.remember_event(key):
            return False
        if work is not None:
            self.outbox[key] = work
        return True

    async def complete(self, key: str) -> None:
        self.outbox.pop(key, None)

    async def pending(self, limit: int = 100) -> list[PendingWork]:
        return sorted(self.outbox.values(), key=lambda w: w.accepted_at)[:limit]

    async def record_fault(self, kind: str, detail: str = "") -> None:
        self.faults[kind] += 1

    async def health(self) -> str | None:
        return None

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
        self._exchanges.append(_Exchange(request, answer, latency_ms, time.time()))
        _bounded_put(self._answer_ids, answer.id, None, self._max_answers)
        if answer.turn is not None:
            _bounded_put(self._turns, request.conversation, (answer.turn, time.monotonic()), self._max_conversations)

    async def record_feedback(self, answer_id: str, user: str, helpful: bool) -> None:
        if answer_id in self._answer_ids:
            _bounded_put(self.votes, (answer_id, user), helpful, self._max_answers)

    async def channel_settings(self, conversation: ConversationKey) -> ChannelSettings:
        return self._settings.get(conversation.channel_scope(), ChannelSettings())

    async def update_channel_settings(self, conversation: ConversationKey, settings: ChannelSettings) -> None:
        _bounded_put(self._settings, conversation.channel_scope(), settings, self._max_conversations)

    async def close(self) -> None:
        return None
