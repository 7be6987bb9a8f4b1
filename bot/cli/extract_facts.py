"""``llama4-bot extract-facts``: rewrite knowledge/facts/extracted.jsonl from the articles."""

from __future__ import annotations

import argparse

from bot.config import Settings
from bot.knowledge.corpus import KnowledgeError, load_articles
from bot.knowledge.extract import extract_facts
from bot.knowledge.facts import EXTRACTED_FILE, check_fact, disagreements, load_facts
from bot.knowledge.files import atomic_write


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--check", action="store_true", help="only report whether the file is up to date")


def run(args: argparse.Namespace, settings: Settings) -> int:
    folder = settings.knowledge_dir
    try:
        articles = load_articles(folder / "articles")
    except KnowledgeError as exc:
        print(f"llama4-bot: {exc}")
        return 1
    by_id = {a.id: a for a in articles}
    facts = extract_facts(articles)
    for fact in facts:
        problem = check_fact(fact, by_id)
        if problem:
            print(f"llama4-bot: extraction produced a bad fact ({problem}); fix the extractor")
            return 1
    target = folder / "facts" / EXTRACTED_FILE
    new = "".join(f.model_dump_json(exclude_none=True) + "\n" for f in facts)
    if args.check:
        current = target.read_text(encoding="utf-8") if target.exists() else ""
        print("up to date" if current == new else f"{target} is out of date: run llama4-bot extract-facts")
        return 0 if current == new else 1
    target.parent.mkdir(parents=True, exist_ok=True)
    atomic_write(target, new)  # a running bot reloading now sees the old file or the new one, never half
    all_facts = load_facts(folder / "facts", articles)
    print(f"wrote {len(facts)} facts to {target}; {len(all_facts)} facts in all")
    for (subject, attribute, qualifier), groups in disagreements(all_facts).items():
        sides = " vs ".join(f"{g.value} ({', '.join(g.sources)})" for g in groups)
        print(f"  sources disagree on {subject} {attribute}{' [' + qualifier + ']' if qualifier else ''}: {sides}")
    return 0
