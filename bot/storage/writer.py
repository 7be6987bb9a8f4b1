"""The single writer: one connection, one queue, group commit.

Every write in the process goes through :class:`Writer`. Jobs queue up while a
transaction runs and are committed together in the next one (``BEGIN IMMEDIATE`` ...
``COMMIT``), so there is never more than one transaction open for writing, nothing
waits on SQLite's lock inside the process, and a burst of 1,000 writes costs a handful
of commits. A job's awaitable completes only once its transaction has committed.

A job that fails on its own (a constraint, a bad parameter) is rolled back to its
savepoint and fails alone; a failure of the database itself (locked, full, read-only,
I/O) rolls the batch back, is retried with a short backoff, and then fails every job
in the batch.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import sqlite3
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from typing import Any

import aiosqlite

log = logging.getLogger(__name__)

Statement = tuple[str, Sequence[Any]]
Rows = list[Any]

# Primary result codes that mean "the database cannot take writes right now",
# as opposed to "this statement is wrong".
_DATABASE_LEVEL = {
    5,  # SQLITE_BUSY
    6,  # SQLITE_LOCKED
    8,  # SQLITE_READONLY
    10,  # SQLITE_IOERR
    11,  # SQLITE_CORRUPT
    13,  # SQLITE_FULL
    14,  # SQLITE_CANTOPEN
    26,  # SQLITE_NOTADB
}


class StorageClosed(RuntimeError):
    """The store was closed; the write was not attempted."""


def database_level(exc: BaseException) -> bool:
    """True for errors about the database as a whole (the batch is retried, then fails)."""
    if not isinstance(exc, sqlite3.Error):
        return True
    code = getattr(exc, "sqlite_errorcode", None)
    if code is None:
        return isinstance(exc, sqlite3.OperationalError)
    return (int(code) & 0xFF) in _DATABASE_LEVEL


@dataclass
class _Job:
    statements: tuple[Statement, ...]
    future: asyncio.Future[Rows]


Swap = Callable[[aiosqlite.Connection], Awaitable[aiosqlite.Connection]]
"""Work on the writer connection between transactions; returns the connection to use from then on."""


@dataclass
class _Exclusive:
    swap: Swap
    future: asyncio.Future[None]


class Writer:
    def __init__(
        self,
        db: aiosqlite.Connection,
        *,
        attempts: int = 3,
        backoff_s: float = 0.05,
        max_batch: int = 256,
    ) -> None:
        self._db = db
        self._attempts = max(1, attempts)
        self._backoff_s = backoff_s
        self._max_batch = max_batch
        self._queue: asyncio.Queue[_Job | _Exclusive | None] = asyncio.Queue()
        self._task: asyncio.Task[None] | None = None
        self._closed = False
        self.commits = 0

    def start(self) -> None:
        if self._task is None:
            self._task = asyncio.create_task(self._run(), name="storage-writer")

    async def submit(self, statements: Sequence[Statement]) -> Rows:
        """Run ``statements`` in one transaction with other queued jobs; the last statement's rows.

        The caller being cancelled does not cancel the write: it still commits.
        """
        if self._closed or self._task is None or self._task.done():
            raise StorageClosed("the store is closed")
        future: asyncio.Future[Rows] = asyncio.get_running_loop().create_future()
        future.add_done_callback(_retrieve)  # a caller that was cancelled no longer reads the outcome
        self._queue.put_nowait(_Job(tuple(statements), future))
        return await asyncio.shield(future)

    async def exclusive(self, swap: Swap) -> None:
        """Run ``swap`` on the connection between two transactions (after what is queued), and use its result."""
        if self._closed or self._task is None or self._task.done():
            raise StorageClosed("the store is closed")
        future: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        self._queue.put_nowait(_Exclusive(swap, future))
        await asyncio.shield(future)

    @property
    def connection(self) -> aiosqlite.Connection:
        return self._db

    async def close(self) -> None:
        """Commit everything already queued, then stop."""
        if self._closed:
            return
        self._closed = True
        if self._task is not None:
            self._queue.put_nowait(None)
            await self._task

    async def _run(self) -> None:
        stopping = False
        while not stopping:
            first = await self._queue.get()
            if first is None:
                break
            if isinstance(first, _Exclusive):
                await self._swap(first)
                continue
            batch = [first]
            after: _Exclusive | None = None
            while len(batch) < self._max_batch and not self._queue.empty():
                job = self._queue.get_nowait()
                if job is None:
                    stopping = True
                    break
                if isinstance(job, _Exclusive):
                    after = job
                    break
                batch.append(job)
            try:
                await self._commit(batch)
            except Exception as exc:  # never let the writer die: fail the batch instead
                log.exception("storage writer failed unexpectedly")
                _fail(batch, exc)
            if after is not None:
                await self._swap(after)

    async def _swap(self, job: _Exclusive) -> None:
        try:
            self._db = await job.swap(self._db)
        except Exception as exc:
            if not job.future.done():
                job.future.set_exception(exc)
            return
        if not job.future.done():
            job.future.set_result(None)

    async def _commit(self, batch: list[_Job]) -> None:
        for attempt in range(1, self._attempts + 1):
            try:
                outcomes = await self._transaction(batch)
            except Exception as exc:
                await self._rollback()
                retry = attempt < self._attempts and isinstance(exc, sqlite3.Error)
                log.debug(  # the store logs the outcome once; every attempt would flood the log
                    "storage write of %d job(s) failed (attempt %d/%d): %s",
                    len(batch),
                    attempt,
                    self._attempts,
                    exc,
                )
                if retry:
                    await asyncio.sleep(self._backoff_s * 2 ** (attempt - 1))
                    continue
                _fail(batch, exc)
                return
            self.commits += 1
            for job, outcome in zip(batch, outcomes, strict=True):
                if job.future.done():
                    continue
                if isinstance(outcome, BaseException):
                    job.future.set_exception(outcome)
                else:
                    job.future.set_result(outcome)
            return

    async def _transaction(self, batch: list[_Job]) -> list[Rows | BaseException]:
        db = self._db
        await db.execute("BEGIN IMMEDIATE")
        outcomes: list[Rows | BaseException] = []
        for job in batch:
            several = len(job.statements) > 1
            if several:
                await db.execute("SAVEPOINT job")
            try:
                rows: Rows = []
                for sql, params in job.statements:
                    rows = list(await db.execute_fetchall(sql, params))
            except sqlite3.Error as exc:
                if database_level(exc):
                    raise
                if several:
                    await db.execute("ROLLBACK TO job")
                    await db.execute("RELEASE job")
                outcomes.append(exc)
                continue
            if several:
                await db.execute("RELEASE job")
            outcomes.append(rows)
        await db.execute("COMMIT")
        return outcomes

    async def _rollback(self) -> None:
        # No transaction may be open (SQLite rolls back by itself on some errors), or it is closed.
        with contextlib.suppress(sqlite3.Error, ValueError):
            await self._db.execute("ROLLBACK")


def _retrieve(future: asyncio.Future[Rows]) -> None:
    if not future.cancelled():
        future.exception()


def _fail(batch: list[_Job], exc: BaseException) -> None:
    for job in batch:
        if not job.future.done():
            job.future.set_exception(exc)
