"""When the database file itself is the problem: what to tell the operator, and how to recover.

A file deleted while the bot runs is re-created from the open connection; failures the
database could not take are moved in from the side file (``sidecar``) at the next start.
"""

from __future__ import annotations

import os
from pathlib import Path

import aiosqlite

from bot.storage import queries, sidecar
from bot.storage.connection import connect
from bot.storage.writer import Swap


def what_to_do(exc: BaseException, path: Path | None) -> str:
    """One sentence for the operator, from the kind of failure."""
    text = str(exc).lower()
    where = str(path) if path is not None else "the database"
    if "readonly" in text or "read-only" in text or isinstance(exc, PermissionError):
        return f"Make {where} and its folder writable by this user."
    if "locked" in text or "busy" in text:
        return f"Another process holds a write lock on {where}; stop it (or run one bot per database)."
    if "full" in text or "no space" in text:
        return f"Free disk space where {where} lives."
    return f"Check {where} (`sqlite3 {where} 'PRAGMA integrity_check'`) and the disk it lives on."


def file_id(path: Path) -> tuple[int, int] | None:
    try:
        found = os.stat(path)
    except OSError:
        return None
    return found.st_dev, found.st_ino


async def import_sidecar(db: aiosqlite.Connection, path: Path) -> None:
    """Move failures recorded beside the database (while it could not take them) into it."""
    found = sidecar.read(path)
    if not found:
        return
    await db.execute("BEGIN IMMEDIATE")
    try:
        await db.executemany(queries.SAVE_FAILURE, found)
        await db.execute("COMMIT")
    except BaseException:
        await db.execute("ROLLBACK")
        raise
    sidecar.remove(path)


def recreated_at(path: Path, busy_timeout_ms: int) -> Swap:
    """A writer swap that copies the open database to ``path`` (``VACUUM INTO``) and continues there.

    SQLite keeps writing to a deleted file's inode; the connection still holds every row,
    including those written after the deletion, so nothing recorded is lost.
    """

    async def swap(db: aiosqlite.Connection) -> aiosqlite.Connection:
        path.parent.mkdir(parents=True, exist_ok=True)
        await db.execute("VACUUM INTO ?", (str(path),))
        fresh = await connect(path, busy_timeout_ms=busy_timeout_ms)
        await db.close()
        return fresh

    return swap
