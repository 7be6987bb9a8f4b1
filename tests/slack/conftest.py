"""Fixtures: a local Slack, the real engine and service, and the real app served over HTTP on loopback."""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import replace
from pathlib import Path

import pytest
from slackfake import APP_TOKEN, BOT_TOKEN, SIGNING_SECRET, CountingService, FakeSlack, SlackHttp

from adapters.slack.app import build_app
from adapters.slack.server import EVENTS_PATH, start_http
from bot.answering.engine import Engine
from bot.config import Settings


@pytest.fixture(scope="session")
def engine() -> Engine:
    """The real engine over the real knowledge folder, loaded once for the whole session."""
    return Engine.load(Settings().knowledge_dir)


@pytest.fixture
async def slack_api() -> AsyncIterator[FakeSlack]:
    api = FakeSlack()
    await api.start()
    yield api
    await api.stop()


@pytest.fixture
def settings(slack_api: FakeSlack, tmp_path: Path) -> Settings:
    return replace(
        Settings(),
        slack_bot_token=BOT_TOKEN,
        slack_signing_secret=SIGNING_SECRET,
        slack_app_token=APP_TOKEN,
        slack_api_url=slack_api.api_url,
        database_path=tmp_path / "bot.sqlite3",
        cooldown_questions=0,  # these tests ask many questions as one user; the cooldown has its own test
    )


@pytest.fixture
def service(engine: Engine) -> CountingService:
    return CountingService(engine)


@pytest.fixture
async def slack(service: CountingService, settings: Settings) -> AsyncIterator[SlackHttp]:
    """The real app in HTTP mode on 127.0.0.1:0, and a client that signs requests like Slack."""
    app = build_app(service, settings)
    runner, port = await start_http(app, SIGNING_SECRET, "127.0.0.1", 0)
    client = SlackHttp.open(f"http://127.0.0.1:{port}{EVENTS_PATH}")
    yield client
    await client.close()
    await runner.cleanup()
