"""Storage never takes the bot down: locked, full and read-only databases are retried, counted and shown."""

from __future__ import annotations

import asyncio
import sqlite3
from pathlib import Path

from bot.answering.engine import Engine
from bot.cli.stats import report
from bot.config import DEFAULT_KNOWLEDGE_DIR, Settings
from bot.service import BotService
from bot.storage import SqliteStore, open_store
from bot.storage.store import MemoryStore
from bot.storage.writer import Writer
from tests.storage.conftest import answer, conv, request, rows


async def open_fragile(db_path: Path) -> SqliteStore:
    return await SqliteStore.open(db_path, salt="s", busy_timeout_ms=50, attempts=2)


async def test_a_locked_database_is_retried_counted_and_saved_later(db_path: Path) -> None:
    store = await open_fragile(db_path)
    try:
        await store.record_exchange(request("before"), answer(), 1.0)
        blocker = sqlite3.connect(db_path, timeout=0)
        blocker.execute("BEGIN IMMEDIATE")  # another process holds the write lock
        try:
            await store.record_exchange(request("while locked"), answer(), 1.0)  # does not raise
            assert await store.remember_event("ev-locked") is True  # treated as new, not dropped
            assert store.failures == {"record_exchange": 1, "remember_event": 1}
            turn = await store.last_turn(conv())  # readers are not blocked by the writer's lock
            assert turn is not None
        finally:
            blocker.rollback()
            blocker.close()
        await store.record_exchange(request("after"), answer(), 1.0)
        saved = rows(db_path, "SELECT operation FROM storage_failures ORDER BY operation")
        assert saved == [("record_exchange",), ("remember_event",)]
        assert [r[0] for r in rows(db_path, "SELECT question FROM exchanges ORDER BY id")] == [
            "before",
            "after",
        ]
    finally:
        await store.close()
    shown = await report(Settings(database_path=db_path, user_hash_salt="s"), None)
    assert shown.storage_failures == 2
    assert shown.failures_by_operation == {"record_exchange": 1, "remember_event": 1}


async def test_a_full_database_degrades_and_recovers(db_path: Path) -> None:
    store = await open_fragile(db_path)
    try:
        (pages,) = rows(db_path, "PRAGMA page_count")[0]
        await store._writer_db.execute(f"PRAGMA max_page_count = {pages}")
        big = answer(text="x" * 8000)
        await store.record_exchange(request("too big to fit"), big, 1.0)
        assert store.failures["record_exchange"] == 1
        await store._writer_db.execute("PRAGMA max_page_count = 1000000")
        fits = answer()
        await store.record_exchange(request("fits again"), fits, 1.0)
        await store.record_feedback(fits.id, "U1", False)
        assert rows(db_path, "SELECT operation, error LIKE '%full%' FROM storage_failures") == [("record_exchange", 1)]
        assert rows(db_path, "SELECT count(*) FROM feedback") == [(1,)]
    finally:
        await store.close()


async def test_a_read_only_database_still_lets_the_user_get_an_answer(db_path: Path) -> None:
    store = await open_fragile(db_path)
    try:
        service = BotService(Engine.load(DEFAULT_KNOWLEDGE_DIR), store)
        await store._writer_db.execute("PRAGMA query_only = 1")  # every write now fails as read-only
        got = await service.handle(request("what is scout's context window?"))
        assert got.kind.value == "fact" and "10" in got.text
        assert await service.feedback(got.id, "U1", True) is True
        assert service.storage_failures == 0  # the store degraded by itself
        assert store.failures == {"record_exchange": 1, "record_feedback": 1}
        await store._writer_db.execute("PRAGMA query_only = 0")
        await service.handle(request("and maverick?"))
        assert rows(db_path, "SELECT count(*) FROM storage_failures") == [(2,)]
        assert rows(db_path, "SELECT question FROM exchanges") == [("and maverick?",)]
    finally:
        await store.close()


async def test_failures_during_close_are_not_lost_silently(db_path: Path) -> None:
    store = await open_fragile(db_path)
    await store._writer_db.execute("PRAGMA query_only = 1")
    await store.record_feedback("a", "U1", True)
    await store._writer_db.execute("PRAGMA query_only = 0")
    await store.close()  # saves the pending failure count on the way out
    assert rows(db_path, "SELECT operation FROM storage_failures") == [("record_feedback",)]


async def test_one_bad_job_fails_alone_and_its_batch_mates_commit(db_path: Path) -> None:
    store = await SqliteStore.open(db_path, salt="s")
    try:
        writer: Writer = store._writer
        good = [("INSERT INTO events (key, at) VALUES (?, ?)", (f"k{i}", 1.0)) for i in range(5)]
        bad = [
            ("INSERT INTO events (key, at) VALUES ('first-half', 1)", ()),
            ("INSERT INTO events (key, at) VALUES (NULL, NULL)", ()),
        ]
        results = await asyncio.gather(
            *(writer.submit([s]) for s in good[:3]),
            writer.submit(bad),
            *(writer.submit([s]) for s in good[3:]),
            return_exceptions=True,
        )
        assert isinstance(results[3], sqlite3.IntegrityError)
        assert [r for i, r in enumerate(results) if i != 3] == [[], [], [], [], []]
        keys = {r[0] for r in rows(db_path, "SELECT key FROM events")}
        assert {f"k{i}" for i in range(5)} <= keys and "first-half" not in keys
    finally:
        await store.close()


async def test_an_unopenable_database_falls_back_to_memory(tmp_path: Path) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where a folder should be")
    fallback = await open_store(Settings(database_path=blocker / "db.sqlite3"))
    assert isinstance(fallback, MemoryStore)
    garbage = tmp_path / "garbage.sqlite3"
    garbage.write_bytes(b"this is not a database" * 100)
    assert isinstance(await open_store(Settings(database_path=garbage)), MemoryStore)
