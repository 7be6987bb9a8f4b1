"""Slack payloads to core requests."""

from __future__ import annotations

import pytest

from adapters.slack import convert
from bot.conversation import ChannelSettings


def test_strip_mentions_removes_only_the_bot():
    text = "<@UBOT1> compare scout with <@U0FRIEND|friend>'s pick  <@UBOT1>"
    assert convert.strip_mentions(text, "UBOT1") == "compare scout with <@U0FRIEND|friend>'s pick"


@pytest.mark.parametrize(
    ("event", "person"),
    [
        ({"user": "U1", "text": "hi"}, True),
        ({"user": "U1", "text": "hi", "subtype": "thread_broadcast"}, True),
        ({"user": "U1", "text": "hi", "bot_id": "B1"}, False),
        ({"text": "hi", "subtype": "bot_message", "bot_id": "B1"}, False),
        ({"user": "U1", "text": "hi", "subtype": "message_changed"}, False),
        ({"user": "U1", "text": "  "}, False),
    ],
)
def test_is_person_message(event, person):
    assert convert.is_person_message(event) is person


def test_channel_mentions_are_threaded_on_their_root():
    event = {"channel": "C1", "ts": "2.0", "user": "U1", "channel_type": "channel"}
    assert convert.reply_thread(event) == "2.0"
    assert convert.reply_thread({**event, "thread_ts": "1.0"}) == "1.0"
    assert convert.event_conversation({**event, "thread_ts": "1.0"}, "T1").thread == "1.0"
    dm = {"channel": "D1", "ts": "3.0", "user": "U1", "channel_type": "im"}
    assert convert.reply_thread(dm) is None and convert.event_conversation(dm, "T1").thread == ""


def test_app_mention_and_message_share_one_message_key():
    base = {"channel": "C1", "ts": "2.0"}
    assert convert.message_key("T1", {**base, "type": "app_mention"}) == convert.message_key(
        "T1", {**base, "type": "message"}
    )


@pytest.mark.parametrize(
    ("text", "command", "argument"),
    [
        ("specs scout", "specs", "scout"),
        ("compare scout maverick", "compare", "scout maverick"),
        ("what is iRoPE?", "ask", "what is iRoPE?"),
        ("sources", "sources", ""),
    ],
)
def test_text_request_goes_through_the_command_table(text, command, argument):
    request = convert.text_request(
        text, convert.command_conversation({"team_id": "T1", "channel_id": "C1", "user_id": "U1"})
    )
    assert (request.command, request.argument) == (command, argument)
    assert request.conversation.platform == "slack" and request.conversation.channel == "C1"


def test_config_parsing():
    assert convert.is_config("config private on") and convert.is_config("CONFIG")
    assert not convert.is_config("configure my model?")
    private = ChannelSettings(private_by_default=True)
    assert convert.apply_config("config private on", ChannelSettings()) == private
    assert convert.apply_config("config enabled off", ChannelSettings()) == ChannelSettings(enabled=False)
    assert isinstance(convert.apply_config("config colour blue", ChannelSettings()), str)
    assert "`private` is *off*" in convert.describe_settings(ChannelSettings())
