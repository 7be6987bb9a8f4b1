"""Retention and purging, as statements for the writer: what gets deleted, and when."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from bot.storage.writer import Statement

if TYPE_CHECKING:
    from bot.config import Settings

DAY_S = 86400.0
HISTORY_TABLES = ("exchanges", "feedback", "turns", "storage_failures", "faults")
USER_TABLES = ("exchanges", "feedback", "turns")


@dataclass(frozen=True)
class Policy:
    retention_days: float = 90
    """History (questions, answers, votes, failures) older than this is deleted; 0 keeps it forever."""
    conversation_idle_s: float = 1800.0
    """A conversation's context expires after this long without a question."""
    event_ttl_s: float = 2 * DAY_S
    """Delivery keys are kept this long for dedupe (platforms retry within minutes)."""
    max_events: int = 100_000
    """And never more than this many of them."""
    prune_events_every: int = 1000
    """New delivery keys between two inline prunes (besides the scheduled one)."""
    maintenance_interval_s: float = DAY_S

    @classmethod
    def from_settings(cls, settings: Settings) -> Policy:
        """The retention and conversation expiry the operator configured; the rest as defaulted."""
        return cls(retention_days=settings.retention_days, conversation_idle_s=settings.conversation_idle_s)


def prune_events(policy: Policy, now: float) -> list[Statement]:
    return [
        ("DELETE FROM events WHERE at < ?", (now - policy.event_ttl_s,)),
        (
            "DELETE FROM events WHERE key IN (SELECT key FROM events ORDER BY at DESC LIMIT -1 OFFSET ?)",
            (policy.max_events,),
        ),
    ]


def purge_before(cutoff: float) -> list[tuple[str, Statement]]:
    """Delete all history recorded before ``cutoff``; one named job per table."""
    return [(table, (f"DELETE FROM {table} WHERE at < ?", (cutoff,))) for table in HISTORY_TABLES]


def purge_user(stored_ids: Sequence[str]) -> list[tuple[str, Statement]]:
    marks = ", ".join("?" for _ in stored_ids)
    ids = tuple(stored_ids)
    return [(table, (f"DELETE FROM {table} WHERE user_hash IN ({marks})", ids)) for table in USER_TABLES]


def scheduled(policy: Policy, now: float) -> list[tuple[str, Statement]]:
    """What the daily pass deletes: expired history, conversation context and shared state, old delivery keys."""
    jobs: list[tuple[str, Statement]] = []
    if policy.retention_days > 0:
        jobs.extend(purge_before(now - policy.retention_days * DAY_S))
    jobs.append(("expired turns", ("DELETE FROM turns WHERE at < ?", (now - policy.conversation_idle_s,))))
    jobs.append(("events", ("DELETE FROM events WHERE at < ?", (now - policy.event_ttl_s,))))
    # Outbox rows are answered or expired within minutes; one this old was orphaned.
    jobs.append(("stale outbox", ("DELETE FROM outbox WHERE at < ?", (now - policy.event_ttl_s,))))
    jobs.append(("expired shared state", ("DELETE FROM shared WHERE expires < ?", (now,))))
    jobs.append(("old rate-limit hits", ("DELETE FROM rate_hits WHERE at < ?", (now - DAY_S,))))
    jobs.append(
        (
            "events over the cap",
            (
                "DELETE FROM events WHERE key IN (SELECT key FROM events ORDER BY at DESC LIMIT -1 OFFSET ?)",
                (policy.max_events,),
            ),
        )
    )
    return jobs
