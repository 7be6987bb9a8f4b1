"""Choosing the storage backend from the settings: PostgreSQL when a URL is set, else the SQLite file.

Every command that stores anything (``slack``, ``discord``, ``console``, ``ask --conversation``
through the service, ``stats``, ``purge``) opens its store here, so
``LLAMA4_DATABASE_URL=postgresql://...`` moves all of them to the shared database at once.
psycopg is imported only when PostgreSQL is chosen.
"""

from __future__ import annotations

import logging
import sqlite3
import time
from typing import TYPE_CHECKING

from bot.config import Settings
from bot.storage import sidecar
from bot.storage.file_faults import what_to_do
from bot.storage.migrations import SchemaTooNew
from bot.storage.sqlite_store import SqliteStore
from bot.storage.store import MemoryStore, Store

if TYPE_CHECKING:
    from bot.storage import StorageAdmin
    from bot.storage.postgres_store import PostgresStore

log = logging.getLogger(__name__)


def uses_postgres(settings: Settings) -> bool:
    return bool(settings.database_url)


def location(settings: Settings) -> str:
    """Where the history is kept, fit for a message (a URL's password is hidden)."""
    if settings.database_url:
        from bot.storage.postgres_store import redacted

        return redacted(settings.database_url)
    return str(settings.database_path)


def exists(settings: Settings) -> bool:
    """False only for a SQLite file not created yet (a server database is never assumed absent)."""
    return uses_postgres(settings) or settings.database_path.exists()


def storage_errors(settings: Settings) -> tuple[type[BaseException], ...]:
    """The errors that mean "the database cannot be used", for the chosen backend."""
    errors: tuple[type[BaseException], ...] = (sqlite3.Error, OSError, SchemaTooNew)
    if uses_postgres(settings):
        import psycopg

        errors += (psycopg.Error,)
    return errors


async def _open(settings: Settings, *, background: bool) -> SqliteStore | PostgresStore:
    if settings.database_url:
        from bot.storage.postgres_store import PostgresStore

        return await PostgresStore.from_settings(settings, background=background)
    return await SqliteStore.from_settings(settings, background=background)


async def open_store(settings: Settings) -> Store:
    """The configured store.

    If the database cannot be opened at all (unwritable folder, corrupt file, a server
    that refuses the connection, a schema from a newer release), the bot still starts,
    with history kept in memory only.
    """
    try:
        return await _open(settings, background=True)
    except storage_errors(settings) as exc:
        log.error(
            "could not open the database at %s (%s: %s). THE BOT RUNS WITHOUT A DATABASE: history, votes, "
            "dedupe and unanswered questions are kept in memory only and are lost when it stops. %s",
            location(settings),
            type(exc).__name__,
            exc,
            advice(exc, settings),
        )
        if not uses_postgres(settings):
            sidecar.append(settings.database_path, [(time.time(), "open", f"{type(exc).__name__}: {exc}"[:300])])
        return MemoryStore(turn_ttl_s=settings.conversation_idle_s)


def advice(exc: BaseException, settings: Settings) -> str:
    """One sentence for the operator on a database that could not be opened."""
    if uses_postgres(settings):
        if isinstance(exc, SchemaTooNew):
            return "The database was upgraded by a newer release; run that release (or a newer one)."
        return f"Check that the PostgreSQL server at {location(settings)} is running and accepts this user."
    return what_to_do(exc, settings.database_path)


async def open_admin(settings: Settings) -> StorageAdmin:
    """The store for maintenance commands: errors are raised, and no background task runs."""
    return await _open(settings, background=False)
