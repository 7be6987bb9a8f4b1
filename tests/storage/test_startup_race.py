"""Several processes opening a new SQLite database at the same moment all end on the latest schema.

Before the version was read inside the upgrade's transaction, two of three processes
failed the migration and fell back to an in-memory store.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

from bot.storage.migrations import LATEST
from tests.storage.conftest import rows

ROOT = Path(__file__).resolve().parents[2]
PROCESSES = 4


def start_together(env: dict[str, str], count: int = PROCESSES) -> list[subprocess.CompletedProcess[str]]:
    """Start ``count`` children that open the store at one agreed moment; their outcomes."""
    start = time.time() + 3.0  # time for every child to import everything first
    children = [
        subprocess.Popen(
            [sys.executable, "-m", "tests.storage.open_child", repr(start)],
            cwd=ROOT,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(count)
    ]
    done = []
    for child in children:
        out, err = child.communicate(timeout=60)
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
        assert [o.stdout.strip() for o in outcomes] == ["SqliteStore"] * PROCESSES, (trial, [o.stderr for o in outcomes])
        assert not any("in memory" in o.stderr for o in outcomes)
        assert rows(db, "PRAGMA user_version") == [(LATEST,)]
        assert rows(db, "SELECT count(*) FROM exchanges") == [(PROCESSES,)]
