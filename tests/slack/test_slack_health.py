"""``/healthz`` reports readiness: the store takes writes and Slack accepts the bot token."""

from __future__ import annotations

from dataclasses import replace

from aiohttp import ClientSession
from slackfake import CountingService

from adapters.slack.app import build_bot
from adapters.slack.cli import Readiness
from adapters.slack.server import start_http
from bot.storage import SqliteStore


async def _health(slack_api, service, settings) -> tuple[int, str]:
    app, _ = build_bot(service, settings)
    runner, port = await start_http(app, settings.slack_signing_secret, "127.0.0.1", 0,
                                    ready=Readiness(service, app.client))  # fmt: skip
    try:
        async with ClientSession() as session, session.get(f"http://127.0.0.1:{port}/healthz") as response:
            return response.status, await response.text()
    finally:
        await runner.cleanup()


async def test_ready_when_the_store_writes_and_the_token_is_accepted(slack_api, settings, engine, tmp_path):
    store = await SqliteStore.open(tmp_path / "ok.sqlite3", salt="s")
    try:
        assert await _health(slack_api, CountingService(engine, store), settings) == (200, "ok")
    finally:
        await store.close()


async def test_not_ready_when_the_store_refuses_writes(slack_api, settings, engine, tmp_path):
    store = await SqliteStore.open(tmp_path / "ro.sqlite3", salt="s", attempts=1)
    try:
        await store._writer_db.execute("PRAGMA query_only = 1")
        status, text = await _health(slack_api, CountingService(engine, store), settings)
    finally:
        await store._writer_db.execute("PRAGMA query_only = 0")
        await store.close()
    assert status == 503 and "does not take writes" in text


async def test_not_ready_when_slack_rejects_the_token(slack_api, settings, engine):
    status, text = await _health(slack_api, CountingService(engine), replace(settings, slack_bot_token="xoxb-revoked"))
    assert status == 503 and "rejected SLACK_BOT_TOKEN" in text and "xoxb-revoked" not in text
