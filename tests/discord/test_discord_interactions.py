"""The client from raw payload dicts, without a connection (as discord.py's own invoke tests do).

Interactions are built with ``state=client._connection``; discord.py's webhook
adapter and HTTP client are replaced by recorders, so that what would be sent is
asserted without any socket.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import discord
import pytest
from discord.http import Route
from discord.webhook.async_ import AsyncWebhookAdapter, async_context
from discord_fake import APP_ID, BOT_USER, CHANNEL_ID, GUILD_ID, FakeDiscord
from discord_payloads import ALL_PERMISSIONS, autocomplete, button_press, guild_message, slash

from adapters.discord.client import THANKS_UNSAVED, LlamaBot
from adapters.discord.commands import build_commands
from adapters.discord.convert import conversation_key
from adapters.discord.feedback import FeedbackButton, feedback_view
from adapters.discord.render import FEEDBACK_PATTERN, feedback_custom_id
from bot.answering.engine import Engine
from bot.config import DEFAULT_KNOWLEDGE_DIR, Settings
from bot.conversation import ChannelSettings
from bot.service import BotService
from bot.storage.store import MemoryStore

EPHEMERAL = 64


class RecordingAdapter(AsyncWebhookAdapter):
    """discord.py's webhook/interaction REST adapter, recording instead of sending."""

    def __init__(self) -> None:
        super().__init__()
        self.sent: list[tuple[str, str, Any]] = []
        self.messages = FakeDiscord()

    async def request(self, route: Route, session: Any, *, payload: Any = None, **kwargs: Any) -> Any:
        self.sent.append((route.method, route.path, payload))
        if route.path.endswith("/callback"):
            return {"interaction": {"id": str(route.webhook_id), "type": 2}}
        return self.messages.message_payload(CHANNEL_ID, payload, webhook=True)


class FailingStore(MemoryStore):
    async def record_feedback(self, answer_id: str, user: str, helpful: bool) -> None:
        raise OSError("disk full")

    async def update_channel_settings(self, conversation: Any, settings: ChannelSettings) -> None:
        raise OSError("disk full")


@pytest.fixture(scope="module")
def engine() -> Engine:
    return Engine.load(DEFAULT_KNOWLEDGE_DIR)


@pytest.fixture
def adapter() -> Iterator[RecordingAdapter]:
    recorder = RecordingAdapter()
    token = async_context.set(recorder)
    yield recorder
    async_context.reset(token)


def make_bot(engine: Engine, store: MemoryStore | None = None, tmp_path: Path | None = None) -> LlamaBot:
    settings = Settings(database_path=(tmp_path or Path("unused")) / "db.sqlite3", cooldown_questions=5)
    bot = LlamaBot(BotService(engine, store or MemoryStore()), settings)
    bot._connection.application_id = APP_ID
    bot._connection.user = discord.ClientUser(state=bot._connection, data=BOT_USER)
    for command in build_commands(bot):
        bot.tree.add_command(command)
    return bot


async def invoke(bot: LlamaBot, payload: dict[str, Any]) -> None:
    await bot.tree._call(discord.Interaction(data=payload, state=bot._connection))  # type: ignore[arg-type]


async def test_slash_ask_defers_and_edits_the_original_with_feedback_buttons(
    engine: Engine, adapter: RecordingAdapter
) -> None:
    store = MemoryStore()
    bot = make_bot(engine, store)
    payload = slash("ask", question="What is Scout's context window?")
    await invoke(bot, payload)
    (m1, p1, defer), (m2, p2, edit) = adapter.sent
    assert (m1, p1, defer) == ("POST", "/interactions/{webhook_id}/{webhook_token}/callback", {"type": 5})
    assert (m2, p2) == ("PATCH", "/webhooks/{webhook_id}/{webhook_token}/messages/@original")
    [exchange] = store.exchanges
    assert (exchange.request.command, exchange.request.argument) == ("ask", "What is Scout's context window?")
    assert exchange.request.conversation.workspace == str(GUILD_ID)
    ids = [c["custom_id"] for row in edit["components"] for c in row["components"]]
    assert ids == [feedback_custom_id(exchange.answer.id, True), feedback_custom_id(exchange.answer.id, False)]
    assert edit["allowed_mentions"] == {"parse": []}


async def test_autocomplete_is_answered_with_model_choices(engine: Engine, adapter: RecordingAdapter) -> None:
    bot = make_bot(engine)
    await invoke(bot, autocomplete("specs", "model", model="sc"))
    [(_, _, body)] = adapter.sent
    assert body["type"] == 8
    assert [c["value"] for c in body["data"]["choices"]] == engine.sheets.complete_model("sc", 25)


async def test_an_error_before_any_response_is_an_ephemeral_apology(
    engine: Engine, adapter: RecordingAdapter, monkeypatch: pytest.MonkeyPatch
) -> None:
    bot = make_bot(engine)

    async def broken(request: Any) -> Any:
        raise ValueError("boom")

    monkeypatch.setattr(bot.service, "handle", broken)
    await invoke(bot, slash("help"))
    [(_, _, body)] = adapter.sent
    assert body["type"] == 4 and body["data"]["flags"] == EPHEMERAL
    assert "incident" in body["data"]["content"]


async def test_feedback_is_thanked_even_when_storage_fails(engine: Engine, adapter: RecordingAdapter) -> None:
    bot = make_bot(engine, FailingStore())
    answer_id = "ab" * 16
    custom_id = feedback_custom_id(answer_id, True)
    sent = adapter.messages.message_payload(
        CHANNEL_ID, {"components": feedback_view(answer_id).to_components()}, webhook=True
    )
    interaction = discord.Interaction(data=button_press(sent, custom_id), state=bot._connection)  # type: ignore[arg-type]
    match = re.fullmatch(FEEDBACK_PATTERN, custom_id)
    assert match
    item = await FeedbackButton.from_custom_id(interaction, discord.ui.Button(custom_id=custom_id), match)
    assert (item.answer_id, item.helpful) == (answer_id, True)
    await item.callback(interaction)
    [(_, _, body)] = adapter.sent
    assert body["type"] == 4
    data = body["data"]
    assert (data["content"], data["flags"], data["allowed_mentions"]) == (THANKS_UNSAVED, EPHEMERAL, {"parse": []})
    assert bot.service.storage_failures == 1


async def test_config_reports_a_save_failure(engine: Engine, adapter: RecordingAdapter) -> None:
    bot = make_bot(engine, FailingStore())
    await invoke(bot, slash("config", permissions=ALL_PERMISSIONS, enabled=False))
    [(_, _, body)] = adapter.sent
    embed = body["data"]["embeds"][0]
    assert "could not be saved" in embed["description"] and "Enabled in this channel: **yes**" in embed["description"]


class RecordingHTTP:
    def __init__(self) -> None:
        self.sent: list[tuple[str, str, Any]] = []
        self.messages = FakeDiscord()

    async def request(self, route: Route, **kwargs: Any) -> Any:
        body = kwargs.get("json")
        self.sent.append((route.method, route.path, body))
        return self.messages.message_payload(int(route.channel_id or CHANNEL_ID), body)


def message(bot: LlamaBot, data: dict[str, Any]) -> discord.Message:
    channel = discord.PartialMessageable(state=bot._connection, id=CHANNEL_ID, guild_id=GUILD_ID)
    return discord.Message(state=bot._connection, channel=channel, data=data)  # type: ignore[arg-type]


async def test_plain_questions_are_answered_only_where_the_channel_allows_it(
    engine: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = MemoryStore()
    bot = make_bot(engine, store)
    http = RecordingHTTP()
    monkeypatch.setattr(bot.http, "request", http.request)
    await bot.on_message(message(bot, guild_message("what is iRoPE?", mentions=[])))
    assert http.sent == [] and store.exchanges == []
    await store.update_channel_settings(
        conversation_key(GUILD_ID, CHANNEL_ID, 1), ChannelSettings(answer_plain_questions=True)
    )
    await bot.on_message(message(bot, guild_message("what is iRoPE?", mentions=[])))
    await bot.on_message(message(bot, guild_message("just chatting", mentions=[])))
    [(method, path, body)] = http.sent
    assert (method, path) == ("POST", "/channels/{channel_id}/messages")
    assert body["message_reference"]["message_id"] and body["allowed_mentions"]["parse"] == []


async def test_a_repeated_message_delivery_is_answered_once(engine: Engine, monkeypatch: pytest.MonkeyPatch) -> None:
    bot = make_bot(engine)
    http = RecordingHTTP()
    monkeypatch.setattr(bot.http, "request", http.request)
    data = guild_message(f"<@{APP_ID}> specs scout", mentions=[BOT_USER])
    await bot.on_message(message(bot, data))
    first = len(http.sent)
    await bot.on_message(message(bot, data))
    assert first >= 1 and len(http.sent) == first


async def test_the_cooldown_is_shared_by_every_process_on_one_database(engine: Engine, tmp_path: Path) -> None:
    from bot.storage import SqliteStore

    stores = [await SqliteStore.open(tmp_path / "db.sqlite3", salt="s") for _ in range(2)]
    try:
        one, two = (
            LlamaBot(BotService(engine, store), Settings(cooldown_questions=3, cooldown_seconds=60)) for store in stores
        )
        assert [await one.cooldown_wait(42), await two.cooldown_wait(42), await one.cooldown_wait(42)] == [0, 0, 0]
        assert 59 < await two.cooldown_wait(42) <= 60  # the fourth question in the window, on either process
        assert await two.cooldown_wait(43) == 0  # someone else may still ask
    finally:
        for store in stores:
            await store.close()
