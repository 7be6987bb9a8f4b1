"""Several processes on one database at the same moment: start-up on an empty database, and writes.

Before the SQLite version was read inside the upgrade's transaction, two of three
processes failed the migration and fell back to an in-memory store. PostgreSQL takes
an advisory lock instead. Both backends must also keep every row that two processes
write at once.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

from bot.storage.migrations import LATEST
from bot.storage.stats import percentile
from tests.storage.conftest import Backend, rows

ROOT = Path(__file__).resolve().parents[2]
PROCESSES = 4


def start_together(
    env: dict[str, str], count: int = PROCESSES, child: str = "open_child", *args: str
) -> list[subprocess.CompletedProcess[str]]:
    """Start ``count`` children that open the store at one agreed moment; their outcomes."""
    start = time.time() + 3.0  # time for every child to import everything first
    children = [
        subprocess.Popen(
            [sys.executable, "-m", f"tests.storage.{child}", *(a.format(n=n) for a in args), repr(start)],
            cwd=ROOT,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for n in range(count)
    ]
    done = []
    for child in children:
        out, err = child.communicate(timeout=120)
        done.append(subprocess.CompletedProcess(child.args, child.returncode, out, err))
    return done


def test_processes_opening_a_new_sqlite_database_at_once_all_migrate_it(tmp_path: Path) -> None:
    db = tmp_path / "data" / "bot.sqlite3"
    env = {**os.environ, "LLAMA4_DATABASE": str(db), "LLAMA4_USER_HASH_SALT": "s"}
    env.pop("LLAMA4_DATABASE_URL", None)
    for trial in range(3):
        if db.parent.exists():
            for leftover in db.parent.iterdir():
                leftover.unlink()
        outcomes = start_together(env)
        assert [o.returncode for o in outcomes] == [0] * PROCESSES, [o.stderr for o in outcomes]
        stores = [o.stdout.split() for o in outcomes]
        assert [found[0] for found in stores] == ["SqliteStore"] * PROCESSES, (trial, [o.stderr for o in outcomes])
        assert not any("in memory" in o.stderr for o in outcomes)
        assert rows(db, "PRAGMA user_version") == [(LATEST,)]
        degraded = sum(int(found[1]) for found in stores)  # counted, never silently lost
        assert rows(db, "SELECT count(*) FROM exchanges") == [(PROCESSES - degraded,)]


def test_processes_starting_on_an_empty_postgresql_database_all_end_on_one_schema(pg_url: str, tmp_path: Path) -> None:
    env = {
        **os.environ,
        "LLAMA4_DATABASE_URL": pg_url,
        "LLAMA4_USER_HASH_SALT": "s",
        "LLAMA4_DATABASE": str(tmp_path / "unused.sqlite3"),
    }
    outcomes = start_together(env)
    assert [o.returncode for o in outcomes] == [0] * PROCESSES, [o.stderr for o in outcomes]
    assert [o.stdout.split() for o in outcomes] == [["PostgresStore", "0"]] * PROCESSES, [o.stderr for o in outcomes]
    assert not any("in memory" in o.stderr for o in outcomes)
    backend = Backend("postgres", tmp_path / "unused.sqlite3", pg_url)
    assert backend.rows("SELECT version FROM schema_version") == [(LATEST,)]
    assert backend.rows("SELECT count(*) FROM exchanges") == [(PROCESSES,)]
    assert not (tmp_path / "unused.sqlite3").exists()


def test_two_processes_writing_a_thousand_rows_each_lose_none(backend: Backend) -> None:
    env = {**os.environ, "LLAMA4_USER_HASH_SALT": "s", "LLAMA4_DATABASE": str(backend.db_path)}
    env.pop("LLAMA4_DATABASE_URL", None)
    if backend.url:
        env["LLAMA4_DATABASE_URL"] = backend.url
    outcomes = start_together(env, 2, "write_child", "p{n}", "1000")
    assert [o.returncode for o in outcomes] == [0, 0], [o.stderr for o in outcomes]
    reports = [json.loads(o.stdout) for o in outcomes]
    expected = "PostgresStore" if backend.url else "SqliteStore"
    assert [(r["store"], r["failures"]) for r in reports] == [(expected, 0), (expected, 0)]
    assert backend.rows("SELECT count(*), count(DISTINCT answer_id) FROM exchanges") == [(2000, 2000)]
    for name in ("p0", "p1"):
        assert backend.rows("SELECT count(*) FROM exchanges WHERE question LIKE ?", (f"{name} question %",)) == [
            (1000,)
        ]
    assert backend.rows("SELECT count(*) FROM feedback") == [(2000,)]
    latencies = [ms for r in reports for ms in r["latencies_ms"]]
    print(
        f"\ntwo processes x 1,000 ({backend.name}): write p50 {percentile(latencies, 50):.1f} ms, "
        f"p99 {percentile(latencies, 99):.1f} ms"
    )
