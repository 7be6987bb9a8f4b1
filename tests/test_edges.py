"""Small edges a new user hits: huge stats windows, a closed pipe, ask --json with an argument, purge 0."""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from adapters.discord import cli as discord_cli
from adapters.slack import cli as slack_cli
from bot import cli as bot_cli
from bot.answering.engine import Engine
from bot.config import Settings
from bot.conversation import ConversationKey, Request
from bot.service import BotService
from bot.storage import SqliteStore, open_store

ROOT = Path(__file__).resolve().parent.parent


def _run(args: list[str], cwd: Path, stdin: bytes = b"", **env: str) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run([sys.executable, "-m", "bot", *args], input=stdin, capture_output=True, timeout=60,
                          cwd=cwd, env={**os.environ, "PYTHONIOENCODING": "utf-8", "PYTHONPATH": str(ROOT), **env})  # fmt: skip


@pytest.fixture
def database(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, engine: Engine) -> Path:
    """A database with one answered question, configured through LLAMA4_DATABASE."""
    path = tmp_path / "bot.sqlite3"
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("LLAMA4_DATABASE", str(path))
    return path


async def _one_question(path: Path, engine: Engine) -> None:
    store = await open_store(Settings(database_path=path))
    await BotService(engine, store).handle(
        Request(argument="what is iRoPE?", conversation=ConversationKey(platform="t"))
    )
    await store.close()


@pytest.mark.parametrize("window", ["1000000d", "99999999999999999999d", "9999999999w"])
def test_stats_with_a_window_longer_than_history_shows_everything(database, engine, capsys, window) -> None:
    asyncio.run(_one_question(database, engine))
    assert bot_cli.main(["stats", "--since", window]) == 0
    out = capsys.readouterr().out
    assert re.search(r"Questions since 1970-01-01 00:00 UTC: 1\b", out), out


def test_stats_with_an_infinite_window_is_a_usage_error(database, capsys) -> None:
    with pytest.raises(SystemExit) as exit_:
        bot_cli.main(["stats", "--since", "9" * 400 + "d"])
    assert exit_.value.code == 2 and "too long" in capsys.readouterr().err


@pytest.mark.parametrize("command", [["console", "--no-history"], ["ask", "--json"]])
def test_a_reader_that_goes_away_ends_the_command_quietly(tmp_path: Path, command: list[str]) -> None:
    script = f"printf '/help\\n%.0s' $(seq 200) | {sys.executable} -m bot {' '.join(command)} 2>err.txt | head -1"
    done = subprocess.run(["bash", "-c", script], cwd=tmp_path, capture_output=True, timeout=120,
                          env={**os.environ, "PYTHONPATH": str(ROOT)})  # fmt: skip
    assert done.stdout.count(b"\n") == 1
    errors = (tmp_path / "err.txt").read_text()
    assert "BrokenPipeError" not in errors and "Traceback" not in errors, errors


def test_ask_json_with_a_question_argument_answers_it_as_one_json_line(tmp_path: Path) -> None:
    done = _run(["ask", "--json", "what is scout's context window?"], cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    [line] = done.stdout.decode().splitlines()
    answer = json.loads(line)
    assert answer["question"] == "what is scout's context window?" and "10" in answer["answer"]


def test_purge_older_than_0_is_refused_and_deletes_nothing(database, engine, capsys) -> None:
    asyncio.run(_one_question(database, engine))
    for days in ("0", "-1", "0.0"):
        with pytest.raises(SystemExit) as exit_:
            bot_cli.main(["purge", "--older-than", days])
        assert exit_.value.code == 2
    assert "greater than 0" in capsys.readouterr().err
    assert bot_cli.main(["purge", "--older-than", "0.5"]) == 0  # a real window still works
    assert "exchanges 0" in capsys.readouterr().out


async def test_feedback_for_an_answer_id_that_does_not_exist_is_not_stored(tmp_path: Path, engine: Engine) -> None:
    store = await SqliteStore.open(tmp_path / "bot.sqlite3", salt="s")
    try:
        service = BotService(engine, store)
        real = await service.handle(Request(argument="what is iRoPE?", conversation=ConversationKey(platform="t")))
        await service.feedback(real.id, "U1", True)
        await service.feedback("f" * 32, "U1", False)  # never answered: a forged or stale button
        _, votes, _ = await store.report_rows(None)
    finally:
        await store.close()
    assert [(v.answer_id, v.helpful) for v in votes] == [(real.id, True)]


async def test_purge_user_also_deletes_that_users_discord_votes(tmp_path: Path, engine: Engine) -> None:
    from adapters.discord.convert import conversation_key, feedback_user

    store = await SqliteStore.open(tmp_path / "bot.sqlite3", salt="s")
    try:
        service = BotService(engine, store)
        user = 123456789012345678
        key = conversation_key(1, 2, user)
        answer = await service.handle(Request(argument="what is iRoPE?", conversation=key))
        await service.feedback(answer.id, feedback_user(user), True)
        other = await service.handle(Request(argument="what is iRoPE?", conversation=conversation_key(1, 2, 99)))
        await store.record_feedback(other.id, f"discord:{user}", False)  # how votes were stored before
        counts = await store.purge_user(str(user))
        _, votes, _ = await store.report_rows(None)
    finally:
        await store.close()
    assert counts["feedback"] == 2 and votes == []


def test_no_test_relies_on_sqlite_connections_closing_themselves() -> None:
    """A connection used as a context manager commits but does not close: Python 3.13 warns (an error here)."""
    offenders = [
        f"{path.relative_to(ROOT)}:{n}"
        for path in (ROOT / "tests").rglob("*.py")
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if re.search(r"with sqlite3\.connect\(", line)
    ]
    assert offenders == []


def test_a_malformed_token_is_named_by_invite_url(capsys) -> None:
    parser = argparse.ArgumentParser()
    discord_cli.add_arguments(parser)
    assert discord_cli.run(parser.parse_args(["--invite-url"]), Settings(discord_token="not-a-bot-token")) == 2
    err = capsys.readouterr().err
    assert "not a bot token" in err and "set DISCORD_TOKEN" not in err and "not-a-bot-token" not in err


def test_slack_http_binds_loopback_unless_told_otherwise() -> None:
    parser = argparse.ArgumentParser()
    slack_cli.add_arguments(parser)
    assert parser.parse_args([]).host == "127.0.0.1"
    assert parser.parse_args(["--host", "0.0.0.0"]).host == "0.0.0.0"


def _stub_python(path: Path, version: str, log: Path) -> None:
    """A 'python' that reports ``version`` and, asked to make a venv, makes one whose python is the same stub."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(
        "#!/usr/bin/env bash\n"
        f'echo "$0 $*" >> {log}\n'
        f'if [ "$1" = "-c" ]; then echo {version}; exit 0; fi\n'
        'if [ "$1 $2" = "-m venv" ]; then mkdir -p "$3/bin"; cp "$0" "$3/bin/python"; fi\n'
        "exit 0\n"
    )
    path.chmod(0o755)


def test_setup_venv_rebuilds_a_venv_made_by_another_python(tmp_path: Path) -> None:
    log = tmp_path / "calls.log"
    (tmp_path / "pyproject.toml").write_text("")
    _stub_python(tmp_path / ".venv" / "bin" / "python", "3.9", log)  # an old .venv
    (tmp_path / ".venv" / ".installed-dev").write_text("")
    _stub_python(tmp_path / "py" / "python3", "3.13", log)
    script = f"source {ROOT / 'scripts' / 'setup-venv'} dev"
    done = subprocess.run(["bash", "-c", script], cwd=tmp_path, capture_output=True, timeout=30,
                          env={**os.environ, "PYTHON": str(tmp_path / "py" / "python3")})  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert b"built by Python 3.9, not 3.13" in done.stderr
    calls = log.read_text()
    assert "-m venv .venv" in calls and "-m pip install" in calls  # rebuilt and reinstalled
    assert (tmp_path / ".venv" / ".installed-dev").exists()


def test_the_console_stops_on_sigterm_and_closes_its_store(tmp_path: Path) -> None:
    import signal
    import time

    database = tmp_path / "bot.sqlite3"
    child = subprocess.Popen([sys.executable, "-m", "bot", "console", "--no-history"], cwd=tmp_path,
                             stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                             env={**os.environ, "PYTHONPATH": str(ROOT), "LLAMA4_DATABASE": str(database)})  # fmt: skip
    assert child.stdin is not None and child.stdout is not None
    child.stdin.write(b"what is iRoPE?\n")
    child.stdin.flush()
    child.stdout.readline()  # answered: the store is open and has written
    time.sleep(0.2)
    child.send_signal(signal.SIGTERM)
    _, stderr = child.communicate(timeout=10)  # also closes the pipes
    errors = stderr.decode()
    assert child.returncode == 0, errors
    assert "Traceback" not in errors
    assert database.exists() and not database.with_name(database.name + "-wal").exists()
