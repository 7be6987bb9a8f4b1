from __future__ import annotations

import logging
from collections.abc import Iterator
from pathlib import Path

import pytest

from bot.config import DEFAULT_KNOWLEDGE_DIR
from bot.engine import Engine
from bot.knowledge import Knowledge, load_knowledge

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="session")
def knowledge() -> Knowledge:
    return load_knowledge(DEFAULT_KNOWLEDGE_DIR)


@pytest.fixture(scope="session")
def engine() -> Engine:
    return Engine.load(DEFAULT_KNOWLEDGE_DIR)


@pytest.fixture(autouse=True)
def restore_log_record_factory() -> Iterator[None]:
    """``llama4-bot``'s main() installs the log redaction process-wide; each test starts without it."""
    factory = logging.getLogRecordFactory()
    yield
    logging.setLogRecordFactory(factory)
