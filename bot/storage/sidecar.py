"""Storage failures the database itself could not take, kept in a small file beside it for ``stats``.

When the database is read-only, missing or cannot be opened, the failures cannot be
written into it. They are appended (one JSON object a line) to ``<database>.failures``
instead, if the folder allows; ``stats`` adds them to its count, and the next store that
opens the database moves them into ``storage_failures`` and deletes the file. When
even that file cannot be written, the log line says so.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Iterable
from pathlib import Path

log = logging.getLogger(__name__)

Failure = tuple[float, str, str]
"""When, which operation, and the error (type and message, no user data)."""


def sidecar_path(database: Path) -> Path:
    return database.with_name(database.name + ".failures")


def append(database: Path, failures: Iterable[Failure]) -> bool:
    """Add failures to the side file; False when it cannot be written either."""
    lines = "".join(json.dumps({"at": at, "operation": op, "error": error}) + "\n" for at, op, error in failures)
    if not lines:
        return True
    try:
        database.parent.mkdir(parents=True, exist_ok=True)
        with sidecar_path(database).open("a", encoding="utf-8") as file:
            file.write(lines)
    except OSError as exc:
        log.error("could not record storage failures beside the database either (%s: %s)", type(exc).__name__, exc)
        return False
    return True


def read(database: Path) -> list[Failure]:
    """The failures in the side file (unreadable lines are skipped)."""
    try:
        text = sidecar_path(database).read_text(encoding="utf-8", errors="replace")
    except OSError:
        return []
    found: list[Failure] = []
    for line in text.splitlines():
        try:
            item = json.loads(line)
            found.append((float(item["at"]), str(item["operation"]), str(item["error"])))
        except (ValueError, KeyError, TypeError):
            continue
    return found


def remove(database: Path) -> None:
    try:
        sidecar_path(database).unlink()
    except FileNotFoundError:
        pass
    except OSError as exc:
        log.warning("could not delete %s (%s); its failures may be counted twice", sidecar_path(database), exc)
