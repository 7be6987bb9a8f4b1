"""A child process for the start-up race tests: opens the configured store at an agreed moment.

``python -m tests.storage.open_child START`` loads everything first, sleeps until the
wall-clock time ``START`` so that every child opens the database at the same moment,
then opens the store the settings in the environment select (``LLAMA4_DATABASE`` or
``LLAMA4_DATABASE_URL``), records one exchange and prints the store's class name and
the number of storage failures (a write that waited too long for the lock degrades).
"""

from __future__ import annotations

import asyncio
import sys
import time

from bot.config import Settings
from bot.storage import open_store
from tests.storage.conftest import answer, request


async def main(start: float) -> None:
    settings = Settings.from_env(dotenv=None)
    await asyncio.sleep(max(0.0, start - time.time()))
    store = await open_store(settings)
    try:
        await store.record_exchange(request("what is scout's context window?"), answer(), 1.0)
    finally:
        await store.close()
    failures = sum(getattr(store, "failures", {}).values())
    print(type(store).__name__, failures, flush=True)


if __name__ == "__main__":
    asyncio.run(main(float(sys.argv[1])))
