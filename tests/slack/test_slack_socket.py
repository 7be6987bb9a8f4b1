"""Socket Mode against a local websocket server: envelope acks, replies, and a server-sent disconnect."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator

import pytest
from slack_bolt.adapter.socket_mode.async_handler import AsyncSocketModeHandler
from slackfake import APP_TOKEN, BOT_TOKEN, BOT_USER, envelope, event_callback, message_event, until

from adapters.slack.app import build_app
from adapters.slack.render import render_answer


@pytest.fixture
async def socket_app(slack_api, service, settings, caplog) -> AsyncIterator[AsyncSocketModeHandler]:
    caplog.set_level(logging.DEBUG)
    handler = AsyncSocketModeHandler(build_app(service, settings), settings.slack_app_token)
    await handler.connect_async()
    yield handler
    await handler.close_async()
    records = [r for when in ("setup", "call", "teardown") for r in caplog.get_records(when)]
    logged = "\n".join(r.getMessage() for r in records)
    assert "apps.connections.open" in logged  # debug logging of the Web API calls was on
    for secret in (APP_TOKEN, BOT_TOKEN):
        assert secret not in logged


def _acked(slack_api) -> list[str]:
    return [c.params.get("envelope_id") for c in slack_api.calls_to("socket")]


def _mention(n: int) -> dict:
    event = message_event(f"<@{BOT_USER}> what is iRoPE? ({n})", ts=f"1700000000.00010{n}")
    return event_callback(event, f"Ev0SOCKET{n}")


async def test_events_api_envelope_is_acked_and_answered(socket_app, slack_api, service):
    opened = slack_api.calls_to("apps.connections.open")
    assert len(opened) == 1 and opened[0].token == APP_TOKEN  # the app token, on SLACK_API_URL
    await until(lambda: slack_api.sockets)

    await slack_api.sockets[-1].send_json(envelope("env-1", _mention(1)))
    await until(lambda: "env-1" in _acked(slack_api) and slack_api.calls_to("chat.postMessage"))

    post = slack_api.calls_to("chat.postMessage")[0]
    assert post.params["thread_ts"] == "1700000000.000101"
    assert post.params["blocks"] == render_answer(service.answers()[0]).blocks


async def test_disconnect_reconnects_with_nothing_lost_or_duplicated(socket_app, slack_api, service):
    await until(lambda: slack_api.sockets)
    first = slack_api.sockets[-1]
    await first.send_json(envelope("env-1", _mention(1)))
    await until(lambda: len(slack_api.calls_to("chat.postMessage")) == 1)

    # An envelope arrives right before Slack asks the client to move to a new connection.
    await first.send_json(envelope("env-2", _mention(2)))
    await first.send_json({"type": "disconnect", "reason": "refresh_requested", "debug_info": {"host": "applink-test"}})
    await until(lambda: slack_api.connections_opened == 2 and slack_api.sockets and slack_api.sockets[-1] is not first)
    second = slack_api.sockets[-1]

    # On the new connection: a new event, and a redelivery of event 2 under a new envelope.
    await second.send_json(envelope("env-3", _mention(3)))
    await second.send_json(envelope("env-2-retry", _mention(2), retry=1))
    await until(
        lambda: (
            {"env-1", "env-2", "env-3", "env-2-retry"} <= set(_acked(slack_api))
            and service.event_checks() == 4
            and len(slack_api.calls_to("chat.postMessage")) >= 3
        )
    )

    threads = sorted(c.params["thread_ts"] for c in slack_api.calls_to("chat.postMessage"))
    assert threads == ["1700000000.000101", "1700000000.000102", "1700000000.000103"]
    assert len(slack_api.posts()) == 3
    assert first.closed
