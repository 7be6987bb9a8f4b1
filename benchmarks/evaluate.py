"""Grade the engine on our own labelled question sets, in process, by kind, style and failure pattern.

The rules are those of the shared grader (``../shared/eval/grade.py``): the expected words must come
within the first N characters of the answer, an in-domain answer must quote a listed source verbatim,
and an off-topic or not-stated question must be refused. Questions are split by what they are about
(their ``target``): about 30% of the targets, all their wordings included, are held out and are not
looked at while the engine is tuned.

    python benchmarks/evaluate.py                 # the tuning split
    python benchmarks/evaluate.py --split heldout # the held-out split (once, at the end of a change)
    python benchmarks/evaluate.py --split all -v  # every question, failures listed
"""

from __future__ import annotations

import argparse
import hashlib
import json
import re
import sys
from collections import defaultdict
from pathlib import Path

from bot.answering.engine import Engine
from bot.config import DEFAULT_KNOWLEDGE_DIR
from bot.render import render_plain

HERE = Path(__file__).resolve().parent
LABELLED = HERE / "questions" / "labelled"
WINDOW = {"fact": 300, "robust": 300, "conflict": 600, "passage": 700, "compare": 1500}
MIN_QUOTE = 15
HELD_OUT_SHARE = 30  # percent of targets


def alnum(text: str) -> str:
    return re.sub(r"[^a-z0-9]", "", text.lower())


def norm_answer(text: str) -> str:
    text = text.lower().replace("\u00d7", "x")
    text = re.sub(r"(?<=\d),(?=\d{3})", "", text)
    return re.sub(r"\s+", " ", text)


def split_of(row: dict[str, object]) -> str:
    target = str(row.get("target") or "")
    key = target if target and not target.startswith("ood:") else str(row["id"])  # off-topic: each its own
    return "heldout" if int(hashlib.sha1(key.encode()).hexdigest(), 16) % 100 < HELD_OUT_SHARE else "tune"


def load_rows(split: str, files: list[Path]) -> list[dict[str, object]]:
    rows = []
    for path in files:
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                row = json.loads(line)
                if split == "all" or split_of(row) == split:
                    rows.append(row)
    return rows


def corpus_texts(engine: Engine) -> dict[str, str]:
    """Corpus id ("004") -> letters and digits of the article, from each article's ``origin``."""
    found = {}
    for article in engine.knowledge.articles:
        match = re.search(r"(\d{3})_[0-9a-f]+\.txt", article.origin)
        if match:
            found[match.group(1)] = alnum(article.text)
    return found


def grade(row: dict[str, object], answer_text: str, abstained: bool, quotes: list[str], corpus: dict[str, str]) -> str:
    """The reason a question fails, or "" when it passes."""
    kind = str(row["kind"])
    if kind == "ood":
        return "" if abstained else "answered"
    if abstained:
        return "abstained"
    window = norm_answer(answer_text)[: WINDOW.get(kind, 1500)]
    for group in row.get("expect", []):  # type: ignore[union-attr]
        if not any(str(alt).lower() in window for alt in group):
            return f"missing {group}"
    found = {sid for q in quotes if len(alnum(q)) >= MIN_QUOTE for sid, body in corpus.items() if alnum(q) in body}
    sources = set(row.get("sources") or [])  # type: ignore[arg-type]
    if sources and not found & sources:
        return f"no quote from {sorted(sources)}"
    for group in row.get("sources_all", []) or []:  # type: ignore[union-attr]
        if not found & set(group):
            return f"no quote from {group}"
    return ""


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--split", choices=("tune", "heldout", "all"), default="tune")
    parser.add_argument("--files", nargs="*", type=Path, default=sorted(LABELLED.glob("*.jsonl")))
    parser.add_argument("-v", "--verbose", action="store_true", help="list every failure")
    parser.add_argument("--json", action="store_true", help="print the summary as JSON")
    args = parser.parse_args()
    engine = Engine.load(DEFAULT_KNOWLEDGE_DIR)
    corpus = corpus_texts(engine)
    rows = load_rows(args.split, args.files)
    by: dict[str, dict[str, list[int]]] = defaultdict(lambda: defaultdict(lambda: [0, 0]))
    refused_in_domain = answered_ood = 0
    passed = 0
    for row in rows:
        answer = engine.answer(str(row["q"]))
        text = render_plain(answer, with_citations=False)
        why = grade(row, text, answer.abstained, [c.quote for c in answer.citations], corpus)
        ok = not why
        passed += ok
        refused_in_domain += why == "abstained"
        answered_ood += why == "answered"
        for facet in ("kind", "style"):
            cell = by[facet][str(row.get(facet, "?"))]
            cell[0] += ok
            cell[1] += 1
        if args.verbose and not ok:
            print(f"FAIL {row['id']} [{row['kind']}/{row.get('style')}] {row['q']!r}: {why}")
            print("      " + re.sub(r"\s+", " ", text)[:240])
    n = len(rows)
    summary = {
        "split": args.split,
        "questions": n,
        "passed": passed,
        "in_domain_refused": refused_in_domain,
        "ood_answered": answered_ood,
        "by_kind": {k: v for k, v in sorted(by["kind"].items())},
        "by_style": {k: v for k, v in sorted(by["style"].items())},
    }
    if args.json:
        print(json.dumps(summary))
        return 0
    for facet in ("kind", "style"):
        print(f"by {facet}: " + ", ".join(f"{k} {p}/{t}" for k, (p, t) in sorted(by[facet].items())))
    n_ood = by["kind"]["ood"][1] if "ood" in by["kind"] else 0
    print(f"in-domain questions refused: {refused_in_domain}/{n - n_ood}; off-topic answered: {answered_ood}/{n_ood}")
    print(f"score ({args.split}): {passed}/{n} ({100 * passed / max(n, 1):.0f}%)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
