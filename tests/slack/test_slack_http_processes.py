"""Two ``llama4-bot slack --http`` processes on one PostgreSQL database behave as one bot.

A stream of mentions goes to both processes, and some are redelivered to the other one
(as Slack does when it thinks a delivery was missed, with ``X-Slack-Retry-Num``), at
once or later: every mention gets exactly one reply. A thread's follow-up sent to the
other process continues the conversation, and a Share button pressed on the other
process posts the answer.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from processes import Worker, start_worker, worker_env
from slackfake import BOT_USER, FakeSlack, block_actions, event_callback, message_event, slash_form, until

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
        event_callback(message_event(f"<@{BOT_USER}> what is scout's context window? ({i})",
                                     ts=f"1700000000.{i:06d}"), f"Ev{i:04d}")
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
    share = next(e for b in ephemeral["blocks"] if b["type"] == "actions" for e in b["elements"]
                 if e["action_id"] == SHARE)
    await one.http.action(block_actions(SHARE, share["value"], slack_api.response_url("share")))
    await until(lambda: len(slack_api.calls_to("response_url")) == 3, within=30)
    shared = slack_api.calls_to("response_url")[1].params
    assert shared["response_type"] == "in_channel" and "too old" not in shared["text"]
    assert ephemeral["text"] in shared["text"]  # the same answer, now crediting the asker
