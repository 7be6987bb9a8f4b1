"""Calibrate the abstention thresholds on the tuning split of the labelled question sets.

For a grid of thresholds it answers every question of the split and reports how many answers are
right by the grader's rules (``evaluate.py``), and how many in-domain questions are answered and
off-topic, near-domain and not-stated ones refused. Settings are ranked by right answers, then by
balanced answer-or-refuse accuracy; the shipped ``Thresholds()`` is always shown. The held-out split
is never used here.

    python benchmarks/calibrate.py [--show]
"""

from __future__ import annotations

import argparse
import itertools
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from evaluate import LABELLED, corpus_texts, grade, load_rows

from bot.answering.domain import Thresholds
from bot.answering.engine import Engine
from bot.config import DEFAULT_KNOWLEDGE_DIR
from bot.render import render_plain

GRID = {
    "evidence": (0.4, 0.5),
    "evidence_anchored": (0.15, 0.25),
    "coverage": (0.5, 0.6),
    "unknown": (0.35, 0.4, 0.5, 0.6),
    "sentence": (0.0, 0.3, 0.4),
}


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--split", default="tune", choices=("tune", "all"))
    parser.add_argument("--show", action="store_true", help="list the misjudged questions at the best setting")
    args = parser.parse_args()
    rows = load_rows(args.split, sorted(LABELLED.glob("*.jsonl")))
    engine = Engine.load(DEFAULT_KNOWLEDGE_DIR)
    corpus = corpus_texts(engine)

    def group(row: dict[str, object]) -> str:
        return "in-domain" if row["kind"] != "ood" else str(row.get("target", "ood:offtopic")).removeprefix("ood:")

    groups = sorted({group(r) for r in rows})
    sizes = {g: sum(group(r) == g for r in rows) for g in groups}
    results = []
    for values in itertools.product(*GRID.values()):
        engine.thresholds = Thresholds(*values)
        right = dict.fromkeys(groups, 0)
        graded = 0  # answered right by the grader's rules, not only rightly answered or refused
        for row in rows:
            answer = engine.answer(str(row["q"]))
            right[group(row)] += answer.abstained == (row["kind"] == "ood")
            quotes = [c.quote for c in answer.citations]
            graded += not grade(row, render_plain(answer), answer.abstained, quotes, corpus)
        balanced = (
            right["in-domain"] / sizes["in-domain"]
            + sum(right[g] for g in groups if g != "in-domain")
            / max(1, sum(sizes[g] for g in groups if g != "in-domain"))
        ) / 2
        results.append((graded, balanced, right, engine.thresholds))
    # ranked by right answers end to end, then by balanced answer-or-refuse accuracy: a setting that refuses
    # more wisely but loses answers that were right is no better
    results.sort(key=lambda r: (-r[0], -r[1], -r[2]["in-domain"]))
    shipped = Thresholds()
    print(f"{len(rows)} questions; graded right, balanced answer-or-refuse accuracy, decisions per group:")
    for graded, balanced, right, t in [*results[:8], *(r for r in results if r[3] == shipped)]:
        cells = ", ".join(f"{g} {right[g]}/{sizes[g]}" for g in groups)
        mark = "  <- shipped" if t == shipped else ""
        print(f"{graded:4d}  {balanced:.3f}  {cells}  {t}{mark}")
    if args.show:
        engine.thresholds = results[0][3]
        for row in rows:
            if engine.answer(str(row["q"])).abstained != (row["kind"] == "ood"):
                print(f"{group(row):12s} {engine.read(str(row['q'])).signals}  {row['q']}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
