"""Start-up: a malformed knowledge file stops every mode with one clear line, never a traceback."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from bot.config import DEFAULT_KNOWLEDGE_DIR

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def broken_knowledge(tmp_path: Path) -> Path:
    folder = tmp_path / "knowledge"
    shutil.copytree(DEFAULT_KNOWLEDGE_DIR, folder, ignore=shutil.ignore_patterns(".index"))
    article = next((folder / "articles").glob("*.txt"))
    article.write_text(article.read_text(encoding="utf-8").replace("\n---\n", "\n"), encoding="utf-8")
    return folder


@pytest.mark.parametrize(
    ("argv", "env"),
    [
        (["ask", "what is iRoPE?"], {}),
        (["console", "--no-history"], {}),
        (["slack", "--http"], {"SLACK_BOT_TOKEN": "xoxb-test", "SLACK_SIGNING_SECRET": "test-secret"}),
        (["slack"], {"SLACK_BOT_TOKEN": "xoxb-test", "SLACK_APP_TOKEN": "xapp-test"}),
        (["discord"], {"DISCORD_TOKEN": "MTAw.test.token"}),
    ],
)
def test_a_malformed_knowledge_file_stops_every_mode_with_one_line(broken_knowledge, tmp_path, argv, env) -> None:
    variables = {
        "PATH": os.environ.get("PATH", ""),
        "PYTHONPATH": str(ROOT),
        "LLAMA4_KNOWLEDGE_DIR": str(broken_knowledge),
        "LLAMA4_DATABASE": str(tmp_path / "bot.sqlite3"),
        # Nothing may be reached: the knowledge is loaded before any connection.
        "SLACK_API_URL": "http://127.0.0.1:9/api/",
        "DISCORD_API_BASE_URL": "http://127.0.0.1:9/api/v10",
        "DISCORD_GATEWAY_URL": "ws://127.0.0.1:9/gateway",
        **env,
    }
    done = subprocess.run([sys.executable, "-m", "bot", *argv], input=b"", capture_output=True, timeout=60,
                          cwd=tmp_path, env=variables)  # fmt: skip
    errors = done.stderr.decode()
    assert done.returncode == 1
    assert "Traceback" not in errors
    [line] = errors.strip().splitlines()
    assert "cannot load the knowledge base" in line and "---" in line
