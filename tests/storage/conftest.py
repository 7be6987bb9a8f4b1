"""Shared helpers for the storage tests: a store of each backend, a controllable clock.

The ``backend`` fixture runs a test twice: on a SQLite file in a temporary folder and
on a fresh schema of the session's throw-away PostgreSQL server.
"""

from __future__ import annotations

import contextlib
import sqlite3
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest

from bot.config import Settings
from bot.conversation import ConversationKey, Request
from bot.models import Answer, AnswerKind, Turn
from bot.storage import SqliteStore
from bot.storage.maintenance import Policy
from bot.storage.postgres_store import PostgresStore, pg


class Clock:
    def __init__(self, now: float = 1_750_000_000.0) -> None:
        self.now = now

    def __call__(self) -> float:
        return self.now


def conv(user: str = "U1", thread: str = "", channel: str = "C1", platform: str = "slack") -> ConversationKey:
    return ConversationKey(platform=platform, workspace="T1", channel=channel, thread=thread, user=user)


def answer(
    text: str = "Llama 4 Scout has a 10M token context window.",
    kind: AnswerKind = AnswerKind.FACT,
    subjects: tuple[str, ...] = ("Llama 4 Scout",),
    question: str = "what is scout's context window?",
) -> Answer:
    turn = Turn(question=question, subjects=subjects, attribute="context_window") if subjects else None
    return Answer(question=question, kind=kind, text=text, turn=turn)


def request(argument: str, key: ConversationKey | None = None, command: str = "ask") -> Request:
    return Request(command=command, argument=argument, conversation=key or conv())


def rows(path: Path, sql: str, params: tuple[object, ...] = ()) -> list[tuple[object, ...]]:
    with contextlib.closing(sqlite3.connect(path)) as db:
        return list(db.execute(sql, params))


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "data" / "bot.sqlite3"


AnyStore = SqliteStore | PostgresStore


class Backend:
    """One place to keep history: open stores there, read its tables, make settings for it."""

    def __init__(self, name: str, db_path: Path, url: str | None) -> None:
        self.name = name
        self.db_path = db_path
        self.url = url

    async def open(self, **options: Any) -> AnyStore:
        if self.url is not None:
            return await PostgresStore.open(self.url, **options)
        return await SqliteStore.open(self.db_path, **options)

    def rows(self, sql: str, params: tuple[object, ...] = ()) -> list[tuple[object, ...]]:
        """Rows of a query in the SQL both databases speak (``?`` parameters)."""
        if self.url is None:
            return rows(self.db_path, sql, params)
        import psycopg

        with psycopg.connect(self.url) as db:
            return [tuple(r) for r in db.execute(pg(sql).encode(), params).fetchall()]

    def schema_version(self) -> int:
        if self.url is None:
            return int(str(rows(self.db_path, "PRAGMA user_version")[0][0]))
        return int(str(self.rows("SELECT max(version) FROM schema_version")[0][0]))

    def settings(self, **values: Any) -> Settings:
        return Settings(database_path=self.db_path, database_url=self.url, **values)


@pytest.fixture(params=["sqlite", "postgres"])
def backend(request: pytest.FixtureRequest, db_path: Path) -> Backend:
    if request.param == "postgres":
        return Backend("postgres", db_path, request.getfixturevalue("pg_url"))
    return Backend("sqlite", db_path, None)


@pytest.fixture
def backend_sqlite(db_path: Path) -> Backend:
    return Backend("sqlite", db_path, None)


@pytest.fixture
def backend_postgres(db_path: Path, pg_url: str) -> Backend:
    return Backend("postgres", db_path, pg_url)


@pytest.fixture
async def store(backend: Backend, clock: Clock) -> AsyncIterator[AnyStore]:
    opened = await backend.open(salt="test-salt", policy=Policy(), clock=clock)
    yield opened
    await opened.close()


@pytest.fixture(autouse=True)
async def close_leftover_stores(monkeypatch: pytest.MonkeyPatch) -> AsyncIterator[None]:
    """Close every store a test opened, even when an assertion failed before its own close().

    aiosqlite runs each connection on a non-daemon thread: a store left open would keep
    pytest from exiting instead of letting the failure be reported.
    """
    opened: list[AnyStore] = []
    for cls in (SqliteStore, PostgresStore):
        original = cls.__init__

        def tracking_init(self: AnyStore, *args: Any, original: Any = original, **kwargs: Any) -> None:
            original(self, *args, **kwargs)
            opened.append(self)

        monkeypatch.setattr(cls, "__init__", tracking_init)
    yield
    for store in opened:
        await store.close()
