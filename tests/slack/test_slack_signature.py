"""Requests Slack did not sign (or signed too long ago) get 401, and nothing runs."""

from __future__ import annotations

import json
import time
import urllib.parse

import pytest
from slack_sdk.signature import SignatureVerifier
from slackfake import BOT_USER, event_callback, message_event, sign, slash_form

from adapters.slack.server import signature_ok

NOW = int(time.time())


def _cases():
    yield "wrong secret", lambda body, ts: {"X-Slack-Signature": sign(body, ts, "another-secret")}
    yield "stale timestamp", lambda body, ts: _signed(body, str(int(ts) - 330))
    yield "future timestamp", lambda body, ts: _signed(body, str(int(ts) + 330))
    yield "missing signature", lambda body, ts: {"X-Slack-Signature": None}
    yield "missing timestamp", lambda body, ts: {"X-Slack-Request-Timestamp": None}
    yield "missing both", lambda body, ts: {"X-Slack-Signature": None, "X-Slack-Request-Timestamp": None}
    yield "malformed timestamp", lambda body, ts: _signed(body, "17e8")
    yield "negative timestamp", lambda body, ts: _signed(body, f"-{ts}")
    yield "empty timestamp", lambda body, ts: _signed(body, "")
    yield "signature of another body", lambda body, ts: {"X-Slack-Signature": sign(body + b"&x=1", ts)}
    yield "signature without v0", lambda body, ts: {"X-Slack-Signature": sign(body, ts)[3:]}


def _signed(body: bytes, ts: str) -> dict[str, str]:
    return {"X-Slack-Request-Timestamp": ts, "X-Slack-Signature": sign(body, ts)}


CASES = list(_cases())


def _bodies(slack_api):
    event = json.dumps(event_callback(message_event(f"<@{BOT_USER}> what is iRoPE?"), "Ev0FORGED")).encode()
    command = urllib.parse.urlencode(slash_form("what is iRoPE?", slack_api.response_url("x"))).encode()
    return [(event, "application/json"), (command, "application/x-www-form-urlencoded")]


@pytest.mark.parametrize(("name", "tamper"), CASES, ids=[name for name, _ in CASES])
async def test_unsigned_requests_get_401_and_no_handler_runs(slack, slack_api, service, name, tamper):
    for body, content_type in _bodies(slack_api):
        ts = str(int(time.time()))
        status, _ = await slack.send(body, content_type, headers=tamper(body, ts), timestamp=ts)
        assert status == 401, name
    assert slack_api.calls == []  # not even auth.test: bolt never saw the request
    assert service.checks == [] and service.memory.exchanges == []


async def test_the_same_requests_signed_properly_are_accepted(slack, slack_api):
    for body, content_type in _bodies(slack_api):
        status, _ = await slack.send(body, content_type)
        assert status == 200


@pytest.mark.parametrize(("skew", "ok"), [(0, True), (299, True), (-299, True), (301, False), (-301, False)])
def test_five_minute_window(skew, ok):
    body = b"token=x"
    ts = str(NOW + skew)
    headers = {"X-Slack-Request-Timestamp": ts, "X-Slack-Signature": sign(body, ts, "s3cret")}
    assert signature_ok(SignatureVerifier("s3cret"), body, headers, NOW) is ok


def test_body_that_is_not_utf8_is_rejected():
    body = b"\xff\xfe"
    ts = str(NOW)
    headers = {"X-Slack-Request-Timestamp": ts, "X-Slack-Signature": sign(body, ts, "s3cret")}
    assert signature_ok(SignatureVerifier("s3cret"), body, headers, NOW) is False
