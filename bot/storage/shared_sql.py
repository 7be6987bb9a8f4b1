"""``SharedState`` on the store's own database, for both backends (the tables are in migration 4).

A mixin: it needs only the store's ``_write`` (one transaction, the last statement's
rows, None when storage failed), ``_read``, ``_clock`` and ``_hash``, which the SQLite
and PostgreSQL stores both have. Like every store method it degrades instead of
raising: a failed read is "nothing kept", a failed claim or rate-limit hit admits the
caller (better a second sync or one more answer than a bot that stops).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from bot.storage.privacy import UserHasher, clean_text
from bot.storage.writer import Statement

KEEP = """
INSERT INTO shared (kind, key, value, expires) VALUES (?, ?, ?, ?)
ON CONFLICT (kind, key) DO UPDATE SET value = excluded.value, expires = excluded.expires
"""
CLAIM = """
INSERT INTO shared (kind, key, value, expires) VALUES (?, ?, ?, ?)
ON CONFLICT (kind, key) DO UPDATE SET value = excluded.value, expires = excluded.expires
WHERE shared.expires <= ?
RETURNING key
"""
RECALL = "SELECT value FROM shared WHERE kind = ? AND key = ? AND expires > ?"
FORGET_OLD_HITS = "DELETE FROM rate_hits WHERE key = ? AND at <= ?"
HIT_IF_UNDER_LIMIT = """
INSERT INTO rate_hits (key, at) SELECT ?, ? WHERE (SELECT count(*) FROM rate_hits WHERE key = ?) < ?
RETURNING at
"""
OLDEST_HIT = "SELECT min(at) FROM rate_hits WHERE key = ?"


class SharedStateOnSql:
    _clock: Callable[[], float]
    _hash: UserHasher

    async def _write(self, operation: str, statements: Sequence[Statement]) -> list[Any] | None:
        raise NotImplementedError

    async def _read(self, operation: str, sql: str, params: Sequence[Any]) -> list[Any] | None:
        raise NotImplementedError

    def _rate_lock(self, key: str) -> list[Statement]:
        """Statements that serialise hits on one key, where the database needs them."""
        return []

    async def keep(self, kind: str, key: str, value: str, ttl_s: float) -> None:
        params = (clean_text(kind, 50), clean_text(key, 200), clean_text(value), self._clock() + ttl_s)
        await self._write("keep_shared", [(KEEP, params)])

    async def recall(self, kind: str, key: str) -> str | None:
        rows = await self._read("recall_shared", RECALL, (clean_text(kind, 50), clean_text(key, 200), self._clock()))
        return str(rows[0][0]) if rows else None

    async def claim(self, kind: str, key: str, value: str, ttl_s: float) -> bool:
        now = self._clock()
        params = (clean_text(kind, 50), clean_text(key, 200), clean_text(value), now + ttl_s, now)
        rows = await self._write("claim_shared", [(CLAIM, params)])
        return rows is None or bool(rows)

    async def rate_hit(self, scope: str, user: str, limit: int, window_s: float) -> float:
        if limit <= 0 or window_s <= 0:
            return 0.0
        key = f"{clean_text(scope, 50)}:{self._hash.hash(user)}"
        now = self._clock()
        statements = [
            *self._rate_lock(key),
            (FORGET_OLD_HITS, (key, now - window_s)),
            (HIT_IF_UNDER_LIMIT, (key, now, key, limit)),
        ]
        rows = await self._write("rate_hit", statements)
        if rows is None or rows:
            return 0.0
        oldest = await self._read("rate_hit", OLDEST_HIT, (key,))
        if not oldest or oldest[0][0] is None:
            return 0.0
        return max(float(oldest[0][0]) + window_s - now, 0.001)
