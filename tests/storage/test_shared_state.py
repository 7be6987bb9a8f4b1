"""State shared by every process, on each backend: two stores on one database stand for two processes."""

from __future__ import annotations

import asyncio

from bot.shared_state import LocalSharedState, SharedState, shared_state
from bot.storage.maintenance import DAY_S
from bot.storage.store import MemoryStore
from tests.storage.conftest import AnyStore, Backend, Clock


async def two_processes(backend: Backend, clock: Clock) -> tuple[AnyStore, AnyStore]:
    return await backend.open(salt="s", clock=clock), await backend.open(salt="s", clock=clock)


async def test_a_value_kept_by_one_process_is_recalled_by_another_until_it_expires(
    backend: Backend, clock: Clock
) -> None:
    one, two = await two_processes(backend, clock)
    try:
        assert isinstance(one, SharedState) and shared_state(one) is one
        await one.keep("slack-share", "answer-1", '{"text": "Scout \ud800"}', ttl_s=60)
        assert await two.recall("slack-share", "answer-1") == '{"text": "Scout \ufffd"}'
        assert await two.recall("slack-share", "answer-2") is None
        assert await two.recall("other-kind", "answer-1") is None
        await two.keep("slack-share", "answer-1", "replaced", ttl_s=60)
        assert await one.recall("slack-share", "answer-1") == "replaced"
        clock.now += 61
        assert await one.recall("slack-share", "answer-1") is None
        counts = await one.run_maintenance()
        assert counts["expired shared state"] == 1
        assert one.failures == {} and two.failures == {}
    finally:
        await one.close()
        await two.close()


async def test_only_one_process_wins_a_claim_until_it_expires(backend: Backend, clock: Clock) -> None:
    one, two = await two_processes(backend, clock)
    try:
        results = await asyncio.gather(
            *(store.claim("discord-sync", "global", f"p{i}", ttl_s=30) for i, store in enumerate([one, two] * 5))
        )
        assert results.count(True) == 1
        winner = results.index(True) % 2
        assert await two.recall("discord-sync", "global") == f"p{winner}"
        clock.now += 31
        assert await two.claim("discord-sync", "global", "late", ttl_s=30) is True
        assert await one.claim("discord-sync", "global", "later", ttl_s=30) is False
    finally:
        await one.close()
        await two.close()


async def test_the_rate_limit_counts_hits_from_every_process(backend: Backend, clock: Clock) -> None:
    one, two = await two_processes(backend, clock)
    try:
        assert await one.rate_hit("discord", "U1", 3, 30) == 0.0
        clock.now += 1
        assert await two.rate_hit("discord", "U1", 3, 30) == 0.0
        clock.now += 1
        assert await one.rate_hit("discord", "U1", 3, 30) == 0.0
        assert await two.rate_hit("discord", "U1", 3, 30) == 28.0  # the first hit leaves the window in 28 s
        assert await one.rate_hit("discord", "U2", 3, 30) == 0.0  # another user is not limited
        assert await one.rate_hit("slack", "U1", 3, 30) == 0.0  # nor the same id on another platform
        clock.now += 28
        assert await one.rate_hit("discord", "U1", 3, 30) == 0.0  # the refused hit was not counted
        assert await two.rate_hit("discord", "U1", 3, 30) == 1.0
        assert await one.rate_hit("discord", "U1", 0, 30) == 0.0  # a limit of 0 turns it off
        stored = {str(r[0]) for r in backend.rows("SELECT key FROM rate_hits")}
        assert stored and not any("U1" in key or "U2" in key for key in stored)  # user ids are hashed
        (left,) = backend.rows("SELECT count(*) FROM rate_hits")[0]
        clock.now += 2 * DAY_S
        assert (await one.run_maintenance())["old rate-limit hits"] == left
        assert backend.rows("SELECT count(*) FROM rate_hits") == [(0,)]
    finally:
        await one.close()
        await two.close()


async def test_concurrent_hits_of_one_user_admit_exactly_the_limit(backend: Backend, clock: Clock) -> None:
    one, two = await two_processes(backend, clock)
    try:
        waits = await asyncio.gather(*(store.rate_hit("slack", "U9", 5, 60) for store in [one, two] * 10))
        assert waits.count(0.0) == 5
    finally:
        await one.close()
        await two.close()


async def test_a_store_without_a_database_gets_a_process_local_stand_in() -> None:
    now = [100.0]
    local = LocalSharedState(clock=lambda: now[0])
    await local.keep("k", "a", "v", 10)
    assert await local.recall("k", "a") == "v"
    assert await local.claim("k", "a", "w", 10) is False
    now[0] += 11
    assert await local.recall("k", "a") is None
    assert await local.claim("k", "a", "w", 10) is True
    assert [await local.rate_hit("s", "U", 2, 5) for _ in range(3)][-1] > 0
    memory = MemoryStore()
    assert shared_state(memory) is shared_state(memory)
    assert shared_state(memory) is not shared_state(MemoryStore())
