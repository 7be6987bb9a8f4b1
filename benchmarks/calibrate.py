"""Calibrate the abstention thresholds on the tuning split of the labelled question sets.

For a grid of thresholds it answers every question of the split and reports how many in-domain
questions are answered (not refused) and how many off-topic, near-domain and not-stated ones are
refused, then prints the settings with the best balanced accuracy (ties go to answering more).
The held-out split is never used here.

    python benchmarks/calibrate.py [--show]
"""

from __future__ import annotations

import argparse
import itertools
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from evaluate import LABELLED, load_rows

from bot.config import DEFAULT_KNOWLEDGE_DIR
from bot.domain import Thresholds
from bot.engine import Engine

GRID = {
    "evidence": (0.4, 0.5, 0.6),
    "evidence_anchored": (0.1, 0.15, 0.25),
    "coverage": (0.5, 0.6),
    "unknown": (0.2, 0.25, 0.3, 0.35, 0.4, 0.5, 1.0),
    "sentence": (0.0, 0.3, 0.4),
}


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--split", default="tune", choices=("tune", "all"))
    parser.add_argument("--show", action="store_true", help="list the misjudged questions at the best setting")
    args = parser.parse_args()
    rows = load_rows(args.split, sorted(LABELLED.glob("*.jsonl")))
    engine = Engine.load(DEFAULT_KNOWLEDGE_DIR)

    def group(row: dict[str, object]) -> str:
        return "in-domain" if row["kind"] != "ood" else str(row.get("target", "ood:offtopic")).removeprefix("ood:")

    groups = sorted({group(r) for r in rows})
    sizes = {g: sum(group(r) == g for r in rows) for g in groups}
    results = []
    for values in itertools.product(*GRID.values()):
        engine.thresholds = Thresholds(*values)
        right = dict.fromkeys(groups, 0)
        for row in rows:
            refused = engine.answer(str(row["q"])).abstained
            right[group(row)] += refused == (row["kind"] == "ood")
        balanced = (
            right["in-domain"] / sizes["in-domain"]
            + sum(right[g] for g in groups if g != "in-domain")
            / max(1, sum(sizes[g] for g in groups if g != "in-domain"))
        ) / 2
        results.append((balanced, right, engine.thresholds))
    results.sort(key=lambda r: (-r[0], -r[1]["in-domain"]))
    print("right answer-or-refuse decisions, whole engine (not-stated answers included), per group:")
    for balanced, right, t in results[:8]:
        cells = ", ".join(f"{g} {right[g]}/{sizes[g]}" for g in groups)
        print(f"{balanced:.3f}  {cells}  {t}")
    if args.show:
        engine.thresholds = results[0][2]
        for row in rows:
            if engine.answer(str(row["q"])).abstained != (row["kind"] == "ood"):
                print(f"{group(row):12s} {engine.read(str(row['q'])).signals}  {row['q']}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
