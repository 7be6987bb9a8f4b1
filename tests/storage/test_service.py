"""The service on the SQLite store: follow-ups across questions and restarts, exchanges as answered."""

from __future__ import annotations

from pathlib import Path

from bot.answering.engine import Engine
from bot.app import build_service
from bot.config import Settings
from bot.models import Answer, AnswerKind, Turn
from bot.service import BotService
from bot.storage import SqliteStore
from tests.storage.conftest import Backend, conv, request, rows


class FollowUpEngine(Engine):
    """Answers with a turn naming the model the question mentions, else the previous turn's model."""

    def __init__(self) -> None:
        self.seen: list[Turn | None] = []

    def answer(self, question: str, previous: Turn | None = None) -> Answer:
        self.seen.append(previous)
        named = [m for m in ("Scout", "Maverick") if m.lower() in question.lower()]
        subjects = tuple(f"Llama 4 {m}" for m in named) or (previous.subjects if previous else ())
        return Answer(
            question=question,
            kind=AnswerKind.FACT,
            text=f"About {subjects}.",
            turn=Turn(question=question, subjects=subjects, attribute="context_window"),
        )


async def test_follow_ups_resolve_per_conversation_and_survive_a_restart(backend: Backend) -> None:
    engine = FollowUpEngine()
    thread, other = conv(thread="t1"), conv(thread="t2")
    store = await backend.open(salt="s")
    service = BotService(engine, store)
    await service.handle(request("what is scout's context window?", thread))
    await service.handle(request("what about maverick?", other))
    follow = await service.handle(request("and the price?", thread))
    assert engine.seen[2] is not None and engine.seen[2].subjects == ("Llama 4 Scout",)
    assert follow.turn is not None and follow.turn.subjects == ("Llama 4 Scout",)
    await store.close()

    store = await backend.open(salt="s")  # the bot restarted
    try:
        await BotService(engine, store).handle(request("and its license?", other))
        assert engine.seen[3] is not None and engine.seen[3].subjects == ("Llama 4 Maverick",)
    finally:
        await store.close()


async def test_build_service_records_what_the_real_engine_answered(tmp_path: Path) -> None:
    settings = Settings(database_path=tmp_path / "db" / "bot.sqlite3", user_hash_salt="s")
    service = await build_service(settings)
    try:
        assert isinstance(service.store, SqliteStore)
        got = await service.handle(request("what is scout's context window?"))
        assert await service.is_new_event("ev1") and not await service.is_new_event("ev1")
        assert await service.feedback(got.id, "U1", helpful=False)
    finally:
        await service.store.close()
    (row,) = rows(settings.database_path, "SELECT answer_id, kind, abstained, answer_text, question FROM exchanges")
    assert row == (got.id, got.kind.value, int(got.abstained), got.text, "what is scout's context window?")
    assert rows(settings.database_path, "SELECT answer_id, helpful FROM feedback") == [(got.id, 0)]


async def test_a_follow_up_with_the_real_engine_uses_the_stored_turn(tmp_path: Path) -> None:
    settings = Settings(database_path=tmp_path / "bot.sqlite3", user_hash_salt="s")
    thread = conv(thread="1700000000.1")
    service = await build_service(settings)
    try:
        first = await service.handle(request("what is scout's context window?", thread))
        assert first.turn is not None and first.turn.subjects == ("Llama 4 Scout",)
    finally:
        await service.store.close()
    service = await build_service(settings)  # context survives a restart
    try:
        stored = await service.store.last_turn(thread)
        assert stored == first.turn
        follow = await service.handle(request("and maverick?", thread))
        elsewhere = await service.handle(request("and maverick?", conv(thread="another")))
    finally:
        await service.store.close()
    assert follow.turn is not None and "Llama 4 Maverick" in follow.turn.subjects
    assert follow.turn.attribute == first.turn.attribute == "context_window"
    assert elsewhere.turn is None or elsewhere.turn.attribute != "context_window"
