"""The real ``llama4-bot slack`` process against the local Slack: a kill, a stop, secrets, start-up checks.

The kill test: the local Slack takes seconds to accept each ``chat.postMessage``, so when
the process is SIGKILLed every question has been acknowledged (HTTP 200) and none has
been answered. A post cut off by the kill never reached Slack (the fake drops it, as a
request lost in transit would be). After a restart on the same database every question
gets exactly one reply.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import re
import signal
import sqlite3
import sys
from dataclasses import dataclass
from pathlib import Path

import bot_process
import pytest
from slackfake import (
    APP_TOKEN,
    BOT_TOKEN,
    BOT_USER,
    SIGNING_SECRET,
    FakeSlack,
    SlackHttp,
    event_callback,
    message_event,
    until,
)

ROOT = Path(__file__).resolve().parents[2]
QUESTIONS = 60

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL is POSIX")


@dataclass
class Bot:
    child: asyncio.subprocess.Process
    url: str
    output: bytearray
    reader: asyncio.Task[None]

    def text(self) -> str:
        return self.output.decode(errors="replace")


def bot_env(slack_api: FakeSlack, database: Path, **extra: str) -> dict[str, str]:
    env = {
        "PATH": os.environ.get("PATH", ""),
        "PYTHONPATH": str(ROOT),
        "SLACK_BOT_TOKEN": BOT_TOKEN,
        "SLACK_SIGNING_SECRET": SIGNING_SECRET,
        "SLACK_API_URL": slack_api.api_url,
        "LLAMA4_DATABASE": str(database),
        "LLAMA4_COOLDOWN_QUESTIONS": "0",  # one user asks every question here
    }
    env.update(extra)
    return env


async def launch(env: dict[str, str], cwd: Path, *argv: str) -> Bot:
    """Start ``python -m bot <argv>``; its stderr is read continuously (debug logging fills pipes)."""
    child = await bot_process.start(env, cwd, *argv)
    output = bytearray()

    async def read() -> None:
        assert child.stderr is not None
        while chunk := await child.stderr.read(65536):
            output.extend(chunk)

    return Bot(child, "", output, asyncio.create_task(read()))


async def start_bot(slack_api: FakeSlack, database: Path, cwd: Path, *flags: str, url: str | None = None) -> Bot:
    """``slack --http`` on the SQLite file ``database``, or on the PostgreSQL database at ``url``."""
    env = bot_env(slack_api, database, **({"LLAMA4_DATABASE_URL": url} if url else {}))
    bot = await launch(env, cwd, *flags, "slack", "--http", "--port", "0")
    await until(
        lambda: re.search(rb"listening on (http://\S+)", bot.output) or bot.child.returncode is not None, within=60
    )
    found = re.search(rb"listening on (http://\S+)", bot.output)
    if not found:
        pytest.fail(f"the bot exited before listening: {bot.text()[-2000:]}")
    bot.url = found.group(1).decode()
    return bot


def pending(database: Path, url: str | None = None) -> int:
    if url:
        import psycopg

        with psycopg.connect(url) as conn:
            row = conn.execute(b"SELECT count(*) FROM outbox").fetchone()
        return int(row[0]) if row else 0
    with contextlib.closing(sqlite3.connect(database)) as db:
        return int(db.execute("SELECT count(*) FROM outbox").fetchone()[0])


async def stop(bot: Bot, sig: signal.Signals = signal.SIGTERM) -> int:
    """Send ``sig`` and wait; the exit status (the bot must stop within 10 s)."""
    if bot.child.returncode is None:
        bot.child.send_signal(sig)
    status = await asyncio.wait_for(bot.child.wait(), timeout=10)
    await bot.reader
    return status


@pytest.mark.parametrize("backend", ["sqlite", "postgres"])
async def test_every_acknowledged_question_is_answered_once_after_a_sigkill(
    slack_api: FakeSlack, tmp_path: Path, backend: str, request: pytest.FixtureRequest
):
    database = tmp_path / "bot.sqlite3"
    url = request.getfixturevalue("pg_url") if backend == "postgres" else None
    slack_api.delays["chat.postMessage"] = 30.0  # answers are in flight when the kill comes
    first = await start_bot(slack_api, database, tmp_path, url=url)
    client = SlackHttp.open(first.url)
    try:
        bodies = [
            event_callback(
                message_event(f"<@{BOT_USER}> what is iRoPE? ({n})", ts=f"1700000100.{n:06d}"), f"Ev0KILL{n}"
            )
            for n in range(QUESTIONS)
        ]
        statuses = await asyncio.gather(*(client.event(body) for body in bodies))
        assert statuses and all(status == 200 for status, _ in statuses)  # every question acknowledged
        await asyncio.sleep(0.5)
        assert await stop(first, signal.SIGKILL) == -signal.SIGKILL
        assert slack_api.posts() == []  # nothing was answered before the kill

        slack_api.delays.clear()
        second = await start_bot(slack_api, database, tmp_path, url=url)
        try:
            await until(lambda: len(slack_api.posts()) >= QUESTIONS, within=60)
            await until(lambda: pending(database, url) == 0, within=20)
            # A redelivery by Slack after the restart is still a repeat.
            again = SlackHttp.open(second.url)
            assert (await again.event(bodies[0], retry_num=1))[0] == 200
            await again.close()
        finally:
            assert await stop(second) == 0
    finally:
        await client.close()

    threads = [call.params["thread_ts"] for call in slack_api.calls_to("chat.postMessage")]
    assert sorted(threads) == sorted(body["event"]["ts"] for body in bodies)  # each exactly once


# ----- 8. secrets never reach the log, even at debug level with an API that echoes them ------------


async def test_no_secret_reaches_the_log_when_errors_echo_the_token(slack_api: FakeSlack, tmp_path: Path):
    slack_api.echo_token_in_errors = True
    slack_api.fail_next("chat.postMessage", 500, times=4)  # every attempt fails, each echoing the token
    bot = await start_bot(slack_api, tmp_path / "bot.sqlite3", tmp_path, "--verbose")
    client = SlackHttp.open(bot.url)
    try:
        mention = event_callback(message_event(f"<@{BOT_USER}> what is iRoPE?"), "Ev0SECRET")
        assert (await client.event(mention))[0] == 200
        await until(lambda: b"delivery failed" in bot.output, within=20)
    finally:
        await client.close()
        assert await stop(bot) == 0
    log = bot.text()
    assert "chat.postMessage" in log and "echo" in log  # debug logging of the API calls really was on
    for secret in (BOT_TOKEN, SIGNING_SECRET):
        assert secret not in log
    assert "[redacted]" in log


# ----- 9. stop on SIGTERM and SIGINT, refuse a rejected token at start ----------------------------


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGINT])
async def test_http_mode_stops_cleanly_on_a_signal(slack_api: FakeSlack, tmp_path: Path, sig: signal.Signals):
    database = tmp_path / "bot.sqlite3"
    bot = await start_bot(slack_api, database, tmp_path)
    assert await stop(bot, sig) == 0
    assert not database.with_name(database.name + "-wal").exists()  # the store was closed (WAL checkpointed)


async def test_socket_mode_stops_cleanly_on_sigterm(slack_api: FakeSlack, tmp_path: Path):
    env = bot_env(slack_api, tmp_path / "bot.sqlite3", SLACK_APP_TOKEN=APP_TOKEN)
    bot = await launch(env, tmp_path, "slack")
    await until(lambda: b"connected over Socket Mode" in bot.output or bot.child.returncode is not None, within=60)
    assert await stop(bot) == 0, bot.text()[-2000:]


@pytest.mark.parametrize(
    ("extra", "argv", "named"),
    [
        ({"SLACK_BOT_TOKEN": "xoxb-revoked-token"}, ["--http", "--port", "0"], "SLACK_BOT_TOKEN"),
        ({"SLACK_BOT_TOKEN": "xoxb-revoked-token", "SLACK_APP_TOKEN": APP_TOKEN}, [], "SLACK_BOT_TOKEN"),
        ({"SLACK_APP_TOKEN": "xapp-revoked-token"}, [], "SLACK_APP_TOKEN"),
    ],
)
async def test_a_rejected_token_exits_non_zero_with_a_clear_message(slack_api, tmp_path, extra, argv, named):
    bot = await launch(bot_env(slack_api, tmp_path / "bot.sqlite3", **extra), tmp_path, "slack", *argv)
    status = await asyncio.wait_for(bot.child.wait(), timeout=30)
    await bot.reader
    assert status == 1
    assert f"Slack rejected {named}" in bot.text()
    assert "Traceback" not in bot.text() and "revoked-token" not in bot.text()
