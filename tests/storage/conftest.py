"""Shared helpers for the storage tests: a store on a temporary file and a controllable clock."""

from __future__ import annotations

import contextlib
import sqlite3
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest

from bot.conversation import ConversationKey, Request
from bot.models import Answer, AnswerKind, Turn
from bot.storage import SqliteStore
from bot.storage.maintenance import Policy


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


@pytest.fixture
async def store(db_path: Path, clock: Clock) -> AsyncIterator[SqliteStore]:
    opened = await SqliteStore.open(db_path, salt="test-salt", policy=Policy(), clock=clock)
    yield opened
    await opened.close()


@pytest.fixture(autouse=True)
async def close_leftover_stores(monkeypatch: pytest.MonkeyPatch) -> AsyncIterator[None]:
    """Close every store a test opened, even when an assertion failed before its own close().

    aiosqlite runs each connection on a non-daemon thread: a store left open would keep
    pytest from exiting instead of letting the failure be reported.
    """
    opened: list[SqliteStore] = []
    original = SqliteStore.__init__

    def tracking_init(self: SqliteStore, *args: Any, **kwargs: Any) -> None:
        original(self, *args, **kwargs)
        opened.append(self)

    monkeypatch.setattr(SqliteStore, "__init__", tracking_init)
    yield
    for store in opened:
        await store.close()
