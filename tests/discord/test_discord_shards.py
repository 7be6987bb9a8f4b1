"""Sharding: the shard choice, Discord's recommended count, and two processes splitting the shards.

The two-process test starts real ``llama4-bot discord --shard-count 2 --shard-ids N``
processes against the local Discord, both on one PostgreSQL database: each IDENTIFY
names its own shard, and the slash commands are synced once in total.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import os
import signal
import sys
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
import pytest_asyncio
from discord_fake import APP_ID, TOKEN, FakeDiscord

from adapters.discord import cli
from bot.config import Settings
from bot.storage.postgres_store import pg

ROOT = Path(__file__).resolve().parents[2]


@pytest_asyncio.fixture
async def fake() -> AsyncIterator[FakeDiscord]:
    server = FakeDiscord()
    await server.start()
    yield server
    await server.stop()


def parse(*argv: str) -> argparse.Namespace:
    parser = argparse.ArgumentParser()
    cli.add_arguments(parser)
    return parser.parse_args(argv)


def identified_shards(fake: FakeDiscord) -> list[list[int]]:
    return sorted(frame["d"]["shard"] for frame in fake.gateway_frames if frame.get("op") == 2)


@pytest.mark.parametrize(
    ("argv", "env", "expected"),
    [
        (["--shard-count", "4", "--shard-ids", "1, 3"], {}, (4, (1, 3))),
        (["--shard-count", "2"], {}, (2, None)),
        ([], {"DISCORD_SHARD_COUNT": "3", "DISCORD_SHARD_IDS": "2"}, (3, (2,))),
        (["--shard-ids", "0"], {"DISCORD_SHARD_COUNT": "2", "DISCORD_SHARD_IDS": "1"}, (2, (0,))),  # flags win
        ([], {}, (None, None)),
    ],
)
def test_the_shard_choice_comes_from_flags_over_the_environment(
    argv: list[str], env: dict[str, str], expected: tuple[object, object]
) -> None:
    settings = Settings.from_env({"DISCORD_TOKEN": TOKEN, **env}, dotenv=None)
    args = parse(*argv)
    chosen = cli.with_shards(settings, args.shard_count, args.shard_ids)
    assert isinstance(chosen, Settings)
    assert (chosen.discord_shard_count, chosen.discord_shard_ids) == expected


@pytest.mark.parametrize(
    ("argv", "named"),
    [
        (["--shard-ids", "0,1"], "needs DISCORD_SHARD_COUNT (--shard-count)"),
        (["--shard-count", "2", "--shard-ids", "2"], "below the shard count 2"),
        (["--shard-count", "0"], "--shard-count must be at least 1"),
        (["--shard-count", "2", "--shard-ids", "zero"], "--shard-ids must be shard numbers"),
    ],
)
def test_a_wrong_shard_choice_exits_before_any_network(
    argv: list[str], named: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert cli.run(parse(*argv), Settings(discord_token=TOKEN)) == 2
    err = capsys.readouterr().err
    assert named in err and err.count("\n") == 1


async def test_without_flags_the_bot_runs_the_count_discord_recommends(fake: FakeDiscord, tmp_path: Path) -> None:
    fake.recommended_shards = 2
    settings = Settings(
        database_path=tmp_path / "bot.sqlite3",
        discord_token=TOKEN,
        discord_api_base_url=fake.api_url,
        discord_gateway_url=fake.gateway_url,
    )
    task = asyncio.create_task(cli.serve(settings))
    try:
        # discord.py waits 5 s between two IDENTIFYs, as Discord's identify rate limit asks
        await fake.wait_for(lambda: len(identified_shards(fake)) == 2, within=30)
        assert identified_shards(fake) == [[0, 2], [1, 2]]
        assert fake.matching("GET", "/gateway/bot")
    finally:
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await task


async def test_two_processes_split_the_shards_and_sync_the_commands_once(
    fake: FakeDiscord, pg_url: str, tmp_path: Path
) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("LLAMA4_", "DISCORD_"))}
    env.update(
        DISCORD_TOKEN=TOKEN,
        DISCORD_API_BASE_URL=fake.api_url,
        DISCORD_GATEWAY_URL=fake.gateway_url,
        LLAMA4_DATABASE_URL=pg_url,
        LLAMA4_DATABASE=str(tmp_path / "unused.sqlite3"),
        PYTHONPATH=str(ROOT),
    )
    processes = [
        await asyncio.create_subprocess_exec(
            sys.executable,
            "-m",
            "bot",
            "discord",
            "--shard-count",
            "2",
            "--shard-ids",
            str(shard),
            cwd=tmp_path,
            env=env,
            stdin=asyncio.subprocess.DEVNULL,
            stdout=asyncio.subprocess.DEVNULL,
            stderr=asyncio.subprocess.PIPE,
        )
        for shard in (0, 1)
    ]
    try:
        await fake.wait_for(lambda: len(identified_shards(fake)) == 2, within=60)
        assert identified_shards(fake) == [[0, 2], [1, 2]]
        assert len(fake.matching("PUT", rf"/applications/{APP_ID}/commands")) == 1
        assert not fake.matching("GET", "/gateway/bot")  # the count was given: no need to ask for one
        import psycopg

        with psycopg.connect(pg_url) as db:
            kept = db.execute(pg("SELECT key FROM shared WHERE kind = ?").encode(), ("discord-commands",)).fetchall()
        assert kept == [(f"global:application:{APP_ID}",)]
    finally:
        for process in processes:
            if process.returncode is None:
                process.send_signal(signal.SIGTERM)
        for process in processes:
            try:
                await asyncio.wait_for(process.wait(), timeout=15)
            except TimeoutError:
                process.kill()
                await process.wait()
    assert not (tmp_path / "unused.sqlite3").exists()
