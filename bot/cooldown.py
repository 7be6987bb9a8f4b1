"""A per-user sliding-window cooldown, shared by every adapter.

``Cooldown(limit=5, window_s=30).hit(user)`` admits at most ``limit`` hits per
user in any ``window_s`` seconds. A refused hit is not counted, and the caller is
told how long to wait, so that it can say so instead of staying silent.
"""

from __future__ import annotations

import math
import time
from collections import deque
from collections.abc import Callable, Hashable


class Cooldown:
    def __init__(
        self,
        limit: int,
        window_s: float,
        *,
        clock: Callable[[], float] = time.monotonic,
        max_users: int = 10_000,
    ) -> None:
        self.limit = limit
        self.window_s = window_s
        self._clock = clock
        self._max_users = max_users
        self._hits: dict[Hashable, deque[float]] = {}

    @property
    def enabled(self) -> bool:
        return self.limit > 0 and self.window_s > 0

    def hit(self, user: Hashable) -> float:
        """Count one hit; 0.0 when admitted, else the seconds until the next hit would be."""
        if not self.enabled:
            return 0.0
        now = self._clock()
        hits = self._hits.get(user)
        if hits is None:
            if len(self._hits) >= self._max_users:
                self._prune(now)
            hits = self._hits[user] = deque()
        while hits and now - hits[0] >= self.window_s:
            hits.popleft()
        if len(hits) >= self.limit:
            return max(hits[0] + self.window_s - now, 0.001)
        hits.append(now)
        return 0.0

    def _prune(self, now: float) -> None:
        """Forget users with no hit inside the window; if still full, the least recent ones."""
        for user in [u for u, h in self._hits.items() if not h or now - h[-1] >= self.window_s]:
            del self._hits[user]
        while len(self._hits) >= self._max_users:
            oldest = min(self._hits, key=lambda u: self._hits[u][-1] if self._hits[u] else float("-inf"))
            del self._hits[oldest]


def cooldown_message(wait_s: float) -> str:
    """What a user asking too quickly is told, on every platform."""
    return f"You're asking quickly: please wait {math.ceil(wait_s)} s and try again."
