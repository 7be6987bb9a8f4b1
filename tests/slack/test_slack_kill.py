"""Acknowledged means answered: SIGKILL the real ``llama4-bot slack --http`` with answers in flight, restart it.

The local Slack takes seconds to accept each ``chat.postMessage``, so when the process is
killed every question has been acknowledged (HTTP 200) and none has been answered. A post
cut off by the kill never reached Slack (the fake drops it, as a request lost in transit
would be). After a restart on the same database every question gets exactly one reply.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import re
import signal
import sqlite3
import sys
from pathlib import Path

import pytest
from slackfake import BOT_TOKEN, BOT_USER, SIGNING_SECRET, FakeSlack, SlackHttp, event_callback, message_event, until

ROOT = Path(__file__).resolve().parents[2]
QUESTIONS = 60

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL is POSIX")


async def start_bot(slack_api: FakeSlack, database: Path, cwd: Path) -> tuple[asyncio.subprocess.Process, str]:
    env = {
        "PATH": os.environ.get("PATH", ""),
        "PYTHONPATH": str(ROOT),
        "SLACK_BOT_TOKEN": BOT_TOKEN,
        "SLACK_SIGNING_SECRET": SIGNING_SECRET,
        "SLACK_API_URL": slack_api.api_url,
        "LLAMA4_DATABASE": str(database),
    }
    child = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "bot", "slack", "--http", "--host", "127.0.0.1", "--port", "0",
        cwd=cwd, env=env, stdout=asyncio.subprocess.DEVNULL, stderr=asyncio.subprocess.PIPE,
    )
    assert child.stderr is not None
    seen = b""
    while True:
        line = await asyncio.wait_for(child.stderr.readline(), timeout=60)
        seen += line
        if not line:
            pytest.fail(f"the bot exited before listening: {seen.decode(errors='replace')[-2000:]}")
        if found := re.search(rb"listening on (http://\S+)", line):
            return child, found.group(1).decode()


def pending(database: Path) -> int:
    with contextlib.closing(sqlite3.connect(database)) as db:
        return int(db.execute("SELECT count(*) FROM outbox").fetchone()[0])


async def stop(child: asyncio.subprocess.Process) -> int:
    if child.returncode is None:
        child.send_signal(signal.SIGTERM)
    return await asyncio.wait_for(child.wait(), timeout=20)


async def test_every_acknowledged_question_is_answered_once_after_a_sigkill(slack_api: FakeSlack, tmp_path: Path):
    database = tmp_path / "bot.sqlite3"
    slack_api.delays["chat.postMessage"] = 30.0  # answers are in flight when the kill comes
    first, url = await start_bot(slack_api, database, tmp_path)
    client = SlackHttp.open(url)
    try:
        bodies = [
            event_callback(message_event(f"<@{BOT_USER}> what is iRoPE? ({n})", ts=f"1700000100.{n:06d}"), f"Ev0KILL{n}")
            for n in range(QUESTIONS)
        ]
        statuses = await asyncio.gather(*(client.event(body) for body in bodies))
        assert statuses and all(status == 200 for status, _ in statuses)  # every question acknowledged
        await asyncio.sleep(0.5)
        first.kill()
        assert await first.wait() == -signal.SIGKILL
        assert slack_api.posts() == []  # nothing was answered before the kill

        slack_api.delays.clear()
        second, url = await start_bot(slack_api, database, tmp_path)
        try:
            await until(lambda: len(slack_api.posts()) >= QUESTIONS, within=60)
            await until(lambda: pending(database) == 0, within=20)
            # A redelivery by Slack after the restart is still a repeat.
            again = SlackHttp.open(url)
            assert (await again.event(bodies[0], retry_num=1))[0] == 200
            await again.close()
        finally:
            assert await stop(second) == 0
    finally:
        await client.close()

    threads = [call.params["thread_ts"] for call in slack_api.calls_to("chat.postMessage")]
    assert sorted(threads) == sorted(body["event"]["ts"] for body in bodies)  # each exactly once
