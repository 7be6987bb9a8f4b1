"""``llama4-bot stats [--since 7d] [--json]``: what people asked, what went unanswered, feedback, latency."""

from __future__ import annotations

import argparse
import asyncio
import json
import math
import re
import sys
import time
from collections import Counter

from bot.config import Settings
from bot.storage import backend, open_admin, sidecar
from bot.storage.stats import Report, build_report, render_text

_UNITS = {"s": 1, "m": 60, "h": 3600, "d": 86400, "w": 7 * 86400}
_WINDOW = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*([smhdw])\s*$")


def parse_window(text: str) -> float:
    """``7d``, ``24h``, ``30m``, ``2w``, ``90s`` -> seconds."""
    match = _WINDOW.match(text.lower())
    if not match:
        raise argparse.ArgumentTypeError(f"expected a duration like 7d, 24h, 30m or 2w, got {text!r}")
    seconds = float(match.group(1)) * _UNITS[match.group(2)]
    if not math.isfinite(seconds):
        raise argparse.ArgumentTypeError(f"{text!r} is too long a duration")
    return seconds


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--since", type=parse_window, metavar="DURATION", help="only the last DURATION: 7d, 24h (default all)"
    )
    parser.add_argument("--json", action="store_true", help="print the report as JSON")
    parser.add_argument("--top", type=int, default=10, help="how many questions to list (default 10)")


async def report(settings: Settings, since: float | None, top: int = 10) -> Report:
    admin = await open_admin(settings)
    try:
        exchanges, votes, failures = await admin.report_rows(since)
        faults = await admin.fault_counts(since)
    finally:
        await admin.close()
    return build_report(exchanges, votes, failures, since=since, top=top, faults=faults)


def _side_failures(settings: Settings) -> str:
    if backend.uses_postgres(settings):
        return ""  # the side file is kept beside a SQLite file only
    found = sidecar.read(settings.database_path)
    if not found:
        return ""
    kinds = Counter(op for _, op, _ in found)
    listed = ", ".join(f"{op}: {n}" for op, n in sorted(kinds.items()))
    return f"Storage failures recorded beside the database while it could not take them: {len(found)} ({listed})"


def run(args: argparse.Namespace, settings: Settings) -> int:
    if not backend.exists(settings):
        print(f"llama4-bot stats: no database at {backend.location(settings)} yet.", file=sys.stderr)
        if side := _side_failures(settings):
            print(side)
        return 1
    # A window longer than the epoch is everything (and keeps datetime within its range).
    since = max(0.0, time.time() - args.since) if args.since is not None else None
    try:
        result = asyncio.run(report(settings, since, max(1, args.top)))
    except backend.storage_errors(settings) as exc:
        print(f"llama4-bot stats: cannot read {backend.location(settings)}: {exc}", file=sys.stderr)
        if side := _side_failures(settings):
            print(side)
        return 1
    if args.json:
        print(json.dumps(result.to_json(), indent=2, ensure_ascii=False))
    else:
        sys.stdout.write(render_text(result))
    return 0
