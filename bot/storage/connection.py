"""Opening SQLite connections with the settings every connection needs."""

from __future__ import annotations

import logging
from pathlib import Path

import aiosqlite

log = logging.getLogger(__name__)


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
            async with db.execute("PRAGMA journal_mode = WAL") as cursor:
                row = await cursor.fetchone()
            if row is None or str(row[0]).lower() != "wal":
                log.warning("SQLite refused WAL mode for %s (journal mode %s)", path, row)
            await db.execute("PRAGMA synchronous = FULL")
    except BaseException:
        await db.close()
        raise
    return db
