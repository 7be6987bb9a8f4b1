"""A child process for the multi-process write tests: N exchanges and N votes through the configured store.

``python -m tests.storage.write_child NAME COUNT START`` opens the store the environment
selects, waits until the wall-clock time ``START``, records ``COUNT`` exchanges (50 in
flight at a time) with a vote on each, and prints the store's class, the number of
storage failures and the write latencies in milliseconds as one JSON line.
"""

from __future__ import annotations

import asyncio
import json
import sys
import time

from bot.config import Settings
from bot.storage import open_store
from tests.storage.conftest import answer, conv, request


async def main(name: str, count: int, start: float) -> None:
    store = await open_store(Settings.from_env(dotenv=None))
    latencies: list[float] = []
    gate = asyncio.Semaphore(50)

    async def one(i: int) -> None:
        async with gate:
            given = answer(text=f"{name} answer {i}")
            started = time.perf_counter()
            await store.record_exchange(request(f"{name} question {i}", conv(user=f"{name}{i % 7}")), given, 1.0)
            voted = time.perf_counter()
            await store.record_feedback(given.id, f"{name}-voter", i % 2 == 0)
            latencies.extend([(voted - started) * 1000, (time.perf_counter() - voted) * 1000])

    await asyncio.sleep(max(0.0, start - time.time()))
    await asyncio.gather(*(one(i) for i in range(count)))
    failures = sum(getattr(store, "failures", {}).values())
    await store.close()
    print(json.dumps({"store": type(store).__name__, "failures": failures, "latencies_ms": latencies}), flush=True)


if __name__ == "__main__":
    asyncio.run(main(sys.argv[1], int(sys.argv[2]), float(sys.argv[3])))
