"""Each Store method on each backend (a SQLite file, a PostgreSQL schema): dedupe, follow-up context, exchanges, votes, channel settings."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path

import pytest

from bot.conversation import ChannelSettings
from bot.models import AnswerKind
from bot.storage import SqliteStore, open_store
from bot.storage.maintenance import Policy
from bot.storage.migrations import LATEST
from bot.storage.store import Store
from tests.storage.conftest import AnyStore, Backend, Clock, answer, conv, request, rows


def test_sqlite_store_satisfies_the_store_protocol(store: AnyStore) -> None:
    checked: Store = store  # mypy checks the protocol; this also guards against renames at runtime
    for name in (
        "remember_event",
        "accept",
        "complete",
        "pending",
        "record_fault",
        "health",
        "last_turn",
        "record_exchange",
        "record_feedback",
        "channel_settings",
        "update_channel_settings",
        "close",
    ):
        assert callable(getattr(checked, name))


async def test_a_new_database_gets_the_latest_schema(store: AnyStore, backend: Backend) -> None:
    assert backend.schema_version() == LATEST
    if backend.name == "sqlite":
        assert backend.db_path.parent.is_dir()
        assert backend.rows("PRAGMA journal_mode") == [("wal",)]


async def test_remember_event_dedupes_and_survives_a_restart(backend: Backend, clock: Clock) -> None:
    first = await backend.open(salt="s", clock=clock)
    assert await first.remember_event("slack:Ev1") is True
    assert await first.remember_event("slack:Ev1") is False
    assert await first.remember_event("slack:Ev2") is True
    await first.close()
    second = await backend.open(salt="s", clock=clock)
    try:
        assert await second.remember_event("slack:Ev1") is False
        assert await second.remember_event("slack:Ev3") is True
    finally:
        await second.close()


async def test_concurrent_duplicates_of_one_event_are_new_exactly_once(store: AnyStore) -> None:
    results = await asyncio.gather(*(store.remember_event("discord:42") for _ in range(50)))
    assert results.count(True) == 1


async def test_event_keys_are_bounded(backend: Backend, clock: Clock) -> None:
    policy = Policy(max_events=20, prune_events_every=10, event_ttl_s=3600)
    store = await backend.open(salt="s", policy=policy, clock=clock)
    try:
        for i in range(55):
            clock.now += 1
            assert await store.remember_event(f"e{i}")
        assert backend.rows("SELECT count(*) FROM events")[0][0] <= 20 + 10
        # the newest keys are kept, so a retry of a recent delivery is still caught
        assert await store.remember_event("e54") is False
        clock.now += 3601
        await store.run_maintenance()
        assert backend.rows("SELECT count(*) FROM events") == [(0,)]
    finally:
        await store.close()


async def test_last_turn_is_per_conversation_and_expires_when_idle(backend: Backend, clock: Clock) -> None:
    store = await backend.open(salt="s", policy=Policy(conversation_idle_s=600), clock=clock)
    try:
        here, other_thread, other_user = conv(thread="t1"), conv(thread="t2"), conv(user="U2", thread="t1")
        await store.record_exchange(request("what is scout's context window?", here), answer(), 5.0)
        turn = await store.last_turn(here)
        assert turn is not None and turn.subjects == ("Llama 4 Scout",)
        assert await store.last_turn(other_thread) is None
        assert await store.last_turn(other_user) is None
        clock.now += 599
        assert await store.last_turn(here) is not None
        clock.now += 2
        assert await store.last_turn(here) is None
    finally:
        await store.close()


async def test_a_follow_up_replaces_the_turn_and_survives_a_restart(backend: Backend, clock: Clock) -> None:
    store = await backend.open(salt="s", clock=clock)
    await store.record_exchange(request("scout context?"), answer(), 5.0)
    await store.record_exchange(request("and maverick?"), answer(subjects=("Llama 4 Maverick",)), 5.0)
    await store.close()
    store = await backend.open(salt="s", clock=clock)
    try:
        turn = await store.last_turn(conv())
        assert turn is not None and turn.subjects == ("Llama 4 Maverick",)
    finally:
        await store.close()


async def test_record_exchange_keeps_every_field_and_no_raw_user_id(store: AnyStore, backend: Backend) -> None:
    key = conv(user="U0SECRETID", thread="1700000000.1")
    given = answer(kind=AnswerKind.ABSTAINED, text="I could not find that in my sources.")
    await store.record_exchange(request("what about price?", key), given, 123.5)
    (row,) = backend.rows(
        "SELECT platform, workspace, channel, thread, user_hash, command, question, answer_id, kind,"
        " abstained, answer_text, latency_ms FROM exchanges",
    )
    assert row[:4] == ("slack", "T1", "C1", "1700000000.1")
    assert row[4] != "U0SECRETID" and str(row[4]).startswith("h:")
    assert row[5:] == (
        "ask",
        "what about price?",
        given.id,
        "abstained",
        1,
        "I could not find that in my sources.",
        123.5,
    )
    await store.close()
    if backend.name == "sqlite":
        for file in backend.db_path.parent.iterdir():
            assert b"U0SECRETID" not in file.read_bytes()


async def test_raw_user_ids_only_when_the_operator_opts_in(backend: Backend) -> None:
    store = await backend.open(salt="s", store_raw_user_ids=True)
    try:
        await store.record_exchange(request("q", conv(user="U77")), answer(), 1.0)
        assert backend.rows("SELECT user_hash FROM exchanges") == [("U77",)]
    finally:
        await store.close()


async def test_the_salt_is_generated_once_and_kept(backend: Backend) -> None:
    store = await backend.open()
    await store.record_exchange(request("q", conv(user="U9")), answer(), 1.0)
    await store.close()
    store = await backend.open()
    try:
        await store.record_exchange(request("q2", conv(user="U9")), answer(), 1.0)
        hashes = backend.rows("SELECT DISTINCT user_hash FROM exchanges")
        assert len(hashes) == 1
        (salt,) = backend.rows("SELECT value FROM meta WHERE key = 'user_hash_salt'")[0]
        assert len(str(salt)) == 64
    finally:
        await store.close()


async def test_a_second_vote_changes_it_and_never_adds_one(store: AnyStore, backend: Backend) -> None:
    given = answer()
    await store.record_exchange(request("q"), given, 1.0)
    await store.record_feedback(given.id, "U1", True)
    await store.record_feedback(given.id, "U1", False)
    await store.record_feedback(given.id, "U2", True)
    assert sorted(backend.rows("SELECT helpful FROM feedback WHERE answer_id = ?", (given.id,))) == [
        (0,),
        (1,),
    ]
    _, votes, _ = await store.report_rows(None)
    assert sorted(v.helpful for v in votes) == [False, True]


async def test_channel_settings_are_per_channel_and_persist(backend: Backend) -> None:
    store = await backend.open(salt="s")
    assert await store.channel_settings(conv()) == ChannelSettings()
    chosen = ChannelSettings(private_by_default=True, answer_plain_questions=True, enabled=False)
    await store.update_channel_settings(conv(thread="t", user="admin"), chosen)
    await store.close()
    store = await backend.open(salt="s")
    try:
        assert await store.channel_settings(conv(user="someone else", thread="x")) == chosen
        assert await store.channel_settings(conv(channel="C2")) == ChannelSettings()
        assert await store.channel_settings(conv(platform="discord")) == ChannelSettings()
    finally:
        await store.close()


async def test_text_sqlite_cannot_encode_is_sanitised_not_raised(store: AnyStore, backend: Backend) -> None:
    nasty = "scout \ud800 context\x00 \udfff?"
    key = conv(user="U\udc80", thread="t\ud83d")
    given = answer(text="answer \udcff", question=nasty, subjects=("Scout \ud800",))
    assert await store.remember_event("ev\ud800") is True
    assert await store.remember_event("ev\ud800") is False
    await store.record_exchange(request(nasty, key), given, 1.0)
    await store.record_feedback(given.id, "U\udc80", True)
    await store.update_channel_settings(key, ChannelSettings(enabled=False))
    assert store.failures == {}
    (question, text) = backend.rows("SELECT question, answer_text FROM exchanges")[0]
    assert question == "scout \ufffd context\ufffd \ufffd?"
    assert text == "answer \ufffd"
    turn = await store.last_turn(key)
    assert turn is not None and turn.subjects == ("Scout \ufffd",)
    assert (await store.channel_settings(key)).enabled is False


async def test_a_repeated_record_of_the_same_answer_is_not_counted_twice(store: AnyStore) -> None:
    given = answer()
    await asyncio.gather(*(store.record_exchange(request("q"), given, 1.0) for _ in range(5)))
    exchanges, _, _ = await store.report_rows(None)
    assert [e.answer_id for e in exchanges] == [given.id]


async def test_open_store_uses_sqlite_at_the_configured_path(tmp_path: Path) -> None:
    from bot.config import Settings

    settings = Settings(database_path=tmp_path / "nested" / "db.sqlite3", user_hash_salt="x")
    opened = await open_store(settings)
    try:
        assert isinstance(opened, SqliteStore)
        await opened.record_exchange(request("q"), answer(), 1.0)
        assert rows(settings.database_path, "SELECT count(*) FROM exchanges") == [(1,)]
    finally:
        await opened.close()


async def test_close_is_idempotent_and_later_calls_degrade(store: AnyStore) -> None:
    await store.close()
    await store.close()
    assert await store.remember_event("after-close") is True
    assert await store.last_turn(conv()) is None
    await store.record_feedback("x", "U1", True)  # must not raise
    assert store.failures["remember_event"] == 1 and store.failures["record_feedback"] == 1


def test_turn_json_is_what_is_stored(backend: Backend) -> None:
    async def go() -> None:
        store = await backend.open(salt="s")
        await store.record_exchange(request("q"), answer(), 1.0)
        await store.close()

    asyncio.run(go())
    (stored,) = backend.rows("SELECT turn FROM turns")[0]
    assert json.loads(str(stored))["subjects"] == ["Llama 4 Scout"]


async def test_a_cancelled_caller_does_not_cancel_its_write(backend: Backend) -> None:
    store = await backend.open(salt="s")
    given = answer()
    task = asyncio.create_task(store.record_exchange(request("q"), given, 1.0))
    await asyncio.sleep(0)  # the write is queued
    task.cancel()
    await store.close()  # commits what was queued
    assert task.cancelled()
    assert backend.rows("SELECT answer_id FROM exchanges") == [(given.id,)]


async def test_open_store_uses_postgresql_when_a_url_is_set(pg_url: str, tmp_path: Path) -> None:
    from bot.config import Settings
    from bot.storage.postgres_store import PostgresStore

    settings = Settings(database_path=tmp_path / "unused.sqlite3", database_url=pg_url, user_hash_salt="x")
    opened = await open_store(settings)
    try:
        assert isinstance(opened, PostgresStore)
        await opened.record_exchange(request("q"), answer(), 1.0)
        assert Backend("postgres", settings.database_path, pg_url).rows("SELECT count(*) FROM exchanges") == [(1,)]
    finally:
        await opened.close()
    assert not settings.database_path.exists()


async def test_an_unreachable_server_falls_back_to_memory_and_hides_the_password(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    from bot.config import Settings
    from bot.storage.store import MemoryStore

    url = f"postgresql://bot:hunter2secret@/nowhere?host={tmp_path}&connect_timeout=2"
    fallback = await open_store(Settings(database_path=tmp_path / "db.sqlite3", database_url=url))
    assert isinstance(fallback, MemoryStore)
    assert "could not open the database at postgresql://bot:***@/nowhere" in caplog.text
    assert "hunter2secret" not in caplog.text


@pytest.mark.parametrize(
    ("url", "shown"),
    [
        ("postgresql://bot:hunter2@db:5432/x", "postgresql://bot:***@db:5432/x"),
        (
            "postgresql://bot@db/x?password=hunter2&sslmode=require",
            "postgresql://bot@db/x?password=***&sslmode=require",
        ),
        ("postgresql://bot@/x?host=/tmp/s", "postgresql://bot@/x?host=/tmp/s"),
        ("postgresql:///x", "postgresql:///x"),
    ],
)
def test_a_database_url_is_shown_without_its_password(url: str, shown: str) -> None:
    from bot.storage.postgres_store import redacted

    assert redacted(url) == shown
