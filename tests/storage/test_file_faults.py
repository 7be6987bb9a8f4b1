"""A database made read-only, deleted or failing under the bot: detected, said once, counted for stats."""

from __future__ import annotations

import contextlib
import logging
import os
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from bot.answering.engine import Engine
from bot.cli.stats import report
from bot.config import DEFAULT_KNOWLEDGE_DIR, Settings
from bot.service import BotService
from bot.storage import SqliteStore, open_store, sidecar
from bot.storage.store import MemoryStore
from tests.storage.conftest import answer, request, rows

SALT = "configured-salt"


@contextlib.contextmanager
def read_only(path: Path) -> Iterator[None]:
    """Make ``path`` unwritable for this process: chmod for a normal user, the immutable flag for root."""
    if os.geteuid() != 0:
        path.chmod(0o444)
        try:
            yield
        finally:
            path.chmod(0o644)
        return
    chattr = shutil.which("chattr")
    if chattr is None or subprocess.run([chattr, "+i", str(path)], capture_output=True).returncode != 0:
        pytest.skip("running as root on a file system without the immutable flag: cannot make a file read-only")
    try:
        yield
    finally:
        subprocess.run([chattr, "-i", str(path)], check=True)


def errors(caplog: pytest.LogCaptureFixture, logger: str = "bot.storage") -> list[str]:
    return [r.getMessage() for r in caplog.records if r.levelno >= logging.ERROR and r.name.startswith(logger)]


async def test_a_read_only_database_at_start_is_said_once_counted_and_dedupe_still_holds(
    db_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    settings = Settings(database_path=db_path, user_hash_salt=SALT)
    first = await open_store(settings)
    await first.close()
    with read_only(db_path):
        store = await open_store(settings)
        assert isinstance(store, MemoryStore)  # and the log says so, with what to do
        [said] = errors(caplog)
        assert "RUNS WITHOUT A DATABASE" in said and "writable" in said
        service = BotService(Engine.load(DEFAULT_KNOWLEDGE_DIR), store)
        assert [await service.is_new_event("slack:msg:T:C:1.0") for _ in range(10)] == [True] + [False] * 9
        await store.close()
        shown = await report(settings, None)  # stats, while the database is still read-only
        assert shown.failures_by_operation.get("open") == 1
    reopened = await open_store(settings)  # writable again: the failure moves into the database
    await reopened.close()
    assert not sidecar.sidecar_path(db_path).exists()
    assert rows(db_path, "SELECT operation FROM storage_failures") == [("open",)]


async def test_a_database_deleted_while_running_is_re_created_with_every_row(
    db_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    store = await SqliteStore.open(db_path, salt=SALT)
    try:
        for n in range(5):
            await store.record_exchange(request(f"before {n}"), answer(), 1.0)
        for suffix in ("", "-wal", "-shm"):
            db_path.with_name(db_path.name + suffix).unlink(missing_ok=True)
        for n in range(20):
            await store.record_exchange(request(f"after {n}"), answer(), 1.0)
    finally:
        await store.close()
    assert rows(db_path, "SELECT count(*) FROM exchanges") == [(25,)]
    assert rows(db_path, "PRAGMA integrity_check") == [("ok",)]
    [said] = errors(caplog)
    assert "was deleted" in said


async def test_a_failing_database_is_logged_once_until_it_recovers(
    db_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    store = await SqliteStore.open(db_path, salt=SALT, attempts=1)
    try:
        await store._writer_db.execute("PRAGMA query_only = 1")
        for n in range(30):
            await store.record_exchange(request(f"lost {n}"), answer(), 1.0)
        assert store.failures["record_exchange"] == 30
        [said] = errors(caplog)
        assert "writable" in said and "llama4-bot stats" in said
        await store._writer_db.execute("PRAGMA query_only = 0")
        await store.record_exchange(request("back"), answer(), 1.0)
        assert any("takes writes again" in r.getMessage() for r in caplog.records)
    finally:
        await store.close()
    assert rows(db_path, "SELECT count(*) FROM storage_failures") == [(30,)]


async def test_failures_the_database_never_took_are_kept_beside_it_for_stats(db_path: Path) -> None:
    store = await SqliteStore.open(db_path, salt=SALT, attempts=1)
    await store._writer_db.execute("PRAGMA query_only = 1")
    for n in range(3):
        await store.record_feedback(f"a{n}", "U1", True)
    await store.close()  # still read-only on the way out: the count goes beside the database
    assert [op for _, op, _ in sidecar.read(db_path)].count("record_feedback") == 3
    shown = await report(Settings(database_path=db_path, user_hash_salt=SALT), None)
    assert shown.failures_by_operation["record_feedback"] == 3
