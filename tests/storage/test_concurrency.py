"""1,000 concurrent question records plus 1,000 concurrent votes over the same conversations.

Run ``.venv/bin/python -m pytest tests/storage/test_concurrency.py -s`` to see the figures.
"""

from __future__ import annotations

import asyncio
import time

from bot.storage.stats import percentile
from tests.storage.conftest import Backend, answer, conv, request

RECORDS = 1000
TWICE = 400  # users who press, then change their vote
ONCE = 200  # users who press once: 2 * 400 + 200 = 1,000 votes
CONVERSATIONS = [conv(user=f"U{u}", thread=f"t{t}") for u in range(5) for t in range(4)]


async def test_a_thousand_records_and_a_thousand_votes_at_once(backend: Backend) -> None:
    store = await backend.open(salt="s")
    answers = [answer(text=f"answer {i}") for i in range(RECORDS)]
    latencies: list[float] = []

    async def timed(coro: object) -> None:
        started = time.perf_counter()
        await coro  # type: ignore[misc]
        latencies.append((time.perf_counter() - started) * 1000)

    async def record(i: int) -> None:
        key = CONVERSATIONS[i % len(CONVERSATIONS)]
        await timed(store.record_exchange(request(f"question {i % 37}", key), answers[i], float(i % 100)))

    async def vote(pair: int, presses: tuple[bool, ...]) -> None:
        answer_id, user = answers[pair % RECORDS].id, f"V{pair % 50}"
        for helpful in presses:  # one user's presses come one after the other
            await timed(store.record_feedback(answer_id, user, helpful))

    async def read(i: int) -> None:
        await store.last_turn(CONVERSATIONS[i % len(CONVERSATIONS)])

    expected: dict[tuple[str, str], bool] = {}
    jobs = [record(i) for i in range(RECORDS)] + [read(i) for i in range(200)]
    for pair in range(TWICE + ONCE):
        presses = (True, False) if pair < TWICE else (pair % 2 == 0,)
        expected[(answers[pair % RECORDS].id, f"V{pair % 50}")] = presses[-1]
        jobs.append(vote(pair, presses))
    started = time.perf_counter()
    try:
        outcomes = await asyncio.wait_for(asyncio.gather(*jobs, return_exceptions=True), timeout=30)
    finally:
        elapsed = time.perf_counter() - started
        await store.close()

    errors = [o for o in outcomes if isinstance(o, BaseException)]
    assert errors == [] and store.failures == {}
    assert len(latencies) == RECORDS + 2 * TWICE + ONCE == 2000
    assert backend.rows("SELECT count(*), count(DISTINCT answer_id) FROM exchanges") == [(RECORDS, RECORDS)]
    stored = {
        (str(a), str(u)): bool(h) for a, u, h in backend.rows("SELECT answer_id, user_hash, helpful FROM feedback")
    }
    assert len(stored) == len(expected) == TWICE + ONCE  # one row per (answer, user): nothing counted twice
    from bot.storage.privacy import UserHasher

    hashed = UserHasher("s")
    assert stored == {(a, hashed(u)): h for (a, u), h in expected.items()}
    assert backend.rows("SELECT count(*) FROM turns") == [(len(CONVERSATIONS),)]
    if backend.name == "sqlite":
        assert backend.rows("PRAGMA integrity_check") == [("ok",)]
    p99 = percentile(latencies, 99)
    print(
        f"\nconcurrency ({backend.name}): {RECORDS} records + {2 * TWICE + ONCE} votes in {elapsed:.2f}s; "
        f"rows: exchanges {RECORDS}, feedback {len(stored)}; errors {len(errors)}; "
        f"write latency p50 {percentile(latencies, 50):.1f} ms, p99 {p99:.1f} ms"
    )


async def test_maintenance_commands_from_another_connection_do_not_fail_the_bots_writes(backend: Backend) -> None:
    from bot.cli import purge as cli_purge
    from bot.cli import stats as cli_stats

    store = await backend.open(salt="s")
    settings = backend.settings(user_hash_salt="s")
    try:
        writes = asyncio.gather(*(store.record_exchange(request(f"q{i}"), answer(), 1.0) for i in range(300)))
        purges = [asyncio.to_thread(asyncio.run, cli_purge.purge(settings, None, 365.0)) for _ in range(3)]
        reports = [asyncio.to_thread(asyncio.run, cli_stats.report(settings, None)) for _ in range(3)]
        await asyncio.wait_for(asyncio.gather(writes, *purges, *reports), timeout=30)
    finally:
        await store.close()
    assert store.failures == {}
    assert backend.rows("SELECT count(*) FROM exchanges") == [(300,)]
