"""``llama4-bot remove ID...``: remove articles, with the facts that cite them, and rebuild the index."""

from __future__ import annotations

import argparse
import sys

from bot.cli.changes import Change, ChangeRefused, apply_changes
from bot.config import Settings
from bot.ingest.report import describe
from bot.knowledge.base import Knowledge


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("ids", nargs="+", metavar="ID", help="an article id, as 'llama4-bot sources' lists them")


def run(args: argparse.Namespace, settings: Settings) -> int:
    ids = list(dict.fromkeys(args.ids))

    def plan(knowledge: Knowledge) -> list[Change]:
        known = {a.id for a in knowledge.articles}
        unknown = [i for i in ids if i not in known]
        if unknown:
            raise ChangeRefused(f"no article with id {', '.join(map(repr, unknown))} ('llama4-bot sources' lists them)")
        if known <= set(ids):
            raise ChangeRefused("that would remove every article; add another one first")
        return [Change(i, None) for i in ids]

    try:
        applied = apply_changes(settings.knowledge_dir, plan)
    except ChangeRefused as exc:
        print(f"llama4-bot remove: {exc}; nothing was removed", file=sys.stderr)
        return 1
    except OSError as exc:
        left = [i for i in ids if (settings.knowledge_dir / "articles" / f"{i}.txt").exists()]
        again = f"run 'llama4-bot remove {' '.join(left)}' again" if left else "run 'llama4-bot extract-facts'"
        print(f"llama4-bot remove: writing to {settings.knowledge_dir} failed ({exc}); the knowledge still loads; "
              f"{again}", file=sys.stderr)  # fmt: skip
        return 1
    for article_id in ids:
        article = applied.before.article(article_id)
        facts = sum(1 for f in applied.before.facts if f.source == article_id)
        print(f"removed {describe(article)}  ({facts} facts cited it)")
    if applied.dropped_facts:
        print(f"  {applied.dropped_facts} of those facts were reviewed facts; they were deleted with the article")
    print(f"index rebuilt in {applied.index_seconds:.2f} s; running bots reload within a few seconds")
    return 0
