"""Two Slack HTTP workers on one database behave as one bot: Share, follow-ups and redeliveries.

Each worker is the real app with its own service and its own store (as two processes
would have), served on its own loopback port; both talk to one local Slack. The
database is a SQLite file or a schema of the tests' PostgreSQL server.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import replace
from pathlib import Path

import pytest
from slackfake import (
    BOT_USER,
    SIGNING_SECRET,
    USER,
    FakeSlack,
    SlackHttp,
    block_actions,
    event_callback,
    message_event,
    slash_form,
    until,
)

from adapters.slack.app import build_app
from adapters.slack.render import SHARE, render_answer
from adapters.slack.server import EVENTS_PATH, start_http
from bot.answering.engine import Engine
from bot.commands import dispatch
from bot.config import Settings
from bot.service import BotService
from bot.storage import open_store


class Worker:
    def __init__(self, service: BotService, http: SlackHttp) -> None:
        self.service = service
        self.http = http


@pytest.fixture(params=["sqlite", "postgres"])
def shared_settings(request: pytest.FixtureRequest, settings: Settings, tmp_path: Path) -> Settings:
    url = request.getfixturevalue("pg_url") if request.param == "postgres" else None
    return replace(settings, database_path=tmp_path / "shared.sqlite3", database_url=url, user_hash_salt="s")


@pytest.fixture
async def workers(engine: Engine, shared_settings: Settings) -> AsyncIterator[list[Worker]]:
    started: list[Worker] = []
    runners = []
    try:
        for _ in range(2):
            store = await open_store(shared_settings)
            assert type(store).__name__ == ("PostgresStore" if shared_settings.database_url else "SqliteStore")
            service = BotService(engine, store)
            runner, port = await start_http(build_app(service, shared_settings), SIGNING_SECRET, "127.0.0.1", 0)
            runners.append(runner)
            started.append(Worker(service, SlackHttp.open(f"http://127.0.0.1:{port}{EVENTS_PATH}")))
        yield started
    finally:
        for worker in started:
            await worker.http.close()
        for runner in runners:
            await runner.cleanup()
        for worker in started:
            await worker.service.store.close()


async def test_share_pressed_on_the_other_worker_posts_the_answer(workers: list[Worker], slack_api: FakeSlack) -> None:
    one, two = workers  # one answers the command, two gets the button press
    await one.http.command(slash_form("what is scout's context window?", slack_api.response_url("q")))
    await until(lambda: slack_api.calls_to("response_url"))
    ephemeral = slack_api.calls_to("response_url")[0].params
    share = next(
        e for b in ephemeral["blocks"] if b["type"] == "actions" for e in b["elements"] if e["action_id"] == SHARE
    )

    await two.http.action(block_actions(SHARE, share["value"], slack_api.response_url("share")))
    await until(lambda: len(slack_api.calls_to("response_url")) == 3)
    shared, deleted = slack_api.calls_to("response_url")[1:]
    assert shared.params["response_type"] == "in_channel"
    assert "too old" not in shared.params["text"]
    same = dispatch(one.service.engine, "ask", "what is scout's context window?", None)
    expected = render_answer(same.model_copy(update={"id": share["value"]}), asked_by=USER)
    assert shared.params["blocks"] == expected.blocks  # the whole answer, crediting the asker
    assert deleted.params["delete_original"] is True


async def test_a_follow_up_on_the_other_worker_continues_the_thread(
    workers: list[Worker], slack_api: FakeSlack
) -> None:
    one, two = workers
    first = message_event(f"<@{BOT_USER}> what is scout's context window?", ts="1700000000.000100")
    await one.http.event(event_callback(first, "Ev0FIRST"))
    await until(lambda: len(slack_api.calls_to("chat.postMessage")) == 1)
    follow = message_event(f"<@{BOT_USER}> and maverick?", ts="1700000050.000100", thread_ts="1700000000.000100")
    await two.http.event(event_callback(follow, "Ev0FOLLOW"))
    await until(lambda: len(slack_api.calls_to("chat.postMessage")) == 2)
    reply = slack_api.calls_to("chat.postMessage")[1].params
    assert reply["thread_ts"] == "1700000000.000100"
    assert "Maverick" in reply["text"] and "context" in reply["text"].lower()  # the attribute came from worker one


async def test_a_redelivery_to_the_other_worker_gets_no_second_reply(
    workers: list[Worker], slack_api: FakeSlack
) -> None:
    one, two = workers
    event = message_event(f"<@{BOT_USER}> what is iRoPE?", ts="1700000000.000200")
    await one.http.event(event_callback(event, "Ev0ONCE"))
    await until(lambda: slack_api.calls_to("chat.postMessage"))
    status, _ = await two.http.event(event_callback(event, "Ev0ONCE"), retry_num=1)
    assert status == 200
    other = message_event(f"<@{BOT_USER}> what is scout's context window?", ts="1700000000.000300")
    await two.http.event(event_callback(other, "Ev0AFTER"))  # a later event, to know the redelivery was handled
    await until(lambda: len(slack_api.calls_to("chat.postMessage")) == 2)
    threads = [c.params["thread_ts"] for c in slack_api.calls_to("chat.postMessage")]
    assert threads == ["1700000000.000200", "1700000000.000300"]


async def test_the_cooldown_is_counted_once_across_workers(
    engine: Engine, shared_settings: Settings, slack_api: FakeSlack
) -> None:
    """Two questions a minute per user, asked alternately on two workers: the third is told to wait."""
    limited = replace(shared_settings, cooldown_questions=2, cooldown_seconds=60.0)
    stores = [await open_store(limited) for _ in range(2)]
    runners, https = [], []
    try:
        for store in stores:
            runner, port = await start_http(
                build_app(BotService(engine, store), limited), SIGNING_SECRET, "127.0.0.1", 0
            )
            runners.append(runner)
            https.append(SlackHttp.open(f"http://127.0.0.1:{port}{EVENTS_PATH}"))
        for n in range(3):
            event = message_event(f"<@{BOT_USER}> what is iRoPE?", ts=f"1700000000.00040{n}")
            await https[n % 2].event(event_callback(event, f"Ev0COOL{n}"))
        await until(
            lambda: len(slack_api.calls_to("chat.postMessage")) == 2 and slack_api.calls_to("chat.postEphemeral")
        )
        notice = slack_api.calls_to("chat.postEphemeral")[0].params
        assert notice["user"] == USER and "please wait" in notice["text"]
        assert len(slack_api.calls_to("chat.postMessage")) == 2  # the third question was not answered
    finally:
        for http in https:
            await http.close()
        for runner in runners:
            await runner.cleanup()
        for store in stores:
            await store.close()
