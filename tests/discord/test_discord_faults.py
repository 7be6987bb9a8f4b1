"""Discord under faults: stale or forged components, options of the wrong type, answers after a restart."""

from __future__ import annotations

import asyncio
import contextlib
import gc
import json
import logging
import time
from collections.abc import AsyncIterator
from dataclasses import dataclass
from typing import Any

import pytest
import pytest_asyncio
from discord_fake import APP_ID, BOT_USER, CHANNEL_ID, GUILD_ID, TOKEN, FakeDiscord
from discord_payloads import button_press, guild_message, interaction, new_id, slash
from test_discord_e2e import CALLBACK, EPHEMERAL, ORIGINAL

from adapters.discord.client import EXPIRED_COMPONENT, MALFORMED_COMMAND, LlamaBot
from adapters.discord.convert import conversation_key
from adapters.discord.endpoints import discord_endpoints
from adapters.discord.outbox import INTERACTION_WORK, interaction_work, message_work
from bot import logsafety
from bot.app import build_service
from bot.config import Settings
from bot.conversation import ConversationKey
from bot.outbox import Redelivery
from bot.service import BotService

pytestmark = pytest.mark.asyncio(loop_scope="module")


@dataclass
class Running:
    fake: FakeDiscord
    service: BotService
    client: LlamaBot


@pytest_asyncio.fixture(scope="module", loop_scope="module")
async def bot(tmp_path_factory: pytest.TempPathFactory) -> AsyncIterator[Running]:
    fake = FakeDiscord(heartbeat_ms=1000)
    await fake.start()
    settings = Settings(
        database_path=tmp_path_factory.mktemp("discord-faults") / "bot.sqlite3",
        discord_token=TOKEN,
        discord_api_base_url=fake.api_url,
        discord_gateway_url=fake.gateway_url,
        cooldown_questions=100,
    )
    service = await build_service(settings)
    try:
        with discord_endpoints(fake.api_url, fake.gateway_url):
            async with LlamaBot(service, settings) as client:
                task = asyncio.create_task(client.start(TOKEN))
                await fake.connected()
                yield Running(fake, service, client)
                task.cancel()
                with contextlib.suppress(asyncio.CancelledError):
                    await task
    finally:
        await service.store.close()
        await fake.stop()


def troubles(caplog: pytest.LogCaptureFixture) -> list[str]:
    return [r.getMessage() for r in caplog.records if r.levelno >= logging.ERROR or r.exc_info]


async def dispatch_and_wait_callback(bot: Running, payload: dict[str, Any]) -> dict[str, Any]:
    start = len(bot.fake.requests)
    await bot.fake.dispatch("INTERACTION_CREATE", payload)
    callback = await bot.fake.wait_request("POST", CALLBACK.format(id=payload["id"]), after=start)
    return callback.json


# ----- 4. stale or forged components, options of the wrong type ---------------------------------


@pytest.mark.parametrize(
    "custom_id",
    [
        "llama4:old-button-from-before-a-restart",
        "x" * 100,
        "llama4fb:y:not-an-answer-id",
    ],
)
async def test_an_unknown_or_stale_button_gets_an_ephemeral_expiry_notice(bot: Running, caplog, custom_id: str) -> None:
    message = bot.fake.message_payload(CHANNEL_ID, {"content": "old"}, webhook=True)
    body = await dispatch_and_wait_callback(bot, button_press(message, custom_id))
    assert body["type"] == 4
    assert body["data"]["flags"] & EPHEMERAL
    assert body["data"]["content"] == EXPIRED_COMPONENT
    assert troubles(caplog) == []


async def test_an_unknown_select_menu_also_gets_the_notice(bot: Running) -> None:
    message = bot.fake.message_payload(CHANNEL_ID, {"content": "old"}, webhook=True)
    payload = interaction(3, {"custom_id": "menu", "component_type": 3, "values": ["a"]}, message=message)
    body = await dispatch_and_wait_callback(bot, payload)
    assert body["data"]["content"] == EXPIRED_COMPONENT


def _slash_with(name: str, options: Any) -> dict[str, Any]:
    return interaction(2, {"id": str(new_id()), "name": name, "type": 1, "options": options})


@pytest.mark.parametrize(
    "options",
    [
        [{"name": "question", "type": 3}],  # no value at all
        [{"name": "question", "type": 3, "value": 42}],  # a number where text is declared
        [{"name": "question", "type": 3, "value": "q"}, {"name": "private", "type": 5, "value": "yes"}],
        [{"name": "question", "type": 3, "value": None}],
        "not a list",
    ],
)
async def test_options_of_the_wrong_type_get_a_note_not_a_lost_task(bot: Running, caplog, options) -> None:
    loop = asyncio.get_running_loop()
    unhandled: list[dict[str, Any]] = []
    previous = loop.get_exception_handler()
    loop.set_exception_handler(lambda _loop, context: unhandled.append(context))
    try:
        body = await dispatch_and_wait_callback(bot, _slash_with("ask", options))
        await asyncio.sleep(0.1)
        gc.collect()  # "Task exception was never retrieved" is reported when the task is collected
        await asyncio.sleep(0.05)
    finally:
        loop.set_exception_handler(previous)
    assert body == {"type": 4, "data": body["data"]} and body["data"]["content"] == MALFORMED_COMMAND
    assert body["data"]["flags"] & EPHEMERAL
    assert unhandled == [] and troubles(caplog) == []


async def test_autocomplete_with_a_value_of_the_wrong_type_logs_no_error(bot: Running, caplog) -> None:
    payload = interaction(
        4,
        {
            "id": str(new_id()),
            "name": "compare",
            "type": 1,
            "options": [{"name": "first", "type": 3, "value": 5, "focused": True}],
        },
    )
    await bot.fake.dispatch("INTERACTION_CREATE", payload)
    follow = slash("help")  # a later interaction is answered, so the autocomplete has been handled by then
    await dispatch_and_wait_callback(bot, follow)
    await asyncio.sleep(0.1)
    assert troubles(caplog) == []


# ----- 6. an acknowledged interaction is answered after a restart ---------------------------------


async def test_an_interaction_left_in_the_outbox_is_answered_on_its_token(bot: Running) -> None:
    payload = slash("ask", question="What is Scout's context window?")
    work = interaction_work(
        interaction_id=int(payload["id"]),
        application_id=APP_ID,
        token=payload["token"],
        command="ask",
        argument="What is Scout's context window?",
        conversation=_conversation(payload),
        ephemeral=False,
        accepted_at=time.time() - 60,
    )
    assert await bot.service.accept(work.key, work)
    bot.service.release(work.key)  # as after a restart: nobody is answering it
    start = len(bot.fake.requests)
    redelivery = Redelivery(bot.service, bot.client.redeliver, lifetimes={INTERACTION_WORK: 15 * 60})
    assert await redelivery.run_once() == 1
    edit = await bot.fake.wait_request("PATCH", ORIGINAL.format(id=payload["id"]), after=start)
    assert "10 million" in json.dumps(edit.json["embeds"])  # the real answer, on the original response
    assert await bot.service.pending() == []


async def test_an_interaction_past_its_15_minutes_is_expired_and_counted(bot: Running) -> None:
    payload = slash("ask", question="What is iRoPE?")
    work = interaction_work(
        interaction_id=int(payload["id"]),
        application_id=APP_ID,
        token=payload["token"],
        command="ask",
        argument="What is iRoPE?",
        conversation=_conversation(payload),
        ephemeral=True,
        accepted_at=time.time() - 16 * 60,
    )
    assert await bot.service.accept(work.key, work)
    bot.service.release(work.key)
    before = bot.service.faults["answer_expired"]
    start = len(bot.fake.requests)
    redelivery = Redelivery(bot.service, bot.client.redeliver, lifetimes={INTERACTION_WORK: 15 * 60})
    assert await redelivery.run_once() == 0
    assert bot.service.faults["answer_expired"] == before + 1
    assert not bot.fake.matching("PATCH", ORIGINAL.format(id=payload["id"]))
    assert len(bot.fake.requests) == start


async def test_a_mention_left_in_the_outbox_is_answered_as_a_reply(bot: Running) -> None:
    message_id = new_id()
    key = conversation_key(GUILD_ID, CHANNEL_ID, new_id())
    work = message_work(message_id=message_id, channel_id=CHANNEL_ID, content=f"<@{APP_ID}> what is iRoPE?",
                        bot_id=APP_ID, conversation=key, accepted_at=time.time() - 30)  # fmt: skip
    assert await bot.service.accept(work.key, work)
    bot.service.release(work.key)
    start = len(bot.fake.requests)
    assert await Redelivery(bot.service, bot.client.redeliver).run_once() == 1
    reply = await bot.fake.wait_request("POST", rf"/channels/{CHANNEL_ID}/messages", after=start)
    assert str(reply.json["message_reference"]["message_id"]) == str(message_id)
    assert "iRoPE" in json.dumps(reply.json["embeds"]) and await bot.service.pending() == []


async def test_a_mention_is_answered_once_even_when_the_gateway_replays_it(bot: Running) -> None:
    message = guild_message(f"<@{APP_ID}> what is iRoPE?", mentions=[BOT_USER])
    start = len(bot.fake.requests)
    for _ in range(2):
        await bot.fake.dispatch("MESSAGE_CREATE", message)
    await bot.fake.wait_request("POST", rf"/channels/{CHANNEL_ID}/messages", after=start)
    await dispatch_and_wait_callback(bot, slash("help"))  # both dispatches have been handled by now
    assert len(bot.fake.matching("POST", rf"/channels/{CHANNEL_ID}/messages")) - _posts_before(bot, start) == 1
    assert await bot.service.pending() == []


def _posts_before(bot: Running, start: int) -> int:
    return sum(
        1 for r in bot.fake.requests[:start] if r.method == "POST" and r.path == f"/channels/{CHANNEL_ID}/messages"
    )


def _conversation(payload: dict[str, Any]) -> ConversationKey:
    return conversation_key(int(payload["guild_id"]), int(payload["channel_id"]), int(payload["member"]["user"]["id"]))


# ----- 8. no token reaches the log, even at debug level ----------------------------------------------


async def test_interaction_and_bot_tokens_never_reach_the_log_at_debug_level(bot: Running, caplog) -> None:
    uninstall = logsafety.install([TOKEN])  # what llama4-bot does at start-up
    try:
        caplog.set_level(logging.DEBUG)
        payload = slash("ask", question="What is iRoPE?")
        start = len(bot.fake.requests)
        await bot.fake.dispatch("INTERACTION_CREATE", payload)
        await bot.fake.wait_request("PATCH", ORIGINAL.format(id=payload["id"]), after=start)
        logging.getLogger("test").error("a failure that echoes the token", exc_info=RuntimeError(f"Bot {TOKEN}"))
    finally:
        uninstall()
    logged = caplog.text
    assert f"/interactions/{payload['id']}/" in logged  # discord.py's debug lines really were captured
    assert payload["token"] not in logged
    assert TOKEN not in logged and "[redacted]" in logged
