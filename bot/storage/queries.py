"""The SQL the store runs, in one place (the schema itself is in ``migrations``)."""

from __future__ import annotations

from bot.storage.writer import Statement

INIT_SALT = "INSERT INTO meta (key, value) VALUES ('user_hash_salt', ?) ON CONFLICT (key) DO NOTHING"
GET_SALT = "SELECT value FROM meta WHERE key = 'user_hash_salt'"

REMEMBER_EVENT = "INSERT INTO events (key, at) VALUES (?, ?) ON CONFLICT (key) DO NOTHING RETURNING key"

# Accepting work: the delivery key, then the outbox row only if the key was new (changes()
# is the row count of the statement before), then whether the key was new. One job, so
# one transaction: the key and the row are durable together or not at all.
ACCEPT_KEY = "INSERT INTO events (key, at) VALUES (?, ?) ON CONFLICT (key) DO NOTHING"
ACCEPT_WORK = """
INSERT INTO outbox (key, kind, payload, at) SELECT ?, ?, ?, ? WHERE changes() = 1
ON CONFLICT (key) DO NOTHING
"""
ACCEPTED_NEW = "SELECT changes()"
# PostgreSQL has no changes(): there the key and the row are one statement (a data-modifying
# WITH, which SQLite lacks), and the row is written only when the key was new.
ACCEPT_WORK_PG = """
WITH new AS (INSERT INTO events (key, at) VALUES (?, ?) ON CONFLICT (key) DO NOTHING RETURNING key)
INSERT INTO outbox (key, kind, payload, at) SELECT key, ?, ?, ? FROM new
ON CONFLICT (key) DO NOTHING RETURNING key
"""
COMPLETE = "DELETE FROM outbox WHERE key = ?"
PENDING = "SELECT key, kind, payload, at FROM outbox ORDER BY at LIMIT ?"
HEALTH_WRITE = """
INSERT INTO meta (key, value) VALUES ('last_health_check', ?)
ON CONFLICT (key) DO UPDATE SET value = excluded.value
"""
RECORD_FAULT = "INSERT INTO faults (at, kind, detail) VALUES (?, ?, ?)"
REPORT_FAULTS = "SELECT kind, count(*) FROM faults WHERE at >= ? GROUP BY kind"

_CONVERSATION = "platform = ? AND workspace = ? AND channel = ? AND thread = ? AND user_hash = ?"
LAST_TURN = f"SELECT turn, at FROM turns WHERE {_CONVERSATION}"
SAVE_TURN = """
INSERT INTO turns (platform, workspace, channel, thread, user_hash, turn, at) VALUES (?, ?, ?, ?, ?, ?, ?)
ON CONFLICT (platform, workspace, channel, thread, user_hash)
DO UPDATE SET turn = excluded.turn, at = excluded.at
"""

RECORD_EXCHANGE = """
INSERT INTO exchanges (
    at, platform, workspace, channel, thread, user_hash, command, question,
    answer_id, kind, abstained, answer_text, latency_ms
) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
ON CONFLICT (answer_id) DO NOTHING
"""

# A vote is kept only for an answer the database knows (an unknown or forged id is dropped).
RECORD_FEEDBACK = """
INSERT INTO feedback (answer_id, user_hash, helpful, at)
SELECT ?, ?, ?, ? WHERE EXISTS (SELECT 1 FROM exchanges WHERE answer_id = ?)
ON CONFLICT (answer_id, user_hash) DO UPDATE SET helpful = excluded.helpful, at = excluded.at
"""

_SCOPE = "platform = ? AND workspace = ? AND channel = ?"
CHANNEL_SETTINGS = f"SELECT settings FROM channel_settings WHERE {_SCOPE}"
SAVE_CHANNEL_SETTINGS = """
INSERT INTO channel_settings (platform, workspace, channel, settings, at) VALUES (?, ?, ?, ?, ?)
ON CONFLICT (platform, workspace, channel) DO UPDATE SET settings = excluded.settings, at = excluded.at
"""

SAVE_FAILURE = "INSERT INTO storage_failures (at, operation, error) VALUES (?, ?, ?)"

REPORT_EXCHANGES = """
SELECT at, platform, command, question, answer_id, kind, abstained, answer_text, latency_ms
FROM exchanges WHERE at >= ? ORDER BY at
"""
REPORT_VOTES = "SELECT answer_id, helpful, at FROM feedback WHERE at >= ?"
REPORT_FAILURES = "SELECT operation, count(*) FROM storage_failures WHERE at >= ? GROUP BY operation"

CHANGES: Statement = ("SELECT changes()", ())

REPORT_STATEMENTS = (REPORT_EXCHANGES, REPORT_VOTES, REPORT_FAILURES)
"""The three reads of ``report_rows``, each taking the window's start."""
