"""A child process for the crash test: writes as fast as it can and reports each committed row.

``python -m tests.storage.write_storm DB_PATH`` prints ``E <answer id>`` after each
exchange and ``V <answer id> <user> <0|1>`` after each vote, once the store reports it
committed, flushing every line. It never stops by itself: the test kills it.
"""

from __future__ import annotations

import asyncio
import sys
from pathlib import Path

from bot.storage import SqliteStore
from tests.storage.conftest import answer, conv, request


async def storm(path: Path, workers: int = 16) -> None:
    store = await SqliteStore.open(path, salt="storm")

    async def worker(n: int) -> None:
        i = 0
        while True:
            i += 1
            given = answer(text=f"answer {n}-{i} " + "x" * (i % 500))
            await store.record_exchange(request(f"question {n}-{i}", conv(user=f"U{n}")), given, 1.0)
            if store.failures:
                raise SystemExit(f"storage failed: {store.failures}")
            print("E", given.id, flush=True)
            helpful = i % 2 == 0
            await store.record_feedback(given.id, f"V{n}", helpful)
            print("V", given.id, f"V{n}", int(helpful), flush=True)

    await asyncio.gather(*(worker(n) for n in range(workers)))


if __name__ == "__main__":
    asyncio.run(storm(Path(sys.argv[1])))
