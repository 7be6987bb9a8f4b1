"""State that every bot process must see: answers a Share button may still post, cooldowns, sync claims.

One process used to keep these in memory, so a Share pressed on another Slack worker
said "too old", N processes allowed N times the rate, and every process synced the
Discord commands. The SQLite and PostgreSQL stores implement :class:`SharedState` on
their database; a store that does not (the in-memory one, a test double) gets a
process-local stand-in from :func:`shared_state`, which is what one process had before.
"""

from __future__ import annotations

import time
import weakref
from collections.abc import Callable
from typing import Protocol, runtime_checkable

from bot.cooldown import Cooldown

MAX_LOCAL_VALUES = 10_000


@runtime_checkable
class SharedState(Protocol):
    async def keep(self, kind: str, key: str, value: str, ttl_s: float) -> None:
        """Store ``value`` under ``(kind, key)`` for ``ttl_s`` seconds, replacing what was there."""
        ...

    async def recall(self, kind: str, key: str) -> str | None:
        """The value kept under ``(kind, key)``, or None when absent or expired."""
        ...

    async def claim(self, kind: str, key: str, value: str, ttl_s: float) -> bool:
        """Keep ``value`` only if nothing unexpired is there; True for the one caller that got it."""
        ...

    async def rate_hit(self, scope: str, user: str, limit: int, window_s: float) -> float:
        """Count one hit of ``user`` in ``scope``: 0.0 when admitted (at most ``limit`` per ``window_s``
        seconds), else the seconds to wait. A refused hit is not counted."""
        ...


class LocalSharedState:
    """The same contract inside one process (for stores without a database)."""

    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        self._clock = clock
        self._values: dict[tuple[str, str], tuple[str, float]] = {}
        self._cooldowns: dict[tuple[str, int, float], Cooldown] = {}

    async def keep(self, kind: str, key: str, value: str, ttl_s: float) -> None:
        now = self._clock()
        if len(self._values) >= MAX_LOCAL_VALUES:
            self._values = {k: v for k, v in self._values.items() if v[1] > now}
            while len(self._values) >= MAX_LOCAL_VALUES:
                del self._values[next(iter(self._values))]  # the oldest kept
        self._values[(kind, key)] = (value, now + ttl_s)

    async def recall(self, kind: str, key: str) -> str | None:
        found = self._values.get((kind, key))
        return found[0] if found is not None and found[1] > self._clock() else None

    async def claim(self, kind: str, key: str, value: str, ttl_s: float) -> bool:
        if await self.recall(kind, key) is not None:
            return False
        await self.keep(kind, key, value, ttl_s)
        return True

    async def rate_hit(self, scope: str, user: str, limit: int, window_s: float) -> float:
        cooldown = self._cooldowns.setdefault((scope, limit, window_s), Cooldown(limit, window_s, clock=self._clock))
        return cooldown.hit(user)


_stand_ins: weakref.WeakKeyDictionary[object, LocalSharedState] = weakref.WeakKeyDictionary()


def shared_state(store: object) -> SharedState:
    """The store itself when it shares state between processes, else a stand-in kept for that store."""
    if isinstance(store, SharedState):
        return store
    found = _stand_ins.get(store)
    if found is None:
        found = _stand_ins[store] = LocalSharedState()
    return found
