"""Changing the knowledge folder safely: add, replace or remove articles and re-extract the facts.

A change is first made and checked in a staging copy (the new articles load, the
facts are re-extracted with ``bot.knowledge.extract`` and every fact file still validates).
Only then is the real folder changed, under its lock, in three steps of atomic
file replacements, ordered so that the folder loads after each one:

1. fact files without the facts of the articles being replaced or removed;
2. the article files replaced, added or removed;
3. the fact files of the staged copy (the re-extracted facts).

A crash or error between any two writes leaves a folder that loads (old facts
for every article that has them), and running the command again completes it.
"""

from __future__ import annotations

import json
import shutil
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from bot.answering.engine import Engine
from bot.knowledge.base import Knowledge, load_knowledge
from bot.knowledge.corpus import KnowledgeError, load_articles
from bot.knowledge.extraction_cache import extract_cached
from bot.knowledge.facts import EXTRACTED_FILE, check_fact
from bot.knowledge.files import atomic_remove, atomic_write, knowledge_lock


class ChangeRefused(ValueError):
    """The change would leave knowledge that does not load; nothing was written."""


@dataclass(frozen=True)
class Change:
    article_id: str
    text: str | None  # the new article file, or None to remove the article


@dataclass(frozen=True)
class Applied:
    before: Knowledge
    after: Knowledge
    changes: tuple[Change, ...]
    dropped_facts: int  # facts of other fact files (reviewed) that cited a removed article
    index_seconds: float


Plan = Callable[[Knowledge], Sequence[Change]]


def _fact_lines(text: str, without: set[str]) -> tuple[str, int]:
    """The lines of a fact file whose source is not in ``without``, and how many were left out."""
    kept, dropped = [], 0
    for line in text.splitlines():
        if not line.strip():
            continue
        try:
            source = json.loads(line).get("source")
        except (json.JSONDecodeError, AttributeError):
            source = None
        if source in without:
            dropped += 1
        else:
            kept.append(line + "\n")
    return "".join(kept), dropped


def _stage(folder: Path, stage: Path, changes: Sequence[Change]) -> int:
    """Build the changed knowledge in ``stage``; the number of non-extracted facts dropped with removed articles."""
    (stage / "articles").mkdir()
    (stage / "facts").mkdir()
    for path in (folder / "articles").glob("*.txt"):
        shutil.copyfile(path, stage / "articles" / path.name)
    for change in changes:
        target = stage / "articles" / f"{change.article_id}.txt"
        if change.text is None:
            target.unlink()
        else:
            target.write_text(change.text, encoding="utf-8")
    removed = {c.article_id for c in changes if c.text is None}
    dropped = 0
    for path in (folder / "facts").glob("*.jsonl"):
        if path.name == EXTRACTED_FILE:
            continue
        kept, count = _fact_lines(path.read_text(encoding="utf-8"), removed)
        (stage / "facts" / path.name).write_text(kept, encoding="utf-8")
        dropped += count
    articles = load_articles(stage / "articles")
    by_id = {a.id: a for a in articles}
    facts = extract_cached(articles, folder / ".index")  # only added or changed articles are read
    for fact in facts:
        problem = check_fact(fact, by_id)
        if problem:
            raise KnowledgeError(f"fact extraction produced a bad fact ({problem})")
    extracted = "".join(f.model_dump_json(exclude_none=True) + "\n" for f in facts)
    (stage / "facts" / EXTRACTED_FILE).write_text(extracted, encoding="utf-8")
    load_knowledge(stage)
    return dropped


def _commit(folder: Path, stage: Path, changes: Sequence[Change]) -> None:
    changed = {c.article_id for c in changes}
    for path in sorted((folder / "facts").glob("*.jsonl")):
        current = path.read_text(encoding="utf-8")
        bridge, dropped = _fact_lines(current, changed)
        if dropped:
            atomic_write(path, bridge)
    for change in changes:
        target = folder / "articles" / f"{change.article_id}.txt"
        if change.text is None:
            atomic_remove(target)
        else:
            atomic_write(target, change.text)
    for staged in sorted((stage / "facts").glob("*.jsonl")):
        target = folder / "facts" / staged.name
        text = staged.read_text(encoding="utf-8")
        if not target.exists() or target.read_text(encoding="utf-8") != text:
            atomic_write(target, text)


def apply_changes(folder: Path, plan: Plan, load_engine: Callable[[Path], Engine] = Engine.load) -> Applied:
    """Plan changes against the current knowledge, check them in a staging copy, then write them.

    Raises ChangeRefused (nothing written) when the current or the changed knowledge would not load."""
    for part in ("articles", "facts"):
        (folder / part).mkdir(parents=True, exist_ok=True)
    with knowledge_lock(folder):
        try:
            before = load_knowledge(folder) if any((folder / "articles").glob("*.txt")) else Knowledge((), (), ())
        except KnowledgeError as exc:
            raise ChangeRefused(f"the knowledge folder does not load as it is: {exc}") from None
        changes = tuple(plan(before))
        with tempfile.TemporaryDirectory(prefix="llama4-knowledge-") as scratch:
            stage = Path(scratch)
            try:
                dropped = _stage(folder, stage, changes)
            except KnowledgeError as exc:
                message = str(exc).replace(str(stage), str(folder))
                raise ChangeRefused(f"the knowledge would not load after this change: {message}") from None
            _commit(folder, stage, changes)  # with no article change, still completes an interrupted one
        started = time.perf_counter()
        engine = load_engine(folder)
        seconds = time.perf_counter() - started
    return Applied(before, engine.knowledge, changes, dropped, seconds)
