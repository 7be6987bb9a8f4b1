"""Starting and stopping the real adapter: tokens, command-sync hashing, endpoints, the invite URL."""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import sqlite3
import urllib.parse
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
import pytest_asyncio
from discord.gateway import DiscordWebSocket
from discord.http import Route
from discord_fake import APP_ID, GUILD_ID, TOKEN, FakeDiscord

from adapters.discord import cli
from adapters.discord.client import SYNCED_KIND
from bot.config import DISCORD_API_BASE_URL, Settings


@pytest_asyncio.fixture
async def fake() -> AsyncIterator[FakeDiscord]:
    server = FakeDiscord()
    await server.start()
    yield server
    await server.stop()


def synced_hashes(settings: Settings) -> dict[str, str]:
    """The command-set hashes kept in the store, per sync target."""
    with contextlib.closing(sqlite3.connect(settings.database_path)) as db:
        return dict(db.execute("SELECT key, value FROM shared WHERE kind = ?", (SYNCED_KIND,)).fetchall())


def settings_for(fake: FakeDiscord, tmp_path: Path, **changes: object) -> Settings:
    values: dict[str, object] = {
        "database_path": tmp_path / "data" / "bot.sqlite3",
        "discord_token": TOKEN,
        "discord_api_base_url": fake.api_url,
        "discord_gateway_url": fake.gateway_url,
    }
    values.update(changes)
    return Settings(**values)  # type: ignore[arg-type]


async def run_until_connected(fake: FakeDiscord, settings: Settings) -> None:
    """Start ``serve``, wait for the gateway session, then stop it the way Ctrl-C does."""
    task = asyncio.create_task(cli.serve(settings))
    connected = asyncio.create_task(fake.connected())
    await asyncio.wait({task, connected}, timeout=15, return_when=asyncio.FIRST_COMPLETED)
    assert connected.done() and not task.done(), "the bot did not connect"
    task.cancel()
    with contextlib.suppress(asyncio.CancelledError):
        await task


def args(*argv: str) -> argparse.Namespace:
    parser = argparse.ArgumentParser()
    cli.add_arguments(parser)
    return parser.parse_args(list(argv))


async def test_an_invalid_token_exits_non_zero_with_a_clear_message(
    fake: FakeDiscord, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    settings = settings_for(fake, tmp_path, discord_token="MTIz.wrong.token")
    status = await asyncio.wait_for(cli.serve(settings), timeout=15)
    assert status == 1
    err = capsys.readouterr().err
    assert "rejected DISCORD_TOKEN" in err and "MTIz.wrong.token" not in err
    assert Route.BASE == DISCORD_API_BASE_URL  # the endpoints are restored for the next client
    assert str(DiscordWebSocket.DEFAULT_GATEWAY).startswith("wss://gateway.discord.gg")


def test_a_missing_token_exits_non_zero_without_any_network(capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.run(args(), Settings(discord_token=None)) == 2
    assert "DISCORD_TOKEN is not set" in capsys.readouterr().err


async def test_commands_sync_once_then_not_again_while_unchanged(fake: FakeDiscord, tmp_path: Path) -> None:
    settings = settings_for(fake, tmp_path, discord_guild_id=GUILD_ID)
    guild_sync = rf"/applications/{APP_ID}/guilds/{GUILD_ID}/commands"
    await run_until_connected(fake, settings)
    assert len(fake.matching("PUT", guild_sync)) == 1
    first_hash = synced_hashes(settings)
    assert list(first_hash) == [f"guild:{GUILD_ID}:application:{APP_ID}"]

    await run_until_connected(fake, settings)
    assert len(fake.matching("PUT", guild_sync)) == 1  # unchanged: no second sync
    assert fake.connections == 2

    await run_until_connected(fake, settings_for(fake, tmp_path))  # a new target (global) is a change
    assert len(fake.matching("PUT", rf"/applications/{APP_ID}/commands")) == 1
    assert synced_hashes(settings).keys() == {*first_hash, f"global:application:{APP_ID}"}
    assert not fake.matching("PUT", r"/applications/\d+/guilds/\d+/commands/.*")


def test_the_invite_url_asks_for_bot_and_applications_commands(capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.run(args("--invite-url"), Settings(discord_token=TOKEN)) == 0
    url = urllib.parse.urlparse(capsys.readouterr().out.strip())
    query = urllib.parse.parse_qs(url.query)
    assert url.netloc == "discord.com"
    assert query["client_id"] == [str(APP_ID)]
    assert query["scope"][0].split() == ["bot", "applications.commands"]
    assert int(query["permissions"][0]) == cli.PERMISSIONS.value


def test_the_invite_url_needs_an_application_id(capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.run(args("--invite-url"), Settings(discord_token=None)) == 2
    assert cli.run(args("--invite-url", "--client-id", "42"), Settings(discord_token=None)) == 0
    assert "client_id=42" in capsys.readouterr().out


async def test_an_unreachable_server_exits_non_zero_with_a_clear_message(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    gone = FakeDiscord()
    await gone.start()
    await gone.stop()  # nothing listens on its port any more
    status = await asyncio.wait_for(cli.serve(settings_for(gone, tmp_path)), timeout=15)
    assert status == 1
    assert f"Could not reach Discord at {gone.api_url}" in capsys.readouterr().err
