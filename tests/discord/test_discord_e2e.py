"""End-to-end: the real adapter (``serve``) against the local Discord-protocol server.

One server and one connected bot are shared by the module; each test uses its
own user id so that the cooldown of one test does not leak into another. Every
assertion is on the JSON the bot sent over the wire.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import re
import sqlite3
from collections.abc import AsyncIterator
from dataclasses import dataclass
from typing import Any

import discord
import pytest
import pytest_asyncio
from discord_fake import APP_ID, BOT_USER, CHANNEL_ID, SESSION_ID, TOKEN, FakeDiscord, Recorded
from discord_payloads import ALL_PERMISSIONS, autocomplete, button_press, guild_message, new_id, slash

from adapters.discord.cli import serve
from adapters.discord.client import MANAGERS_ONLY, SYNCED_KIND
from adapters.discord.render import feedback_custom_id, render_answer
from bot.app import build_service
from bot.commands import COMMANDS
from bot.config import Settings
from bot.conversation import Request
from bot.models import Answer, AnswerKind
from bot.service import BotService

pytestmark = pytest.mark.asyncio(loop_scope="module")

EPHEMERAL = 64
CALLBACK = r"/interactions/{id}/token-{id}/callback"
ORIGINAL = rf"/webhooks/{APP_ID}/token-{{id}}/messages/@original"
FOLLOWUP = rf"/webhooks/{APP_ID}/token-{{id}}"


@dataclass
class Bot:
    fake: FakeDiscord
    service: BotService
    settings: Settings
    answers: list[Answer]
    requests: list[Request]
    votes: list[tuple[str, str, bool]]


@pytest_asyncio.fixture(scope="module", loop_scope="module")
async def bot(tmp_path_factory: pytest.TempPathFactory) -> AsyncIterator[Bot]:
    fake = FakeDiscord(heartbeat_ms=1000)
    await fake.start()
    settings = Settings(
        database_path=tmp_path_factory.mktemp("discord") / "bot.sqlite3",
        discord_token=TOKEN,
        discord_api_base_url=fake.api_url,
        discord_gateway_url=fake.gateway_url,
        cooldown_questions=3,
        cooldown_seconds=60,
    )
    service = await build_service(settings)
    answers: list[Answer] = []
    requests: list[Request] = []
    votes: list[tuple[str, str, bool]] = []
    handle, feedback = service.handle, service.feedback

    async def recording_handle(request: Request) -> Answer:
        requests.append(request)
        answer = await handle(request)
        answers.append(answer)
        return answer

    async def recording_feedback(answer_id: str, user: str, helpful: bool) -> bool:
        votes.append((answer_id, user, helpful))
        return await feedback(answer_id, user, helpful)

    service.handle = recording_handle  # type: ignore[method-assign]
    service.feedback = recording_feedback  # type: ignore[method-assign]
    task = await start_serving(fake, settings, service)
    try:
        yield Bot(fake, service, settings, answers, requests, votes)
    finally:
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await task
        await service.store.close()
        await fake.stop()


async def start_serving(fake: FakeDiscord, settings: Settings, service: BotService | None = None) -> asyncio.Task[int]:
    """``serve`` as a task, once it is connected; fails at once if ``serve`` ends first."""
    task = asyncio.create_task(serve(settings, service=service))
    connected = asyncio.create_task(fake.connected())
    await asyncio.wait({task, connected}, timeout=15, return_when=asyncio.FIRST_COMPLETED)
    if not connected.done() or task.done():
        connected.cancel()
        task.cancel()
        raise AssertionError(f"the bot did not connect: {task.result() if task.done() else 'timeout'}")
    return task


def comparable(embed: dict[str, Any]) -> dict[str, Any]:
    """The parts of an embed both our renderer and discord.py's serialiser carry."""
    keys = ("title", "description", "color", "fields")
    found = {key: embed[key] for key in keys if key in embed}
    if "footer" in embed:
        found["footer"] = embed["footer"]["text"]
    return found


def pings_no_one(message: dict[str, Any]) -> bool:
    """allowed_mentions that parse nothing and list no user or role (replied_user may only be false)."""
    allowed = message.get("allowed_mentions")
    return (
        isinstance(allowed, dict)
        and allowed.get("parse") == []
        and not allowed.get("users")
        and not allowed.get("roles")
        and allowed.get("replied_user", False) is False
    )


def custom_ids(body: dict[str, Any]) -> list[str]:
    return [c["custom_id"] for row in body.get("components", []) for c in row["components"]]


async def run_slash(bot: Bot, payload: dict[str, Any]) -> tuple[Recorded, int]:
    """Dispatch a slash command; its callback request and the index to look for later requests from."""
    start = len(bot.fake.requests)
    await bot.fake.dispatch("INTERACTION_CREATE", payload)
    callback = await bot.fake.wait_request("POST", CALLBACK.format(id=payload["id"]), after=start)
    return callback, start


def assert_no_pings_anywhere(fake: FakeDiscord) -> None:
    """Every request that carries a message carries allowed_mentions that parse nothing."""
    for request in fake.requests:
        body = request.body if isinstance(request.body, dict) else {}
        message = body.get("data") if "type" in body and isinstance(body.get("data"), dict) else body
        if message and ("content" in message or "embeds" in message):
            assert pings_no_one(message), (request.path, message)


async def test_start_up_syncs_the_command_table_globally_and_saves_the_hash(bot: Bot) -> None:
    synced = bot.fake.matching("PUT", rf"/applications/{APP_ID}/commands")
    assert len(synced) == 1
    names = [command["name"] for command in synced[0].body]
    assert names == [c.name for c in COMMANDS] + ["config"]
    compare = next(c for c in synced[0].body if c["name"] == "compare")
    assert [(o["name"], o["required"], o.get("autocomplete", False)) for o in compare["options"]] == [
        ("first", True, True),
        ("second", True, True),
        ("third", False, True),
        ("private", False, False),
    ]
    config = next(c for c in synced[0].body if c["name"] == "config")
    assert int(config["default_member_permissions"]) == discord.Permissions(manage_guild=True).value
    assert config["contexts"] == [0]  # servers only
    with contextlib.closing(
        sqlite3.connect(bot.settings.database_path)
    ) as db:  # the hash is kept where every process sees it
        kept = db.execute("SELECT key, value FROM shared WHERE kind = ?", (SYNCED_KIND,)).fetchall()
    assert [key for key, _ in kept] == [f"global:application:{APP_ID}"] and len(kept[0][1]) == 64


async def test_identify_asks_for_no_privileged_intent_and_heartbeats_are_acked(bot: Bot) -> None:
    identify = next(f for f in bot.fake.gateway_frames if f["op"] == 2)
    intents = discord.Intents._from_value(identify["d"]["intents"])
    assert not intents.message_content and not intents.members and not intents.presences
    assert intents.guild_messages and intents.dm_messages
    assert any(f["op"] == 1 for f in bot.fake.gateway_frames)


async def test_private_ask_defers_ephemerally_then_sends_the_rendered_answer(bot: Bot) -> None:
    payload = slash("ask", question="What is Scout's context window?", private=True)
    callback, start = await run_slash(bot, payload)
    assert callback.json == {"type": 5, "data": {"flags": EPHEMERAL}}
    edit = await bot.fake.wait_request("PATCH", ORIGINAL.format(id=payload["id"]), after=start)
    answer = bot.answers[-1]
    assert answer.question == "What is Scout's context window?"
    expected = render_answer(answer)[0].embeds
    assert [comparable(e) for e in edit.json["embeds"]] == [comparable(e) for e in expected]
    assert pings_no_one(edit.json)
    assert custom_ids(edit.json) == [feedback_custom_id(answer.id, True), feedback_custom_id(answer.id, False)]


@pytest.mark.parametrize(
    ("command", "values", "argument"),
    [
        ("specs", {"model": "Llama 4 Scout"}, "Llama 4 Scout"),
        ("compare", {"first": "scout", "second": "maverick"}, "scout maverick"),
        ("compare", {"first": "scout", "second": "maverick", "third": "behemoth"}, "scout maverick behemoth"),
        ("sources", {}, ""),
    ],
)
async def test_public_commands_defer_without_flags_and_answer_with_embeds(
    bot: Bot, command: str, values: dict[str, str], argument: str
) -> None:
    payload = slash(command, **values)
    callback, start = await run_slash(bot, payload)
    assert callback.json["type"] == 5
    assert not callback.json.get("data", {}).get("flags", 0) & EPHEMERAL
    edit = await bot.fake.wait_request("PATCH", ORIGINAL.format(id=payload["id"]), after=start)
    answer = bot.answers[-1]
    assert [comparable(e) for e in edit.json["embeds"]] == [comparable(e) for e in render_answer(answer)[0].embeds]
    assert pings_no_one(edit.json)
    assert (bot.requests[-1].command, bot.requests[-1].argument) == (command, argument)


async def test_help_is_answered_at_once_with_an_embed_and_no_pings(bot: Bot) -> None:
    callback, _ = await run_slash(bot, slash("help"))
    assert callback.json["type"] == 4
    data = callback.json["data"]
    assert pings_no_one(data)
    assert "/ask" in data["embeds"][0]["description"] and "/compare" in data["embeds"][0]["description"]
    assert not data.get("flags", 0) & EPHEMERAL
    assert "components" not in data or data["components"] == []


async def test_autocomplete_answers_type_8_with_at_most_25_choices(bot: Bot) -> None:
    payload = autocomplete("compare", "second", first="scout", second="mav")
    start = len(bot.fake.requests)
    await bot.fake.dispatch("INTERACTION_CREATE", payload)
    callback = await bot.fake.wait_request("POST", CALLBACK.format(id=payload["id"]), after=start)
    assert callback.json["type"] == 8
    choices = callback.json["data"]["choices"]
    assert 0 < len(choices) <= 25
    assert [c["value"] for c in choices] == bot.service.complete_model("mav", 25)[: len(choices)]


async def test_a_mention_is_answered_as_a_reply_that_pings_no_one(bot: Bot) -> None:
    message = guild_message(f"<@{APP_ID}> what is iRoPE?", mentions=[BOT_USER])
    start = len(bot.fake.requests)
    await bot.fake.dispatch("MESSAGE_CREATE", message)
    reply = await bot.fake.wait_request("POST", rf"/channels/{CHANNEL_ID}/messages", after=start)
    assert str(reply.json["message_reference"]["message_id"]) == message["id"]
    assert pings_no_one(reply.json)
    answer = bot.answers[-1]
    assert answer.question == "what is iRoPE?"
    assert [comparable(e) for e in reply.json["embeds"]] == [comparable(e) for e in render_answer(answer)[0].embeds]


async def test_greetings_and_tell_me_more_by_mention_go_through_the_stored_conversation(bot: Bot) -> None:
    user = new_id()

    async def mention(text: str) -> Answer:
        start = len(bot.fake.requests)
        message = guild_message(f"<@{APP_ID}> {text}", mentions=[BOT_USER], user_id=user)
        await bot.fake.dispatch("MESSAGE_CREATE", message)
        reply = await bot.fake.wait_request("POST", rf"/channels/{CHANNEL_ID}/messages", after=start)
        assert pings_no_one(reply.json)
        return bot.answers[-1]

    hi = await mention("hi")
    assert hi.kind is AnswerKind.INFO and hi.text.startswith("Hi! I answer questions")
    first = await mention("what's maverick's context window")
    more = await mention("tell me more")  # the topic comes back from the SQLite store, with the quotes shown
    assert more.kind is AnswerKind.SNIPPETS and more.question == "tell me more"
    assert more.citations and not {c.quote for c in more.citations} & {c.quote for c in first.citations}


async def test_a_message_without_a_mention_is_ignored(bot: Bot) -> None:
    before = len(bot.answers)
    await bot.fake.dispatch("MESSAGE_CREATE", guild_message("what is Scout?", mentions=[]))
    probe = slash("help")  # a later interaction is answered, so the message has been processed by then
    await run_slash(bot, probe)
    assert len(bot.answers) == before + 1 and bot.answers[-1].question == "help"


async def test_echoed_everyone_here_role_and_user_mentions_ping_no_one(
    bot: Bot, monkeypatch: pytest.MonkeyPatch
) -> None:
    echo = "@everyone @here <@&123456789012345678> <@234567890123456789>"

    def answer(question: str, previous: object = None) -> Answer:
        return Answer(question=question, kind=AnswerKind.FACT, text=f"You said: {question}")

    monkeypatch.setattr(bot.service.engine, "answer", answer)
    payload = slash("ask", question=echo)
    _, start = await run_slash(bot, payload)
    edit = await bot.fake.wait_request("PATCH", ORIGINAL.format(id=payload["id"]), after=start)
    assert "@everyone" in edit.json["embeds"][0]["description"]
    assert "<@&123456789012345678>" in edit.json["embeds"][0]["description"]
    assert pings_no_one(edit.json)

    message = guild_message(f"<@{APP_ID}> {echo}", mentions=[BOT_USER])
    start = len(bot.fake.requests)
    await bot.fake.dispatch("MESSAGE_CREATE", message)
    reply = await bot.fake.wait_request("POST", rf"/channels/{CHANNEL_ID}/messages", after=start)
    assert "@here" in reply.json["embeds"][0]["description"]
    assert pings_no_one(reply.json)
    assert_no_pings_anywhere(bot.fake)


async def test_feedback_button_press_is_recorded_and_acknowledged(bot: Bot) -> None:
    user = new_id()
    payload = slash("ask", question="How many experts does Maverick have?", user_id=user)
    _, start = await run_slash(bot, payload)
    edit = await bot.fake.wait_request("PATCH", ORIGINAL.format(id=payload["id"]), after=start)
    answer = bot.answers[-1]
    sent = bot.fake.message_payload(CHANNEL_ID, edit.json, webhook=True)  # the message as Discord stores it
    press = button_press(sent, feedback_custom_id(answer.id, False), user_id=user)
    callback, _ = await run_slash(bot, press)
    assert callback.json["type"] == 4
    assert callback.json["data"]["flags"] == EPHEMERAL and "Thanks" in callback.json["data"]["content"]
    assert bot.votes[-1] == (answer.id, str(user), False)


async def test_cooldown_gets_a_friendly_ephemeral_message(bot: Bot) -> None:
    user = new_id()
    for _ in range(bot.settings.cooldown_questions):
        callback, _ = await run_slash(bot, slash("ask", question="What is Behemoth?", user_id=user))
        assert callback.json["type"] == 5
    callback, _ = await run_slash(bot, slash("ask", question="What is Behemoth?", user_id=user))
    assert callback.json["type"] == 4
    assert callback.json["data"]["flags"] == EPHEMERAL
    assert re.search(r"wait \d+ s", callback.json["data"]["content"])


async def test_an_exception_gives_an_ephemeral_apology_with_the_logged_incident_id(
    bot: Bot, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    def broken(question: str, previous: object = None) -> Answer:
        raise RuntimeError("engine exploded")

    monkeypatch.setattr(bot.service.engine, "answer", broken)
    payload = slash("ask", question="What is Scout?")
    with caplog.at_level(logging.ERROR, logger="adapters.discord.client"):
        callback, start = await run_slash(bot, payload)
        assert callback.json["type"] == 5
        apology = await bot.fake.wait_request("POST", FOLLOWUP.format(id=payload["id"]), after=start)
    assert apology.json["flags"] == EPHEMERAL
    incident = re.search(r"incident ([0-9a-f]{8})", apology.json["content"])
    assert incident
    assert bot.fake.matching("DELETE", ORIGINAL.format(id=payload["id"]))  # the public "thinking" is removed
    logged = [r for r in caplog.records if incident[1] in r.getMessage()]
    assert logged and logged[0].exc_info and "engine exploded" in str(logged[0].exc_info[1])


async def test_unknown_interaction_10062_is_logged_and_the_bot_carries_on(
    bot: Bot, caplog: pytest.LogCaptureFixture
) -> None:
    payload = slash("ask", question="What is Scout?")
    bot.fake.fail_next(CALLBACK.format(id=payload["id"]), 404, {"code": 10062, "message": "Unknown interaction"})
    with caplog.at_level(logging.WARNING, logger="adapters.discord.client"):
        await run_slash(bot, payload)
        await run_slash(bot, slash("help"))  # answered afterwards: nothing crashed
    assert any("10062" in r.getMessage() for r in caplog.records)
    assert not bot.fake.matching("POST", FOLLOWUP.format(id=payload["id"]))


async def test_a_429_on_the_callback_is_retried_after_retry_after(bot: Bot) -> None:
    payload = slash("ask", question="What is Maverick?")
    path = CALLBACK.format(id=payload["id"])
    bot.fake.fail_next(
        path,
        429,
        {"message": "You are being rate limited.", "retry_after": 0.05, "global": False},
        headers={"Via": "1.1 google"},
    )
    _, start = await run_slash(bot, payload)
    await bot.fake.wait_request("PATCH", ORIGINAL.format(id=payload["id"]), after=start)
    attempts = bot.fake.matching("POST", path)
    assert len(attempts) == 2 and attempts[0].body == attempts[1].body


async def test_op7_reconnect_resumes_and_the_next_interaction_is_answered(bot: Bot) -> None:
    connections = bot.fake.connections
    await bot.fake.send_reconnect()
    resume = await bot.fake.wait_for(lambda: next((f for f in bot.fake.gateway_frames if f["op"] == 6), None))
    assert resume["d"]["session_id"] == SESSION_ID and resume["d"]["token"] == TOKEN
    assert resume["d"]["seq"] >= 1
    await bot.fake.connected()
    assert bot.fake.connections == connections + 1
    callback, _ = await run_slash(bot, slash("help"))
    assert callback.json["type"] == 4


async def test_config_is_for_managers_and_its_settings_apply(bot: Bot) -> None:
    callback, _ = await run_slash(bot, slash("config", private_by_default=True))
    assert callback.json["type"] == 4
    assert callback.json["data"]["content"] == MANAGERS_ONLY and callback.json["data"]["flags"] == EPHEMERAL
    try:
        callback, _ = await run_slash(bot, slash("config", permissions=ALL_PERMISSIONS, private_by_default=True))
        assert callback.json["data"]["flags"] == EPHEMERAL
        assert "private by default: **yes**" in callback.json["data"]["embeds"][0]["description"]
        callback, _ = await run_slash(bot, slash("ask", question="What is Scout?"))
        assert callback.json == {"type": 5, "data": {"flags": EPHEMERAL}}

        await run_slash(bot, slash("config", permissions=ALL_PERMISSIONS, enabled=False))
        callback, _ = await run_slash(bot, slash("ask", question="What is Scout?"))
        assert callback.json["type"] == 4 and "switched off" in callback.json["data"]["content"]
    finally:
        await run_slash(bot, slash("config", permissions=ALL_PERMISSIONS, enabled=True, private_by_default=False))


async def test_every_message_sent_in_this_module_pinged_no_one(bot: Bot) -> None:
    assert_no_pings_anywhere(bot.fake)
    assert len(bot.fake.matching("POST", CALLBACK.format(id=r"\d+"))) > 10
