"""Fit the sentence ranker's weights on the tuning split and write ``bot/data/ranker.json``.

Each sentence the retrieval offers for a labelled question is one example: its features
(``bot.answering.snippets.FEATURES``) and whether it holds the expected answer. A logistic regression
learns how much each feature says about "this sentence answers the question". It reports
top-1 and top-3 hit rates before and after, on the tuning split and on the held-out split.

    python benchmarks/train_ranker.py [--write]
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import numpy as np
from evaluate import LABELLED, load_rows, norm_answer
from sklearn.linear_model import LogisticRegression

import bot.answering.snippets as snippets
from bot.answering.engine import Engine
from bot.config import DEFAULT_KNOWLEDGE_DIR

KINDS = ("passage", "fact", "robust", "conflict")


def holds(row: dict[str, object], text: str) -> bool:
    text = norm_answer(text)
    groups = row["expect"]
    assert isinstance(groups, list)
    return any(any(str(a).lower() in text for a in g) for g in groups)


def examples(engine: Engine, rows: list[dict[str, object]]) -> tuple[np.ndarray, np.ndarray]:
    xs, ys = [], []
    for row in rows:
        reading = engine.read(str(row["q"]))
        for unit_features, text in collect(engine, reading):
            xs.append(unit_features)
            ys.append(holds(row, text))
    return np.array(xs), np.array(ys)


def collect(engine: Engine, reading: object) -> list[tuple[tuple[float, ...], str]]:
    found: list[tuple[tuple[float, ...], str]] = []
    original = snippets.features

    def spy(*args: object, **kwargs: object) -> tuple[float, ...]:
        x = original(*args, **kwargs)  # type: ignore[arg-type]
        found.append((x, args[0].text))  # type: ignore[attr-defined]
        return x

    snippets.features = spy  # type: ignore[assignment]
    try:
        engine.read(str(reading.query.text))  # type: ignore[attr-defined]
    finally:
        snippets.features = original
    return found


def hit_rates(engine: Engine, rows: list[dict[str, object]]) -> tuple[int, int, int]:
    top1 = top3 = 0
    for row in rows:
        ranked = engine.read(str(row["q"])).ranked
        texts = [s.text + " " + (s.follows or "") for s in ranked]
        top1 += bool(texts) and holds(row, texts[0])
        top3 += holds(row, " ".join(texts[:3]))
    return top1, top3, len(rows)


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--write", action="store_true", help="write bot/data/ranker.json")
    args = parser.parse_args()
    files = sorted(LABELLED.glob("*.jsonl"))
    tune = [r for r in load_rows("tune", files) if r["kind"] in KINDS and r.get("expect")]
    held = [r for r in load_rows("heldout", files) if r["kind"] in KINDS and r.get("expect")]
    engine = Engine.load(DEFAULT_KNOWLEDGE_DIR)
    snippets.ranker_weights.cache_clear()
    before = hit_rates(engine, tune), hit_rates(engine, held)
    x, y = examples(engine, tune)
    model = LogisticRegression(C=1.0, class_weight="balanced", max_iter=2000).fit(x[:, 1:], y)
    weights = {"bias": float(model.intercept_[0])}
    weights.update({name: float(w) for name, w in zip(snippets.FEATURES[1:], model.coef_[0], strict=True)})
    fitted = tuple(weights[name] for name in snippets.FEATURES)
    snippets.ranker_weights.cache_clear()
    original = snippets.ranker_weights
    snippets.ranker_weights = lambda: fitted  # type: ignore[assignment]
    after = hit_rates(engine, tune), hit_rates(engine, held)
    snippets.ranker_weights = original
    print(f"{len(y)} sentences from {len(tune)} tuning questions, {int(y.sum())} holding the answer")
    for name, value in weights.items():
        print(f"  {name:18s} {value:+.3f}")
    for label, (t, h) in (("before", before), ("after", after)):
        print(f"{label}: tune top-1 {t[0]}/{t[2]}, top-3 {t[1]}/{t[2]}; ", end="")
        print(f"held-out top-1 {h[0]}/{h[2]}, top-3 {h[1]}/{h[2]}")
    if args.write:
        snippets.RANKER_FILE.write_text(json.dumps({"weights": weights}, indent=2) + "\n", encoding="utf-8")
        print(f"wrote {snippets.RANKER_FILE}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
