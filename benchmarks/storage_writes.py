"""Write latency of the two storage backends: SQLite (one file) against PostgreSQL (a local server).

    .venv/bin/python benchmarks/storage_writes.py [--rounds 3] [--writes 1000] [--processes 2]

Each round starts ``--processes`` processes (tests/storage/write_child.py) at one
moment on an empty database; each records ``--writes`` exchanges and a vote on each,
50 in flight, through the real store. A write's latency is the time from the call to
its commit. The PostgreSQL server is a throw-away local cluster with durable settings
(fsync and synchronous_commit on, as in production); SQLite runs with its production
settings (WAL, synchronous=FULL). Figures are medians over rounds of each round's
p50 and p99.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bot.storage.stats import percentile  # noqa: E402
from tests.pgcluster import running_cluster  # noqa: E402


def one_round(env: dict[str, str], processes: int, writes: int) -> list[float]:
    start = time.time() + 3.0
    children = [
        subprocess.Popen(
            [sys.executable, "-m", "tests.storage.write_child", f"p{n}", str(writes), repr(start)],
            cwd=ROOT,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for n in range(processes)
    ]
    latencies: list[float] = []
    for child in children:
        out, err = child.communicate(timeout=600)
        if child.returncode != 0:
            raise SystemExit(f"a writer failed: {err}")
        report = json.loads(out)
        if report["failures"]:
            raise SystemExit(f"a writer reported {report['failures']} storage failures")
        latencies.extend(report["latencies_ms"])
    return latencies


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--writes", type=int, default=1000)
    parser.add_argument("--processes", type=int, default=2)
    args = parser.parse_args()
    base = {k: v for k, v in os.environ.items() if not k.startswith("LLAMA4_")}
    base["LLAMA4_USER_HASH_SALT"] = "bench"
    results: dict[str, list[tuple[float, float]]] = {"sqlite": [], "postgres": []}
    with running_cluster(durable=True) as cluster, tempfile.TemporaryDirectory() as folder:
        for round_ in range(args.rounds):
            db = Path(folder) / f"round{round_}.sqlite3"
            for name, extra in (
                ("sqlite", {"LLAMA4_DATABASE": str(db)}),
                ("postgres", {"LLAMA4_DATABASE": str(db) + ".unused", "LLAMA4_DATABASE_URL": cluster.new_schema()}),
            ):
                latencies = one_round({**base, **extra}, args.processes, args.writes)
                p50, p99 = percentile(latencies, 50), percentile(latencies, 99)
                assert p50 is not None and p99 is not None
                results[name].append((p50, p99))
    print(
        f"{args.processes} processes x {args.writes} exchanges + {args.writes} votes, 50 in flight each; "
        f"medians of {args.rounds} rounds"
    )
    print("| backend | write p50 | write p99 |")
    print("|---|---|---|")
    for name, rows in results.items():
        p50 = statistics.median(r[0] for r in rows)
        p99 = statistics.median(r[1] for r in rows)
        print(f"| {name} | {p50:.1f} ms | {p99:.1f} ms |")


if __name__ == "__main__":
    main()
