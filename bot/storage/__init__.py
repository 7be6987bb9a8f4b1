"""Opening the configured store.

Adapters and the service see only ``bot.store.Store``; the maintainer's commands see
only :class:`StorageAdmin`. Both are implemented by :class:`SqliteStore` today, so that
another backend can be added behind them without touching their callers.
"""

from __future__ import annotations

import logging
import sqlite3
import time
from typing import Protocol

from bot.config import Settings
from bot.storage import sidecar
from bot.storage.file_faults import what_to_do
from bot.storage.migrations import SchemaTooNew
from bot.storage.sqlite_store import SqliteStore
from bot.storage.stats import ReportRows
from bot.store import MemoryStore, Store

log = logging.getLogger(__name__)

__all__ = ["SqliteStore", "StorageAdmin", "open_admin", "open_store"]


class StorageAdmin(Protocol):
    """What ``llama4-bot stats`` and ``purge`` need from a backend."""

    async def report_rows(self, since: float | None) -> ReportRows: ...

    async def fault_counts(self, since: float | None) -> dict[str, int]:
        """Faults recorded with ``Store.record_fault`` since ``since``, per kind."""
        ...

    async def purge_user(self, user: str) -> dict[str, int]: ...

    async def purge_older_than(self, days: float) -> dict[str, int]: ...

    async def close(self) -> None: ...


async def open_store(settings: Settings) -> Store:
    """The SQLite store at ``settings.database_path``.

    If the database cannot be opened at all (unwritable folder, corrupt file, a schema
    from a newer release), the bot still starts, with history kept in memory only.
    """
    try:
        return await SqliteStore.from_settings(settings)
    except (sqlite3.Error, OSError, SchemaTooNew) as exc:
        log.error(
            "could not open the database at %s (%s: %s). THE BOT RUNS WITHOUT A DATABASE: history, votes, "
            "dedupe and unanswered questions are kept in memory only and are lost when it stops. %s",
            settings.database_path,
            type(exc).__name__,
            exc,
            what_to_do(exc, settings.database_path),
        )
        sidecar.append(settings.database_path, [(time.time(), "open", f"{type(exc).__name__}: {exc}"[:300])])
        return MemoryStore(turn_ttl_s=settings.conversation_idle_s)


async def open_admin(settings: Settings) -> StorageAdmin:
    """The store for maintenance commands: errors are raised, and no background task runs."""
    return await SqliteStore.from_settings(settings, background=False)
