"""The console adapter, driven in-process (as errbot's test backend does) and as a real subprocess."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from adapters.console import ConsoleSession
from bot.answering.engine import Engine
from bot.service import BotService
from bot.storage.store import MemoryStore

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def session(engine: Engine) -> ConsoleSession:
    return ConsoleSession(BotService(engine, MemoryStore()))


async def test_console_answers_commands_and_questions(session: ConsoleSession) -> None:
    assert "10 million tokens" in (await session.respond("what is scout's context window?") or "")
    assert "Llama 4 Maverick" in (await session.respond("/specs maverick") or "")
    table = await session.respond("/compare scout maverick") or ""
    assert "| Total parameters" in table and "Sources:" in table
    assert "ChatForest" in (await session.respond("/sources") or "")
    assert "/compare" in (await session.respond("/help") or "")


async def test_console_follow_ups_share_one_conversation(session: ConsoleSession) -> None:
    await session.respond("what is scout's context window?")
    assert "1 million tokens" in (await session.respond("and maverick?") or "")


async def test_console_quit_and_blank_lines(session: ConsoleSession) -> None:
    assert await session.respond("") == ""
    assert await session.respond("/quit") is None


def test_console_subprocess_reads_stdin_until_eof(tmp_path: Path) -> None:
    env = {**os.environ, "LLAMA4_DATABASE": str(tmp_path / "bot.sqlite3")}
    done = subprocess.run(
        [sys.executable, "-m", "bot", "console"],
        input="what is maverick's context window?\n/specs scout\n\x00\xff garbage\n",
        capture_output=True, text=True, timeout=60, cwd=tmp_path, env=env,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert "1 million tokens" in done.stdout
    assert "Llama 4 Scout spec sheet" in done.stdout
    assert "Traceback" not in done.stderr
