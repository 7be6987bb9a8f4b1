"""Real ``llama4-bot slack`` processes for the multi-worker tests and benchmark.

An HTTP worker is started with ``python -m bot slack --http --port 0`` and the settings
in the environment (a local Slack's URL, the shared database); its bound port is read
from the line it prints when it listens. A Socket Mode worker (``python -m bot slack``
with an app token) is ready when it says it is connected. Standard error is drained
in the background and kept, so a failing test can show it.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import re
import signal
from pathlib import Path

import bot_process
from slackfake import BOT_TOKEN, SIGNING_SECRET, SlackHttp

ROOT = Path(__file__).resolve().parents[2]
LISTENING = re.compile(r"listening on (http://127\.0\.0\.1:\d+/slack/events)")
CONNECTED = re.compile(r"connected over Socket Mode()")


class Worker:
    def __init__(self, process: asyncio.subprocess.Process, url: str, log: list[str]) -> None:
        self.process = process
        self.http = SlackHttp.open(url or "http://127.0.0.1:9/unused")
        self.log = log
        self._drain: asyncio.Task[None] | None = None

    async def stop(self) -> int:
        await self.http.close()
        if self.process.returncode is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                await asyncio.wait_for(self.process.wait(), timeout=15)
            except TimeoutError:
                self.process.kill()
                await self.process.wait()
        if self._drain is not None:
            self._drain.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._drain
        return int(self.process.returncode or 0)


def worker_env(api_url: str, database_url: str | None, database_path: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("LLAMA4_", "SLACK_", "DISCORD_"))}
    env.update(
        SLACK_BOT_TOKEN=BOT_TOKEN,
        SLACK_SIGNING_SECRET=SIGNING_SECRET,
        SLACK_API_URL=api_url,
        LLAMA4_DATABASE=str(database_path),
        LLAMA4_USER_HASH_SALT="workers",
        LLAMA4_COOLDOWN_QUESTIONS="0",  # one user asks every question here
        PYTHONPATH=str(ROOT),
    )
    if database_url:
        env["LLAMA4_DATABASE_URL"] = database_url
    return env


async def start_worker(env: dict[str, str], cwd: Path, *, socket_mode: bool = False) -> Worker:
    args = [] if socket_mode else ["--http", "--host", "127.0.0.1", "--port", "0"]
    ready = CONNECTED if socket_mode else LISTENING
    process = await bot_process.start(env, cwd, "slack", *args)
    assert process.stderr is not None
    log: list[str] = []
    while True:
        line = (await asyncio.wait_for(process.stderr.readline(), timeout=60)).decode(errors="replace")
        if not line:
            raise RuntimeError("the Slack worker exited before listening:\n" + "".join(log))
        log.append(line)
        found = ready.search(line)
        if found:
            break
    worker = Worker(process, found.group(1), log)

    async def drain() -> None:
        assert process.stderr is not None
        async for more in process.stderr:
            log.append(more.decode(errors="replace"))

    worker._drain = asyncio.create_task(drain())
    return worker
