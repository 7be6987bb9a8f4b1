from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from bot.config import DEFAULT_KNOWLEDGE_DIR
from bot.engine import Engine
from bot.knowledge import Knowledge, load_knowledge
from tests.pgcluster import Cluster, running_cluster

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="session")
def knowledge() -> Knowledge:
    return load_knowledge(DEFAULT_KNOWLEDGE_DIR)


@pytest.fixture(scope="session")
def engine() -> Engine:
    return Engine.load(DEFAULT_KNOWLEDGE_DIR)


@pytest.fixture(scope="session")
def pg_cluster() -> Iterator[Cluster]:
    """One throw-away PostgreSQL server for the whole run (see tests/pgcluster.py); never skipped."""
    try:
        with running_cluster() as cluster:
            yield cluster
    except RuntimeError as exc:
        pytest.fail(str(exc), pytrace=False)


@pytest.fixture
def pg_url(pg_cluster: Cluster) -> str:
    """A URL to an empty database of this test's own (a fresh schema on the session's server)."""
    return pg_cluster.new_schema()
