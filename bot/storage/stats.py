"""The maintainer's report, built from plain rows: no database in here, so every figure is unit-tested."""

from __future__ import annotations

import math
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from typing import Any


@dataclass(frozen=True)
class ExchangeRow:
    at: float
    platform: str
    command: str
    question: str
    answer_id: str
    kind: str
    abstained: bool
    answer_text: str
    latency_ms: float


@dataclass(frozen=True)
class VoteRow:
    answer_id: str
    helpful: bool
    at: float


ReportRows = tuple[list[ExchangeRow], list[VoteRow], dict[str, int]]
"""Exchanges and votes of a window, and storage failures counted per operation."""


@dataclass(frozen=True)
class QuestionCount:
    question: str
    count: int
    last_asked: str


@dataclass(frozen=True)
class RatedAnswer:
    answer_id: str
    question: str
    answer: str
    helpful: int
    unhelpful: int


@dataclass(frozen=True)
class Report:
    since: str | None
    questions: int
    per_platform: dict[str, int]
    per_day: dict[str, int]
    kinds: dict[str, int]
    abstention_rate: float
    top_questions: list[QuestionCount]
    unanswered: list[QuestionCount]
    helpful_votes: int
    unhelpful_votes: int
    worst_rated: list[RatedAnswer]
    latency_p50_ms: float | None
    latency_p99_ms: float | None
    storage_failures: int
    failures_by_operation: dict[str, int] = field(default_factory=dict)
    faults: dict[str, int] = field(default_factory=dict)
    """Delivery faults: answers that failed after every retry, answers expired before delivery."""

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


_SPACES = re.compile(r"\s+")


def normalise_question(text: str) -> str:
    """The grouping key for "the same question": case, spacing and trailing punctuation ignored."""
    return _SPACES.sub(" ", text.casefold()).strip().rstrip("?!.。？！ ").strip()


def shown_question(row: ExchangeRow) -> str:
    return row.question if row.command == "ask" else f"/{row.command} {row.question}".strip()


def percentile(values: Sequence[float], p: float) -> float | None:
    """Nearest-rank percentile (p in 0..100); None for no values."""
    if not values:
        return None
    ordered = sorted(values)
    rank = max(1, math.ceil(p / 100 * len(ordered)))
    return ordered[rank - 1]


def _day(at: float) -> str:
    return datetime.fromtimestamp(at, UTC).strftime("%Y-%m-%d")


def _iso(at: float) -> str:
    return datetime.fromtimestamp(at, UTC).strftime("%Y-%m-%d %H:%M UTC")


def count_questions(rows: Iterable[ExchangeRow], top: int) -> list[QuestionCount]:
    """Most frequent questions first (ties: most recently asked first), in their latest wording."""
    counts: Counter[str] = Counter()
    latest: dict[str, ExchangeRow] = {}
    for row in rows:
        key = f"{row.command}\0{normalise_question(row.question)}"
        counts[key] += 1
        if key not in latest or row.at >= latest[key].at:
            latest[key] = row
    ordered = sorted(counts, key=lambda k: (-counts[k], -latest[k].at))
    return [QuestionCount(shown_question(latest[k]), counts[k], _iso(latest[k].at)) for k in ordered[:top]]


def rate_answers(
    exchanges: Sequence[ExchangeRow], votes: Iterable[VoteRow], top: int
) -> tuple[int, int, list[RatedAnswer]]:
    """Vote totals and the answers with the most net unhelpful votes."""
    tally: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for vote in votes:
        tally[vote.answer_id][0 if vote.helpful else 1] += 1
    helpful = sum(up for up, _ in tally.values())
    unhelpful = sum(down for _, down in tally.values())
    by_id = {row.answer_id: row for row in exchanges}
    worst: list[RatedAnswer] = []
    for answer_id, (up, down) in tally.items():
        if down == 0:
            continue
        row = by_id.get(answer_id)
        question = shown_question(row) if row else "(question not kept)"
        text = row.answer_text.strip().splitlines()[0] if row and row.answer_text.strip() else ""
        worst.append(RatedAnswer(answer_id, question, text[:200], up, down))
    worst.sort(key=lambda r: (r.helpful - r.unhelpful, -r.unhelpful, r.answer_id))
    return helpful, unhelpful, worst[:top]


def build_report(
    exchanges: Sequence[ExchangeRow],
    votes: Sequence[VoteRow],
    failures: dict[str, int],
    *,
    since: float | None = None,
    top: int = 10,
    faults: dict[str, int] | None = None,
) -> Report:
    """Everything ``llama4-bot stats`` shows, from the rows of the chosen window."""
    abstained = [row for row in exchanges if row.abstained]
    helpful, unhelpful, worst = rate_answers(exchanges, votes, top=5)
    latencies = [row.latency_ms for row in exchanges]
    return Report(
        since=_iso(since) if since is not None else None,
        questions=len(exchanges),
        per_platform=dict(Counter(row.platform for row in exchanges).most_common()),
        per_day=dict(sorted(Counter(_day(row.at) for row in exchanges).items())),
        kinds=dict(Counter(row.kind for row in exchanges).most_common()),
        abstention_rate=len(abstained) / len(exchanges) if exchanges else 0.0,
        top_questions=count_questions(exchanges, top),
        unanswered=count_questions(abstained, top),
        helpful_votes=helpful,
        unhelpful_votes=unhelpful,
        worst_rated=worst,
        latency_p50_ms=percentile(latencies, 50),
        latency_p99_ms=percentile(latencies, 99),
        storage_failures=sum(failures.values()),
        failures_by_operation=dict(sorted(failures.items())),
        faults=dict(sorted((faults or {}).items())),
    )


def _ms(value: float | None) -> str:
    return "-" if value is None else f"{value:.0f} ms"


def render_text(report: Report) -> str:
    """The report as plain text for a terminal."""
    lines = [f"Questions {'since ' + report.since if report.since else '(all time)'}: {report.questions}"]

    def section(title: str, items: Iterable[str]) -> None:
        body = list(items)
        lines.append("")
        lines.append(title)
        lines.extend(f"  {item}" for item in body or ["(none)"])

    section("Per platform", (f"{k}: {v}" for k, v in report.per_platform.items()))
    section("Per day (UTC)", (f"{k}: {v}" for k, v in report.per_day.items()))
    section("Answer kinds", (f"{k}: {v}" for k, v in report.kinds.items()))
    lines.append("")
    lines.append(f"Abstention rate: {report.abstention_rate:.1%}")
    section("Most frequent questions", (f"{q.count} × {q.question}" for q in report.top_questions))
    section(
        "Unanswered questions (the bot abstained)",
        (f"{q.count} × {q.question}  (last {q.last_asked})" for q in report.unanswered),
    )
    lines.append("")
    lines.append(f"Feedback: {report.helpful_votes} helpful, {report.unhelpful_votes} not helpful")
    section(
        "Worst-rated answers",
        (f"+{r.helpful} -{r.unhelpful}  {r.question} -> {r.answer}" for r in report.worst_rated),
    )
    lines.append("")
    lines.append(f"Latency: p50 {_ms(report.latency_p50_ms)}, p99 {_ms(report.latency_p99_ms)}")
    failures = ", ".join(f"{k}: {v}" for k, v in report.failures_by_operation.items())
    lines.append(f"Storage failures: {report.storage_failures}" + (f" ({failures})" if failures else ""))
    faults = ", ".join(f"{k}: {v}" for k, v in report.faults.items())
    lines.append(f"Delivery faults: {sum(report.faults.values())}" + (f" ({faults})" if faults else ""))
    return "\n".join(lines) + "\n"
