"""Slack payloads in, the core's requests out. Pure functions over plain dicts.

This is the only place that knows the shape of Slack events and slash commands.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from bot.commands import parse_line
from bot.conversation import ChannelSettings, ConversationKey, Request

PLATFORM = "slack"
SLASH_COMMAND = "/llama4"
_MENTION = re.compile(r"<@([UW][A-Z0-9]+)(?:\|[^>]*)?>")

# Message subtypes that are still a person talking; every other subtype (edits, joins, bots) is ignored.
_HUMAN_SUBTYPES = frozenset({"", "thread_broadcast", "file_share"})

CONFIG_FIELDS: dict[str, tuple[str, str]] = {
    "private": ("private_by_default", "answer mentions privately (only the asker sees them)"),
    "plain": ("answer_plain_questions", "answer questions that do not mention the bot"),
    "enabled": ("enabled", "answer in this channel at all"),
}
_ON = {"on", "true", "yes", "1", "enable", "enabled"}
_OFF = {"off", "false", "no", "0", "disable", "disabled"}


def strip_mentions(text: str, bot_user_id: str | None) -> str:
    """The question in a message, without the mentions of this bot (other mentions are kept)."""
    if bot_user_id:
        text = _MENTION.sub(lambda m: "" if m.group(1) == bot_user_id else m.group(0), text)
    return " ".join(text.split())


def is_person_message(event: Mapping[str, Any]) -> bool:
    """True for a message written by a person: not a bot, not an edit, a join or a deletion."""
    if event.get("bot_id") or event.get("bot_profile") or not event.get("user"):
        return False
    return str(event.get("subtype") or "") in _HUMAN_SUBTYPES and bool(str(event.get("text") or "").strip())


def is_direct_message(event: Mapping[str, Any]) -> bool:
    return event.get("channel_type") == "im" or str(event.get("channel", "")).startswith("D")


def event_conversation(event: Mapping[str, Any], team: str) -> ConversationKey:
    """Channel mentions are threaded (the thread root groups a conversation); DMs only if the user did."""
    ts = str(event.get("ts", ""))
    thread = str(event.get("thread_ts") or ("" if is_direct_message(event) else ts))
    return ConversationKey(
        platform=PLATFORM, workspace=team, channel=str(event.get("channel", "")), thread=thread,
        user=str(event.get("user", "")),
    )


def reply_thread(event: Mapping[str, Any]) -> str | None:
    """The ``thread_ts`` to reply under: the existing thread, or the message itself in a channel."""
    if event.get("thread_ts"):
        return str(event["thread_ts"])
    return None if is_direct_message(event) else str(event.get("ts", "")) or None


def message_key(team: str, event: Mapping[str, Any]) -> str:
    """One key per posted message, shared by its ``app_mention`` and ``message`` events."""
    return f"{PLATFORM}:msg:{team}:{event.get('channel', '')}:{event.get('ts', '')}"


def text_request(text: str, conversation: ConversationKey) -> Request:
    """``specs scout``, ``compare a b``, ``sources``, ``help`` or a question, via the core command table."""
    command, argument = parse_line(text, slash_required=False)
    return Request(command=command, argument=argument, conversation=conversation)


def command_conversation(body: Mapping[str, Any]) -> ConversationKey:
    return ConversationKey(
        platform=PLATFORM, workspace=str(body.get("team_id", "")), channel=str(body.get("channel_id", "")),
        user=str(body.get("user_id", "")),
    )


def is_config(text: str) -> bool:
    return text.strip().lower().split(" ", 1)[0] == "config"


def describe_settings(settings: ChannelSettings) -> str:
    lines = ["Settings for this channel:"]
    for name, (attr, meaning) in CONFIG_FIELDS.items():
        state = "on" if getattr(settings, attr) else "off"
        lines.append(f"• `{name}` is *{state}*: {meaning}")
    lines.append(f"Change one with `{SLASH_COMMAND} config <{'|'.join(CONFIG_FIELDS)}> <on|off>`.")
    return "\n".join(lines)


def apply_config(text: str, current: ChannelSettings) -> ChannelSettings | str:
    """``config private on`` -> new settings; a usage message (str) when the words do not parse."""
    words = text.strip().lower().split()[1:]
    if len(words) != 2 or words[0] not in CONFIG_FIELDS or words[1] not in _ON | _OFF:
        return f"Usage: `{SLASH_COMMAND} config <{'|'.join(CONFIG_FIELDS)}> <on|off>`"
    attr = CONFIG_FIELDS[words[0]][0]
    return current.model_copy(update={attr: words[1] in _ON})


# ----- the shape of what Slack sends: anything else is a malformed request (HTTP 400) -------------

_EVENT_TEXT_FIELDS = ("type", "user", "text", "channel", "ts", "thread_ts", "subtype", "channel_type", "bot_id", "team")
_COMMAND_FIELDS = ("command", "text", "user_id", "channel_id", "team_id", "response_url")


def _not_text(mapping: Mapping[str, Any], names: tuple[str, ...]) -> str | None:
    return next((name for name in names if name in mapping and not isinstance(mapping[name], str)), None)


def malformed(body: object) -> str | None:
    """Why a parsed request body is not something Slack sends, or None when its shape is fine.

    Only the fields the listeners read are checked, and only for type: an unknown event
    type or a message without text is well-formed (and simply not answered).
    """
    if not isinstance(body, Mapping):
        return "the body is not an object"
    kind = body.get("type")
    if kind == "event_callback":
        event = body.get("event")
        if not isinstance(event, Mapping):
            return "an event_callback without an event object"
        wrong = _not_text(event, _EVENT_TEXT_FIELDS) or _not_text(body, ("event_id", "team_id"))
        return f"event field {wrong!r} is not text" if wrong else None
    if kind == "block_actions":
        actions = body.get("actions")
        user = body.get("user")
        if not isinstance(actions, list) or not all(isinstance(a, Mapping) for a in actions):
            return "block_actions without a list of actions"
        if not isinstance(user, Mapping) or not isinstance(user.get("id", ""), str):
            return "block_actions without a user"
        if any(_not_text(a, ("action_id", "value")) for a in actions):
            return "an action field is not text"
        return "response_url is not text" if _not_text(body, ("response_url",)) else None
    if "command" in body:
        wrong = _not_text(body, _COMMAND_FIELDS)
        return f"command field {wrong!r} is not text" if wrong else None
    return None
