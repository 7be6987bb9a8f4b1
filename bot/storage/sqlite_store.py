"""The SQLite store: the ``Store`` protocol on aiosqlite, with one writer and a separate reader.

Every method degrades instead of raising: a failed write is retried by the writer,
then logged and counted (the count is saved to ``storage_failures`` with the next
write that succeeds), and the caller gets a neutral result (no previous turn, default
channel settings, "new event"). The maintainer's commands (report rows, purges) do
raise, so that the command line can say what went wrong.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import secrets
import time
from collections import Counter
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import aiosqlite

from bot.config import Settings
from bot.conversation import ConversationKey
from bot.storage import maintenance, queries, sidecar
from bot.storage.connection import connect
from bot.storage.file_faults import file_id, import_sidecar, recreated_at, what_to_do
from bot.storage.migrations import migrate
from bot.storage.privacy import UserHasher, clean_text, event_key
from bot.storage.sql_store import MAX_UNSAVED_FAILURES, StoreOnSql
from bot.storage.stats import ExchangeRow, ReportRows, VoteRow
from bot.storage.store import PendingWork
from bot.storage.writer import Rows, Statement, StorageClosed, Writer

log = logging.getLogger(__name__)

Clock = Callable[[], float]
OPENING_BUSY_TIMEOUT_MS = 15_000


class SqliteStore(StoreOnSql):
    def __init__(
        self,
        writer_db: aiosqlite.Connection,
        reader_db: aiosqlite.Connection,
        writer: Writer,
        hasher: UserHasher,
        policy: maintenance.Policy,
        clock: Clock,
        path: Path | None = None,
    ) -> None:
        self.path = path
        self._reader_db = reader_db
        self._writer = writer
        self._hash = hasher
        self.policy = policy
        self._clock = clock
        self.failures: Counter[str] = Counter()
        self._unsaved: list[tuple[float, str, str]] = []
        self._new_events = 0
        self._maintenance_task: asyncio.Task[None] | None = None
        self.maintenance_runs = 0
        self.maintained = asyncio.Event()
        """Set after each maintenance pass (clear it, then wait on it, to see the next one)."""
        self._closed = False
        self._failing = False
        """True from a failure until the next successful write: only the first failure is logged loudly."""
        self._busy_timeout_ms = 1000
        self._file_id = file_id(path) if path is not None else None
        self._recreating = asyncio.Lock()
        self._keeps_failures = True

    @property
    def _writer_db(self) -> aiosqlite.Connection:
        """The writer's connection (it changes when a deleted file is re-created)."""
        return self._writer.connection

    @classmethod
    async def open(
        cls,
        path: Path,
        *,
        salt: str | None = None,
        store_raw_user_ids: bool = False,
        policy: maintenance.Policy | None = None,
        busy_timeout_ms: int = 1000,
        attempts: int = 3,
        clock: Clock = time.time,
        background: bool = True,
    ) -> SqliteStore:
        """Open (creating the folder and file), migrate, purge expired history, start maintenance."""
        path.parent.mkdir(parents=True, exist_ok=True)
        # Opening waits longer for the write lock than a write does: other processes
        # starting at the same moment may be migrating the same file.
        writer_db = await connect(path, busy_timeout_ms=max(busy_timeout_ms, OPENING_BUSY_TIMEOUT_MS))
        reader_db: aiosqlite.Connection | None = None
        try:
            await migrate(writer_db)
            salt = salt or await _stored_salt(writer_db)
            if background:  # the bot's store (not stats or purge)
                # A read-only file opens (SQLite falls back to reading): find out now, not on every later write.
                await writer_db.execute(queries.HEALTH_WRITE, (str(clock()),))
                await import_sidecar(writer_db, path)
            await writer_db.execute(f"PRAGMA busy_timeout = {int(busy_timeout_ms)}")
            reader_db = await connect(path, busy_timeout_ms=busy_timeout_ms, reader=True)
        except BaseException:
            await writer_db.close()
            if reader_db is not None:
                await reader_db.close()
            raise
        writer = Writer(writer_db, attempts=attempts)
        writer.start()
        store = cls(
            writer_db,
            reader_db,
            writer,
            UserHasher(salt, store_raw=store_raw_user_ids),
            policy or maintenance.Policy(),
            clock,
            path,
        )
        store._busy_timeout_ms = busy_timeout_ms
        store._keeps_failures = background  # stats and purge report their own failures on their output
        await store._maintain_once()
        if background:
            store._maintenance_task = asyncio.create_task(store._maintain_forever(), name="storage-maintenance")
        return store

    @classmethod
    async def from_settings(cls, settings: Settings, **options: Any) -> SqliteStore:
        policy = maintenance.Policy.from_settings(settings)
        return await cls.open(
            settings.database_path,
            salt=settings.user_hash_salt,
            store_raw_user_ids=settings.store_raw_user_ids,
            policy=policy,
            **options,
        )

    # --- the Store protocol -------------------------------------------------------------

    async def accept(self, key: str, work: PendingWork | None = None) -> bool:
        stored_key = event_key(key)
        statements: list[Statement] = [(queries.ACCEPT_KEY, (stored_key, self._clock()))]
        if work is not None:
            row = (stored_key, clean_text(work.kind, 50), clean_text(work.payload), float(work.accepted_at))
            statements += [(queries.ACCEPT_WORK, row), (queries.ACCEPTED_NEW, ())]
        else:
            statements.append((queries.ACCEPTED_NEW, ()))
        rows = await self._write("accept", statements)
        if rows is None:
            return True  # better to answer twice than to drop a question (the service also dedupes in memory)
        return bool(rows and int(rows[0][0]) > 0)

    async def health(self) -> str | None:
        if await self._write("health", [(queries.HEALTH_WRITE, (str(self._clock()),))]) is None:
            return f"the database at {self.path} does not take writes (see the log)"
        return None

    async def close(self) -> None:
        if self._closed:
            return
        self._closed = True
        if self._maintenance_task is not None:
            self._maintenance_task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._maintenance_task
        if self._unsaved:
            await self._write("save_failures", [])
        if self._unsaved and self.path is not None and self._keeps_failures:  # never taken: keep them beside it
            sidecar.append(self.path, self._unsaved)
            self._unsaved = []
        await self._writer.close()
        await self._writer.connection.close()
        await self._reader_db.close()

    # --- the maintainer's side (stats and purge) ---------------------------------------

    async def report_rows(self, since: float | None) -> ReportRows:
        """Exchanges, votes and storage failure counts (saved and not yet saved) since ``since``."""
        start = since if since is not None else float("-inf")
        exchanges = [
            ExchangeRow(float(r[0]), r[1], r[2], r[3], r[4], r[5], bool(r[6]), r[7], float(r[8]))
            for r in await self._reader_db.execute_fetchall(queries.REPORT_EXCHANGES, (start,))
        ]
        votes = [
            VoteRow(r[0], bool(r[1]), float(r[2]))
            for r in await self._reader_db.execute_fetchall(queries.REPORT_VOTES, (start,))
        ]
        saved = await self._reader_db.execute_fetchall(queries.REPORT_FAILURES, (start,))
        failures: Counter[str] = Counter({r[0]: int(r[1]) for r in saved})
        failures.update(op for at, op, _ in self._unsaved if at >= start)
        if self.path is not None:
            failures.update(op for at, op, _ in sidecar.read(self.path) if at >= start)
        return exchanges, votes, dict(failures)

    async def fault_counts(self, since: float | None) -> dict[str, int]:
        """Faults (failed deliveries, expired answers, ...) counted per kind since ``since``."""
        start = since if since is not None else float("-inf")
        rows = await self._reader_db.execute_fetchall(queries.REPORT_FAULTS, (start,))
        return {str(r[0]): int(r[1]) for r in rows}

    async def purge_user(self, user: str) -> dict[str, int]:
        """Delete every exchange, vote and conversation context of one user; rows deleted per table."""
        return await self._submit_counts(maintenance.purge_user(self._hash.candidates(user)))

    async def purge_older_than(self, days: float) -> dict[str, int]:
        return await self._submit_counts(maintenance.purge_before(self._clock() - days * 86400))

    async def run_maintenance(self) -> dict[str, int]:
        """Retention: history older than ``retention_days``, expired turns, old delivery keys."""
        counts = await self._submit_counts(maintenance.scheduled(self.policy, self._clock()))
        self.maintenance_runs += 1
        self.maintained.set()
        if any(counts.values()):
            log.info("storage maintenance deleted %s", counts)
        return counts

    # --- internals ----------------------------------------------------------------------

    def _conversation(self, key: ConversationKey) -> tuple[str, str, str, str, str]:
        scope = self._scope(key)
        return (*scope, clean_text(key.thread, 200), self._hash(key.user))

    async def _submit_counts(self, jobs: Sequence[tuple[str, Statement]]) -> dict[str, int]:
        results = await asyncio.gather(*(self._writer.submit([job, queries.CHANGES]) for _, job in jobs))
        return {name: int(rows[0][0]) for (name, _), rows in zip(jobs, results, strict=True)}

    async def _write(self, operation: str, statements: Sequence[Statement]) -> Rows | None:
        """Submit one job, preceded by the failures not yet saved; None (counted and logged) on failure."""
        if not self._closed:
            await self._ensure_file()
        pending, self._unsaved = self._unsaved, []
        saving = [(queries.SAVE_FAILURE, row) for row in pending]
        try:
            rows = await self._writer.submit([*saving, *statements])
        except Exception as exc:
            if not isinstance(exc, StorageClosed):
                self._unsaved = (pending + self._unsaved)[-MAX_UNSAVED_FAILURES:]
            self._failed(operation, exc)
            return None
        if self._failing:
            self._failing = False
            log.warning("the database at %s takes writes again; %d failure(s) were counted", self.path, len(pending))
        return rows

    async def _ensure_file(self) -> None:
        """Re-create the database file if it was deleted while the bot runs, from the open connection.

        SQLite keeps writing to a deleted file's inode, so without this every later row is
        lost with the file, silently. ``VACUUM INTO`` copies everything the connection
        holds, including rows written after the deletion, to a new file at the same path.
        """
        if self.path is None or self._file_id is None or file_id(self.path) == self._file_id:
            return
        async with self._recreating:
            if file_id(self.path) == self._file_id:
                return
            if self.path.exists():
                log.error(
                    "the database file %s was replaced while the bot runs; it keeps writing to the file it opened. "
                    "Restart the bot to use the new file.",
                    self.path,
                )
                self._file_id = file_id(self.path)  # said once
                return
            log.error(
                "the database file %s was deleted while the bot runs; re-creating it with everything recorded so far",
                self.path,
            )
            path = self.path
            timeout = self._busy_timeout_ms
            try:
                await self._writer.exclusive(recreated_at(path, timeout))
                old_reader, self._reader_db = self._reader_db, await connect(path, busy_timeout_ms=timeout, reader=True)
                await old_reader.close()
            except Exception as exc:
                self._failed("recreate_database", exc)
                return
            self._file_id = file_id(path)

    async def _read(self, operation: str, sql: str, params: Sequence[Any]) -> Rows | None:
        for attempt in (1, 2):
            try:
                return list(await self._reader_db.execute_fetchall(sql, params))
            except Exception as exc:
                if attempt == 2 or self._closed:
                    self._failed(operation, exc)
                    return None
                await asyncio.sleep(0.05)
        return None

    def _what_to_do(self, exc: BaseException) -> str:
        return what_to_do(exc, self.path)


async def _stored_salt(db: aiosqlite.Connection) -> str:
    """The salt kept in ``meta``, created once (random) the first time it is needed."""
    await db.execute(queries.INIT_SALT, (secrets.token_hex(32),))
    rows = list(await db.execute_fetchall(queries.GET_SALT))
    return str(rows[0][0])
