"""The outbox and fault counters of the Store protocol, on SQLite, PostgreSQL and in memory alike."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator

import pytest

from bot.answering.engine import Engine
from bot.cli.stats import report
from bot.outbox import Redelivery
from bot.service import BotService
from bot.storage.maintenance import Policy
from bot.storage.stats import render_text
from bot.storage.store import MemoryStore, PendingWork, Store
from tests.storage.conftest import Backend, Clock


@pytest.fixture(params=["sqlite", "postgres", "memory"])
async def any_store(request: pytest.FixtureRequest, clock: Clock) -> AsyncIterator[Store]:
    if request.param == "memory":
        yield MemoryStore()
        return
    backend: Backend = request.getfixturevalue("backend_" + request.param)
    opened = await backend.open(salt="s", policy=Policy(), clock=clock)
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


async def test_the_outbox_row_is_durable_before_accept_returns(backend: Backend, clock: Clock) -> None:
    store = await backend.open(salt="s", clock=clock)
    try:
        assert await store.accept("k", work("k", payload='{"text": "what is iRoPE?"}'))
        # Another connection sees both the key and the row at once: one committed transaction.
        assert backend.rows("SELECT key FROM events") == [("k",)]
        assert backend.rows("SELECT key, kind, payload FROM outbox") == [
            ("k", "slack.event", '{"text": "what is iRoPE?"}')
        ]
    finally:
        await store.close()


async def test_a_repeated_key_writes_no_second_row_even_with_other_work(backend: Backend, clock: Clock) -> None:
    store = await backend.open(salt="s", clock=clock)
    try:
        assert await store.accept("k", work("k", 1.0))
        await store.complete("k")
        assert not await store.accept("k", work("k", 2.0, payload="a replay"))
        assert backend.rows("SELECT count(*) FROM outbox") == [(0,)]
        assert backend.rows("SELECT count(*) FROM events WHERE key = ?", ("k",)) == [(1,)]
    finally:
        await store.close()


async def test_pending_work_survives_a_restart(backend: Backend, clock: Clock) -> None:
    store = await backend.open(salt="s", clock=clock)
    try:
        assert await store.accept("k1", work("k1", clock.now - 10))
    finally:
        await store.close()
    store = await backend.open(salt="s", clock=clock)  # the process was killed and started again
    try:
        assert await store.pending() == [work("k1", clock.now - 10)]
        assert not await store.accept("k1", work("k1", clock.now))
    finally:
        await store.close()


async def test_redelivery_answers_what_is_young_enough_and_counts_the_rest(backend: Backend, engine: Engine) -> None:
    now = 1_750_000_000.0
    store = await backend.open(salt="s", clock=Clock(now))
    delivered: list[str] = []

    async def deliver(pending: PendingWork) -> bool:
        delivered.append(pending.key)
        return True

    try:
        await store.accept("fresh", PendingWork("fresh", "slack.event", "{}", now - 30))
        await store.accept("past-max", PendingWork("past-max", "slack.event", "{}", now - 700))
        await store.accept("past-token", PendingWork("past-token", "discord.interaction", "{}", now - 300))
        await store.accept("days-old", PendingWork("days-old", "slack.event", "{}", now - 3 * 86400))
        # pending() lists everything, however old: the caller applies the limits.
        assert [w.key for w in await store.pending()] == ["days-old", "past-max", "past-token", "fresh"]
        outbox = Redelivery(
            BotService(engine, store),
            deliver,
            max_age_s=600,
            lifetimes={"discord.interaction": 240},
            clock=lambda: now,
        )
        assert await outbox.run_once() == 1
        assert delivered == ["fresh"]
        assert (outbox.delivered, outbox.expired) == (1, 3)
        assert await store.pending() == []
        assert await store.fault_counts(None) == {"answer_expired": 3}
    finally:
        await store.close()


async def test_faults_are_counted_for_stats(backend: Backend) -> None:
    store = await backend.open(salt="s")
    try:
        await store.record_fault("delivery_failed", "chat.postMessage 500")
        await store.record_fault("delivery_failed")
        await store.record_fault("answer_expired")
        assert await store.health() is None
    finally:
        await store.close()
    shown = await report(backend.settings(), since=None)
    assert shown.faults == {"answer_expired": 1, "delivery_failed": 2}
    assert "Delivery faults: 3 (answer_expired: 1, delivery_failed: 2)" in render_text(shown)


async def test_processes_sharing_the_database_redeliver_each_question_once(backend: Backend, engine: Engine) -> None:
    """Workers restarted together each run a start-up pass over one outbox: every row is posted once."""
    now = 1_750_000_000.0
    stores = [await backend.open(salt="s", clock=Clock(now)) for _ in range(3)]
    posted: list[str] = []
    failing = {"q3"}

    async def deliver(pending: PendingWork) -> bool:
        await asyncio.sleep(0.01)  # a post takes a moment: the passes overlap
        if pending.key in failing:
            return False  # Slack answered 500: the row stays for a later pass
        posted.append(pending.key)
        return True

    try:
        for n in range(10):
            assert await stores[0].accept(f"q{n}", PendingWork(f"q{n}", "slack.event", "{}", now - 60 + n))
        passes = [Redelivery(BotService(engine, store), deliver, clock=lambda: now) for store in stores]
        settled = await asyncio.gather(*(p.run_once() for p in passes))
        assert sorted(posted) == sorted(f"q{n}" for n in range(10) if n != 3)  # each once, none twice
        assert sum(settled) == 9
        failing.clear()  # Slack is back: the failed one was released, so the next pass anywhere takes it
        assert await passes[2].run_once() == 1
        assert posted.count("q3") == 1
        assert await stores[1].pending() == []
    finally:
        for store in stores:
            await store.close()
