"""A running Slack app (Socket Mode, against the local Slack) answers from an article added while it runs."""

from __future__ import annotations

import asyncio
import contextlib
import os
import shutil
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

from slackfake import BOT_USER, envelope, event_callback, message_event, until

from adapters.slack import cli
from bot.config import DEFAULT_KNOWLEDGE_DIR

ROOT = Path(__file__).resolve().parents[2]
NEWS = ROOT / "tests" / "fixtures" / "articles" / "benchmarks-revisited.html"
NEWS_TITLE = "Llama 4 benchmarks, revisited"


async def test_serve_answers_from_an_article_added_while_it_runs(slack_api, settings, tmp_path):
    folder = tmp_path / "knowledge"
    for part in ("articles", "facts"):
        await asyncio.to_thread(shutil.copytree, DEFAULT_KNOWLEDGE_DIR / part, folder / part)
    running = replace(settings, slack_signing_secret=None, knowledge_dir=folder)
    task = asyncio.create_task(cli.serve(running, http=False, host="127.0.0.1", port=0))

    async def ask(n: int) -> str:
        event = message_event(f"<@{BOT_USER}> who is Priya Raman?", ts=f"1700000000.00010{n}")
        await slack_api.sockets[-1].send_json(envelope(f"env-live-{n}", event_callback(event, f"Ev0LIVE{n}")))
        await until(lambda: len(slack_api.calls_to("chat.postMessage")) >= n, within=30)
        return str(slack_api.calls_to("chat.postMessage")[n - 1].params)

    try:
        await until(lambda: slack_api.sockets or task.done(), within=30)
        before = await ask(1)
        assert "Priya Raman" not in before.replace("who is Priya Raman", "")
        env = {**os.environ, "LLAMA4_KNOWLEDGE_DIR": str(folder)}
        added = await asyncio.to_thread(
            subprocess.run, [sys.executable, "-m", "bot", "add", str(NEWS)], capture_output=True, text=True,
            cwd=tmp_path, env=env, timeout=120,
        )  # fmt: skip
        assert added.returncode == 0, added.stderr
        await asyncio.sleep(1.1)  # the app checks the folder at most once a second
        after = await ask(2)
        assert "lead evaluator, Priya Raman" in after and NEWS_TITLE in after
    finally:
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await task
