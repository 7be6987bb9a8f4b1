"""The files of a knowledge folder: which ones count, a cheap signature of them, atomic writes and the lock.

Writers (``llama4-bot add`` / ``remove``) hold the lock exclusively for a whole
change; a running bot takes it shared, without waiting, while it reloads, so it
never loads a change that is only partly written.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path

LOCK_FILE = ".lock"
Signature = tuple[tuple[str, int, int, int], ...]


def knowledge_files(folder: Path) -> list[Path]:
    """The files a knowledge base is loaded from: ``articles/*.txt`` and ``facts/*.jsonl``."""
    return sorted([*(folder / "articles").glob("*.txt"), *(folder / "facts").glob("*.jsonl")])


def signature(folder: Path) -> Signature:
    """Name, size, modification time and inode of every knowledge file: changes when any file is replaced."""
    found = []
    for path in knowledge_files(folder):
        try:
            stat = path.stat()
        except FileNotFoundError:
            continue
        found.append((str(path.relative_to(folder)), stat.st_size, stat.st_mtime_ns, stat.st_ino))
    return tuple(found)


def atomic_write(path: Path, text: str) -> None:
    """Write through a temporary file in the same folder and ``os.replace``: readers see the old or the new file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    descriptor, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        os.chmod(temporary, path.stat().st_mode & 0o777 if path.exists() else _default_mode())
        with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temporary, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise
    _sync_folder(path.parent)


def _default_mode() -> int:
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask


def atomic_remove(path: Path) -> None:
    path.unlink()
    _sync_folder(path.parent)


def _sync_folder(folder: Path) -> None:
    with contextlib.suppress(OSError):
        descriptor = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(descriptor)
        finally:
            os.close(descriptor)


@contextlib.contextmanager
def knowledge_lock(folder: Path, *, shared: bool = False, wait: bool = True) -> Iterator[bool]:
    """Hold the folder's lock; yields False (holding nothing) when ``wait`` is off and a writer has it.

    Also yields True without a lock when the folder is read-only: then nothing can change it under us."""
    try:
        descriptor = os.open(folder / LOCK_FILE, os.O_RDWR | os.O_CREAT, 0o644)
    except OSError:
        yield True
        return
    try:
        flags = (fcntl.LOCK_SH if shared else fcntl.LOCK_EX) | (0 if wait else fcntl.LOCK_NB)
        try:
            fcntl.flock(descriptor, flags)
            held = True
        except BlockingIOError:
            held = False
        try:
            yield held
        finally:
            if held:
                fcntl.flock(descriptor, fcntl.LOCK_UN)
    finally:
        os.close(descriptor)
