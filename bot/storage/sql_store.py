"""What the SQLite and PostgreSQL stores do alike: the store methods whose SQL and handling are the same.

Each backend brings its own connection handling (``_write``, ``_read``, ``run_maintenance``,
``_conversation``), its advice when the database fails (``_what_to_do``) and its own start-up; the questions, votes,
settings, events, outbox rows and faults they keep are written the same way, here.
"""

from __future__ import annotations

import asyncio
import logging
from collections import Counter

from pydantic import ValidationError

from bot.conversation import ChannelSettings, ConversationKey, Request
from bot.models import Answer, Turn
from bot.storage import maintenance, queries
from bot.storage.maintenance import Policy
from bot.storage.privacy import clean_text, event_key, turn_json
from bot.storage.shared_sql import SharedStateOnSql
from bot.storage.store import PendingWork
from bot.storage.writer import Statement

log = logging.getLogger(__name__)

MAX_UNSAVED_FAILURES = 1000  # failures remembered while the database cannot take them


class StoreOnSql(SharedStateOnSql):
    """The shared half of ``SqliteStore`` and ``PostgresStore``: every method degrades, none raises."""

    policy: Policy
    _new_events: int
    failures: Counter[str]
    _unsaved: list[tuple[float, str, str]]
    _failing: bool

    async def run_maintenance(self) -> dict[str, int]:
        raise NotImplementedError

    def _conversation(self, key: ConversationKey) -> tuple[str, str, str, str, str]:
        raise NotImplementedError

    def _what_to_do(self, exc: BaseException) -> str:
        """What an operator should check when the database fails, for the log."""
        raise NotImplementedError

    def _failed(self, operation: str, exc: BaseException) -> None:
        """Count a failed operation for `llama4-bot stats`, and log the first of a run of them."""
        self.failures[operation] += 1
        if len(self._unsaved) < MAX_UNSAVED_FAILURES:
            self._unsaved.append((self._clock(), operation, f"{type(exc).__name__}: {exc}"[:300]))
        if self._failing:
            log.debug("storage failed again while doing %s (%s)", operation, type(exc).__name__)
            return
        self._failing = True
        log.error(
            "storage failed while doing %s (%s: %s); the bot carries on and counts each failure for "
            "`llama4-bot stats`. %s",
            operation,
            type(exc).__name__,
            exc,
            self._what_to_do(exc),
        )

    async def record_exchange(self, request: Request, answer: Answer, latency_ms: float) -> None:
        now = self._clock()
        place = self._conversation(request.conversation)
        statements: list[Statement] = [
            (
                queries.RECORD_EXCHANGE,
                (
                    now,
                    *place,
                    clean_text(request.command, 50),
                    clean_text(request.argument, 4000),
                    clean_text(answer.id, 100),
                    answer.kind.value,
                    int(answer.abstained),
                    clean_text(answer.text, 8000),
                    float(latency_ms),
                ),
            )
        ]
        if answer.turn is not None:
            statements.append((queries.SAVE_TURN, (*place, turn_json(answer.turn), now)))
        await self._write("record_exchange", statements)

    async def remember_event(self, key: str) -> bool:
        params = (event_key(key), self._clock())
        rows = await self._write("remember_event", [(queries.REMEMBER_EVENT, params)])
        if rows is None:
            return True  # better to answer twice than to drop a question
        if rows:
            self._new_events += 1
            if self._new_events % self.policy.prune_events_every == 0:
                await self._write("prune_events", maintenance.prune_events(self.policy, self._clock()))
        return bool(rows)

    async def complete(self, key: str) -> None:
        await self._write("complete", [(queries.COMPLETE, (event_key(key),))])

    async def pending(self, limit: int = 100) -> list[PendingWork]:
        rows = await self._read("pending", queries.PENDING, (int(limit),))
        return [PendingWork(str(r[0]), str(r[1]), str(r[2]), float(r[3])) for r in rows or []]

    async def record_fault(self, kind: str, detail: str = "") -> None:
        await self._write(
            "record_fault", [(queries.RECORD_FAULT, (self._clock(), clean_text(kind, 100), clean_text(detail, 300)))]
        )

    async def last_turn(self, conversation: ConversationKey) -> Turn | None:
        rows = await self._read("last_turn", queries.LAST_TURN, self._conversation(conversation))
        if not rows:
            return None
        text, at = rows[0]
        if self._clock() - float(at) > self.policy.conversation_idle_s:
            return None
        try:
            return Turn.model_validate_json(text)
        except ValidationError:
            log.warning("ignoring an unreadable stored turn")
            return None

    async def record_feedback(self, answer_id: str, user: str, helpful: bool) -> None:
        answer_id = clean_text(answer_id, 100)
        params = (answer_id, self._hash(user), int(helpful), self._clock(), answer_id)
        await self._write("record_feedback", [(queries.RECORD_FEEDBACK, params)])

    async def channel_settings(self, conversation: ConversationKey) -> ChannelSettings:
        rows = await self._read("channel_settings", queries.CHANNEL_SETTINGS, self._scope(conversation))
        if not rows:
            return ChannelSettings()
        try:
            return ChannelSettings.model_validate_json(rows[0][0])
        except ValidationError:
            log.warning("ignoring unreadable stored channel settings")
            return ChannelSettings()

    async def update_channel_settings(self, conversation: ConversationKey, settings: ChannelSettings) -> None:
        params = (*self._scope(conversation), settings.model_dump_json(), self._clock())
        await self._write("update_channel_settings", [(queries.SAVE_CHANNEL_SETTINGS, params)])

    @staticmethod
    def _scope(key: ConversationKey) -> tuple[str, str, str]:
        return (clean_text(key.platform, 50), clean_text(key.workspace, 200), clean_text(key.channel, 200))

    async def _maintain_once(self) -> None:
        try:
            await self.run_maintenance()
        except Exception as exc:
            self._failed("maintenance", exc)

    async def _maintain_forever(self) -> None:
        while True:
            await asyncio.sleep(self.policy.maintenance_interval_s)
            await self._maintain_once()
