"""Answering what was acknowledged but not answered: at start-up, then periodically.

An adapter records each question in the outbox before it acknowledges the platform
(``BotService.accept``) and completes it once the reply is posted. What a crash, a
kill or a failed delivery leaves behind is found here and handed back to the adapter's
``deliver`` function, unless it is too old: past ``max_age_s`` (or the platform's own
limit for that kind of work, such as the 15 minutes of a Discord interaction token)
it is logged and counted as expired instead.

Several processes may share one database (Slack workers, Discord shards), and each runs
these passes over the same outbox. A process claims a row in the shared state before it
answers it, so that workers restarted together do not each post the same answer; the
claim is dropped when the answer fails (the next pass, anywhere, tries again) and
expires after ``CLAIM_S`` if the process dies meanwhile.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass, field

from bot.service import BotService
from bot.shared_state import SharedState, shared_state
from bot.storage.store import PendingWork

log = logging.getLogger(__name__)

CLAIM_KIND = "outbox-redelivery"
CLAIM_S = 300.0
"""Longer than one delivery with all its retries (Slack and Discord wait out rate limits of up to 30 s)."""

Deliver = Callable[[PendingWork], Awaitable[bool]]
"""Answer one pending question; True once settled (posted, or refused for good and counted), False to retry."""


@dataclass
class Redelivery:
    service: BotService
    deliver: Deliver
    max_age_s: float = 600.0
    interval_s: float = 60.0
    lifetimes: Mapping[str, float] = field(default_factory=dict)
    """The platform's own limit per kind of work (seconds after acceptance)."""
    clock: Callable[[], float] = time.time
    delivered: int = 0
    expired: int = 0

    @property
    def shared(self) -> SharedState:
        return shared_state(self.service.store)

    def lifetime(self, work: PendingWork) -> float:
        return min(self.max_age_s, self.lifetimes.get(work.kind, self.max_age_s))

    async def run_once(self) -> int:
        """One pass over the outbox; the number of questions settled in it (almost always: answered)."""
        answered = 0
        for work in await self.service.pending(limit=500):
            if work.key in self.service.in_flight:
                continue  # this process is answering it right now
            if not await self.shared.claim(CLAIM_KIND, work.key, "1", CLAIM_S):
                continue  # another process is answering (or expiring) it
            age = self.clock() - work.accepted_at
            if age > self.lifetime(work):
                self.expired += 1
                await self.service.fault(
                    "answer_expired", f"{work.kind} accepted {age:.0f} s ago, past its {self.lifetime(work):.0f} s"
                )
                await self.service.complete(work.key)
                continue
            self.service.begin(work.key)
            try:
                done = await self.deliver(work)
            except Exception as exc:
                done = False
                log.warning("redelivering %s failed (%s); it stays pending", work.kind, type(exc).__name__)
            if done:
                answered += 1
                self.delivered += 1
                await self.service.complete(work.key)
            else:
                self.service.release(work.key)
                await self.shared.keep(CLAIM_KIND, work.key, "", 0.0)  # free for the next pass
        if answered:
            log.warning("settled %d question(s) that were acknowledged before but not answered", answered)
        return answered

    async def run_forever(self) -> None:
        """The start-up pass at once, then one every ``interval_s``; never raises."""
        while True:
            try:
                await self.run_once()
            except Exception:
                log.exception("the outbox pass failed; trying again in %.0f s", self.interval_s)
            await asyncio.sleep(self.interval_s)
