"""The in-memory store holds bounded memory, and follow-ups and votes still work within its bounds."""

from __future__ import annotations

from bot.answering.engine import Engine
from bot.conversation import ChannelSettings, ConversationKey, Request
from bot.service import BotService
from bot.storage.store import MemoryStore


def _key(n: int | str) -> ConversationKey:
    return ConversationKey(platform="cli", channel=f"c{n}")


async def test_a_long_stream_keeps_only_the_recent_exchanges_turns_and_answer_ids(engine: Engine) -> None:
    store = MemoryStore(max_exchanges=20, max_conversations=30, max_answers=40)
    service = BotService(engine, store)
    answers = []
    for n in range(200):  # a new conversation on every line, as ``ask --json`` without --conversation
        answers.append(
            await service.handle(Request(command="ask", argument="scout context window", conversation=_key(n)))
        )
    assert len(store.exchanges) == 20
    assert [e.answer.id for e in store.exchanges] == [a.id for a in answers[-20:]]  # the newest, oldest first
    assert store.conversations == 30
    assert await store.last_turn(_key(0)) is None  # the least recent conversations were dropped
    assert await store.last_turn(_key(199)) is not None
    await store.record_feedback(answers[0].id, "u1", True)  # past retention: not kept
    await store.record_feedback(answers[-1].id, "u1", False)
    assert dict(store.votes) == {(answers[-1].id, "u1"): False}
    for n in range(100):
        await store.record_feedback(answers[-1].id, f"voter{n}", True)
    assert len(store.votes) == 40


async def test_follow_ups_still_work_between_many_other_conversations(engine: Engine) -> None:
    store = MemoryStore(max_exchanges=5, max_conversations=10)
    service = BotService(engine, store)
    mine = _key("mine")
    first = await service.handle(Request(command="ask", argument="what is scout's context window?", conversation=mine))
    assert "10 million tokens" in first.text
    for n in range(9):  # other conversations, fewer than the bound: mine is still kept
        await service.handle(
            Request(command="ask", argument="how many experts does maverick have?", conversation=_key(n))
        )
    follow_up = await service.handle(Request(command="ask", argument="and maverick?", conversation=mine))
    assert "1 million tokens" in follow_up.text
    for n in range(9, 30):  # past the bound: mine is forgotten, and a follow-up has nothing to follow
        await service.handle(
            Request(command="ask", argument="how many experts does maverick have?", conversation=_key(n))
        )
    assert await store.last_turn(mine) is None
    assert len(store.exchanges) == 5


async def test_channel_settings_are_bounded_least_recently_updated_first() -> None:
    store = MemoryStore(max_conversations=3)
    off = ChannelSettings(enabled=False)
    for n in range(5):
        await store.update_channel_settings(_key(n), off)
    assert [await store.channel_settings(_key(n)) for n in range(5)] == [ChannelSettings()] * 2 + [off] * 3
