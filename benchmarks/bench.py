"""Measure the engine: latency, index build, one-shot CLI wall time, peak memory, retrieval quality.

    .venv/bin/pip install -e '.[bench]'      # bm25s, the baseline
    .venv/bin/python benchmarks/bench.py [--rounds 5] [--json]

Every figure is a median over rounds (these machines are noisy). Retrieval
quality compares our index (BM25-weighted TF-IDF, and plain cosine TF-IDF) with
bm25s over the same passages, on benchmarks/questions/retrieval.jsonl: hit@1,
hit@3 and MRR, where a hit is a passage containing the expected words.
"""

from __future__ import annotations

import argparse
import itertools
import json
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

import numpy as np

from bot.answering.engine import Engine
from bot.config import DEFAULT_KNOWLEDGE_DIR
from bot.knowledge.base import load_knowledge
from bot.knowledge.index import Document, Index
from bot.language.text import tokens

HERE = Path(__file__).resolve().parent
TEMPLATES = (
    "What is {m}'s {a}?",
    "{m} {a}",
    "how about the {a} of {m}",
    "Tell me {m}'s {a} please",
)
ATTRS = ("context window", "total parameters", "active params", "experts", "price", "speed", "MMLU Pro score",
         "GPQA Diamond", "memory in INT4", "training tokens", "license", "GPU hours")  # fmt: skip
MODELS = ("Scout", "Maverick", "Behemoth", "scot", "mavrick", "GPT-4o")


def questions() -> list[str]:
    generated = [t.format(m=m, a=a) for t, m, a in itertools.product(TEMPLATES, MODELS, ATTRS)]
    calibration = [
        json.loads(line)["q"] for line in (HERE / "questions" / "calibration.jsonl").read_text().splitlines()
    ]
    retrieval = [json.loads(line)["q"] for line in (HERE / "questions" / "retrieval.jsonl").read_text().splitlines()]
    return generated[:220] + calibration + retrieval + ["Compare Scout and Maverick", "compare maverick gpt-4o"]


def percentile(values: list[float], p: float) -> float:
    return float(np.percentile(np.array(values), p))


def latency(engine: Engine, qs: list[str], rounds: int) -> dict[str, float]:
    per_question: list[list[float]] = [[] for _ in qs]
    for _ in range(rounds):
        for i, q in enumerate(qs):
            start = time.perf_counter()
            engine.answer(q)
            per_question[i].append((time.perf_counter() - start) * 1000)
    medians = [statistics.median(v) for v in per_question]
    return {"questions": len(qs), "p50_ms": percentile(medians, 50), "p99_ms": percentile(medians, 99)}


def build_times(rounds: int) -> dict[str, float]:
    load, build = [], []
    for _ in range(rounds):
        start = time.perf_counter()
        knowledge = load_knowledge(DEFAULT_KNOWLEDGE_DIR)
        mid = time.perf_counter()
        Index.build(knowledge)
        end = time.perf_counter()
        load.append((mid - start) * 1000)
        build.append((end - mid) * 1000)
    return {"load_knowledge_ms": statistics.median(load), "build_index_ms": statistics.median(build)}


def one_shot(rounds: int) -> dict[str, float]:
    exe = Path(sys.executable).with_name("llama4-bot")
    cmd = [str(exe)] if exe.exists() else [sys.executable, "-m", "bot"]
    walls = []
    for _ in range(rounds):
        start = time.perf_counter()
        subprocess.run([*cmd, "ask", "What is Scout's context window?"], capture_output=True, check=True)
        walls.append(time.perf_counter() - start)
    python_only = []
    for _ in range(rounds):
        start = time.perf_counter()
        subprocess.run([sys.executable, "-c", "pass"], check=True)
        python_only.append(time.perf_counter() - start)
    return {"one_shot_ask_s": statistics.median(walls), "bare_python_start_s": statistics.median(python_only)}


def peak_memory_mb() -> float:
    """Peak RSS of a fresh process that loads and answers, read from its own /proc status (VmHWM).

    Not ``ru_maxrss`` of a child: a forked child starts with its parent's high-water mark, so it
    reported this benchmark's own peak (123 MB) for a process using 47 MiB.
    """
    code = (
        "from pathlib import Path; from bot.answering.engine import Engine;"
        "from bot.config import DEFAULT_KNOWLEDGE_DIR;"
        "e = Engine.load(DEFAULT_KNOWLEDGE_DIR);"
        "[e.answer(q) for q in ['scout context', 'why lmarena', 'compare scout maverick']];"
        "print(next(l for l in Path('/proc/self/status').read_text().splitlines() if l.startswith('VmHWM:')))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    return int(out.split()[-2]) / 1024  # "VmHWM:   48000 kB"


def retrieval_quality() -> dict[str, dict[str, float]]:
    knowledge = load_knowledge(DEFAULT_KNOWLEDGE_DIR)
    passages = list(knowledge.passages)
    rows = [json.loads(line) for line in (HERE / "questions" / "retrieval.jsonl").read_text().splitlines()]
    docs = [Document(p.id, p.article_id, p.heading, p.text) for p in passages]
    texts = [f"{p.heading}\n{p.text}" for p in passages]

    def score(rank_of: list[list[int]]) -> dict[str, float]:
        hits1 = hits3 = rr = 0.0
        for row, ranking in zip(rows, rank_of, strict=True):
            ok = [i for i, d in enumerate(ranking) if row["expect"] in passages[d].text]
            if ok:
                hits1 += ok[0] == 0
                hits3 += ok[0] < 3
                rr += 1 / (ok[0] + 1)
        n = len(rows)
        return {"hit@1": hits1 / n, "hit@3": hits3 / n, "mrr": rr / n}

    results: dict[str, dict[str, float]] = {}
    for weighting in ("bm25", "cosine"):
        index = Index.from_texts(docs, texts, weighting)  # type: ignore[arg-type]
        rankings = []
        for row in rows:
            terms, _ = index.query_terms(row["q"])
            order = np.argsort(-index.score(terms), kind="stable")[:10]
            rankings.append([int(i) for i in order])
        results[f"ours_{weighting}"] = score(rankings)
    try:
        import bm25s
    except ImportError:
        results["bm25s"] = {"skipped": 1.0}
        return results
    retriever = bm25s.BM25()
    retriever.index([tokens(t) for t in texts], show_progress=False)
    rankings = []
    for row in rows:
        found, _ = retriever.retrieve([tokens(row["q"]) or ["_"]], k=10, show_progress=False)
        rankings.append([int(i) for i in found[0]])
    results["bm25s"] = score(rankings)
    return results


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    engine = Engine.load(DEFAULT_KNOWLEDGE_DIR)
    qs = questions()
    report = {
        "latency": latency(engine, qs, args.rounds),
        "build": build_times(args.rounds),
        "cli": one_shot(args.rounds),
        "peak_rss_mb": peak_memory_mb(),
        "retrieval": retrieval_quality(),
        "self_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    }
    if args.json:
        print(json.dumps(report, indent=2))
        return
    lat, build, cli = report["latency"], report["build"], report["cli"]
    print(f"engine latency over {lat['questions']} questions (median of {args.rounds} rounds each): "
          f"p50 {lat['p50_ms']:.3f} ms, p99 {lat['p99_ms']:.3f} ms")  # fmt: skip (the p50 goal is 0.5 ms)
    print(f"load knowledge {build['load_knowledge_ms']:.1f} ms, build index {build['build_index_ms']:.1f} ms")
    print(f"one-shot `llama4-bot ask` wall {cli['one_shot_ask_s']:.2f} s "
          f"(bare python start {cli['bare_python_start_s']:.2f} s)")  # fmt: skip
    print(f"peak RSS of a process that loads and answers: {report['peak_rss_mb']:.0f} MB")
    print("retrieval on benchmarks/questions/retrieval.jsonl (passages only):")
    for name, figures in report["retrieval"].items():
        print(f"  {name:12s} " + "  ".join(f"{k} {v:.3f}" for k, v in figures.items()))


if __name__ == "__main__":
    main()
