"""Crash safety: SIGKILL in the middle of a write storm loses nothing that was reported committed."""

from __future__ import annotations

import asyncio
import os
import signal
import sys
from pathlib import Path

import pytest

from bot.storage.privacy import UserHasher
from tests.storage.conftest import rows

ROOT = Path(__file__).resolve().parents[2]
COMMITTED_BEFORE_KILL = 400


@pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL is POSIX")
async def test_sigkill_during_a_write_storm_keeps_every_committed_row(db_path: Path) -> None:
    child = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "tests.storage.write_storm",
        str(db_path),
        cwd=ROOT,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )
    assert child.stdout is not None and child.stderr is not None
    lines: list[bytes] = []
    try:
        while len(lines) < COMMITTED_BEFORE_KILL:
            line = await asyncio.wait_for(child.stdout.readline(), timeout=20)
            if not line:
                error = await child.stderr.read()
                pytest.fail(f"the writer exited early: {error.decode(errors='replace')[-2000:]}")
            lines.append(line)
    finally:
        if child.returncode is None:
            os.kill(child.pid, signal.SIGKILL)
    rest, _ = await asyncio.wait_for(child.communicate(), timeout=20)
    assert child.returncode == -signal.SIGKILL
    lines.extend(rest.splitlines(keepends=True))
    reported = [line.decode().split() for line in lines if line.endswith(b"\n")]  # a cut-off last line is unsure

    assert rows(db_path, "PRAGMA integrity_check") == [("ok",)]
    stored_exchanges = {str(r[0]) for r in rows(db_path, "SELECT answer_id FROM exchanges")}
    stored_votes = {
        (str(a), str(u), int(h)) for a, u, h in rows(db_path, "SELECT answer_id, user_hash, helpful FROM feedback")
    }
    hashed = UserHasher("storm")
    exchanges = {r[1] for r in reported if r[0] == "E"}
    votes = {(r[1], hashed(r[2]), int(r[3])) for r in reported if r[0] == "V"}
    assert len(exchanges) >= COMMITTED_BEFORE_KILL // 2
    assert exchanges <= stored_exchanges
    assert votes <= stored_votes
