"""``llama4-bot add SOURCE...``: add web pages, Markdown or text files to the knowledge base.

Every source is read and converted first; if any of them fails, nothing is
written. Then the articles are written, the facts re-extracted and the index
rebuilt as one change (``bot.cli.changes``). The same source added again
(same URL or file) replaces its article instead of adding a second one.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from bot.cli.changes import Change, ChangeRefused, apply_changes
from bot.config import Settings
from bot.ingest.draft import Draft, IngestError, derive_id, render_article
from bot.ingest.report import article_report, describe
from bot.ingest.sources import MAX_BYTES, TIMEOUT_S, is_url, read_source, to_draft
from bot.knowledge.base import Knowledge

RELOAD_NOTE = "running bots reload within a few seconds"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("sources", nargs="+", metavar="SOURCE", help="a .html, .htm, .md or .txt file, or a URL")
    parser.add_argument("--timeout", type=float, default=TIMEOUT_S, help=f"seconds to fetch a URL ({TIMEOUT_S:g})")
    parser.add_argument("--max-bytes", type=int, default=MAX_BYTES, help=f"size cap of a source ({MAX_BYTES:,})")


def origin_of(source: str) -> str:
    """A URL as given; a file path relative to the working folder when it is inside it, else absolute."""
    if is_url(source):
        return source
    resolved = Path(source).resolve()
    try:
        return str(resolved.relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(resolved)


def same_origin(a: str, b: str) -> bool:
    if is_url(a) or is_url(b):
        return a.rstrip("/") == b.rstrip("/")
    return Path(a).resolve() == Path(b).resolve()


Planned = list[tuple[str, str, Change | None]]


def plan_additions(drafts: Sequence[tuple[str, Draft]], knowledge: Knowledge, folder: Path) -> Planned:
    """For each (origin, draft): its id, whether it is added, updated or unchanged, and the change to make."""
    taken = {a.id for a in knowledge.articles}
    planned: Planned = []
    for origin, draft in drafts:
        existing = next((a for a in knowledge.articles if same_origin(a.origin, origin)), None)
        if existing is not None:
            article_id, status = existing.id, "updated"
        else:
            base = derive_id(draft, Path(origin).stem)
            article_id, n = base, 2
            while article_id in taken:
                article_id = f"{base}-{n}"
                n += 1
            status = "added"
        taken.add(article_id)
        text = render_article(draft, article_id, origin)
        path = folder / "articles" / f"{article_id}.txt"
        if status == "updated" and path.exists() and path.read_text(encoding="utf-8") == text:
            planned.append((article_id, "unchanged", None))
        else:
            planned.append((article_id, status, Change(article_id, text)))
    return planned


def run(args: argparse.Namespace, settings: Settings) -> int:
    folder = settings.knowledge_dir
    drafts: list[tuple[str, Draft]] = []
    failed = False
    sources = list(dict.fromkeys(args.sources))
    for source in sources:
        try:
            read = read_source(source, timeout_s=args.timeout, max_bytes=args.max_bytes)
            draft = to_draft(read)
        except IngestError as exc:
            print(f"llama4-bot add: {exc}" + ("" if len(sources) > 1 else "; nothing was added"), file=sys.stderr)
            failed = True
            continue
        origin = origin_of(read.origin)
        if not any(same_origin(origin, o) for o, _ in drafts):
            drafts.append((origin, draft))
    if failed:
        if len(sources) > 1:
            print("llama4-bot add: nothing was added; the knowledge is unchanged", file=sys.stderr)
        return 1
    planned: Planned = []

    def plan(knowledge: Knowledge) -> list[Change]:
        planned[:] = plan_additions(drafts, knowledge, folder)
        return [change for _, _, change in planned if change is not None]

    try:
        applied = apply_changes(folder, plan)
    except ChangeRefused as exc:
        print(f"llama4-bot add: {exc}; nothing was added", file=sys.stderr)
        return 1
    except OSError as exc:
        print(f"llama4-bot add: writing to {folder} failed ({exc}); the knowledge still loads as before or with "
              "part of the change: run the command again", file=sys.stderr)  # fmt: skip
        return 1
    by_id = {a.id: a for a in applied.after.articles}
    for article_id, status, _ in planned:
        article = by_id[article_id]
        print(f"{status} {describe(article)}")
        print("\n".join(article_report(article, applied.before, applied.after)))
    print(f"index rebuilt in {applied.index_seconds:.2f} s; {RELOAD_NOTE}")
    return 0
