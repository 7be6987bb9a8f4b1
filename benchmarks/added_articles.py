"""Add the fixture articles to a copy of the knowledge and grade questions only they answer; check old sets.

    python benchmarks/added_articles.py [--shared ../shared] [-v]

1. copies knowledge/ to a temporary folder and runs ``llama4-bot add`` on the
   three fixture articles in tests/fixtures/articles/ (their output is shown);
2. builds a grading corpus: the original pages from ``shared/corpus`` (000-004)
   plus each added article's text as 005_*, 006_*, 007_* in the order added;
3. runs ``shared/eval/grade.py`` on benchmarks/questions/added_articles.jsonl
   against that knowledge, and on the dev and dev2 sets with and without the
   added articles, so that a drop in the old scores shows.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "fixtures" / "articles"
ADDED = ("benchmarks-revisited.html", "llama4-model-card.md", "llama4-qa-post.txt")
QUESTIONS = ROOT / "benchmarks" / "questions" / "added_articles.jsonl"
BOT = [sys.executable, "-m", "bot"]


def grade(shared: Path, knowledge: Path, question_set: Path, corpus: Path, verbose: bool) -> tuple[str, set[str]]:
    """The grader's score line, and the ids of the questions that passed."""
    env = {**os.environ, "LLAMA4_KNOWLEDGE_DIR": str(knowledge), "PYTHONIOENCODING": "utf-8"}
    command = [sys.executable, str(shared / "eval" / "grade.py"), "--cmd", f"{sys.executable} -m bot",
               "--set", str(question_set), "--corpus", str(corpus), "-v"]  # fmt: skip
    done = subprocess.run(command, capture_output=True, text=True, env=env, cwd=ROOT, check=True)
    if verbose:
        print(done.stdout)
    passed = set(re.findall(r"^ok +(\S+)", done.stdout, flags=re.M))
    return next(line for line in reversed(done.stdout.splitlines()) if line.startswith("score:")), passed


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    parser.add_argument("-v", "--verbose", action="store_true", help="print every graded question")
    args = parser.parse_args()
    shared = args.shared.resolve()
    with tempfile.TemporaryDirectory(prefix="llama4-added-") as scratch:
        work = Path(scratch)
        knowledge = work / "knowledge"
        for part in ("articles", "facts"):
            shutil.copytree(ROOT / "knowledge" / part, knowledge / part)
        env = {**os.environ, "LLAMA4_KNOWLEDGE_DIR": str(knowledge)}
        added = subprocess.run([*BOT, "add", *(str(FIXTURES / name) for name in ADDED)], capture_output=True,
                               text=True, env=env, cwd=ROOT, check=True)  # fmt: skip
        print(f"$ llama4-bot add {' '.join(ADDED)}\n{added.stdout}")
        ids = re.findall(r"^(?:added|updated|unchanged) (\S+)", added.stdout, flags=re.M)
        corpus = work / "corpus"
        shutil.copytree(shared / "corpus", corpus)
        for number, article_id in enumerate(ids, start=len(list(corpus.glob("*.txt")))):
            text = (knowledge / "articles" / f"{article_id}.txt").read_text(encoding="utf-8")
            (corpus / f"{number:03d}_{article_id}.txt").write_text(text.partition("\n---\n")[2], encoding="utf-8")
        print(f"questions only the added articles answer ({QUESTIONS.name}):")
        print("  " + grade(shared, knowledge, QUESTIONS, corpus, args.verbose)[0])
        for name in ("dev.jsonl", "dev2.jsonl"):
            question_set = shared / "eval" / name
            before, passed_before = grade(shared, ROOT / "knowledge", question_set, shared / "corpus", False)
            after, passed_after = grade(shared, knowledge, question_set, corpus, False)
            print(f"{name}: without the added articles {before}; with them {after}")
            print(f"  newly failing: {sorted(passed_before - passed_after) or 'none'}; "
                  f"newly passing: {sorted(passed_after - passed_before) or 'none'}")  # fmt: skip
    return 0


if __name__ == "__main__":
    sys.exit(main())
