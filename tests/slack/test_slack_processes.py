"""Two ``llama4-bot slack`` processes on one PostgreSQL database behave as one bot.

A stream of mentions goes to both processes, and some are redelivered to the other one
(as Slack does when it thinks a delivery was missed, with ``X-Slack-Retry-Num``), at
once or later: every mention gets exactly one reply. A thread's follow-up sent to the
other process continues the conversation, and a Share button pressed on the other
process posts the answer. Two Socket Mode processes likewise answer an event once when
Slack redelivers it on the other connection.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from processes import Worker, start_worker, worker_env
from slackfake import (
    APP_TOKEN,
    BOT_USER,
    FakeSlack,
    block_actions,
    envelope,
    event_callback,
    message_event,
    slash_form,
    until,
)

from adapters.slack.render import SHARE

MENTIONS = 30


@pytest.fixture
async def workers(slack_api: FakeSlack, pg_url: str, tmp_path: Path) -> AsyncIterator[list[Worker]]:
    env = worker_env(slack_api.api_url, pg_url, tmp_path / "unused.sqlite3")
    started = await asyncio.gather(*(start_worker(env, tmp_path) for _ in range(2)))
    yield list(started)
    codes = [await worker.stop() for worker in started]
    assert codes == [0, 0], [worker.log for worker in started]
    assert not (tmp_path / "unused.sqlite3").exists()
    assert not any("in memory" in line for worker in started for line in worker.log)


async def test_every_mention_is_answered_once_wherever_its_redeliveries_land(
    workers: list[Worker], slack_api: FakeSlack
) -> None:
    events = [
        event_callback(
            message_event(f"<@{BOT_USER}> what is scout's context window? ({i})", ts=f"1700000000.{i:06d}"),
            f"Ev{i:04d}",
        )
        for i in range(MENTIONS)
    ]
    sends = []
    for i, event in enumerate(events):
        first, other = workers[i % 2], workers[(i + 1) % 2]
        sends.append(first.http.event(event))
        if i % 3 == 0:
            sends.append(other.http.event(event, retry_num=1))  # redelivered to the other process at once
    statuses = await asyncio.gather(*sends)
    assert {status for status, _ in statuses} == {200}
    late = [workers[(i + 1) % 2].http.event(events[i], retry_num=2) for i in range(1, MENTIONS, 3)]
    assert {status for status, _ in await asyncio.gather(*late)} == {200}  # and some later, after answering
    await until(lambda: len(slack_api.calls_to("chat.postMessage")) >= MENTIONS, within=60)
    await asyncio.sleep(1.0)  # a duplicate would be posted by now: answers take milliseconds
    threads = [call.params["thread_ts"] for call in slack_api.calls_to("chat.postMessage")]
    assert sorted(threads) == [f"1700000000.{i:06d}" for i in range(MENTIONS)]


async def test_follow_up_and_share_on_the_other_process(workers: list[Worker], slack_api: FakeSlack) -> None:
    one, two = workers
    first = message_event(f"<@{BOT_USER}> what is scout's context window?", ts="1700000100.000100")
    await one.http.event(event_callback(first, "Ev1FIRST"))
    await until(lambda: len(slack_api.calls_to("chat.postMessage")) == 1, within=30)
    follow = message_event(f"<@{BOT_USER}> and maverick?", ts="1700000150.000100", thread_ts="1700000100.000100")
    await two.http.event(event_callback(follow, "Ev1FOLLOW"))
    await until(lambda: len(slack_api.calls_to("chat.postMessage")) == 2, within=30)
    reply = slack_api.calls_to("chat.postMessage")[1].params
    assert reply["thread_ts"] == "1700000100.000100"
    assert "Maverick" in reply["text"] and "context" in reply["text"].lower()

    await two.http.command(slash_form("what is scout's context window?", slack_api.response_url("q")))
    await until(lambda: slack_api.calls_to("response_url"), within=30)
    ephemeral = slack_api.calls_to("response_url")[0].params
    share = next(
        e for b in ephemeral["blocks"] if b["type"] == "actions" for e in b["elements"] if e["action_id"] == SHARE
    )
    await one.http.action(block_actions(SHARE, share["value"], slack_api.response_url("share")))
    await until(lambda: len(slack_api.calls_to("response_url")) == 3, within=30)
    shared = slack_api.calls_to("response_url")[1].params
    assert shared["response_type"] == "in_channel" and "too old" not in shared["text"]
    assert ephemeral["text"] in shared["text"]  # the same answer, now crediting the asker


async def test_two_socket_mode_processes_answer_an_event_once_whichever_connection_gets_it(
    slack_api: FakeSlack, pg_url: str, tmp_path: Path
) -> None:
    env = {**worker_env(slack_api.api_url, pg_url, tmp_path / "unused.sqlite3"), "SLACK_APP_TOKEN": APP_TOKEN}
    started = await asyncio.gather(*(start_worker(env, tmp_path, socket_mode=True) for _ in range(2)))
    try:
        await until(lambda: len(slack_api.sockets) == 2, within=30)
        one, two = slack_api.sockets
        events = [
            event_callback(message_event(f"<@{BOT_USER}> what is iRoPE? ({i})", ts=f"1700000200.{i:06d}"), f"EvS{i}")
            for i in range(4)
        ]
        for i, event in enumerate(events):
            first, other = (one, two) if i % 2 == 0 else (two, one)
            await first.send_json(envelope(f"env-{i}", event))
            await other.send_json(envelope(f"env-{i}-retry", event, retry=1))  # Slack tried the other connection
        acked = lambda: {c.params.get("envelope_id") for c in slack_api.calls_to("socket")}  # noqa: E731
        await until(lambda: len(acked()) == 8 and len(slack_api.calls_to("chat.postMessage")) >= 4, within=30)
        await asyncio.sleep(1.0)  # a duplicate would be posted by now
        threads = sorted(c.params["thread_ts"] for c in slack_api.calls_to("chat.postMessage"))
        assert threads == [f"1700000200.{i:06d}" for i in range(4)]
    finally:
        codes = [await worker.stop() for worker in started]
    assert codes == [0, 0], [worker.log for worker in started]
