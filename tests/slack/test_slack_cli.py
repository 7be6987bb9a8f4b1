"""``llama4-bot slack``: mode choice, clear exits for missing variables, the manifest, and a real run."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import re
from dataclasses import replace

import pytest
from slackfake import BOT_USER, envelope, event_callback, message_event, until

from adapters.slack import cli, convert
from bot import cli as bot_cli
from bot import logsafety
from bot.config import PROJECT_ROOT

SLACK_VARS = ("SLACK_BOT_TOKEN", "SLACK_SIGNING_SECRET", "SLACK_APP_TOKEN", "SLACK_API_URL")


@pytest.fixture
def env(monkeypatch, tmp_path):
    monkeypatch.chdir(tmp_path)  # no .env file
    for name in SLACK_VARS:
        monkeypatch.delenv(name, raising=False)
    chosen = {}

    async def fake_serve(settings, *, http, host, port):
        chosen.update(http=http, host=host, port=port)

    monkeypatch.setattr(cli, "serve", fake_serve)
    return monkeypatch, chosen


@pytest.mark.parametrize(
    ("variables", "argv", "named"),
    [
        ({}, [], "SLACK_BOT_TOKEN"),
        ({"SLACK_BOT_TOKEN": "xoxb-1"}, [], "SLACK_SIGNING_SECRET"),
        ({"SLACK_BOT_TOKEN": "xoxb-1", "SLACK_APP_TOKEN": "xapp-1"}, ["--http"], "SLACK_SIGNING_SECRET"),
        ({"SLACK_BOT_TOKEN": "xoxb-1", "SLACK_APP_TOKEN": "xoxb-wrong"}, [], "SLACK_APP_TOKEN"),
    ],
)
def test_a_missing_variable_exits_with_its_name(env, capsys, variables, argv, named):
    monkeypatch, chosen = env
    for name, value in variables.items():
        monkeypatch.setenv(name, value)
    assert bot_cli.main(["slack", *argv]) == 2
    assert named in capsys.readouterr().err
    assert chosen == {}


@pytest.mark.parametrize(
    ("variables", "argv", "http"),
    [
        ({"SLACK_APP_TOKEN": "xapp-1"}, [], False),  # Socket Mode by default when the app token is set
        ({"SLACK_APP_TOKEN": "xapp-1", "SLACK_SIGNING_SECRET": "s"}, ["--http"], True),
        ({"SLACK_SIGNING_SECRET": "s"}, ["--port", "8080", "--host", "127.0.0.1"], True),
    ],
)
def test_mode_choice(env, variables, argv, http):
    monkeypatch, chosen = env
    monkeypatch.setenv("SLACK_BOT_TOKEN", "xoxb-1")
    for name, value in variables.items():
        monkeypatch.setenv(name, value)
    assert bot_cli.main(["slack", *argv]) == 0
    assert chosen["http"] is http
    if "--port" in argv:
        assert (chosen["host"], chosen["port"]) == ("127.0.0.1", 8080)


def test_secrets_are_redacted_from_log_records():
    args = ("my-signing-secret-1", "ok")
    record = logging.LogRecord("x", logging.INFO, __file__, 1, "secret %s and %s", args, None)
    logsafety.Redactor(["my-signing-secret-1"]).filter(record)
    assert record.getMessage() == "secret [redacted] and ok"


def test_manifest_declares_what_the_app_uses():
    text = (PROJECT_ROOT / "slack" / "manifest.yml").read_text(encoding="utf-8")
    assert re.search(rf"- command: {re.escape(convert.SLASH_COMMAND)}\n", text)
    bot_events = re.search(r"bot_events:\n((?:\s+- .+\n)+)", text)
    assert bot_events and set(re.findall(r"- (\S+)", bot_events.group(1))) == {"app_mention", "message.im"}
    scopes = set(re.findall(r"^\s+- ([a-z_.]+:[a-z_.]+|commands)\b", text, re.M))
    assert {"app_mentions:read", "chat:write", "commands", "im:history", "users:read"} <= scopes
    assert re.search(r"interactivity:\n\s+is_enabled: true", text)
    assert "socket_mode_enabled: true" in text


async def test_serve_runs_the_real_service_over_socket_mode(slack_api, settings):
    task = asyncio.create_task(
        cli.serve(replace(settings, slack_signing_secret=None), http=False, host="127.0.0.1", port=0)
    )
    try:
        await until(lambda: slack_api.sockets or task.done(), within=30)
        event = message_event(f"<@{BOT_USER}> what is scout's context window?")
        await slack_api.sockets[-1].send_json(envelope("env-serve", event_callback(event, "Ev0SERVE")))
        await until(lambda: slack_api.calls_to("chat.postMessage"), within=30)
        assert slack_api.calls_to("chat.postMessage")[0].params["thread_ts"] == event["ts"]
    finally:
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await task
    assert not slack_api.sockets or all(ws.closed for ws in slack_api.sockets)
