"""Throughput of one against two Slack HTTP workers on PostgreSQL, with a slow Slack Web API.

    .venv/bin/python benchmarks/slack_workers.py [--mentions 300] [--delay 0.2] [--rounds 3]

Starts real ``llama4-bot slack --http`` processes (tests/slack/processes.py) on a
throw-away local PostgreSQL cluster (durable settings) and a local Slack
(tests/slack/slackfake.py) whose ``chat.postMessage`` takes ``--delay`` seconds. The
mentions (each a different question, in its own channel message) are sent round-robin
to the workers, all at once; the figure is answered mentions per second, from the first
delivery to the last reply, median over rounds.
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "tests"), str(ROOT / "tests" / "slack")]

from processes import start_worker, worker_env  # noqa: E402
from slackfake import BOT_USER, FakeSlack, event_callback, message_event  # noqa: E402

from tests.pgcluster import Cluster, running_cluster  # noqa: E402

QUESTIONS = (
    "what is scout's context window?",
    "how many experts does maverick have?",
    "what does behemoth cost?",
    "how fast is maverick on groq?",
    "what is iRoPE?",
    "compare scout and maverick",
    "what is the license?",
)


async def one_round(cluster: Cluster, workers: int, mentions: int, delay: float, folder: Path) -> float:
    api = FakeSlack()
    api.post_delay_s = delay
    await api.start()
    env = worker_env(api.api_url, cluster.new_schema(), folder / "unused.sqlite3")
    started = await asyncio.gather(*(start_worker(env, folder) for _ in range(workers)))
    try:
        events = [
            event_callback(
                message_event(f"<@{BOT_USER}> {QUESTIONS[i % len(QUESTIONS)]} ({i})", ts=f"1700000000.{i:06d}"),
                f"EvB{i:05d}",
            )
            for i in range(mentions)
        ]
        began = time.perf_counter()
        await asyncio.gather(*(started[i % workers].http.event(e) for i, e in enumerate(events)))
        while len(api.calls_to("chat.postMessage")) < mentions:
            if time.perf_counter() - began > 300:
                raise SystemExit("timed out waiting for the replies")
            await asyncio.sleep(0.01)
        return mentions / (time.perf_counter() - began)
    finally:
        for worker in started:
            await worker.stop()
        await api.stop()


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mentions", type=int, default=300)
    parser.add_argument("--delay", type=float, default=0.2)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    rates: dict[int, list[float]] = {1: [], 2: []}
    with running_cluster(durable=True) as cluster, tempfile.TemporaryDirectory() as folder:
        for _ in range(args.rounds):
            for workers in rates:
                rates[workers].append(await one_round(cluster, workers, args.mentions, args.delay, Path(folder)))
    print(
        f"{args.mentions} mentions, chat.postMessage takes {args.delay * 1000:.0f} ms; median of {args.rounds} rounds"
    )
    print("| Slack HTTP workers on PostgreSQL | answered mentions per second |")
    print("|---|---|")
    for workers, values in rates.items():
        print(f"| {workers} | {statistics.median(values):.1f} (rounds: {', '.join(f'{v:.1f}' for v in values)}) |")


if __name__ == "__main__":
    asyncio.run(main())
