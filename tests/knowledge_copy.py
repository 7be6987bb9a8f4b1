"""Helpers for tests that change a knowledge folder: a private copy of the real one, and a byte snapshot."""

from __future__ import annotations

import shutil
from pathlib import Path

from bot.config import DEFAULT_KNOWLEDGE_DIR


def copy_knowledge(target: Path) -> Path:
    for part in ("articles", "facts"):
        shutil.copytree(DEFAULT_KNOWLEDGE_DIR / part, target / part)
    return target


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every file a knowledge base is loaded from, by relative path."""
    files = [*(folder / "articles").glob("*.txt"), *(folder / "facts").glob("*.jsonl")]
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(files)}
