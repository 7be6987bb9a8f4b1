"""Retention and privacy: history older than retention_days goes, on open and daily; purge by user or age."""

from __future__ import annotations

import asyncio

from bot.storage.maintenance import DAY_S, Policy
from tests.storage.conftest import AnyStore, Backend, Clock, answer, conv, request


async def fill(store: AnyStore, clock: Clock, user: str, question: str) -> str:
    given = answer()
    await store.record_exchange(request(question, conv(user=user)), given, 1.0)
    await store.record_feedback(given.id, user, False)
    return given.id


async def test_history_past_retention_is_purged_on_open(backend: Backend) -> None:
    clock = Clock()
    store = await backend.open(salt="s", policy=Policy(retention_days=30), clock=clock)
    await fill(store, clock, "U1", "old question")
    clock.now += 20 * DAY_S
    await fill(store, clock, "U2", "newer question")
    await store.close()
    clock.now += 11 * DAY_S  # the first is now 31 days old, the second 11
    store = await backend.open(salt="s", policy=Policy(retention_days=30), clock=clock)
    try:
        assert backend.rows("SELECT question FROM exchanges") == [("newer question",)]
        assert backend.rows("SELECT count(*) FROM feedback") == [(1,)]
        assert backend.rows("SELECT count(*) FROM turns") == [(0,)]  # expired context goes too
    finally:
        await store.close()


async def test_zero_retention_days_keeps_history(backend: Backend) -> None:
    clock = Clock()
    store = await backend.open(salt="s", policy=Policy(retention_days=0), clock=clock)
    await fill(store, clock, "U1", "kept")
    clock.now += 1000 * DAY_S
    counts = await store.run_maintenance()
    await store.close()
    assert "exchanges" not in counts  # only expired context and old delivery keys are pruned
    assert backend.rows("SELECT question FROM exchanges") == [("kept",)]


async def test_the_background_task_purges_periodically_and_close_cancels_it(backend: Backend) -> None:
    clock = Clock()
    policy = Policy(retention_days=1, maintenance_interval_s=0.01)
    store = await backend.open(salt="s", policy=policy, clock=clock)
    task = store._maintenance_task
    assert task is not None and not task.done()
    await fill(store, clock, "U1", "soon too old")
    clock.now += 2 * DAY_S
    runs = store.maintenance_runs
    while store.maintenance_runs < runs + 2:  # a run that started before the clock moved may end after it: the
        store.maintained.clear()  # second run to end started after it
        await asyncio.wait_for(store.maintained.wait(), timeout=5)
    assert backend.rows("SELECT count(*) FROM exchanges") == [(0,)]
    await store.close()
    assert task.cancelled()


async def test_purge_user_deletes_only_that_users_records(backend: Backend) -> None:
    clock = Clock()
    store = await backend.open(salt="s", clock=clock)
    try:
        mine = await fill(store, clock, "U1", "mine")
        await fill(store, clock, "U2", "theirs")
        await store.record_feedback(mine, "U2", True)  # U2's vote on U1's answer stays
        counts = await store.purge_user("U1")
        assert counts == {"exchanges": 1, "feedback": 1, "turns": 1}
        assert backend.rows("SELECT question FROM exchanges") == [("theirs",)]
        assert backend.rows("SELECT count(*) FROM feedback") == [(2,)]
        assert await store.last_turn(conv(user="U1")) is None
        assert await store.last_turn(conv(user="U2")) is not None
    finally:
        await store.close()


async def test_purge_user_also_finds_raw_ids_stored_by_opt_in(backend: Backend) -> None:
    store = await backend.open(salt="s", store_raw_user_ids=True)
    try:
        await store.record_exchange(request("q", conv(user="U5")), answer(), 1.0)
        assert (await store.purge_user("U5"))["exchanges"] == 1
    finally:
        await store.close()


async def test_purge_older_than(backend: Backend) -> None:
    clock = Clock()
    store = await backend.open(salt="s", clock=clock)
    try:
        await fill(store, clock, "U1", "ten days ago")
        clock.now += 10 * DAY_S
        await fill(store, clock, "U1", "today")
        counts = await store.purge_older_than(5)
        assert counts["exchanges"] == 1 and counts["feedback"] == 1
        assert backend.rows("SELECT question FROM exchanges") == [("today",)]
    finally:
        await store.close()
