"""Slack under faults: hostile payloads, API errors and replays, against the real app on loopback."""

from __future__ import annotations

import asyncio
import json
import logging
import time
import urllib.parse

import pytest
from slackfake import (
    BOT_USER,
    CountingService,
    SlackHttp,
    block_actions,
    event_callback,
    message_event,
    slash_form,
    until,
)

from adapters.slack.app import COMMAND_WORK, EVENT_WORK, SlackBot, build_client
from adapters.slack.render import FEEDBACK_HELPFUL
from bot.outbox import Redelivery
from bot.storage.store import PendingWork


def troubles(caplog: pytest.LogCaptureFixture) -> list[str]:
    """Log records that are errors or carry a traceback."""
    return [r.getMessage() for r in caplog.records if r.levelno >= logging.ERROR or r.exc_info]


def mention(n: int = 1) -> dict:
    return event_callback(message_event(f"<@{BOT_USER}> what is iRoPE?", ts=f"1700000200.{n:06d}"), f"Ev0F{n}")


# ----- 1. hostile input gets 4xx, never a 5xx or a traceback -------------------------------------


def _event_with(**changes: object) -> bytes:
    body = mention()
    body["event"].update(changes)
    return json.dumps(body).encode()


@pytest.mark.parametrize(
    ("body", "content_type"),
    [
        (b"this is not json", "application/json"),
        (b"[1, 2, 3]", "application/json"),
        (b'{"type": "event_callback", "event_id": "Ev0X", "team_id": "T0TEST"}', "application/json"),
        (b'{"type": "event_callback", "event": [1], "team_id": "T0TEST"}', "application/json"),
        (_event_with(text=None), "application/json"),
        (_event_with(text=12345), "application/json"),
        (_event_with(user={"id": "U1"}), "application/json"),
        (b"payload=%7Bnot-json", "application/x-www-form-urlencoded"),
        (
            urllib.parse.urlencode({"payload": json.dumps({"type": "block_actions", "actions": "x"})}).encode(),
            "application/x-www-form-urlencoded",
        ),
        (b"command=%2Fllama4&text=hi&response_url=", "application/json"),
    ],
)
async def test_a_signed_malformed_request_gets_400_and_no_traceback(
    slack, slack_api, service, caplog, body, content_type
):
    caplog.set_level(logging.INFO)
    status, _ = await slack.send(body, content_type)
    assert status == 400
    await asyncio.sleep(0.05)
    assert troubles(caplog) == []
    assert slack_api.posts() == [] and service.memory.exchanges == []


async def test_a_message_with_blocks_but_no_text_is_ignored_quietly(slack, slack_api, service, caplog):
    body = mention()
    del body["event"]["text"]
    body["event"]["blocks"] = [{"type": "rich_text", "elements": []}]
    status, _ = await slack.event(body)
    assert status == 200
    await slack.event(mention(2))  # a real question afterwards is still answered
    await until(lambda: slack_api.calls_to("chat.postMessage"))
    assert len(slack_api.posts()) == 1 and troubles(caplog) == []


async def test_unsigned_requests_with_huge_headers_get_4xx_and_no_traceback(slack, caplog):
    caplog.set_level(logging.DEBUG)
    url = urllib.parse.urlparse(slack.url)
    for size in (1_000, 20_000, 200_000):
        reader, writer = await asyncio.open_connection(url.hostname, url.port)
        writer.write(
            f"POST {url.path} HTTP/1.1\r\nHost: x\r\nX-Junk: {'a' * size}\r\nContent-Length: 2\r\n\r\n{{}}".encode()
        )
        try:
            await writer.drain()
            status_line = await asyncio.wait_for(reader.readline(), timeout=5)
        except ConnectionResetError:  # the server may hang up before reading a huge header to the end
            status_line = b""
        writer.close()
        # A 4xx, or the connection closed without one: never a 5xx.
        assert status_line == b"" or status_line.split()[1] in (b"400", b"401", b"431"), status_line
    assert troubles(caplog) == []


# ----- 2. one 429 or 500 from Slack does not lose the answer ------------------------------------------


@pytest.mark.parametrize("status", [429, 500, 502, 503])
async def test_a_mention_is_answered_despite_one_api_error(slack, slack_api, status):
    slack_api.fail_next("chat.postMessage", status)
    await slack.event(mention())
    await until(lambda: slack_api.calls_to("chat.postMessage"), within=10)
    assert len(slack_api.refused) == 1 and len(slack_api.posts()) == 1


@pytest.mark.parametrize("status", [429, 500])
async def test_a_command_is_answered_despite_one_response_url_error(slack, slack_api, status):
    slack_api.fail_next("response_url", status)
    await slack.command(slash_form("what is iRoPE?", slack_api.response_url("r")))
    await until(lambda: slack_api.calls_to("response_url"), within=10)
    assert len(slack_api.refused) == 1 and len(slack_api.posts()) == 1


async def test_a_post_that_keeps_failing_is_counted_kept_and_answered_later(
    slack, slack_api, service, settings, caplog
):
    slack_api.fail_next("chat.postMessage", 500, times=4)  # the first attempt and every retry
    await slack.event(mention())
    await until(lambda: service.faults["delivery_failed"] == 1, within=15)
    assert len(slack_api.refused) == 4 and slack_api.posts() == []
    assert any("delivery failed" in r.getMessage() for r in caplog.records if r.levelno == logging.ERROR)
    pending = await service.pending()
    assert [w.kind for w in pending] == [EVENT_WORK]  # not lost: still in the outbox

    client = build_client(settings)
    bot = SlackBot(service)
    answered = await Redelivery(service, lambda work: bot.redeliver(work, client)).run_once()
    assert answered == 1
    assert [c.params["thread_ts"] for c in slack_api.calls_to("chat.postMessage")] == ["1700000200.000001"]
    assert await service.pending() == []


async def test_a_command_too_old_for_its_response_url_is_expired_and_counted(engine, slack_api):
    service = CountingService(engine)
    form = slash_form("what is iRoPE?", slack_api.response_url("late"))
    old = PendingWork("slack:request:old", COMMAND_WORK, json.dumps(form), time.time() - 31 * 60)
    assert await service.accept(old.key, old)
    service.release(old.key)
    redelivery = Redelivery(
        service,
        lambda work: pytest.fail("an expired answer must not be posted"),
        max_age_s=3600,
        lifetimes={COMMAND_WORK: 30 * 60},
    )
    assert await redelivery.run_once() == 0
    assert service.faults["answer_expired"] == 1 and service.memory.faults["answer_expired"] == 1
    assert await service.pending() == [] and slack_api.posts() == []


# ----- 3. a replayed command or button press is answered once ---------------------------------------


async def test_a_replayed_slash_command_is_answered_once(slack, slack_api, service):
    body = urllib.parse.urlencode(slash_form("what is iRoPE?", slack_api.response_url("once"))).encode()
    stamp = str(int(time.time()))
    first = await slack.send(body, "application/x-www-form-urlencoded", timestamp=stamp)
    replay = await slack.send(body, "application/x-www-form-urlencoded", timestamp=stamp)
    assert first[0] == replay[0] == 200
    await until(lambda: slack_api.calls_to("response_url"))
    await asyncio.sleep(0.3)
    assert len(slack_api.posts()) == 1 and len(service.memory.exchanges) == 1


async def test_the_same_command_typed_again_is_answered_again(slack, slack_api, service):
    body = urllib.parse.urlencode(slash_form("what is iRoPE?", slack_api.response_url("twice"))).encode()
    now = int(time.time())
    await slack.send(body, "application/x-www-form-urlencoded", timestamp=str(now - 1))
    await slack.send(body, "application/x-www-form-urlencoded", timestamp=str(now))
    await until(lambda: len(slack_api.posts()) == 2)


async def test_a_replayed_button_press_is_handled_once(slack, slack_api, service):
    payload = block_actions(FEEDBACK_HELPFUL, "a" * 32, slack_api.response_url("vote"))
    body = urllib.parse.urlencode({"payload": json.dumps(payload)}).encode()
    stamp = str(int(time.time()))
    for _ in range(3):
        assert (await slack.send(body, "application/x-www-form-urlencoded", timestamp=stamp))[0] == 200
    await until(lambda: slack_api.calls_to("response_url"))
    await asyncio.sleep(0.3)
    assert len(slack_api.posts()) == 1


async def test_dedupe_holds_while_the_store_fails(slack_api, settings, engine, tmp_path):
    """A store that fails every call: the process's own memory still answers a redelivery once."""
    from adapters.slack.app import build_app
    from adapters.slack.server import EVENTS_PATH, start_http
    from bot.storage.store import MemoryStore

    class BrokenStore(MemoryStore):
        async def accept(self, key, work=None):
            raise OSError("attempt to write a readonly database")

        async def remember_event(self, key):
            raise OSError("attempt to write a readonly database")

    service = CountingService(engine, BrokenStore())
    runner, port = await start_http(build_app(service, settings), settings.slack_signing_secret, "127.0.0.1", 0)
    client = SlackHttp.open(f"http://127.0.0.1:{port}{EVENTS_PATH}")
    try:
        for retry in range(10):
            assert (await client.event(mention(), retry_num=retry or None))[0] == 200
        await until(lambda: slack_api.calls_to("chat.postMessage"))
        await asyncio.sleep(0.3)
    finally:
        await client.close()
        await runner.cleanup()
    assert len(slack_api.posts()) == 1
    assert service.storage_failures >= 1


async def test_a_refused_redelivery_is_counted_and_not_retried_forever(slack_api, service, settings):
    form = slash_form("what is iRoPE?", slack_api.response_url("gone"))
    work = PendingWork("slack:request:gone", COMMAND_WORK, json.dumps(form), time.time() - 60)
    assert await service.accept(work.key, work)
    service.release(work.key)
    slack_api.fail_next("response_url", 404, body={"ok": False, "error": "expired_url"})
    client = build_client(settings)
    bot = SlackBot(service)
    assert await Redelivery(service, lambda w: bot.redeliver(w, client)).run_once() == 1  # settled, not answered
    assert service.faults["delivery_failed"] == 1
    assert await service.pending() == [] and slack_api.posts() == []
