"""The real ``llama4-bot discord`` process against the local Discord: it stops cleanly on a signal."""

from __future__ import annotations

import asyncio
import os
import signal
import sys
from collections.abc import AsyncIterator
from pathlib import Path

import bot_process
import pytest
import pytest_asyncio
from discord_fake import TOKEN, FakeDiscord

ROOT = Path(__file__).resolve().parents[2]

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="POSIX signals")


@pytest_asyncio.fixture
async def fake() -> AsyncIterator[FakeDiscord]:
    server = FakeDiscord(heartbeat_ms=1000)
    await server.start()
    yield server
    await server.stop()


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGINT])
async def test_a_signal_stops_the_bot_closes_the_store_and_exits_0(fake: FakeDiscord, tmp_path: Path, sig):
    database = tmp_path / "bot.sqlite3"
    env = {
        "PATH": os.environ.get("PATH", ""),
        "PYTHONPATH": str(ROOT),
        "DISCORD_TOKEN": TOKEN,
        "DISCORD_API_BASE_URL": fake.api_url,
        "DISCORD_GATEWAY_URL": fake.gateway_url,
        "LLAMA4_DATABASE": str(database),
    }
    child = await bot_process.start(env, tmp_path, "discord")
    try:
        await fake.connected(within=60)
        child.send_signal(sig)
        status = await asyncio.wait_for(child.wait(), timeout=10)
    finally:
        if child.returncode is None:
            child.kill()
            await child.wait()
    assert child.stderr is not None
    errors = (await child.stderr.read()).decode(errors="replace")
    assert status == 0, errors[-2000:]
    assert database.exists() and not database.with_name(database.name + "-wal").exists()  # the store was closed
    assert "Traceback" not in errors
