"""The schema, as numbered migrations applied at start-up (tracked in ``PRAGMA user_version``).

Never edit a released migration: add the next one. Version 1 is the first released
schema; version 2 adds answer texts, threads, the failure counter and the indexes that
stats, retention and purge rely on; version 3 adds the outbox (questions acknowledged but
not yet answered) and the fault counter (failed deliveries, expired answers); version 4
adds the state that several processes share (``shared``: Share-button answers, the
command-sync hash; ``rate_hits``: cooldowns). An old database upgrades in place, inside
one transaction per step.
"""

from __future__ import annotations

import logging

import aiosqlite

log = logging.getLogger(__name__)

V1 = """
CREATE TABLE meta (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
CREATE TABLE events (
    key TEXT PRIMARY KEY,
    at REAL NOT NULL
);
CREATE TABLE exchanges (
    id INTEGER PRIMARY KEY,
    at REAL NOT NULL,
    platform TEXT NOT NULL,
    workspace TEXT NOT NULL DEFAULT '',
    channel TEXT NOT NULL DEFAULT '',
    user_hash TEXT NOT NULL DEFAULT '',
    command TEXT NOT NULL,
    question TEXT NOT NULL,
    answer_id TEXT NOT NULL,
    kind TEXT NOT NULL,
    abstained INTEGER NOT NULL,
    latency_ms REAL NOT NULL
);
CREATE TABLE feedback (
    answer_id TEXT NOT NULL,
    user_hash TEXT NOT NULL,
    helpful INTEGER NOT NULL,
    at REAL NOT NULL,
    PRIMARY KEY (answer_id, user_hash)
);
CREATE TABLE turns (
    platform TEXT NOT NULL,
    workspace TEXT NOT NULL,
    channel TEXT NOT NULL,
    thread TEXT NOT NULL,
    user_hash TEXT NOT NULL,
    turn TEXT NOT NULL,
    at REAL NOT NULL,
    PRIMARY KEY (platform, workspace, channel, thread, user_hash)
);
CREATE TABLE channel_settings (
    platform TEXT NOT NULL,
    workspace TEXT NOT NULL,
    channel TEXT NOT NULL,
    settings TEXT NOT NULL,
    at REAL NOT NULL,
    PRIMARY KEY (platform, workspace, channel)
);
"""

V2 = """
ALTER TABLE exchanges ADD COLUMN thread TEXT NOT NULL DEFAULT '';
ALTER TABLE exchanges ADD COLUMN answer_text TEXT NOT NULL DEFAULT '';
CREATE TABLE storage_failures (
    id INTEGER PRIMARY KEY,
    at REAL NOT NULL,
    operation TEXT NOT NULL,
    error TEXT NOT NULL
);
DELETE FROM exchanges WHERE id NOT IN (SELECT min(id) FROM exchanges GROUP BY answer_id);
CREATE UNIQUE INDEX exchanges_answer ON exchanges (answer_id);
CREATE INDEX exchanges_at ON exchanges (at);
CREATE INDEX exchanges_user ON exchanges (user_hash);
CREATE INDEX feedback_user ON feedback (user_hash);
CREATE INDEX feedback_at ON feedback (at);
CREATE INDEX events_at ON events (at);
CREATE INDEX turns_at ON turns (at);
CREATE INDEX storage_failures_at ON storage_failures (at);
"""

V3 = """
CREATE TABLE outbox (
    key TEXT PRIMARY KEY,
    kind TEXT NOT NULL,
    payload TEXT NOT NULL,
    at REAL NOT NULL
);
CREATE INDEX outbox_at ON outbox (at);
CREATE TABLE faults (
    id INTEGER PRIMARY KEY,
    at REAL NOT NULL,
    kind TEXT NOT NULL,
    detail TEXT NOT NULL DEFAULT ''
);
CREATE INDEX faults_at ON faults (at);
"""

V4 = """
CREATE TABLE shared (
    kind TEXT NOT NULL,
    key TEXT NOT NULL,
    value TEXT NOT NULL,
    expires REAL NOT NULL,
    PRIMARY KEY (kind, key)
);
CREATE INDEX shared_expires ON shared (expires);
CREATE TABLE rate_hits (
    id INTEGER PRIMARY KEY,
    key TEXT NOT NULL,
    at REAL NOT NULL
);
CREATE INDEX rate_hits_key ON rate_hits (key, at);
CREATE INDEX rate_hits_at ON rate_hits (at);
"""

MIGRATIONS: tuple[str, ...] = (V1, V2, V3, V4)
"""``MIGRATIONS[n - 1]`` takes a database from version ``n - 1`` to version ``n``."""

LATEST = len(MIGRATIONS)


class SchemaTooNew(RuntimeError):
    """The database was written by a newer release; it is left untouched."""


async def schema_version(db: aiosqlite.Connection) -> int:
    async with db.execute("PRAGMA user_version") as cursor:
        row = await cursor.fetchone()
    return int(row[0]) if row else 0


async def migrate(db: aiosqlite.Connection, target: int = LATEST) -> int:
    """Bring ``db`` (opened with ``isolation_level=None``) up to ``target``; returns the old version.

    Each step reads the version and upgrades it inside one ``BEGIN IMMEDIATE``, so that
    processes opening a new database at the same moment take turns: the second one
    sees the version the first one committed instead of running the same step again.
    """
    found: int | None = None
    while True:
        await db.execute("BEGIN IMMEDIATE")
        try:
            version = await schema_version(db)
            found = version if found is None else found
            if version > LATEST:
                raise SchemaTooNew(f"database schema version {version} is newer than this release's {LATEST}")
            if version >= target:
                await db.execute("COMMIT")
                return found
            for statement in (s.strip() for s in MIGRATIONS[version].split(";")):
                if statement:
                    await db.execute(statement)
            await db.execute(f"PRAGMA user_version = {version + 1}")
            await db.execute("COMMIT")
        except BaseException:
            await db.execute("ROLLBACK")
            raise
        log.info("storage schema upgraded to version %d", version + 1)
