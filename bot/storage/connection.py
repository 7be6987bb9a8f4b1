"""Opening SQLite connections with the settings every connection needs."""

from __future__ import annotations

import asyncio
import logging
import random
import sqlite3
import time
from pathlib import Path

import aiosqlite

log = logging.getLogger(__name__)
WAL_RETRY_S = 0.02  # first pause before asking again for WAL mode; it doubles, with jitter, up to ...
WAL_RETRY_MAX_S = 0.25  # ... this, for as long as the connection's busy timeout allows


async def connect(path: Path, *, busy_timeout_ms: int, reader: bool = False) -> aiosqlite.Connection:
    """A connection in autocommit mode (transactions are explicit), WAL journal, busy timeout.

    The writer uses ``synchronous=FULL`` so that a committed write survives a crash of
    the process or the machine; readers are ``query_only``.
    """
    db = await aiosqlite.connect(str(path), isolation_level=None)
    try:
        await db.execute(f"PRAGMA busy_timeout = {int(busy_timeout_ms)}")
        if reader:
            await db.execute("PRAGMA query_only = 1")
        else:
            row = await _wal_mode(db, busy_timeout_ms)
            if row is None or str(row[0]).lower() != "wal":
                log.warning("SQLite refused WAL mode for %s (journal mode %s)", path, row)
            await db.execute("PRAGMA synchronous = FULL")
    except BaseException:
        await db.close()
        raise
    return db


async def _wal_mode(db: aiosqlite.Connection, busy_timeout_ms: int) -> sqlite3.Row | tuple[object, ...] | None:
    """Ask for WAL mode, asking again while another process holds the lock.

    Switching a new database to WAL needs its exclusive lock, and SQLite reports "database is locked" at
    once, without waiting out the busy timeout, when processes starting at the same moment each hold a
    shared one. Each asks again after a short, growing, jittered pause until the timeout has passed.
    """
    deadline = time.monotonic() + busy_timeout_ms / 1000
    pause = WAL_RETRY_S
    while True:
        try:
            async with db.execute("PRAGMA journal_mode = WAL") as cursor:
                return await cursor.fetchone()
        except sqlite3.OperationalError as exc:
            if "locked" not in str(exc) or time.monotonic() >= deadline:
                raise
        await asyncio.sleep(pause * random.uniform(0.5, 1.5))  # jitter: processes started together part
        pause = min(pause * 2, WAL_RETRY_MAX_S)
