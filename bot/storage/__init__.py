"""Opening the configured store.

Adapters and the service see only ``bot.storage.store.Store``; the maintainer's commands see
only :class:`StorageAdmin`. Both are implemented by :class:`SqliteStore` (the embedded
default) and ``bot.storage.postgres_store.PostgresStore`` (shared by several processes);
:mod:`bot.storage.backend` picks one from the settings.
"""

from __future__ import annotations

from typing import Protocol

from bot.storage.sqlite_store import SqliteStore
from bot.storage.stats import ReportRows

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


from bot.storage.backend import open_admin, open_store  # noqa: E402  (needs StorageAdmin above)
