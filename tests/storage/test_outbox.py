"""The outbox and fault counters of the Store protocol, on SQLite and in memory alike."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from bot.config import Settings
from bot.storage import SqliteStore
from bot.storage.cli_stats import report
from bot.storage.maintenance import Policy
from bot.storage.stats import render_text
from bot.store import MemoryStore, PendingWork, Store
from tests.storage.conftest import Clock, rows


@pytest.fixture(params=["sqlite", "memory"])
async def any_store(request: pytest.FixtureRequest, db_path: Path, clock: Clock) -> AsyncIterator[Store]:
    if request.param == "memory":
        yield MemoryStore()
        return
    opened = await SqliteStore.open(db_path, salt="s", policy=Policy(), clock=clock)
    yield opened
    await opened.close()


def work(key: str, at: float = 1000.0, payload: str = '{"q": 1}') -> PendingWork:
    return PendingWork(key, "slack.event", payload, at)


async def test_accept_stores_the_work_once_and_complete_removes_it(any_store: Store) -> None:
    assert await any_store.accept("k1", work("k1", 2.0))
    assert await any_store.accept("k2", work("k2", 1.0))
    assert not await any_store.accept("k1", work("k1", 3.0, payload="other"))  # a repeat changes nothing
    assert await any_store.pending() == [work("k2", 1.0), work("k1", 2.0)]  # oldest first

    await any_store.complete("k2")
    assert await any_store.pending() == [work("k1", 2.0)]
    assert not await any_store.accept("k2", work("k2"))  # the key outlives its outbox row
    assert not await any_store.remember_event("k1")  # one dedupe memory for events and accepted work


async def test_accept_without_work_only_dedupes(any_store: Store) -> None:
    assert await any_store.accept("button")
    assert not await any_store.accept("button")
    assert await any_store.pending() == []


async def test_of_concurrent_accepts_of_one_key_exactly_one_wins(any_store: Store) -> None:
    results = await asyncio.gather(*(any_store.accept("same", work("same")) for _ in range(50)))
    assert results.count(True) == 1
    assert len(await any_store.pending()) == 1


async def test_the_outbox_row_is_durable_before_accept_returns(db_path: Path, clock: Clock) -> None:
    store = await SqliteStore.open(db_path, salt="s", clock=clock)
    try:
        assert await store.accept("k", work("k", payload='{"text": "what is iRoPE?"}'))
        # Another connection sees both the key and the row at once: one committed transaction.
        assert rows(db_path, "SELECT key FROM events") == [("k",)]
        assert rows(db_path, "SELECT key, kind, payload FROM outbox") == [
            ("k", "slack.event", '{"text": "what is iRoPE?"}')
        ]
    finally:
        await store.close()


async def test_faults_are_counted_for_stats(db_path: Path) -> None:
    store = await SqliteStore.open(db_path, salt="s")
    try:
        await store.record_fault("delivery_failed", "chat.postMessage 500")
        await store.record_fault("delivery_failed")
        await store.record_fault("answer_expired")
    finally:
        await store.close()
    shown = await report(Settings(database_path=db_path), since=None)
    assert shown.faults == {"answer_expired": 1, "delivery_failed": 2}
    assert "Delivery faults: 3 (answer_expired: 1, delivery_failed: 2)" in render_text(shown)
