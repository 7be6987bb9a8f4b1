"""Long-running processes swap in changed knowledge before their next answer, off the event loop, and keep the
old knowledge (logging why, once) when the folder does not load."""

from __future__ import annotations

import asyncio
import json
import logging
import os
import subprocess
import sys
import threading
import time
from pathlib import Path

from bot import cli
from bot.answering.engine import Engine
from bot.conversation import ConversationKey, Request
from bot.knowledge.files import knowledge_lock
from bot.live import LiveEngine
from bot.service import BotService
from bot.storage.store import MemoryStore

FIXTURES = Path(__file__).parent / "fixtures" / "articles"
NEWS = FIXTURES / "benchmarks-revisited.html"
NEWS_ID = "example-news-llama-4-benchmarks-revisited"
QUESTION = "who is Priya Raman?"


def add(*sources: Path) -> None:
    assert cli.main(["add", *map(str, sources)]) == 0


async def test_a_change_is_swapped_in_before_the_next_answer(folder):
    live = LiveEngine.load(folder, interval_s=0)
    service = BotService(live, MemoryStore())
    key = ConversationKey(platform="test", channel="c")
    first = await service.handle(Request(command="ask", argument=QUESTION, conversation=key))
    assert first.abstained
    old = live.engine
    await asyncio.to_thread(add, NEWS)
    answer = await service.handle(Request(command="ask", argument=QUESTION, conversation=key))
    assert not answer.abstained and "Priya Raman" in answer.text
    assert NEWS_ID in {c.source for c in answer.citations}
    assert live.engine is not old and live.reloads == 1
    assert service.engine is live.engine
    await live.current()
    assert live.reloads == 1  # nothing changed since: no second load


async def test_the_folder_is_checked_at_most_once_per_interval(folder):
    live = LiveEngine.load(folder, interval_s=3600)
    old = live.engine
    await asyncio.to_thread(add, NEWS)
    assert await live.current() is old  # checked at load time; the next check is not due


async def test_a_malformed_file_keeps_the_old_knowledge_and_is_logged_once(folder, caplog):
    live = LiveEngine.load(folder, interval_s=0)
    old = live.engine
    (folder / "articles" / "broken.txt").write_text("no header, no separator\n", encoding="utf-8")
    with caplog.at_level(logging.ERROR, logger="bot.live"):
        for _ in range(3):
            assert await live.current() is old
    [record] = caplog.records
    assert "broken.txt" in record.getMessage() and "previous knowledge" in record.getMessage()
    (folder / "articles" / "broken.txt").unlink()
    await asyncio.to_thread(add, NEWS)
    assert NEWS_ID in {a.id for a in (await live.current()).knowledge.articles}


async def test_no_reload_while_a_writer_holds_the_lock(folder):
    live = LiveEngine.load(folder, interval_s=0)
    old = live.engine
    with knowledge_lock(folder):
        text = (folder / "articles" / "calcsnippets-open-model-war.txt").read_text(encoding="utf-8")
        (folder / "articles" / "calcsnippets-open-model-war.txt").write_text(text + "\nOne more line.\n", "utf-8")
        assert await live.current() is old
    assert await live.current() is not old


async def test_the_new_engine_is_built_off_the_event_loop(folder):
    ticked = threading.Event()
    seen_tick: list[bool] = []

    def loader(path: Path) -> Engine:
        seen_tick.append(ticked.wait(timeout=10))  # only set if the event loop runs while we load
        return Engine.load(path)

    live = LiveEngine(Engine.load(folder), folder, interval_s=0, loader=loader)

    async def ticker() -> None:
        await asyncio.sleep(0)  # runs only once current() yields the loop; a load on the loop would wait in vain
        ticked.set()

    await asyncio.to_thread(add, NEWS)
    tick = asyncio.create_task(ticker())
    engine = await live.current()
    await tick
    assert seen_tick == [True]
    assert NEWS_ID in {a.id for a in engine.knowledge.articles}


async def test_concurrent_questions_during_a_reload_all_get_the_new_knowledge(folder):
    live = LiveEngine.load(folder, interval_s=0)
    await asyncio.to_thread(add, NEWS)
    engines = await asyncio.gather(*(live.current() for _ in range(20)))
    assert len({id(e) for e in engines}) == 1 and live.reloads == 1
    assert NEWS_ID in {a.id for a in engines[0].knowledge.articles}


def test_a_running_ask_json_stream_answers_from_an_article_added_while_it_runs(folder, tmp_path):
    env = {**os.environ, "PYTHONIOENCODING": "utf-8", "LLAMA4_KNOWLEDGE_DIR": str(folder)}
    proc = subprocess.Popen([sys.executable, "-m", "bot", "ask", "--json"], stdin=subprocess.PIPE,
                            stdout=subprocess.PIPE, cwd=tmp_path, env=env)  # fmt: skip
    assert proc.stdin is not None and proc.stdout is not None

    def ask(question: str) -> dict[str, object]:
        assert proc.stdin is not None and proc.stdout is not None
        proc.stdin.write(question.encode() + b"\n")
        proc.stdin.flush()
        return dict(json.loads(proc.stdout.readline()))

    try:
        assert ask(QUESTION)["abstained"] is True
        added = subprocess.run([sys.executable, "-m", "bot", "add", str(NEWS)], capture_output=True, text=True,
                               cwd=tmp_path, env=env, timeout=120)  # fmt: skip
        assert added.returncode == 0, added.stderr
        time.sleep(1.1)  # the stream checks the folder at most once a second
        answer = ask(QUESTION)
        assert answer["abstained"] is False and "Priya Raman" in str(answer["answer"])
        assert NEWS_ID in {c["source"] for c in answer["citations"]}  # type: ignore[union-attr]
    finally:
        proc.stdin.close()
        proc.wait(timeout=30)
        proc.stdout.close()
    assert proc.returncode == 0


async def test_the_console_answers_from_an_article_added_while_it_runs(folder):
    from adapters.console import ConsoleSession
    from bot.app import build_service
    from bot.config import Settings

    service = await build_service(Settings.from_env(dotenv=None))
    try:
        service.engines.interval_s = 0
        session = ConsoleSession(service)
        assert "don't cover that" in str(await session.respond(QUESTION))
        await asyncio.to_thread(add, NEWS)
        reply = str(await session.respond(QUESTION))
        assert "lead evaluator, Priya Raman" in reply and "Llama 4 benchmarks, revisited" in reply
    finally:
        await service.store.close()
