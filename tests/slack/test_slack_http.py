"""End to end over HTTP: the real app on loopback, signed requests, a local Slack Web API."""

from __future__ import annotations

import json
import logging

import pytest
from slackfake import (
    APP_TOKEN,
    BOT_TOKEN,
    BOT_USER,
    SIGNING_SECRET,
    USER,
    CountingService,
    SlackHttp,
    block_actions,
    event_callback,
    message_event,
    slash_form,
    until,
)

from adapters.slack.app import build_app
from adapters.slack.render import FEEDBACK_HELPFUL, FEEDBACK_UNHELPFUL, SHARE, render_answer
from adapters.slack.server import EVENTS_PATH, start_http
from bot.storage import open_store


def _button_ids(blocks):
    return [e["action_id"] for b in blocks if b["type"] == "actions" for e in b["elements"]]


async def test_mention_gets_a_threaded_reply_with_blocks_and_text(slack, slack_api, service):
    event = message_event(f"<@{BOT_USER}> what is scout's context window?", ts="1700000000.000100")
    status, _ = await slack.event(event_callback(event, "Ev0MENTION"))
    assert status == 200
    await until(lambda: slack_api.calls_to("chat.postMessage"))

    post = slack_api.calls_to("chat.postMessage")[0]
    assert post.token == BOT_TOKEN
    assert post.params["channel"] == "C0GENERAL"
    assert post.params["thread_ts"] == "1700000000.000100"
    answer = service.answers()[0]
    assert answer.question == "what is scout's context window?"  # the mention itself is not part of it
    assert not answer.abstained and answer.citations  # the real engine answered, with sources
    expected = render_answer(answer)
    assert post.params["blocks"] == expected.blocks
    assert post.params["text"] == expected.text and post.params["text"]


async def test_follow_up_in_the_thread_is_answered_in_the_same_thread(slack, slack_api, service):
    first = message_event(f"<@{BOT_USER}> what is scout's context window?", ts="1700000000.000100")
    await slack.event(event_callback(first, "Ev0FIRST"))
    await until(lambda: len(slack_api.calls_to("chat.postMessage")) == 1)
    follow = message_event(f"<@{BOT_USER}> and maverick?", ts="1700000050.000100", thread_ts="1700000000.000100")
    await slack.event(event_callback(follow, "Ev0FOLLOW"))
    await until(lambda: len(slack_api.calls_to("chat.postMessage")) == 2)

    second = slack_api.calls_to("chat.postMessage")[1]
    assert second.params["thread_ts"] == "1700000000.000100"
    requests = [e.request for e in service.memory.exchanges]
    # One conversation, so the follow-up is resolved against the first question.
    assert requests[0].conversation == requests[1].conversation


async def test_direct_message_is_answered_without_a_thread(slack, slack_api, service):
    event = message_event("specs scout", channel="D0DIRECT", kind="message")
    await slack.event(event_callback(event, "Ev0DM"))
    await until(lambda: slack_api.calls_to("chat.postMessage"))

    post = slack_api.calls_to("chat.postMessage")[0]
    assert post.params["channel"] == "D0DIRECT"
    assert "thread_ts" not in post.params
    assert service.memory.exchanges[0].request.command == "specs"  # through the core command table


@pytest.mark.parametrize(
    "extra",
    [
        {"user": BOT_USER, "bot_id": "BBOT0001"},  # the bot's own reply in the DM
        {"bot_id": "B0OTHER", "subtype": "bot_message"},  # another bot
        {"subtype": "message_changed"},  # an edit
    ],
)
async def test_bot_and_non_person_messages_are_ignored(slack, slack_api, service, extra):
    event = message_event("what is scout?", channel="D0DIRECT", kind="message", **extra)
    status, _ = await slack.event(event_callback(event, "Ev0IGNORED"))
    assert status == 200
    # A person's message sent afterwards is answered; the ignored one never was.
    await slack.event(
        event_callback(
            message_event("sources", channel="D0DIRECT", kind="message", ts="1700000009.000100"), "Ev0PERSON"
        )
    )
    await until(lambda: slack_api.calls_to("chat.postMessage"))
    assert service.event_checks() == 1
    assert len(slack_api.calls_to("chat.postMessage")) == 1
    assert [e.request.command for e in service.memory.exchanges] == ["sources"]


async def test_an_event_delivered_three_times_gets_one_reply(slack, slack_api, service):
    body = event_callback(message_event(f"<@{BOT_USER}> what is iRoPE?"), "Ev0RETRIED")
    statuses = [(await slack.event(body, retry_num=n))[0] for n in (None, 1, 2)]
    assert statuses == [200, 200, 200]
    await until(lambda: service.event_checks() == 3 and slack_api.calls_to("chat.postMessage"))
    assert len(slack_api.posts()) == 1
    assert [new for key, new in service.checks if key.startswith("slack:msg:")] == [True, False, False]


async def test_a_mention_fires_app_mention_and_message_but_gets_one_reply(slack, slack_api, service):
    text = f"<@{BOT_USER}> what is iRoPE?"
    await slack.event(event_callback(message_event(text), "Ev0MENTION"))
    await slack.event(event_callback(message_event(text, kind="message"), "Ev0MESSAGE"))
    await until(lambda: len(service.checks) == 2 and slack_api.calls_to("chat.postMessage"))
    assert len(slack_api.posts()) == 1
    assert len(service.memory.exchanges) == 1


async def test_slash_command_answers_ephemerally_with_a_share_button(slack, slack_api, service):
    form = slash_form("what is scout's context window?", slack_api.response_url("c1"))
    status, body = await slack.command(form)
    assert status == 200 and body == ""  # acknowledged at once; the answer follows on response_url
    await until(lambda: slack_api.calls_to("response_url"))

    reply = slack_api.calls_to("response_url")[0]
    assert reply.path == "c1"
    assert reply.params["response_type"] == "ephemeral"
    answer = service.answers()[0]
    assert reply.params["blocks"] == render_answer(answer, share=True).blocks
    assert reply.params["text"]
    assert _button_ids(reply.params["blocks"]) == [FEEDBACK_HELPFUL, FEEDBACK_UNHELPFUL, SHARE]


@pytest.mark.parametrize(
    ("text", "command"),
    [
        ("specs scout", "specs"),
        ("compare scout maverick", "compare"),
        ("sources", "sources"),
    ],
)
async def test_slash_subcommands_use_the_core_command_table(slack, slack_api, service, text, command):
    await slack.command(slash_form(text, slack_api.response_url("c")))
    await until(lambda: slack_api.calls_to("response_url"))
    request = service.memory.exchanges[0].request
    assert (request.command, request.argument) == (command, text.partition(" ")[2])


async def test_slash_help_shows_slack_syntax(slack, slack_api):
    await slack.command(slash_form("help", slack_api.response_url("h")))
    await until(lambda: slack_api.calls_to("response_url"))
    text = slack_api.calls_to("response_url")[0].params["text"]
    assert "/llama4 specs &lt;model&gt;" in text and "/llama4 compare" in text


async def test_feedback_button_records_the_vote(slack, slack_api, service):
    await slack.command(slash_form("what is iRoPE?", slack_api.response_url("q")))
    await until(lambda: slack_api.calls_to("response_url"))
    answer_id = service.answers()[0].id

    status, _ = await slack.action(block_actions(FEEDBACK_HELPFUL, answer_id, slack_api.response_url("fb")))
    assert status == 200
    await until(lambda: len(slack_api.calls_to("response_url")) == 2)
    assert service.memory.votes == {(answer_id, USER): True}
    thanks = slack_api.calls_to("response_url")[1]
    assert thanks.path == "fb" and thanks.params["response_type"] == "ephemeral"
    assert thanks.params["replace_original"] is False

    await slack.action(block_actions(FEEDBACK_UNHELPFUL, answer_id, slack_api.response_url("fb2")))
    await until(lambda: len(slack_api.calls_to("response_url")) == 3)
    assert service.memory.votes == {(answer_id, USER): False}  # a second vote replaces the first


async def test_share_button_posts_the_answer_in_channel_and_removes_the_ephemeral(slack, slack_api, service):
    await slack.command(slash_form("what is iRoPE? <!channel>", slack_api.response_url("q")))
    await until(lambda: slack_api.calls_to("response_url"))
    answer = service.answers()[0]

    await slack.action(block_actions(SHARE, answer.id, slack_api.response_url("share")))
    await until(lambda: len(slack_api.calls_to("response_url")) == 3)
    shared, deleted = slack_api.calls_to("response_url")[1:]
    assert shared.params["response_type"] == "in_channel"
    assert shared.params["blocks"] == render_answer(answer, asked_by=USER).blocks
    assert "<!channel>" not in json.dumps(shared.params)  # the echoed question is escaped
    assert "&lt;!channel&gt;" in shared.params["text"]
    assert deleted.params["delete_original"] is True


async def test_share_of_an_unknown_answer_says_so(slack, slack_api):
    await slack.action(block_actions(SHARE, "f" * 32, slack_api.response_url("old")))
    await until(lambda: slack_api.calls_to("response_url"))
    reply = slack_api.calls_to("response_url")[0]
    assert "too old" in reply.params["text"] and reply.params["response_type"] == "ephemeral"


async def test_config_is_for_admins_and_changes_how_mentions_are_answered(slack, slack_api, service):
    await slack.command(slash_form("config private on", slack_api.response_url("denied")))
    await until(lambda: slack_api.calls_to("response_url"))
    assert "Only a workspace admin" in slack_api.calls_to("response_url")[0].params["text"]

    slack_api.users[USER] = {"id": USER, "is_admin": True}
    await slack.command(slash_form("config private on", slack_api.response_url("ok")))
    await until(lambda: len(slack_api.calls_to("response_url")) == 2)
    assert "Saved" in slack_api.calls_to("response_url")[1].params["text"]

    await slack.event(event_callback(message_event(f"<@{BOT_USER}> what is iRoPE?"), "Ev0PRIVATE"))
    await until(lambda: slack_api.calls_to("chat.postEphemeral"))
    private = slack_api.calls_to("chat.postEphemeral")[0]
    assert private.params["user"] == USER and private.params["thread_ts"] == "1700000000.000100"
    assert SHARE in _button_ids(private.params["blocks"])
    assert not slack_api.calls_to("chat.postMessage")


async def test_a_disabled_channel_gets_no_answers(slack, slack_api, service):
    slack_api.channels["C0GENERAL"] = {"id": "C0GENERAL", "creator": USER}  # the channel's creator may
    await slack.command(slash_form("config enabled off", slack_api.response_url("off")))
    await until(lambda: slack_api.calls_to("response_url"))
    await slack.command(slash_form("what is iRoPE?", slack_api.response_url("q")))
    await until(lambda: len(slack_api.calls_to("response_url")) == 2)
    assert "turned off" in slack_api.calls_to("response_url")[1].params["text"]
    assert not service.memory.exchanges


async def test_url_verification_challenge(slack):
    status, body = await slack.event({"token": "x", "challenge": "c-123", "type": "url_verification"})
    assert status == 200 and "c-123" in body


async def test_secrets_never_reach_the_logs(slack, slack_api, caplog):
    caplog.set_level(logging.DEBUG)
    await slack.event(event_callback(message_event(f"<@{BOT_USER}> what is iRoPE?"), "Ev0LOG"))
    await slack.command(slash_form("specs scout", slack_api.response_url("log")))
    await until(lambda: slack_api.calls_to("chat.postMessage") and slack_api.calls_to("response_url"))
    assert "chat.postMessage" in caplog.text  # debug logging of the Web API calls really was on
    for secret in (BOT_TOKEN, APP_TOKEN, SIGNING_SECRET):
        assert secret not in caplog.text


async def test_plain_channel_questions_are_answered_only_when_the_channel_asks_for_it(slack, slack_api):
    await slack.event(
        event_callback(message_event("what is iRoPE?", kind="message", ts="1700000001.000001"), "Ev0PLAIN1")
    )
    slack_api.users[USER] = {"id": USER, "is_owner": True}
    await slack.command(slash_form("config plain on", slack_api.response_url("plain")))
    await until(lambda: slack_api.calls_to("response_url"))
    await slack.event(
        event_callback(message_event("what is iRoPE?", kind="message", ts="1700000002.000002"), "Ev0PLAIN2")
    )
    await until(lambda: slack_api.calls_to("chat.postMessage"))
    assert [c.params["thread_ts"] for c in slack_api.calls_to("chat.postMessage")] == ["1700000002.000002"]


async def test_health_check(slack):
    async with slack.session.get(slack.url.replace("/slack/events", "/healthz")) as response:
        assert response.status == 200 and await response.text() == "ok"


async def _serve(service, settings):
    runner, port = await start_http(build_app(service, settings), SIGNING_SECRET, "127.0.0.1", 0)
    return runner, SlackHttp.open(f"http://127.0.0.1:{port}{EVENTS_PATH}")


async def test_a_redelivery_after_a_restart_is_still_not_answered_twice(slack_api, settings, engine):
    """With the real store (SQLite at settings.database_path), dedupe survives a restart."""
    body = event_callback(message_event(f"<@{BOT_USER}> what is iRoPE?"), "Ev0RESTART")
    before = CountingService(engine, await open_store(settings))
    runner, client = await _serve(before, settings)
    assert (await client.event(body))[0] == 200
    await until(lambda: slack_api.calls_to("chat.postMessage"))
    await client.close()
    await runner.cleanup()
    await before.store.close()

    after = CountingService(engine, await open_store(settings))  # the restarted process
    runner, client = await _serve(after, settings)
    try:
        assert (await client.event(body, retry_num=1))[0] == 200
        later = message_event(f"<@{BOT_USER}> sources", ts="1700000009.000100")
        await client.event(event_callback(later, "Ev0AFTER"))
        await until(lambda: after.event_checks() == 2 and len(slack_api.calls_to("chat.postMessage")) >= 2)
    finally:
        await client.close()
        await runner.cleanup()
        await after.store.close()
    assert [new for key, new in after.checks if key.startswith("slack:msg:")] == [False, True]
    assert [c.params["thread_ts"] for c in slack_api.calls_to("chat.postMessage")] == [
        "1700000000.000100",
        "1700000009.000100",
    ]
