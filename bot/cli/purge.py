"""``llama4-bot purge --user ID | --older-than DAYS``: delete stored history."""

from __future__ import annotations

import argparse
import asyncio
import sys

from bot.config import Settings
from bot.storage import backend, open_admin


def _days(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a number of days, got {text!r}") from None
    if not value > 0 or value == float("inf"):
        # 0 would delete everything, while LLAMA4_RETENTION_DAYS=0 means "keep forever": refuse the ambiguity.
        raise argparse.ArgumentTypeError(
            f"expected a number of days greater than 0, got {text!r} (to delete everything, delete the database file)"
        )
    return value


def add_arguments(parser: argparse.ArgumentParser) -> None:
    which = parser.add_mutually_exclusive_group(required=True)
    which.add_argument(
        "--user", metavar="ID", help="delete one user's questions, votes and context (their platform id)"
    )
    which.add_argument("--older-than", metavar="DAYS", type=_days, help="delete history older than DAYS days")


async def purge(settings: Settings, user: str | None, older_than: float | None) -> dict[str, int]:
    admin = await open_admin(settings)
    try:
        if user is not None:
            return await admin.purge_user(user)
        assert older_than is not None
        return await admin.purge_older_than(older_than)
    finally:
        await admin.close()


def run(args: argparse.Namespace, settings: Settings) -> int:
    if not backend.exists(settings):
        print(f"llama4-bot purge: no database at {backend.location(settings)}; nothing to delete.")
        return 0
    try:
        counts = asyncio.run(purge(settings, args.user, args.older_than))
    except backend.storage_errors(settings) as exc:
        print(f"llama4-bot purge: cannot purge {backend.location(settings)}: {exc}", file=sys.stderr)
        return 1
    deleted = ", ".join(f"{table} {count}" for table, count in counts.items())
    print(f"Deleted rows: {deleted} (total {sum(counts.values())}).")
    return 0
