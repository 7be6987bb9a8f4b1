"""Memory of a long ``llama4-bot ask --json`` stream: VmRSS and VmHWM of the answering process as it goes.

    .venv/bin/python benchmarks/stream_memory.py [--counts 7000,70000] [--conversation ID] [--json FILE]

For each count, a fresh ``ask --json`` process is fed that many questions (the benchmark questions
in turn, each line a new conversation unless ``--conversation`` is given). Every tenth of the way,
after reading the answers so far, the script reads that process's own ``/proc/<pid>/status``:
VmRSS (now) and VmHWM (its peak so far). Memory that stays flat from the first tenth to the last
is bounded; memory that grows with the count is not.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import threading
import time
from pathlib import Path

from bench import questions

HERE = Path(__file__).resolve().parent


def status_mb(pid: int) -> dict[str, float]:
    """VmRSS and VmHWM of a running process, in MiB, from its own /proc status."""
    fields = dict(line.split(":", 1) for line in Path(f"/proc/{pid}/status").read_text().splitlines() if ":" in line)
    return {name: int(fields[name].split()[0]) / 1024 for name in ("VmRSS", "VmHWM")}


def stream(count: int, conversation: str | None) -> dict[str, object]:
    """Feed ``count`` questions to a fresh ``ask --json`` process and sample its memory every tenth."""
    exe = Path(sys.executable).with_name("llama4-bot")
    command = [str(exe)] if exe.exists() else [sys.executable, "-m", "bot"]
    command += ["ask", "--json", *(["--conversation", conversation] if conversation else [])]
    process = subprocess.Popen(command, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, encoding="utf-8")
    assert process.stdin is not None and process.stdout is not None
    pool = questions()
    lines = [pool[i % len(pool)] for i in range(count)]

    def feed() -> None:
        assert process.stdin is not None
        try:
            for line in lines:
                process.stdin.write(line + "\n")
            process.stdin.flush()
        except BrokenPipeError:
            return  # the process stopped: the reader says so

    writer = threading.Thread(target=feed, daemon=True)
    started = time.perf_counter()
    writer.start()
    samples = []
    step = max(count // 10, 1)
    for answered in range(1, count + 1):
        line = process.stdout.readline()
        if not line:
            raise SystemExit(f"ask --json stopped after {answered - 1} answers (exit status {process.wait()})")
        json.loads(line)  # one JSON answer a line, in order
        if answered % step == 0 or answered == count:
            samples.append({"answered": answered, **status_mb(process.pid)})
    elapsed = time.perf_counter() - started
    writer.join()
    process.stdin.close()
    process.wait(timeout=60)
    return {"count": count, "seconds": elapsed, "samples": samples}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--counts", default="7000,70000", help="questions per fresh process, comma-separated")
    parser.add_argument("--conversation", help="one conversation for every line (follow-ups), as ask --json takes")
    parser.add_argument("--json", type=Path, help="also write every figure to this file")
    args = parser.parse_args()
    runs = [stream(int(c), args.conversation) for c in args.counts.split(",") if c.strip()]
    print("| questions | VmRSS at 1/10 | VmRSS at the end | VmHWM at the end | time |")
    print("|---|---|---|---|---|")
    for run in runs:
        samples = run["samples"]
        assert isinstance(samples, list)
        first, last = samples[0], samples[-1]
        print(f"| {run['count']:,} | {first['VmRSS']:.1f} MiB | {last['VmRSS']:.1f} MiB | {last['VmHWM']:.1f} MiB "
              f"| {run['seconds']:.0f} s |")  # fmt: skip
    if args.json:
        args.json.write_text(json.dumps(runs, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
