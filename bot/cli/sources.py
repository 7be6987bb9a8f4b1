"""``llama4-bot sources``: the articles in the knowledge base, with where they came from and what they hold."""

from __future__ import annotations

import argparse
import sys

from bot.config import Settings
from bot.ingest.report import describe
from bot.knowledge.base import load_knowledge
from bot.knowledge.corpus import KnowledgeError, split_passages


def add_arguments(parser: argparse.ArgumentParser) -> None:
    del parser  # no options


def run(args: argparse.Namespace, settings: Settings) -> int:
    try:
        knowledge = load_knowledge(settings.knowledge_dir)
    except KnowledgeError as exc:
        print(f"llama4-bot sources: the knowledge does not load: {exc}", file=sys.stderr)
        return 1
    for article in knowledge.articles:
        facts = sum(1 for f in knowledge.facts if f.source == article.id)
        print(describe(article))
        print(f"  {len(split_passages(article))} passages, {facts} facts; from {article.origin}")
    print(f"{len(knowledge.articles)} articles, {len(knowledge.passages)} passages, {len(knowledge.facts)} facts")
    return 0
