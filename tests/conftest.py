from __future__ import annotations

import importlib.util
import logging
import sys
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType

import pytest
from knowledge_copy import copy_knowledge

from bot.answering.engine import Engine
from bot.config import DEFAULT_KNOWLEDGE_DIR
from bot.knowledge.base import Knowledge, load_knowledge
from tests.pgcluster import Cluster, running_cluster

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="session")
def knowledge() -> Knowledge:
    return load_knowledge(DEFAULT_KNOWLEDGE_DIR)


@pytest.fixture(scope="session")
def engine() -> Engine:
    return Engine.load(DEFAULT_KNOWLEDGE_DIR)


@pytest.fixture(scope="session")
def scale_corpus() -> ModuleType:
    """``benchmarks/scale_corpus.py``: the knowledge folders the scale benchmark generates."""
    spec = importlib.util.spec_from_file_location("scale_corpus", ROOT / "benchmarks" / "scale_corpus.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["scale_corpus"] = module  # dataclasses look their module up while the class is built
    spec.loader.exec_module(module)
    return module


@pytest.fixture
def folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A private copy of the knowledge folder, chosen through LLAMA4_KNOWLEDGE_DIR, with tmp_path as the cwd."""
    target = copy_knowledge(tmp_path / "knowledge")
    monkeypatch.setenv("LLAMA4_KNOWLEDGE_DIR", str(target))
    monkeypatch.chdir(tmp_path)
    return target


@pytest.fixture(autouse=True)
def restore_log_record_factory() -> Iterator[None]:
    """``llama4-bot``'s main() installs the log redaction process-wide; each test starts without it."""
    factory = logging.getLogRecordFactory()
    yield
    logging.setLogRecordFactory(factory)


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
