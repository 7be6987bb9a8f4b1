"""The engine a long-running process answers with, swapped for a new one when the knowledge folder changes.

Before an answer the service asks ``current()``. At most once per ``interval_s``
that compares a cheap signature of the knowledge files (names, sizes, times,
inodes) with the one the engine was loaded from; when it differs, a new engine is
built in a worker thread (the event loop keeps running) under the folder's shared
lock (so a change being written by ``llama4-bot add`` is never half-read), and
swapped in. A folder that fails to load keeps the old engine, and the reason is
logged once per distinct state of the files.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Callable
from pathlib import Path

from bot.answering.engine import Engine
from bot.knowledge.files import Signature, knowledge_lock, signature

log = logging.getLogger(__name__)
CHECK_INTERVAL_S = 1.0


class LiveEngine:
    def __init__(
        self,
        engine: Engine,
        folder: Path | None = None,
        *,
        interval_s: float = CHECK_INTERVAL_S,
        loader: Callable[[Path], Engine] = Engine.load,
        loaded_from: Signature | None = None,
    ) -> None:
        """``folder`` None: a fixed engine that never reloads. ``loaded_from``: the signature ``engine`` was
        loaded from (taken now when not given)."""
        self._engine = engine
        self.folder = folder
        self.interval_s = interval_s
        self._loader = loader
        self._signature = loaded_from if loaded_from is not None or folder is None else signature(folder)
        self._failed: Signature | None = None
        self._checked = time.monotonic()
        self._lock = asyncio.Lock()
        self.reloads = 0

    @classmethod
    def load(cls, folder: Path, *, interval_s: float = CHECK_INTERVAL_S) -> LiveEngine:
        """Load the engine now (blocking: call it in a thread from async code) and watch ``folder``."""
        with knowledge_lock(folder, shared=True):
            loaded_from = signature(folder)
            engine = Engine.load(folder)
        return cls(engine, folder, interval_s=interval_s, loaded_from=loaded_from)

    @property
    def engine(self) -> Engine:
        """The engine of the last successful load (no check)."""
        return self._engine

    async def current(self) -> Engine:
        """The engine to answer with: reloaded first when the knowledge changed since the last check."""
        await self.refresh()
        return self._engine

    async def refresh(self) -> bool:
        """Reload if the check is due and the files changed; True when a new engine was swapped in."""
        if self.folder is None or time.monotonic() - self._checked < self.interval_s:
            return False
        async with self._lock:
            if time.monotonic() - self._checked < self.interval_s:
                return False  # another caller checked while this one waited
            try:
                loaded = await asyncio.to_thread(self._load_if_changed, self.folder)
            except Exception:
                log.exception("checking %s for new knowledge failed; answering from the current knowledge", self.folder)
                loaded = None
            finally:
                self._checked = time.monotonic()
            if loaded is None:
                return False
            self._engine, self._signature = loaded
            self.reloads += 1
            return True

    def _load_if_changed(self, folder: Path) -> tuple[Engine, Signature] | None:
        seen = signature(folder)
        if seen in (self._signature, self._failed):
            return None
        with knowledge_lock(folder, shared=True, wait=False) as held:
            if not held:
                return None  # a change is being written; the next check will see it complete
            seen = signature(folder)
            try:
                engine = self._loader(folder)
            except Exception as exc:
                if seen != self._failed:
                    log.error("knowledge in %s did not reload; still answering from the previous knowledge: %s",
                              folder, exc)  # fmt: skip
                self._failed = seen
                return None
        log.info("knowledge reloaded from %s: %d articles, %d facts",
                 folder, len(engine.knowledge.articles), len(engine.knowledge.facts))  # fmt: skip
        return engine, seen
