"""Versioned migrations: a fresh database, and one written by the previous version upgraded in place."""

from __future__ import annotations

import contextlib
import sqlite3
from pathlib import Path

import pytest

from bot.config import Settings
from bot.conversation import ChannelSettings
from bot.storage import SqliteStore, open_store
from bot.storage.connection import connect
from bot.storage.migrations import LATEST, V1, SchemaTooNew, migrate
from bot.storage.store import MemoryStore, PendingWork
from tests.storage.conftest import Clock, answer, conv, request, rows

FIXTURE = Path(__file__).parent / "fixtures" / "schema_v1.sql"
NOW = 1_750_000_000.0


def make_v1_database(path: Path, salt_hash: str) -> None:
    """What release 1 left on disk: its schema (frozen in the fixture) and some history."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with contextlib.closing(sqlite3.connect(path)) as db, db:
        db.executescript(FIXTURE.read_text(encoding="utf-8"))
        db.execute("PRAGMA user_version = 1")
        db.execute("INSERT INTO meta VALUES ('user_hash_salt', 'old-salt')")
        db.execute("INSERT INTO events VALUES ('slack:Ev-old', ?)", (NOW - 60,))
        exchange = (
            "INSERT INTO exchanges (at, platform, workspace, channel, user_hash, command, question,"
            " answer_id, kind, abstained, latency_ms)"
            " VALUES (?, 'discord', 'G1', 'C1', ?, 'ask', ?, ?, ?, ?, ?)"
        )
        db.execute(exchange, (NOW - 100, salt_hash, "what is scout's context window?", "a1", "fact", 0, 40.0))
        db.execute(exchange, (NOW - 90, salt_hash, "price on groq?", "a2", "abstained", 1, 60.0))
        db.execute(exchange, (NOW - 80, salt_hash, "price on groq?", "a2", "abstained", 1, 60.0))  # a v1 dup
        db.execute("INSERT INTO feedback VALUES ('a1', ?, 0, ?)", (salt_hash, NOW - 50))
        turn = '{"question": "scout?", "subjects": ["Llama 4 Scout"], "attribute": null, "qualifier": null}'
        db.execute("INSERT INTO turns VALUES ('discord', 'G1', 'C1', '', ?, ?, ?)", (salt_hash, turn, NOW - 30))
        settings = '{"private_by_default": true, "answer_plain_questions": false, "enabled": true}'
        db.execute("INSERT INTO channel_settings VALUES ('discord', 'G1', 'C1', ?, ?)", (settings, NOW - 20))
    with contextlib.closing(sqlite3.connect(path)) as db, db:
        assert db.execute("PRAGMA user_version").fetchone() == (1,)


def test_release_1_migration_is_frozen() -> None:
    """Released migrations must never change: the fixture is release 1's schema, word for word."""
    frozen = FIXTURE.read_text(encoding="utf-8").split("\n", 1)[1]
    assert frozen.strip() == V1.strip()


async def test_fresh_database_gets_the_latest_schema(db_path: Path) -> None:
    store = await SqliteStore.open(db_path, salt="s")
    await store.close()
    assert rows(db_path, "PRAGMA user_version") == [(LATEST,)]
    tables = {r[0] for r in rows(db_path, "SELECT name FROM sqlite_master WHERE type = 'table'")}
    assert {
        "meta",
        "events",
        "exchanges",
        "feedback",
        "turns",
        "channel_settings",
        "storage_failures",
    } <= tables


async def test_a_version_1_database_upgrades_in_place_and_keeps_its_history(db_path: Path) -> None:
    from bot.storage.privacy import UserHasher

    user_hash = UserHasher("old-salt").hash("U1")
    make_v1_database(db_path, user_hash)
    clock = Clock(NOW)
    store = await SqliteStore.open(db_path, clock=clock)  # no salt configured: the stored one is used
    try:
        assert rows(db_path, "PRAGMA user_version") == [(LATEST,)]
        assert rows(db_path, "SELECT answer_id, thread, answer_text FROM exchanges ORDER BY at") == [
            ("a1", "", ""),
            ("a2", "", ""),
        ]
        key = conv(platform="discord", user="U1").model_copy(update={"workspace": "G1"})
        turn = await store.last_turn(key)
        assert turn is not None and turn.subjects == ("Llama 4 Scout",)
        assert (await store.channel_settings(key)) == ChannelSettings(private_by_default=True)
        assert await store.remember_event("slack:Ev-old") is False
        # the old user's vote is the same user as before: a new vote replaces it
        await store.record_feedback("a1", "U1", True)
        assert rows(db_path, "SELECT helpful FROM feedback") == [(1,)]
        await store.record_exchange(request("and maverick?", key), answer(), 10.0)
        exchanges, _, _ = await store.report_rows(None)
        assert [e.answer_id for e in exchanges][:2] == ["a1", "a2"] and len(exchanges) == 3
        assert rows(db_path, "PRAGMA integrity_check") == [("ok",)]
    finally:
        await store.close()


async def test_a_failed_migration_leaves_the_old_version_untouched(db_path: Path) -> None:
    make_v1_database(db_path, "h:x")
    with contextlib.closing(sqlite3.connect(db_path)) as db, db:
        db.execute("CREATE TABLE storage_failures (x)")  # makes step 2 fail halfway
    with pytest.raises(sqlite3.OperationalError):
        await SqliteStore.open(db_path)
    assert rows(db_path, "PRAGMA user_version") == [(1,)]
    columns = {r[1] for r in rows(db_path, "PRAGMA table_info(exchanges)")}
    assert "answer_text" not in columns


async def test_a_newer_schema_is_refused_and_the_bot_still_starts(db_path: Path) -> None:
    db_path.parent.mkdir(parents=True)
    with contextlib.closing(sqlite3.connect(db_path)) as db, db:
        db.execute(f"PRAGMA user_version = {LATEST + 1}")
    with pytest.raises(SchemaTooNew):
        await SqliteStore.open(db_path)
    fallback = await open_store(Settings(database_path=db_path))
    assert isinstance(fallback, MemoryStore)
    assert rows(db_path, "PRAGMA user_version") == [(LATEST + 1,)]


async def test_a_version_3_database_keeps_its_pending_questions_and_gains_the_shared_state(db_path: Path) -> None:
    """Version 3 (the outbox and faults) was released first; version 4 adds the state processes share."""
    db_path.parent.mkdir(parents=True)
    db = await connect(db_path, busy_timeout_ms=1000)
    try:
        await migrate(db, target=3)
        await db.execute("INSERT INTO outbox VALUES ('slack:C1:1.0', 'slack.event', '{}', ?)", (NOW - 5,))
        await db.execute("INSERT INTO faults (at, kind) VALUES (?, 'delivery_failed')", (NOW - 5,))
    finally:
        await db.close()
    assert rows(db_path, "PRAGMA user_version") == [(3,)]
    store = await SqliteStore.open(db_path, salt="s", clock=Clock(NOW))
    try:
        assert rows(db_path, "PRAGMA user_version") == [(LATEST,)] and LATEST == 4
        assert await store.pending() == [PendingWork("slack:C1:1.0", "slack.event", "{}", NOW - 5)]
        assert await store.fault_counts(None) == {"delivery_failed": 1}
        assert await store.claim("k", "key", "v", 60.0) and await store.recall("k", "key") == "v"
    finally:
        await store.close()
