"""Calibrate the abstention thresholds on a labelled question set.

For a grid of thresholds it reports how many in-domain questions are answered
and how many off-topic ones are refused, and prints the setting that maximises
balanced accuracy (ties go to the setting that answers more in-domain questions).

    python benchmarks/calibrate.py [--set benchmarks/questions/calibration.jsonl]
"""

from __future__ import annotations

import argparse
import itertools
import json
from pathlib import Path

from bot.config import DEFAULT_KNOWLEDGE_DIR
from bot.engine import Engine, Thresholds

HERE = Path(__file__).resolve().parent


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--set", default=str(HERE / "questions" / "calibration.jsonl"))
    parser.add_argument("--show", action="store_true", help="list the misclassified questions at the best setting")
    args = parser.parse_args()
    rows = [json.loads(line) for line in Path(args.set).read_text().splitlines() if line.strip()]
    engine = Engine.load(DEFAULT_KNOWLEDGE_DIR)
    results = []
    for coverage, relative, anchored, coverage_anchored in itertools.product(
        (0.5, 0.6, 0.66, 0.7, 0.75), (0.2, 0.25, 0.3, 0.4), (0.1, 0.2, 0.3, 0.4), (0.34, 0.5, 0.6, 0.67)
    ):
        engine.thresholds = Thresholds(coverage, relative, anchored, coverage_anchored)
        kept = refused = 0
        for row in rows:
            abstained = engine.answer(row["q"]).abstained
            if row["label"] == "in" and not abstained:
                kept += 1
            if row["label"] == "ood" and abstained:
                refused += 1
        n_in = sum(r["label"] == "in" for r in rows)
        n_ood = len(rows) - n_in
        balanced = (kept / n_in + refused / n_ood) / 2
        results.append(
            (balanced, kept / n_in, coverage, relative, anchored, coverage_anchored, kept, refused, n_in, n_ood)
        )
    results.sort(key=lambda r: (-r[0], -r[1]))
    print("balanced  in-kept  ood-refused  coverage  relative  relative_anchored  coverage_anchored")
    for balanced, _, coverage, relative, anchored, coverage_anchored, kept, refused, n_in, n_ood in results[:10]:
        print(
            f"{balanced:8.3f}  {kept:3d}/{n_in}   {refused:3d}/{n_ood}       "
            f"{coverage:5.2f}     {relative:5.2f}     {anchored:5.2f}              {coverage_anchored:5.2f}"
        )
    best = results[0]
    if args.show:
        engine.thresholds = Thresholds(best[2], best[3], best[4], best[5])
        for row in rows:
            answer = engine.answer(row["q"])
            if answer.abstained != (row["label"] == "ood"):
                print(f"  wrong: [{row['label']}] {row['q']!r} -> {answer.kind.value}: {answer.text[:80]!r}")


if __name__ == "__main__":
    main()
