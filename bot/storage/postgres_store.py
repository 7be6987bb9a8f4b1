"""The PostgreSQL store: the ``Store`` and ``StorageAdmin`` protocols on psycopg 3 and a connection pool.

Several bot processes (Slack workers, Discord shards) share one database through it.
It behaves like the SQLite store: every method degrades instead of raising (a failed
write is retried, then logged and counted, and the count is saved to
``storage_failures`` with the next write that succeeds), while the maintainer's
commands raise so that the command line can say what went wrong. A write returns once
its transaction has committed; PostgreSQL itself orders concurrent writers, so there
is no in-process queue. Migrations and the daily maintenance take advisory locks
(:mod:`bot.storage.postgres_schema`), so processes starting together are safe.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import secrets
import time
from collections import Counter
from collections.abc import Callable, Sequence
from typing import Any
from urllib.parse import urlsplit

import psycopg
from psycopg import AsyncConnection
from psycopg_pool import AsyncConnectionPool, PoolTimeout

from bot.config import Settings
from bot.conversation import ConversationKey
from bot.storage import maintenance, queries
from bot.storage.postgres_schema import MAINTENANCE_LOCK, migrate
from bot.storage.privacy import UserHasher, clean_text, event_key
from bot.storage.sql_store import MAX_UNSAVED_FAILURES, StoreOnSql
from bot.storage.stats import ExchangeRow, ReportRows, VoteRow
from bot.storage.store import PendingWork
from bot.storage.writer import Statement

log = logging.getLogger(__name__)

Clock = Callable[[], float]
Rows = list[tuple[Any, ...]]
Conn = AsyncConnection[tuple[Any, ...]]


def pg(sql: str) -> str:
    """The shared SQL (``bot.storage.queries``, ``maintenance``) in PostgreSQL's dialect.

    The statements are written in the SQL both databases speak; only two spellings
    differ: parameters (``?`` -> ``%s``) and "no limit" (SQLite's ``LIMIT -1``).
    """
    return sql.replace("LIMIT -1 OFFSET", "OFFSET").replace("?", "%s")


def redacted(url: str) -> str:
    """A database URL fit for a log line: the password hidden, whether before the host or in the query."""
    parts = urlsplit(url)
    netloc = parts.netloc
    if parts.password is not None:
        netloc = f"{parts.username or ''}:***@{netloc.rpartition('@')[2]}"
    query = "&".join(
        f"{key}=***" if key.lower() == "password" else f"{key}={value}" if sep else key
        for key, sep, value in (item.partition("=") for item in parts.query.split("&") if item)
    )
    shown = f"{parts.scheme}://{netloc}{parts.path}"  # by hand: urlunsplit drops an empty host's "//"
    return shown + (f"?{query}" if query else "") + (f"#{parts.fragment}" if parts.fragment else "")


class PostgresStore(StoreOnSql):
    def __init__(
        self,
        pool: AsyncConnectionPool[Conn],
        hasher: UserHasher,
        policy: maintenance.Policy,
        clock: Clock,
        *,
        attempts: int = 3,
        backoff_s: float = 0.05,
        where: str = "the PostgreSQL database",
    ) -> None:
        self._pool = pool
        self.where = where
        """The database, fit for a message (its password hidden)."""
        self._hash = hasher
        self.policy = policy
        self._clock = clock
        self._attempts = max(1, attempts)
        self._backoff_s = backoff_s
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
        self._writing: set[asyncio.Task[Rows | None]] = set()

    @classmethod
    async def open(
        cls,
        url: str,
        *,
        salt: str | None = None,
        store_raw_user_ids: bool = False,
        policy: maintenance.Policy | None = None,
        attempts: int = 3,
        clock: Clock = time.time,
        background: bool = True,
        pool_size: int = 10,
        connect_timeout_s: float = 10.0,
        wait_s: float = 3.0,
    ) -> PostgresStore:
        """Connect, migrate under the lock, purge expired history, start the daily maintenance.

        Once open, a call waits at most ``wait_s`` for a pooled connection: while the server
        is unreachable each call degrades after that long (the pool keeps reconnecting in the
        background), instead of holding up the answer.
        """
        # One direct connection first: a server that is down or refuses us fails at once with
        # libpq's reason, instead of the pool retrying until its timeout.
        try:
            first = await AsyncConnection.connect(url, autocommit=True, connect_timeout=max(1, int(connect_timeout_s)))
        except psycopg.OperationalError as exc:
            reason = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
            raise psycopg.OperationalError(reason) from None
        try:
            await migrate(first)
            salt = salt or await _stored_salt(first)
        finally:
            await first.close()
        pool: AsyncConnectionPool[Conn] = AsyncConnectionPool(
            url,
            min_size=1,
            max_size=max(1, pool_size),
            kwargs={"autocommit": True},
            open=False,
            timeout=wait_s,  # how long a call waits for a connection before it degrades
            name="llama4-bot",
        )
        try:
            await pool.open(wait=True, timeout=connect_timeout_s)
        except BaseException:
            await pool.close()
            raise
        store = cls(
            pool,
            UserHasher(salt, store_raw=store_raw_user_ids),
            policy or maintenance.Policy(),
            clock,
            attempts=attempts,
            where=redacted(url),
        )
        await store._maintain_once()
        if background:
            store._maintenance_task = asyncio.create_task(store._maintain_forever(), name="storage-maintenance")
        return store

    @classmethod
    async def from_settings(cls, settings: Settings, **options: Any) -> PostgresStore:
        if not settings.database_url:
            raise ValueError("LLAMA4_DATABASE_URL is not set")
        policy = maintenance.Policy.from_settings(settings)
        return await cls.open(
            settings.database_url,
            salt=settings.user_hash_salt,
            store_raw_user_ids=settings.store_raw_user_ids,
            policy=policy,
            **options,
        )

    # --- the Store protocol -------------------------------------------------------------

    async def accept(self, key: str, work: PendingWork | None = None) -> bool:
        stored_key = event_key(key)
        if work is None:
            statement: Statement = (queries.REMEMBER_EVENT, (stored_key, self._clock()))
        else:
            row = (clean_text(work.kind, 50), clean_text(work.payload), float(work.accepted_at))
            statement = (queries.ACCEPT_WORK_PG, (stored_key, self._clock(), *row))
        rows = await self._write("accept", [statement])
        if rows is None:
            return True  # better to answer twice than to drop a question (the service also dedupes in memory)
        return bool(rows)

    async def health(self) -> str | None:
        if await self._write("health", [(queries.HEALTH_WRITE, (str(self._clock()),))]) is None:
            return f"the database at {self.where} does not take writes (see the log)"
        return None

    async def close(self) -> None:
        if self._closed:
            return
        if self._maintenance_task is not None:
            self._maintenance_task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._maintenance_task
        if self._writing:
            await asyncio.gather(*self._writing, return_exceptions=True)
        if self._unsaved:
            await self._write("save_failures", [])
        self._closed = True
        await self._pool.close()

    # --- the maintainer's side (stats and purge) ---------------------------------------

    async def report_rows(self, since: float | None) -> ReportRows:
        """Exchanges, votes and storage failure counts (saved and not yet saved) since ``since``."""
        start = since if since is not None else float("-inf")
        async with self._pool.connection() as conn:
            found = [await _fetch(conn, sql, (start,)) for sql in queries.REPORT_STATEMENTS]
        exchanges = [
            ExchangeRow(float(r[0]), r[1], r[2], r[3], r[4], r[5], bool(r[6]), r[7], float(r[8])) for r in found[0]
        ]
        votes = [VoteRow(r[0], bool(r[1]), float(r[2])) for r in found[1]]
        failures: Counter[str] = Counter({r[0]: int(r[1]) for r in found[2]})
        failures.update(op for at, op, _ in self._unsaved if at >= start)
        return exchanges, votes, dict(failures)

    async def fault_counts(self, since: float | None) -> dict[str, int]:
        """Faults (failed deliveries, expired answers, ...) counted per kind since ``since``."""
        start = since if since is not None else float("-inf")
        async with self._pool.connection() as conn:
            rows = await _fetch(conn, queries.REPORT_FAULTS, (start,))
        return {str(r[0]): int(r[1]) for r in rows}

    async def purge_user(self, user: str) -> dict[str, int]:
        """Delete every exchange, vote and conversation context of one user; rows deleted per table."""
        return await self._counts(maintenance.purge_user(self._hash.candidates(user)))

    async def purge_older_than(self, days: float) -> dict[str, int]:
        return await self._counts(maintenance.purge_before(self._clock() - days * 86400))

    async def run_maintenance(self) -> dict[str, int]:
        """Retention, under the maintenance lock so that processes take turns instead of racing."""
        lock: Statement = ("SELECT pg_advisory_xact_lock(?)", (MAINTENANCE_LOCK,))
        counts = await self._counts(maintenance.scheduled(self.policy, self._clock()), first=lock)
        self.maintenance_runs += 1
        self.maintained.set()
        if any(counts.values()):
            log.info("storage maintenance deleted %s", counts)
        return counts

    # --- internals ----------------------------------------------------------------------

    def _rate_lock(self, key: str) -> list[Statement]:
        # READ COMMITTED lets two transactions count the same hits; a lock per key orders them.
        return [("SELECT pg_advisory_xact_lock(hashtext(?))", (key,))]

    def _conversation(self, key: ConversationKey) -> tuple[str, str, str, str, str]:
        return (*self._scope(key), clean_text(key.thread, 200), self._hash(key.user))

    async def _counts(self, jobs: Sequence[tuple[str, Statement]], first: Statement | None = None) -> dict[str, int]:
        """Run named deletes in one transaction; rows deleted per name. Errors are raised."""
        counts: dict[str, int] = {}
        async with self._pool.connection() as conn, conn.transaction():
            if first is not None:
                await conn.execute(pg(first[0]), first[1])
            for name, (sql, params) in jobs:
                cursor = await conn.execute(pg(sql), params)
                counts[name] = max(0, cursor.rowcount)
        return counts

    async def _transaction(self, statements: Sequence[Statement]) -> Rows:
        async with self._pool.connection() as conn, conn.transaction():
            rows: Rows = []
            for sql, params in statements:
                rows = await _fetch(conn, sql, params)
            return rows

    async def _write(self, operation: str, statements: Sequence[Statement]) -> Rows | None:
        """One transaction, preceded by the failures not yet saved; None (counted and logged) on failure.

        The caller being cancelled does not cancel the write, and ``close`` waits for it.
        """
        task = asyncio.create_task(self._write_now(operation, statements))
        self._writing.add(task)
        task.add_done_callback(self._writing.discard)
        return await asyncio.shield(task)

    async def _write_now(self, operation: str, statements: Sequence[Statement]) -> Rows | None:
        if self._closed:
            self._failed(operation, RuntimeError("the store is closed"))
            return None
        pending, self._unsaved = self._unsaved, []
        saving: list[Statement] = [(queries.SAVE_FAILURE, row) for row in pending]
        job = [*saving, *statements]
        for attempt in range(1, self._attempts + 1):
            try:
                rows = await self._transaction(job)
            except Exception as exc:
                if attempt < self._attempts and _worth_retrying(exc):
                    await asyncio.sleep(self._backoff_s * 2 ** (attempt - 1))
                    continue
                self._unsaved = (pending + self._unsaved)[-MAX_UNSAVED_FAILURES:]
                self._failed(operation, exc)
                return None
            if self._failing:
                self._failing = False
                log.warning(
                    "the database at %s takes writes again; %d failure(s) were counted", self.where, len(pending)
                )
            return rows
        return None

    async def _read(self, operation: str, sql: str, params: Sequence[Any]) -> Rows | None:
        for attempt in (1, 2):
            try:
                async with self._pool.connection() as conn:
                    return await _fetch(conn, sql, params)
            except Exception as exc:
                if attempt == 2 or self._closed or isinstance(exc, PoolTimeout):
                    self._failed(operation, exc)
                    return None
                await asyncio.sleep(0.05)
        return None

    def _what_to_do(self, exc: BaseException) -> str:
        return f"Check that the PostgreSQL server at {self.where} is running and accepts this user."


def _worth_retrying(exc: BaseException) -> bool:
    """A dropped connection, a serialization failure or a deadlock: the same job may succeed again.

    Not a pool timeout: the pool has already waited ``wait_s`` for a connection.
    """
    if isinstance(exc, PoolTimeout):
        return False
    return isinstance(
        exc, psycopg.OperationalError | psycopg.errors.SerializationFailure | psycopg.errors.DeadlockDetected
    )


async def _fetch(conn: Conn, sql: str, params: Sequence[Any]) -> Rows:
    cursor = await conn.execute(pg(sql), params)
    return list(await cursor.fetchall()) if cursor.description is not None else []


async def _stored_salt(conn: Conn) -> str:
    """The salt kept in ``meta``, created once (random) the first time it is needed."""
    await conn.execute(pg(queries.INIT_SALT), (secrets.token_hex(32),))
    rows = await _fetch(conn, queries.GET_SALT, ())
    return str(rows[0][0])
