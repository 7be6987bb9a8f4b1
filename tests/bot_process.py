"""Starting the bot as a child process the way an operator does: ``python -m bot <command> ...``."""

from __future__ import annotations

import asyncio
import sys
from pathlib import Path


async def start(env: dict[str, str], cwd: Path, *argv: str) -> asyncio.subprocess.Process:
    """``python -m bot <argv>`` with only ``env``, no stdin, stdout discarded and stderr piped to the caller,
    who reads it (for readiness, and continuously: debug logging fills a pipe)."""
    return await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "bot",
        *argv,
        cwd=cwd,
        env=env,
        stdin=asyncio.subprocess.DEVNULL,
        stdout=asyncio.subprocess.DEVNULL,
        stderr=asyncio.subprocess.PIPE,
    )
