"""A PostgreSQL server that goes away and comes back: the bot carries on, and nothing it kept is lost.

This test runs its own throw-away server, because it stops it.
"""

from __future__ import annotations

import time

import psycopg

from bot.storage.postgres_store import PostgresStore
from bot.storage.store import PendingWork
from tests.pgcluster import running_cluster
from tests.storage.conftest import answer, conv, request


async def test_writes_during_an_outage_are_counted_and_the_store_recovers_after_it() -> None:
    with running_cluster(durable=True) as cluster:  # durable: a stopped server keeps what it committed
        url = cluster.new_schema()
        store = await PostgresStore.open(url, salt="s", attempts=2)
        try:
            await store.record_exchange(request("before"), answer(), 1.0)
            assert await store.accept("q-before", PendingWork("q-before", "slack.event", "{}", 1.0))
            cluster.stop()
            started = time.perf_counter()
            await store.record_exchange(request("while down"), answer(), 1.0)  # does not raise
            assert await store.remember_event("ev-down") is True  # treated as new, not dropped
            assert await store.last_turn(conv()) is None  # a read degrades to "no context"
            waited = time.perf_counter() - started
            assert await store.accept("q-down", PendingWork("q-down", "slack.event", "{}", 2.0)) is True
            problem = await store.health()  # what /healthz shows, the password hidden
            assert problem is not None and "does not take writes" in problem and "postgresql://" in problem
            assert store.failures == {
                "record_exchange": 1,
                "remember_event": 1,
                "last_turn": 1,
                "accept": 1,
                "health": 1,
            }
            cluster.start_server()
            # The pool reconnects in the background, with a growing pause between attempts:
            # the first calls after the restart may still degrade, then writes go through.
            deadline = time.monotonic() + 60
            while True:
                before = store.failures["record_exchange"]
                await store.record_exchange(request("after"), answer(), 1.0)
                if store.failures["record_exchange"] == before:
                    break
                assert time.monotonic() < deadline, "the store did not recover within 60 s"
            turn = await store.last_turn(conv())
            assert turn is not None
            assert await store.health() is None
            # The question accepted before the outage is still waiting to be answered.
            assert [w.key for w in await store.pending()] == ["q-before"]
        finally:
            await store.close()
        with psycopg.connect(url) as db:
            questions = [r[0] for r in db.execute(b"SELECT question FROM exchanges ORDER BY id").fetchall()]
            saved = sorted(r[0] for r in db.execute(b"SELECT operation FROM storage_failures").fetchall())
        assert questions == ["before", "after"]
        assert set(saved) == {"accept", "health", "last_turn", "record_exchange", "remember_event"}  # each was saved
        assert len(saved) == sum(store.failures.values())
        print(f"\noutage: five degraded calls took {waited:.1f} s in all (each waits up to 3 s)")
